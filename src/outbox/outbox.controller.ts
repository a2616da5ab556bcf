import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../auth/access.decorators';
import { AuthUser, CurrentUser } from '../auth/current-user';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { PageQueryDto } from '../common/pagination.dto';
import { OutboxStatus } from './outbox-message.entity';
import { OutboxService, outboxView } from './outbox.service';

const STATUSES: OutboxStatus[] = ['pending', 'sending', 'sent', 'failed'];

export class OutboxQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: OutboxStatus;
}

@ApiTags('email')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({ summary: 'Queued, sent and failed emails (admin): { items, total, limit, offset }; ?status=failed for failed deliveries' })
  list(@Query() query: OutboxQueryDto) {
    return this.outbox.list(query.status, query.limit, query.offset);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a failed email back in the queue with a fresh set of attempts (admin); recorded in the log' })
  @ApiOkResponse({ description: 'The message, now pending' })
  @ApiConflictResponse({ description: 'NotFailed: only a failed email is retried by hand' })
  async retry(@Param('id') id: string, @CurrentUser() admin: AuthUser) {
    const { row, retried } = await this.outbox.retry(id, admin.email);
    if (!row) throw new NotFoundError('Email', id);
    if (!retried) throw new ConflictError('NotFailed', `This email is ${row.status}, not failed; only a failed email is retried by hand.`);
    return outboxView(row);
  }
}
