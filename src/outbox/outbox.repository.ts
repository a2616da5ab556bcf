import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { MailMessage } from '../mail/mail-transport';
import { OutboxMessageEntity, OutboxStatus } from './outbox-message.entity';

export interface OutgoingEmail extends MailMessage {
  kind: string;
  summary: string;
  userId?: string | null;
  projectSlug?: string | null;
}

/** Every statement on the outbox table. */
@Injectable()
export class OutboxRepository {
  async insert(manager: EntityManager, email: OutgoingEmail, now: Date): Promise<OutboxMessageEntity> {
    const at = now.toISOString();
    return manager.save(OutboxMessageEntity, {
      id: randomUUID(),
      kind: email.kind,
      recipient: email.to,
      userId: email.userId ?? null,
      projectSlug: email.projectSlug ?? null,
      summary: email.summary.slice(0, 500),
      subject: email.subject.slice(0, 300),
      text: email.text,
      html: email.html,
      status: 'pending' as const,
      attempts: 0,
      lastError: null,
      nextAttemptAt: at,
      createdAt: at,
      sentAt: null,
      messageId: null,
      readAt: null,
    });
  }

  /**
   * Claims up to `limit` due messages for this worker: pending ones whose time has come, and
   * sending ones whose claim lapsed (their worker stopped mid-send). On PostgreSQL the rows are
   * locked FOR UPDATE SKIP LOCKED, so two instances never claim the same message.
   */
  async claimDue(manager: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessageEntity[]> {
    const query = manager
      .createQueryBuilder(OutboxMessageEntity, 'o')
      .where('o.status IN (:...statuses)', { statuses: ['pending', 'sending'] })
      .andWhere('o.nextAttemptAt <= :now', { now: now.toISOString() })
      .orderBy('o.createdAt', 'ASC')
      .take(limit);
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const rows = await query.getMany();
    if (rows.length === 0) return [];
    await manager.update(
      OutboxMessageEntity,
      { id: In(rows.map((r) => r.id)) },
      { status: 'sending', nextAttemptAt: leaseUntil.toISOString() },
    );
    return rows.map((r) => Object.assign(r, { status: 'sending' as const }));
  }

  /** Only while this worker's claim holds (status sending), so a lapsed claim is never marked twice. */
  async markSent(manager: EntityManager, id: string, attempts: number, messageId: string, now: Date): Promise<void> {
    await manager.update(OutboxMessageEntity, { id, status: 'sending' }, { status: 'sent', attempts, sentAt: now.toISOString(), messageId: messageId.slice(0, 300), lastError: null });
  }

  async markAttemptFailed(manager: EntityManager, id: string, attempts: number, error: string, next: { status: 'pending' | 'failed'; at: Date }): Promise<void> {
    await manager.update(OutboxMessageEntity, { id, status: 'sending' }, { status: next.status, attempts, lastError: error.slice(0, 2000), nextAttemptAt: next.at.toISOString() });
  }

  list(manager: EntityManager, status: OutboxStatus | undefined, limit: number, offset: number): Promise<[OutboxMessageEntity[], number]> {
    return manager.findAndCount(OutboxMessageEntity, { where: status ? { status } : {}, order: { createdAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
  }

  /** A failed message back in the queue, due now, with a fresh set of attempts; `retried` false when it was not failed. */
  async retry(manager: EntityManager, id: string, now: Date): Promise<{ row: OutboxMessageEntity | null; retried: boolean }> {
    const done = await manager.update(OutboxMessageEntity, { id, status: 'failed' }, { status: 'pending', attempts: 0, nextAttemptAt: now.toISOString() });
    return { row: await manager.findOne(OutboxMessageEntity, { where: { id } }), retried: done.affected === 1 };
  }

  countDue(manager: EntityManager, now: Date): Promise<number> {
    return manager.count(OutboxMessageEntity, { where: { status: In(['pending', 'sending']), nextAttemptAt: LessThanOrEqual(now.toISOString()) } });
  }
}
