import type { GroupKey } from '../../workflows/people';
import type { ProjectAccessLevel, Role } from './access.decorators';

/** What a caller is to one project: the one fact the access rules need. */
export interface ProjectRelation {
  managerUserId: string | null;
  /** Groups of the project in which the caller is a member with their account. */
  groups: readonly GroupKey[];
}

const REVIEWING_GROUPS: readonly GroupKey[] = ['stakeholder-group', 'clinical-professional-group'];

/**
 * The access rules, in one place:
 * - auditor (the ISDB) and admin read every project, and do nothing else to it, but an admin may
 *   also post in a stage's discussion and record the board's decision;
 * - a board member (of the Integrated System Delivery Board) reads every project and records the
 *   board's decisions on its stages and business case;
 * - a programme manager reads, runs and comments on the projects assigned to them;
 * - a stakeholder reads and comments on projects where they are a group member with their account,
 *   and reviews where that group is the stakeholder or clinical/professional group.
 */
export function allowsProjectAccess(user: { id: string; role: Role }, relation: ProjectRelation, level: ProjectAccessLevel): boolean {
  switch (user.role) {
    case 'auditor':
      return level === 'read';
    case 'admin':
      return level === 'read' || level === 'discuss' || level === 'board';
    case 'board-member':
      return level === 'read' || level === 'board';
    case 'programme-manager':
      return relation.managerUserId === user.id && level !== 'review' && level !== 'board';
    case 'stakeholder':
      if (level === 'manage' || level === 'board') return false;
      if (level === 'review') return relation.groups.some((g) => REVIEWING_GROUPS.includes(g));
      return relation.groups.length > 0;
  }
  return false;
}

/** Roles that read every project, whoever runs it. */
export function readsEveryProject(role: Role): boolean {
  return role === 'auditor' || role === 'admin' || role === 'board-member';
}

export function refusalMessage(level: ProjectAccessLevel): string {
  switch (level) {
    case 'read':
      return 'You are not on this project, so you cannot see it.';
    case 'manage':
      return 'Only the programme manager assigned to this project can do this.';
    case 'review':
      return "Only members with an account of this project's stakeholder group or clinical/professional group can review it.";
    case 'contribute':
      return "Only the project's programme manager and its group members can comment on it.";
    case 'discuss':
      return "Only the project's programme manager, its group members and admins can post in its discussions.";
    case 'board':
      return "Only members of the Integrated System Delivery Board (and admins) can record the board's decisions.";
  }
}
