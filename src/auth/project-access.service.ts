import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { selectBound, sqlNames } from '../database/bound-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { GroupMemberEntity } from '../people/group-member.entity';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectRelation, readsEveryProject } from './access-policy';
import { AuthUser } from './current-user';

/** Looks up what the caller is to a project, for the access guard and for project lists. */
@Injectable()
export class ProjectAccessService {
  constructor(private readonly transactions: TransactionRunner) {}

  private projectSql?: string;

  /** null when there is no such project (the endpoint then answers 404 itself). */
  relation(user: AuthUser, slug: string): Promise<ProjectRelation | null> {
    return this.transactions.read(async (manager) => {
      if (!this.projectSql) {
        const p = sqlNames(manager, ProjectEntity);
        this.projectSql = `SELECT ${p.column('id')} AS "id", ${p.column('managerUserId')} AS "managerUserId" FROM ${p.table} WHERE ${p.column('slug')} = ?`;
      }
      // asked on every project request: one bound statement rather than a query-builder find
      const [project] = await selectBound<{ id: string; managerUserId: string | null }>(manager, this.projectSql, [slug]);
      if (!project) return null;
      // only stakeholder accounts can be linked to group members, so only they need the lookup
      const memberships =
        user.role === 'stakeholder'
          ? await manager.find(GroupMemberEntity, { where: { projectId: project.id, userId: user.id }, select: { group: true } })
          : [];
      return { managerUserId: project.managerUserId, groups: [...new Set(memberships.map((m) => m.group))] };
    });
  }

  /** Ids of the projects the caller may read, or 'all'; inside the caller's read. */
  async readableProjectIds(manager: EntityManager, user: AuthUser): Promise<string[] | 'all'> {
    if (readsEveryProject(user.role)) return 'all';
    if (user.role === 'programme-manager') {
      const managed = await manager.find(ProjectEntity, { where: { managerUserId: user.id }, select: { id: true } });
      return managed.map((p) => p.id);
    }
    if (user.role === 'stakeholder') {
      const memberships = await manager.find(GroupMemberEntity, { where: { userId: user.id }, select: { projectId: true } });
      return [...new Set(memberships.map((m) => m.projectId))];
    }
    return [];
  }
}
