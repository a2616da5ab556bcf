import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STAGE_KEYS } from '../../../workflows';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters of a project's history: every one optional, all combined. */
export class HistoryFilterDto {
  @ApiPropertyOptional({ example: 'APPROVE_STAGE', description: 'The command type.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,59}$/, { message: 'type must be a command type such as APPROVE_STAGE' })
  type?: string;

  @ApiPropertyOptional({ enum: STAGE_KEYS })
  @IsOptional()
  @IsIn(STAGE_KEYS)
  stage?: string;

  @ApiPropertyOptional({ description: 'The id of the person who issued the command.' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  person?: string;

  @ApiPropertyOptional({ enum: ['accepted', 'refused'] })
  @IsOptional()
  @IsIn(['accepted', 'refused'])
  outcome?: 'accepted' | 'refused';

  @ApiPropertyOptional({ example: '2026-01-01', description: 'From this day (UTC), inclusive.' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'To this day (UTC), inclusive.' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to?: string;
}
