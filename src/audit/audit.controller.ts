import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { AUDIT_EVENT } from '../../workflows';
import { Roles } from '../auth/access.decorators';
import { AuditLogService } from './audit-log.service';

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'Entries after this sequence (the `next` of the previous page).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ enum: Object.keys(AUDIT_EVENT) })
  @IsOptional()
  @IsIn(Object.keys(AUDIT_EVENT))
  type?: string;

  @ApiPropertyOptional({ description: 'Only changes to this account.' })
  @IsOptional()
  @IsUUID('all', { message: 'user must be the id of a user account' })
  user?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'auditor')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOperation({ summary: 'Account changes (created, role changed, deactivated, password reset, manager assigned), oldest first, keyset paged (admins and auditors)' })
  @ApiOkResponse({ description: '{ items, limit, next }: pass next as `after` for the next page (null on the last)' })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list({ after: query.after, limit: query.limit, type: query.type, subjectUserId: query.user });
  }

  @Get('verification')
  @ApiOperation({ summary: 'Recompute the audit log\'s hash chain against its head: { valid, entries, headSequence, headHash, firstInvalidSequence?, reason? }' })
  verification() {
    return this.audit.verify();
  }
}
