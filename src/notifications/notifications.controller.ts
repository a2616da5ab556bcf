import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/current-user';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxRepository } from '../outbox/outbox.repository';

const LIST_LIMIT = 100;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first (the last 100)' })
  @ApiOkResponse({ description: '{ items: [{ id, kind, projectSlug, message, createdAt, readAt }] }' })
  async list(@CurrentUser() user: AuthUser) {
    const rows = await this.transactions.read((m) => this.outbox.forUser(m, user.id, LIST_LIMIT));
    return { items: rows.map((r) => ({ id: r.id, kind: r.kind, projectSlug: r.projectSlug, message: r.summary, createdAt: r.createdAt, readAt: r.readAt })) };
  }
}
