import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DELIVERY_MODES, DeliveryMode, NOTIFICATION_KIND_DEFINITIONS, NOTIFICATION_KINDS, NotificationKind } from '../../workflows/notifications';
import { AuthUser } from '../auth/current-user';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { ProjectEntity } from '../projects/project.entity';
import { NotificationEntity } from './notification.entities';
import { NotificationsRepository } from './notifications.repository';

const LIST_LIMIT = 100;

export interface NotificationView {
  id: string;
  kind: string;
  projectSlug: string | null;
  message: string;
  createdAt: string;
  readAt: string | null;
  link: string | null;
}

export interface PreferenceView {
  kind: NotificationKind;
  label: string;
  who: string;
  mode: DeliveryMode;
  default: DeliveryMode;
}

const view = (r: NotificationEntity): NotificationView => ({ id: r.id, kind: r.kind, projectSlug: r.projectSlug, message: r.message, createdAt: r.createdAt, readAt: r.readAt, link: r.link });

/** A person's own notifications, their choices and the projects they follow: one service for the API and the pages. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser): Promise<{ items: NotificationView[]; unread: number }> {
    return this.transactions.read(async (m) => ({ items: (await this.repository.forUser(m, user.id, LIST_LIMIT)).map(view), unread: await this.repository.unreadCount(m, user.id) }));
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationView> {
    const row = await this.transactions.write((m) => this.repository.markRead(m, user.id, id, this.clock.iso()));
    if (!row) throw new NotFoundError('Notification', id);
    return view(row);
  }

  async markAllRead(user: AuthUser): Promise<{ marked: number }> {
    return { marked: await this.transactions.write((m) => this.repository.markAllRead(m, user.id, this.clock.iso())) };
  }

  async preferences(user: AuthUser): Promise<{ items: PreferenceView[]; modes: readonly DeliveryMode[] }> {
    const chosen = await this.transactions.read((m) => this.repository.preferencesOf(m, [user.id]));
    const byKind = new Map(chosen.map((p) => [p.kind, p.mode]));
    return {
      items: NOTIFICATION_KINDS.map((kind) => {
        const d = NOTIFICATION_KIND_DEFINITIONS[kind];
        return { kind, label: d.label, who: d.who, mode: byKind.get(kind) ?? d.default, default: d.default };
      }),
      modes: DELIVERY_MODES,
    };
  }

  /** Sets the kinds given (others keep their choice), in one transaction. */
  async setPreferences(user: AuthUser, choices: Partial<Record<NotificationKind, DeliveryMode>>) {
    const list = NOTIFICATION_KINDS.flatMap((kind) => (choices[kind] ? [{ kind, mode: choices[kind]! }] : []));
    await this.transactions.write((m) => this.repository.setPreferences(m, user.id, list, this.clock.iso()));
    return this.preferences(user);
  }

  async following(user: AuthUser, slug: string): Promise<{ projectSlug: string; following: boolean }> {
    return this.transactions.read(async (m) => {
      const project = await this.project(m, slug);
      return { projectSlug: slug, following: await this.repository.isFollowing(m, project.id, user.id) };
    });
  }

  /** Following is the person's own choice, not a change to the project: it is not in the project's history. */
  async setFollowing(user: AuthUser, slug: string, follow: boolean): Promise<{ projectSlug: string; following: boolean }> {
    await this.transactions.write(async (m) => {
      const project = await this.project(m, slug);
      if (follow) await this.repository.follow(m, project.id, user.id, this.clock.iso());
      else await this.repository.unfollow(m, project.id, user.id);
    });
    return { projectSlug: slug, following: follow };
  }

  private async project(m: EntityManager, slug: string): Promise<ProjectEntity> {
    const project = await this.repository.projectBySlug(m, slug);
    if (!project) throw new NotFoundError('Project', slug);
    return project;
  }
}
