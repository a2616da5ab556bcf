import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One email to send, written in the same transaction as the command that causes it, so it exists
 * exactly when the command committed. The worker moves it pending → sending → sent, or back to
 * pending with a later `nextAttemptAt`, or to failed after the last attempt (an admin can retry).
 */
@Entity('outbox')
@Index('ix_outbox_due', ['status', 'nextAttemptAt'])
@Index('ix_outbox_user', ['userId', 'createdAt'])
export class OutboxMessageEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  /** What the email is about: invitation, password-reset, stage-submitted... */
  @Column('varchar', { length: 40 })
  kind: string;

  @Column('varchar', { length: 254 })
  recipient: string;

  /** The recipient's account, when they have one (their in-app list). */
  @Column('varchar', { length: 36, nullable: true })
  userId: string | null;

  @Column('varchar', { length: 100, nullable: true })
  projectSlug: string | null;

  /** One line for the in-app list; never a secret (the email body may hold a token link). */
  @Column('varchar', { length: 500 })
  summary: string;

  @Column('varchar', { length: 300 })
  subject: string;

  @Column('text')
  text: string;

  @Column('text')
  html: string;

  @Column('varchar', { length: 10 })
  status: OutboxStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** When it is next due (ISO); while sending, when the claim lapses (a crashed worker). */
  @Column('varchar', { length: 32 })
  nextAttemptAt: string;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32, nullable: true })
  sentAt: string | null;

  @Column('varchar', { length: 300, nullable: true })
  messageId: string | null;

  @Column('varchar', { length: 32, nullable: true })
  readAt: string | null;
}
