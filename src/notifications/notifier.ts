import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { londonDay, NOTIFICATION_KIND_DEFINITIONS, NotificationKind } from '../../workflows/notifications';
import { allowsProjectAccess } from '../auth/access-policy';
import { AppConfig } from '../config/app-config';
import { renderEmail } from '../mail/email-template';
import { OutboxService } from '../outbox/outbox.service';
import { PeopleRepository } from '../people/people.repository';
import { ProjectEntity } from '../projects/project.entity';
import { NotificationsRepository } from './notifications.repository';

/** Something that happened on a project, told to the people it concerns. */
export interface ProjectNews {
  kind: NotificationKind;
  project: Pick<ProjectEntity, 'slug' | 'name'>;
  /** Who did it; null when the service noticed it itself (a passed target date). */
  actor: { id: string | null; name: string } | null;
  subject: string;
  /** One line for the in-app list and the digest: what happened, who did it, on which project. */
  summary: string;
  /** The email's body, before its link. */
  paragraphs: string[];
  action: { label: string; path: string };
}

/** A person to tell, and why they are told (the email says so). */
export interface Recipient {
  userId: string;
  because: string;
}

export const BECAUSE = {
  reviewer: 'You are receiving this because you are one of the reviewers of this project.',
  manager: 'You are receiving this because you are the programme manager of this project.',
  follower: 'You are receiving this because you follow this project.',
};

/**
 * Writes each recipient's notification, and queues their email when they want it at once, inside
 * the caller's transaction: nothing exists for a command that rolled back. The person who did it is
 * not told about their own action; "off" writes nothing.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly people: PeopleRepository,
    private readonly config: AppConfig,
  ) {}

  async tell(manager: EntityManager, news: ProjectNews, recipients: readonly Recipient[], now: string): Promise<number> {
    const because = new Map<string, string>();
    for (const r of recipients) if (r.userId !== news.actor?.id && !because.has(r.userId)) because.set(r.userId, r.because);
    if (because.size === 0) return 0;
    const users = await this.notifications.activeUsers(manager, [...because.keys()]);
    const chosen = new Map((await this.notifications.preferencesOf(manager, users.map((u) => u.id), news.kind)).map((p) => [p.userId, p.mode]));
    const base = this.config.publicBaseUrl;
    const link = `${base}${news.action.path}`;
    let told = 0;
    for (const user of users) {
      const mode = chosen.get(user.id) ?? NOTIFICATION_KIND_DEFINITIONS[news.kind].default;
      if (mode === 'off') continue;
      await this.notifications.insert(manager, {
        userId: user.id,
        kind: news.kind,
        projectSlug: news.project.slug,
        message: news.summary,
        link,
        delivery: mode,
        digestDay: mode === 'daily-digest' ? londonDay(new Date(now)) : null,
        createdAt: now,
      });
      told += 1;
      if (mode !== 'immediately') continue;
      const email = renderEmail({
        to: user.email,
        subject: news.subject,
        greeting: `Dear ${user.name},`,
        paragraphs: news.paragraphs,
        action: { label: news.action.label, url: link },
        after: [because.get(user.id)!, `To choose which emails you receive, and whether they come at once or in one email a day, go to ${base}/notifications/settings`],
      });
      await this.outbox.enqueue(manager, { ...email, kind: news.kind, summary: news.summary, userId: user.id, projectSlug: news.project.slug }, new Date(now));
    }
    return told;
  }

  /** The project's followers who may still read it (a follower who left the project's groups is not told). */
  async followers(manager: EntityManager, project: Pick<ProjectEntity, 'id' | 'managerUserId'>): Promise<Recipient[]> {
    const ids = await this.notifications.followerIds(manager, project.id);
    if (ids.length === 0) return [];
    const users = await this.notifications.activeUsers(manager, ids);
    const members = await this.people.members(manager, project.id);
    return users
      .filter((u) => allowsProjectAccess(u, { managerUserId: project.managerUserId, groups: members.filter((m) => m.userId === u.id).map((m) => m.group) }, 'read'))
      .map((u) => ({ userId: u.id, because: BECAUSE.follower }));
  }

  async reviewers(manager: EntityManager, projectId: string): Promise<Recipient[]> {
    const reviewers = await this.people.reviewers(manager, await this.people.members(manager, projectId));
    return reviewers.flatMap((r) => (r.userId ? [{ userId: r.userId, because: BECAUSE.reviewer }] : []));
  }

  manager(project: Pick<ProjectEntity, 'managerUserId'>): Recipient[] {
    return project.managerUserId ? [{ userId: project.managerUserId, because: BECAUSE.manager }] : [];
  }
}
