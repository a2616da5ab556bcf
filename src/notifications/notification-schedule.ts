import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { projectStatus, stageStatuses, StageKey } from '../../workflows';
import { dayInWords, londonDay } from '../../workflows/notifications';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { renderEmail } from '../mail/email-template';
import { OutboxService } from '../outbox/outbox.service';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier';
import { stageInWords } from './project-news';

export interface ScheduleResult {
  /** Stages found past their target date (each told once). */
  overdue: number;
  /** Daily digests queued. */
  digests: number;
}

const STATUS_IN_WORDS: Record<string, string> = { 'not-started': 'not started', 'in-progress': 'in progress', 'in-review': 'in review' };

/**
 * What no command causes: a stage passing its target date, and the daily digests. A pass looks at
 * the Clock's day in London; every find is claimed by a unique row (a notice per stage and date, a
 * digest per person and day) in the transaction that writes its notifications, so a restart or a
 * second instance never tells anyone twice. The timer only calls `runOnce`; tests call it with a time.
 */
@Injectable()
export class NotificationSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ScheduleResult>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly notifications: NotificationsRepository,
    private readonly notifier: Notifier,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.NOTIFICATIONS_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((error) => this.logger.error(`Notification pass failed: ${String(error)}`)), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  runOnce(now?: Date): Promise<ScheduleResult> {
    this.running ??= this.pass(now ?? this.clock.now()).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: Date): Promise<ScheduleResult> {
    const today = londonDay(now);
    const at = now.toISOString();
    let overdue = 0;
    let digests = 0;
    const found = await this.transactions.read((m) => this.notifications.passedTargetDates(m, today));
    for (const { plan, project } of found) {
      const status = stageStatuses(project.snapshot)[plan.stage];
      // an approved stage met its date; a held, withdrawn or completed project is not late (if a held one resumes, the next pass tells)
      if (status === 'approved' || projectStatus(project.snapshot) !== 'active') continue;
      const claimed = await this.once(() =>
        this.transactions.write(async (m) => {
          await this.notifications.recordOverdueNotice(m, project.id, plan.stage, plan.targetDate, at);
          const s = stageInWords(plan.stage as StageKey);
          const date = dayInWords(plan.targetDate);
          await this.notifier.tell(
            m,
            {
              kind: 'stage-overdue',
              project,
              actor: null,
              subject: `${s.charAt(0).toUpperCase()}${s.slice(1)} of "${project.name}" has passed its target date`,
              summary: `${s.charAt(0).toUpperCase()}${s.slice(1)} of "${project.name}" passed its target date, ${date}${plan.updatedByName ? ` (set by ${plan.updatedByName})` : ''}, without being approved.`,
              paragraphs: [
                `${s.charAt(0).toUpperCase()}${s.slice(1)} of the project "${project.name}" was due to be approved by ${date}${plan.updatedByName ? ` (the target date ${plan.updatedByName} set)` : ''}. It is not approved yet: it is ${STATUS_IN_WORDS[status] ?? status}.`,
                'The programme manager can agree a new target date with the board and record it on the project.',
              ],
              action: { label: 'See the project', path: `/projects/${project.slug}` },
            },
            [...this.notifier.manager(project), ...(await this.notifier.followers(m, project))],
            at,
          );
        }),
      );
      if (claimed) overdue += 1;
    }
    const due = await this.transactions.read((m) => this.notifications.dueDigests(m, today));
    for (const { userId, day } of due) {
      const claimed = await this.once(() =>
        this.transactions.write(async (m) => {
          const items = await this.notifications.claimDigest(m, userId, day, at);
          const [user] = await this.notifications.activeUsers(m, [userId]);
          // a closed account's digest is claimed (never retried) but not sent
          if (!user || items.length === 0) return;
          const base = this.config.publicBaseUrl;
          const words = dayInWords(day);
          const email = renderEmail({
            to: user.email,
            subject: `Your daily summary for ${words}: ${items.length} ${items.length === 1 ? 'update' : 'updates'}`,
            greeting: `Dear ${user.name},`,
            paragraphs: [`Here is what happened on ${words} on the projects you work on or follow.`],
            list: items.map((n) => ({ text: n.message, url: n.link ?? `${base}/notifications` })),
            action: { label: 'See all your notifications', url: `${base}/notifications` },
            after: [
              'These updates come in one email a day. You can have any kind of them straight away instead, or not at all.',
              `To choose which emails you receive, and whether they come at once or in one email a day, go to ${base}/notifications/settings`,
            ],
          });
          await this.outbox.enqueue(m, { ...email, kind: 'daily-digest', summary: `Daily summary for ${words}`, userId: user.id, projectSlug: null }, now);
        }),
      );
      if (claimed) digests += 1;
    }
    return { overdue, digests };
  }

  /** Runs a claim; false when another pass (here or in another instance) claimed it first. */
  private async once(claim: () => Promise<void>): Promise<boolean> {
    try {
      await claim();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string } | undefined;
  return driver?.code === '23505' || driver?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
