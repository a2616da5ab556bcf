import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { DeliveryMode, NotificationKind } from '../../workflows/notifications';

/**
 * One thing that happened, for one person: their in-app list, and what their email or daily
 * digest says. Written in the transaction of the command that caused it.
 */
@Entity('notification')
@Index('ix_notification_user', ['userId', 'createdAt'])
@Index('ix_notification_digest', ['delivery', 'digestId', 'digestDay'])
export class NotificationEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 40 })
  kind: NotificationKind | string;

  @Column('varchar', { length: 100, nullable: true })
  projectSlug: string | null;

  /** One line: what happened, who did it, on which project. */
  @Column('varchar', { length: 500 })
  message: string;

  /** The page it is about. */
  @Column('varchar', { length: 500, nullable: true })
  link: string | null;

  /** immediately (an email was queued with it), daily-digest (waits for its day's digest). */
  @Column('varchar', { length: 20 })
  delivery: Exclude<DeliveryMode, 'off'>;

  /** The London day whose digest collects it (daily-digest only). */
  @Column('varchar', { length: 10, nullable: true })
  digestDay: string | null;

  /** The digest that sent it; null until then. */
  @Column('varchar', { length: 36, nullable: true })
  digestId: string | null;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32, nullable: true })
  readAt: string | null;
}

/** A person's choice for one kind; no row means the kind's default. */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('varchar', { length: 36 })
  userId: string;

  @PrimaryColumn('varchar', { length: 40 })
  kind: NotificationKind;

  @Column('varchar', { length: 20 })
  mode: DeliveryMode;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}

/** A person following a project: they receive its news. */
@Entity('project_follow')
export class ProjectFollowEntity {
  @PrimaryColumn('varchar', { length: 36 })
  projectId: string;

  @PrimaryColumn('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 32 })
  createdAt: string;
}

/** One daily digest sent: unique per person and day, so a day is never sent twice, by any instance. */
@Entity('notification_digest')
@Unique('uq_notification_digest', ['userId', 'day'])
export class NotificationDigestEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 10 })
  day: string;

  @Column('varchar', { length: 32 })
  createdAt: string;
}

/** A stage's target date found passed, once per stage and date, whichever instance found it first. */
@Entity('stage_overdue_notice')
export class StageOverdueNoticeEntity {
  @PrimaryColumn('varchar', { length: 36 })
  projectId: string;

  @PrimaryColumn('varchar', { length: 60 })
  stage: string;

  @PrimaryColumn('varchar', { length: 10 })
  targetDate: string;

  @Column('varchar', { length: 32 })
  noticedAt: string;
}
