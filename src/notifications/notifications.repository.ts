import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThan } from 'typeorm';
import { DeliveryMode, NotificationKind } from '../../workflows/notifications';
import { UserEntity } from '../auth/user.entity';
import { StagePlanEntity } from '../board/stage-plan.entity';
import { ProjectEntity } from '../projects/project.entity';
import {
  NotificationDigestEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  ProjectFollowEntity,
  StageOverdueNoticeEntity,
} from './notification.entities';

/** Every statement on the notification tables, always inside the caller's transaction. */
@Injectable()
export class NotificationsRepository {
  insert(manager: EntityManager, row: Omit<NotificationEntity, 'id' | 'digestId' | 'readAt'>): Promise<NotificationEntity> {
    return manager.save(NotificationEntity, { ...row, id: randomUUID(), message: row.message.slice(0, 500), digestId: null, readAt: null });
  }

  activeUsers(manager: EntityManager, ids: readonly string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.find(UserEntity, { where: { id: In([...ids]), active: true } });
  }

  projectBySlug(manager: EntityManager, slug: string): Promise<ProjectEntity | null> {
    return manager.findOne(ProjectEntity, { where: { slug }, select: { id: true, slug: true } });
  }

  forUser(manager: EntityManager, userId: string, limit: number): Promise<NotificationEntity[]> {
    return manager.find(NotificationEntity, { where: { userId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  /** The user's own notification, marked read (once: a second call keeps the first time); null when it is not theirs. */
  async markRead(manager: EntityManager, userId: string, id: string, now: string): Promise<NotificationEntity | null> {
    await manager.update(NotificationEntity, { id, userId, readAt: IsNull() }, { readAt: now });
    return manager.findOne(NotificationEntity, { where: { id, userId } });
  }

  async markAllRead(manager: EntityManager, userId: string, now: string): Promise<number> {
    return (await manager.update(NotificationEntity, { userId, readAt: IsNull() }, { readAt: now })).affected ?? 0;
  }

  unreadCount(manager: EntityManager, userId: string): Promise<number> {
    return manager.count(NotificationEntity, { where: { userId, readAt: IsNull() } });
  }

  preferencesOf(manager: EntityManager, userIds: readonly string[], kind?: NotificationKind): Promise<NotificationPreferenceEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return manager.find(NotificationPreferenceEntity, { where: { userId: In([...userIds]), ...(kind ? { kind } : {}) } });
  }

  async setPreferences(manager: EntityManager, userId: string, choices: ReadonlyArray<{ kind: NotificationKind; mode: DeliveryMode }>, now: string): Promise<void> {
    for (const { kind, mode } of choices) await manager.save(NotificationPreferenceEntity, { userId, kind, mode, updatedAt: now });
  }

  followerIds(manager: EntityManager, projectId: string): Promise<string[]> {
    return manager.find(ProjectFollowEntity, { where: { projectId } }).then((rows) => rows.map((r) => r.userId));
  }

  async isFollowing(manager: EntityManager, projectId: string, userId: string): Promise<boolean> {
    return (await manager.count(ProjectFollowEntity, { where: { projectId, userId } })) > 0;
  }

  /** Idempotent: following twice is following. */
  async follow(manager: EntityManager, projectId: string, userId: string, now: string): Promise<void> {
    if (await this.isFollowing(manager, projectId, userId)) return;
    await manager.createQueryBuilder().insert().into(ProjectFollowEntity).values({ projectId, userId, createdAt: now }).orIgnore().execute();
  }

  async unfollow(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    await manager.delete(ProjectFollowEntity, { projectId, userId });
  }

  /** Target dates before `today` of stages not yet noticed, with their project (the caller checks the stage's status). */
  async passedTargetDates(manager: EntityManager, today: string): Promise<Array<{ plan: StagePlanEntity; project: ProjectEntity }>> {
    const plans = await manager.find(StagePlanEntity, { where: { targetDate: LessThan(today) } });
    if (plans.length === 0) return [];
    const noticed = await manager.find(StageOverdueNoticeEntity, { where: { projectId: In([...new Set(plans.map((p) => p.projectId))]) } });
    const seen = new Set(noticed.map((n) => `${n.projectId}/${n.stage}/${n.targetDate}`));
    const fresh = plans.filter((p) => !seen.has(`${p.projectId}/${p.stage}/${p.targetDate}`));
    if (fresh.length === 0) return [];
    const projects = await manager.find(ProjectEntity, { where: { id: In([...new Set(fresh.map((p) => p.projectId))]) } });
    const byId = new Map(projects.map((p) => [p.id, p]));
    return fresh.flatMap((plan) => (byId.has(plan.projectId) ? [{ plan, project: byId.get(plan.projectId)! }] : []));
  }

  /** Claims the notice of one passed target date; a unique key, so a second claim (another instance) fails and its transaction rolls back. */
  async recordOverdueNotice(manager: EntityManager, projectId: string, stage: string, targetDate: string, now: string): Promise<void> {
    await manager.insert(StageOverdueNoticeEntity, { projectId, stage, targetDate, noticedAt: now });
  }

  /** (person, day) pairs with digest notifications not yet sent, for days before `today`. */
  async dueDigests(manager: EntityManager, today: string): Promise<Array<{ userId: string; day: string }>> {
    const rows = await manager
      .createQueryBuilder(NotificationEntity, 'n')
      .select('n.userId', 'userId')
      .addSelect('n.digestDay', 'day')
      .where('n.delivery = :delivery', { delivery: 'daily-digest' })
      .andWhere('n.digestId IS NULL')
      .andWhere('n.digestDay < :today', { today })
      .groupBy('n.userId')
      .addGroupBy('n.digestDay')
      .orderBy('n.digestDay', 'ASC')
      .getRawMany<{ userId: string; day: string }>();
    return rows;
  }

  /**
   * Claims one person's digest of one day: the digest row is unique per (person, day), so a second
   * claim fails (and its transaction rolls back); then takes that day's unsent notifications.
   */
  async claimDigest(manager: EntityManager, userId: string, day: string, now: string): Promise<NotificationEntity[]> {
    const id = randomUUID();
    await manager.insert(NotificationDigestEntity, { id, userId, day, createdAt: now });
    await manager.update(NotificationEntity, { userId, digestDay: day, delivery: 'daily-digest', digestId: IsNull() }, { digestId: id });
    return manager.find(NotificationEntity, { where: { digestId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
