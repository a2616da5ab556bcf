import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, Max } from 'class-validator';
import { DISTRICTS, STAGE_KEYS, StageKey } from '../../../workflows';
import { PORTFOLIO_SORTS, PortfolioSort } from '../project-summary.repository';
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

export const PORTFOLIO_DEFAULT_LIMIT = 50;
export const PORTFOLIO_MAX_LIMIT = 200;

/** GET /api/portfolio: one page of the readable projects, filtered and sorted in SQL over the summary rows. */
export class PortfolioQueryDto {
  @ApiPropertyOptional({ enum: RAGS, example: 'red', description: "Only projects of this RAG status today." })
  @IsOptional()
  @IsIn(RAGS)
  rag?: Rag;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, example: 'active' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: (typeof PROJECT_STATUSES)[number];

  @ApiPropertyOptional({ enum: STAGE_KEYS, description: 'Only projects with this stage current (in progress or in review).' })
  @IsOptional()
  @IsIn(STAGE_KEYS as readonly string[] as string[])
  stage?: StageKey;

  @ApiPropertyOptional({ enum: DISTRICTS, description: 'Only projects covering this district.' })
  @IsOptional()
  @IsIn(DISTRICTS as readonly string[] as string[])
  district?: string;

  @ApiPropertyOptional({ example: 'wantage', maxLength: 100, description: "Only projects whose name or slug contains this text (case-insensitive)." })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[^\u0000-\u001f]*$/, { message: 'q must be plain text without control characters' })
  q?: string;

  @ApiPropertyOptional({ enum: PORTFOLIO_SORTS, default: 'created', description: 'created (oldest first), name, rag (red first), days (longest in stage first), target (earliest next target first); order=desc reverses.' })
  @IsOptional()
  @IsIn(PORTFOLIO_SORTS)
  sort?: PortfolioSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, maximum: PORTFOLIO_MAX_LIMIT, default: PORTFOLIO_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PORTFOLIO_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export type PortfolioQuery = Omit<PortfolioQueryDto, never>;

export const REPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class HighlightReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
