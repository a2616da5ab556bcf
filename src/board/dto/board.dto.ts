import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsInt, IsOptional, Min, Max } from 'class-validator';
import { RAGS, Rag } from '../../../workflows/board';
import { MAX_VERSION } from '../../common/limits';

export const PROJECT_STATUSES = ['active', 'on-hold', 'completed', 'withdrawn'] as const;

export class SetStagePlanDto {
  /** Checked by the board module's validateTargetDate (a strict calendar date, or null). */
  @ApiProperty({ type: String, nullable: true, example: '2026-03-31', description: 'The date the stage is due to be approved (YYYY-MM-DD), or null to clear the plan.' })
  @Allow()
  targetDate: string | null;

  /** Checked by the board service: required (non-blank) when the stage already has a target date. */
  @ApiPropertyOptional({ example: 'The estates survey moved to May.', description: 'Why the target date moves; required when the stage already has one (409 TARGET_MOVE_NEEDS_REASON without it).' })
  @Allow()
  reason?: string;

  @ApiPropertyOptional({ example: 7, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}

export class PortfolioQueryDto {
  @ApiPropertyOptional({ enum: RAGS, example: 'red' })
  @IsOptional()
  @IsIn(RAGS)
  rag?: Rag;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, example: 'active' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: (typeof PROJECT_STATUSES)[number];
}

export const REPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class HighlightReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
