import { Clock } from '../common/clock';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { MailTransport } from '../mail/mail-transport';
import { OutboxMessageEntity, OutboxStatus } from './outbox-message.entity';
import { OutboxRepository, OutgoingEmail } from './outbox.repository';

/** How long a claim lasts before another pass may take the message over (a worker that died mid-send). */
const CLAIM_SECONDS = 5 * 60;
/** Backoff stops growing here. */
const MAX_DELAY_SECONDS = 6 * 3600;
const BATCH = 20;

export interface OutboxView {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
}

export const outboxView = (m: OutboxMessageEntity): OutboxView => ({
  id: m.id,
  kind: m.kind,
  recipient: m.recipient,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  nextAttemptAt: m.nextAttemptAt,
  createdAt: m.createdAt,
  sentAt: m.sentAt,
});

export interface PassResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * The outbox: `enqueue` inside a command's transaction, and a worker that delivers due messages
 * through the MailTransport with retries and exponential backoff. A message is marked sent right
 * after the transport accepts it; only a crash between the two could send it twice, never lose it.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer?: NodeJS.Timeout;
  private running?: Promise<PassResult>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Queues an email as part of the caller's transaction: it exists only if that commits. */
  enqueue(manager: EntityManager, email: OutgoingEmail, now?: Date): Promise<OutboxMessageEntity> {
    return this.repository.insert(manager, email, now ?? this.clock.now());
  }

  onApplicationBootstrap(): void {
    const every = this.config.OUTBOX_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((error) => this.logger.error(`Outbox pass failed: ${String(error)}`)), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the due messages; never two at once in this process. `now` is the clock seam for tests. */
  runOnce(now?: Date): Promise<PassResult> {
    this.running ??= this.pass(now ?? this.clock.now()).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: Date): Promise<PassResult> {
    const result: PassResult = { sent: 0, retrying: 0, failed: 0 };
    const claimed = await this.transactions.write((m) => this.repository.claimDue(m, now, new Date(now.getTime() + CLAIM_SECONDS * 1000), BATCH));
    for (const message of claimed) {
      const attempts = message.attempts + 1;
      try {
        const receipt = await this.transport.send({ to: message.recipient, subject: message.subject, text: message.text, html: message.html });
        await this.transactions.write((m) => this.repository.markSent(m, message.id, attempts, receipt.messageId, this.clock.now()));
        result.sent += 1;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const last = attempts >= this.config.OUTBOX_MAX_ATTEMPTS;
        const delay = Math.min(this.config.OUTBOX_BASE_DELAY_SECONDS * 2 ** (attempts - 1), MAX_DELAY_SECONDS);
        const next = { status: last ? ('failed' as const) : ('pending' as const), at: new Date(now.getTime() + delay * 1000) };
        await this.transactions.write((m) => this.repository.markAttemptFailed(m, message.id, attempts, reason, next));
        if (last) {
          result.failed += 1;
          this.logger.error(`Email ${message.id} (${message.kind}) to ${message.recipient} failed after ${attempts} attempts: ${reason}; an admin can retry it`);
        } else {
          result.retrying += 1;
          this.logger.warn(`Email ${message.id} (${message.kind}) attempt ${attempts} failed: ${reason}; retrying after ${delay} s`);
        }
      }
    }
    return result;
  }

  async list(status: OutboxStatus | undefined, limit: number, offset: number) {
    const [rows, total] = await this.transactions.read((m) => this.repository.list(m, status, limit, offset));
    return { items: rows.map(outboxView), total, limit, offset };
  }

  async retry(id: string, adminEmail: string): Promise<{ row: OutboxMessageEntity | null; retried: boolean }> {
    const done = await this.transactions.write((m) => this.repository.retry(m, id, this.clock.now()));
    if (done.retried) this.logger.log(`Email ${id} (${done.row!.kind}) to ${done.row!.recipient} put back in the queue by admin ${adminEmail}`);
    return done;
  }
}
