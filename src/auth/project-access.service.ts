import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sqlNames } from '../database/bound-sql';
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
  private memberSql?: string;

  /**
   * null when there is no such project (the endpoint then answers 404 itself). Asked on every
   * project request: bound lookups of committed rows that do not wait for a group-commit batch.
   */
  async relation(user: AuthUser, slug: string): Promise<ProjectRelation | null> {
    if (!this.projectSql || !this.memberSql) {
      const p = sqlNames(this.transactions.metadata, ProjectEntity);
      const g = sqlNames(this.transactions.metadata, GroupMemberEntity);
      this.projectSql = `SELECT ${p.column('id')} AS "id", ${p.column('managerUserId')} AS "managerUserId" FROM ${p.table} WHERE ${p.column('slug')} = ?`;
      this.memberSql = `SELECT DISTINCT ${g.column('group')} AS "group" FROM ${g.table} WHERE ${g.column('projectId')} = ? AND ${g.column('userId')} = ?`;
    }
    const [project] = await this.transactions.lookup<{ id: string; managerUserId: string | null }>(this.projectSql, [slug]);
    if (!project) return null;
    // only stakeholder accounts can be linked to group members, so only they need the lookup
    const memberships = user.role === 'stakeholder' ? await this.transactions.lookup<{ group: string }>(this.memberSql, [project.id, user.id]) : [];
    return { managerUserId: project.managerUserId, groups: [...new Set(memberships.map((m) => m.group))] as ProjectRelation['groups'] };
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
