import { Clock } from '../common/clock';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '../common/domain-errors';
import { OwnSession } from '../auth/access.decorators';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
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
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first (the last 100)' })
  @ApiOkResponse({ description: '{ items: [{ id, kind, projectSlug, message, createdAt, readAt }] }' })
  async list(@CurrentUser() user: AuthUser) {
    const rows = await this.transactions.read((m) => this.outbox.forUser(m, user.id, LIST_LIMIT));
    return { items: rows.map(notificationView) };
  }

  @Post(':id/read')
  // anyone signed in, auditors too, on their own notifications only: like signing out, it changes
  // nobody's record but their own reading list
  @OwnSession()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiNotFoundResponse({ description: 'No notification of yours has this id' })
  async markRead(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    const row = await this.transactions.write((m) => this.outbox.markRead(m, user.id, id.slice(0, 36), this.clock.now()));
    if (!row) throw new NotFoundError('Notification', id.slice(0, 36));
    return notificationView(row);
  }
}

const notificationView = (r: OutboxMessageEntity) => ({ id: r.id, kind: r.kind, projectSlug: r.projectSlug, message: r.summary, createdAt: r.createdAt, readAt: r.readAt });
