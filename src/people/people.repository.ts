import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { StageKey } from '../../workflows';
import { GROUP_KEYS, GroupMember, MembersByGroup, ReviewDecision, reviewersFromGroups, Reviewer, ReviewRound } from '../../workflows/people';
import { UserEntity } from '../auth/user.entity';
import { GroupMemberEntity } from './group-member.entity';
import { ReviewDecisionEntity } from './review-decision.entity';
import { ReviewRoundEntity } from './review-round.entity';

export function toGroupMember(row: GroupMemberEntity): GroupMember {
  return {
    id: row.id,
    name: row.name,
    organisation: row.organisation,
    organisationType: row.organisationType,
    roleInGroup: row.roleInGroup,
    isLead: row.isLead,
    userId: row.userId,
  };
}

export function toRound(row: ReviewRoundEntity): ReviewRound {
  return { round: row.round, stage: row.stage, openedAt: row.openedAt, closedAt: row.closedAt, outcome: row.outcome };
}

export function toDecision(row: ReviewDecisionEntity): ReviewDecision {
  return {
    reviewerUserId: row.reviewerUserId,
    reviewerName: row.reviewerName,
    group: row.group,
    decision: row.decision,
    comment: row.comment,
    decidedAt: row.decidedAt,
    round: row.round,
  };
}

/** Reads of groups and review rounds, always inside the caller's transaction. */
@Injectable()
export class PeopleRepository {
  async members(manager: EntityManager, projectId: string): Promise<GroupMemberEntity[]> {
    return manager.find(GroupMemberEntity, { where: { projectId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  byGroup(rows: readonly GroupMemberEntity[]): Required<MembersByGroup> {
    const out = Object.fromEntries(GROUP_KEYS.map((g) => [g, [] as GroupMember[]])) as Record<(typeof GROUP_KEYS)[number], GroupMember[]>;
    for (const row of rows) out[row.group]?.push(toGroupMember(row));
    return out;
  }

  /**
   * The reviewers of a project: members of the two reviewing groups whose account is active and
   * still a stakeholder account (a deactivated or re-roled account neither reviews nor is waited for).
   */
  async reviewers(manager: EntityManager, rows: readonly GroupMemberEntity[]): Promise<Reviewer[]> {
    const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => !!id))];
    const users = userIds.length ? await manager.find(UserEntity, { where: { id: In(userIds) } }) : [];
    const canReview = new Set(users.filter((u) => u.active && u.role === 'stakeholder').map((u) => u.id));
    const reviewable = rows.map((r) => (r.userId && canReview.has(r.userId) ? r : { ...r, userId: null }));
    return reviewersFromGroups(this.byGroup(reviewable));
  }

  async rounds(manager: EntityManager, projectId: string, stage?: StageKey): Promise<ReviewRoundEntity[]> {
    return manager.find(ReviewRoundEntity, { where: { projectId, ...(stage ? { stage } : {}) }, order: { round: 'ASC' } });
  }

  async openRound(manager: EntityManager, projectId: string, stage: StageKey): Promise<ReviewRoundEntity | null> {
    return manager.findOne(ReviewRoundEntity, { where: { projectId, stage, outcome: 'open' }, order: { round: 'DESC' } });
  }

  async decisions(manager: EntityManager, roundIds: number[]): Promise<ReviewDecisionEntity[]> {
    if (roundIds.length === 0) return [];
    return manager.find(ReviewDecisionEntity, { where: { roundId: In(roundIds) }, order: { id: 'ASC' } });
  }
}
