import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventType, AuditPayloads, auditEntryHash, ChainVerification, GENESIS_HASH, verifyAuditChain } from '../../workflows';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { AUDIT_HEAD_ID, AuditLogEntryEntity, AuditLogHeadEntity } from './audit-log.entity';

export interface AuditQuery {
  after?: number;
  limit: number;
  type?: string;
  subjectUserId?: string;
}

/**
 * The account audit log: appended inside the transaction that makes the change (so a change
 * and its record commit together), chained like a project's history, read by admins and
 * auditors.
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async append<K extends AuditEventType>(
    manager: EntityManager,
    type: K,
    subjectUserId: string | null,
    payload: AuditPayloads[K],
    actor: Actor | null,
    now: string = this.clock.iso(),
  ): Promise<AuditLogEntryEntity> {
    // PostgreSQL: the head row's lock queues concurrent account changes (SQLite is serialised)
    const head = await manager.findOne(AuditLogHeadEntity, {
      where: { id: AUDIT_HEAD_ID },
      ...(manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const previous = head ?? { id: AUDIT_HEAD_ID, headSequence: 0, headHash: null };
    const entry = manager.create(AuditLogEntryEntity, {
      sequence: Number(previous.headSequence) + 1,
      occurredAt: now,
      type,
      subjectUserId,
      payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>,
      actorId: actor?.id ?? null,
      actorName: actor?.name ?? null,
    });
    entry.hash = auditEntryHash(previous.headHash ?? GENESIS_HASH, entry);
    await manager.save(AuditLogEntryEntity, entry);
    if (head) {
      const moved = await manager.update(AuditLogHeadEntity, { id: AUDIT_HEAD_ID, headSequence: previous.headSequence }, { headSequence: entry.sequence, headHash: entry.hash });
      if (moved.affected !== 1) throw new Error('The audit log head moved during the change; try again.');
    } else {
      await manager.insert(AuditLogHeadEntity, { id: AUDIT_HEAD_ID, headSequence: entry.sequence, headHash: entry.hash });
    }
    return entry;
  }

  /** Keyset pages: entries after `after`, oldest first. */
  async list(query: AuditQuery) {
    return this.transactions.read(async (manager) => {
      const qb = manager.createQueryBuilder(AuditLogEntryEntity, 'a').where('a.sequence > :after', { after: query.after ?? 0 });
      if (query.type) qb.andWhere('a.type = :type', { type: query.type });
      if (query.subjectUserId) qb.andWhere('a.subjectUserId = :subject', { subject: query.subjectUserId });
      const rows = await qb.orderBy('a.sequence', 'ASC').take(query.limit + 1).getMany();
      const items = rows.slice(0, query.limit);
      return { items, limit: query.limit, next: rows.length > query.limit ? items[items.length - 1].sequence : null };
    });
  }

  async verify(): Promise<ChainVerification> {
    return this.transactions.read((manager) => verifyAuditLog(manager));
  }
}

/** The whole audit log against its head (shared with `npm run verify`). */
export async function verifyAuditLog(manager: EntityManager): Promise<ChainVerification> {
  const head = await manager.findOne(AuditLogHeadEntity, { where: { id: AUDIT_HEAD_ID } });
  const entries = await manager.find(AuditLogEntryEntity, { order: { sequence: 'ASC' } });
  return verifyAuditChain(entries, { headSequence: head?.headSequence ?? 0, headHash: head?.headHash ?? null });
}
