import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import { EVENT_TYPES, STAGE_KEYS } from '../../workflows';
import { PageQueryDto } from '../common/pagination.dto';

/** GET /api/projects/:slug/history: keyset pages and filters; `format=csv` streams every matching entry. */
export class HistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Entries after this sequence (keyset paging: pass the previous page\'s `next`). Takes the place of offset.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'Only entries of this type.' })
  @IsOptional()
  @IsIn(EVENT_TYPES as string[])
  type?: string;

  @ApiPropertyOptional({ enum: STAGE_KEYS })
  @IsOptional()
  @IsIn(STAGE_KEYS as readonly string[] as string[])
  stage?: string;

  @ApiPropertyOptional({ description: 'Only commands issued by this user (id).' })
  @IsOptional()
  @IsUUID('all', { message: 'actor must be the id of a user account' })
  actor?: string;

  @ApiPropertyOptional({ enum: ['accepted', 'refused'] })
  @IsOptional()
  @IsIn(['accepted', 'refused'])
  outcome?: 'accepted' | 'refused';

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Entries at or after this date-time (a date: from its start, UTC).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Entries at or before this date-time (a date: to its end, UTC).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: every matching entry, streamed (no page limit).' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** Query fields common to the JSON page and the CSV export. */
export type HistoryFilter = Pick<HistoryQueryDto, 'type' | 'stage' | 'actor' | 'outcome' | 'from' | 'to'>;

export class DecisionsQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
