import type { Blocker } from '../blockers';
import { stageLabel, type StageKey } from '../framework';
import { GROUP_LABELS, memberLabel, type FieldError, type GroupMember, type MembersByGroup } from './groups';

/**
 * Review rounds of a stage output. A stage can only be approved once both the stakeholder group and
 * the clinical/professional group have approved it and nobody has an outstanding request for changes:
 * the framework is meant to be co-designed, not signed off by the programme manager alone.
 */

export const REVIEW_GROUPS = ['stakeholder-group', 'clinical-professional-group'] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];

/** 'superseded': the stage was sent back to not started by the reopening of a stage it rested on. */
export const REVIEW_OUTCOMES = ['open', 'approved', 'changes-requested', 'superseded'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const DECISION_KINDS = ['approve', 'request-changes'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** Dates as the database (Date) or the API (ISO string) hands them over. */
export type Instant = Date | string;

export interface ReviewRound {
  round: number;
  stage: StageKey;
  openedAt: Instant;
  closedAt: Instant | null;
  outcome: ReviewOutcome;
}

export interface ReviewDecision {
  reviewerUserId: string;
  reviewerName: string;
  group: ReviewGroup;
  decision: DecisionKind;
  comment: string;
  decidedAt: Instant;
  /** When given, decisions recorded against other rounds are ignored. */
  round?: number;
}

export interface Reviewer {
  userId: string;
  name: string;
  organisation: string;
  group: ReviewGroup;
}

export const REVIEW_LIMITS = { commentMaxLength: 4000, reviewerNameMaxLength: 200 } as const;

const REVIEW_GROUP_SET: ReadonlySet<string> = new Set(REVIEW_GROUPS);

export function isReviewGroup(value: unknown): value is ReviewGroup {
  return typeof value === 'string' && REVIEW_GROUP_SET.has(value);
}

function millis(t: Instant): number {
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  // An unparseable date sorts first so it can never silently override a real, dated decision.
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Members of the two reviewing groups who have accounts; a person in both groups appears twice. */
export function reviewersFromGroups(membersByGroup: MembersByGroup): Reviewer[] {
  const out: Reviewer[] = [];
  for (const group of REVIEW_GROUPS) {
    const seen = new Set<string>();
    for (const m of (membersByGroup[group] ?? []) as readonly GroupMember[]) {
      if (!m.userId || seen.has(m.userId)) continue;
      seen.add(m.userId);
      out.push({ userId: m.userId, name: m.name, organisation: m.organisation, group });
    }
  }
  return out;
}

/**
 * The decision that stands for each reviewer: the latest by decidedAt, ties going to the one later in
 * the input. Earlier decisions stay in the record (the audit trail) but no longer count.
 */
export function currentDecisions<D extends ReviewDecision>(decisions: readonly D[]): D[] {
  const latest = new Map<string, { d: D; ms: number; index: number }>();
  decisions.forEach((d, index) => {
    const ms = millis(d.decidedAt);
    const prev = latest.get(d.reviewerUserId);
    if (!prev || ms >= prev.ms) latest.set(d.reviewerUserId, { d, ms, index });
  });
  return [...latest.values()].sort((a, b) => a.ms - b.ms || a.index - b.index).map((x) => x.d);
}

// Not a type guard on purpose: a closed round is still a ReviewRound, which a guard would narrow away.
function isOpen(round: ReviewRound | null | undefined): boolean {
  return !!round && round.outcome === 'open' && round.closedAt === null;
}

/**
 * The decisions that count in this round: for this round, current per reviewer, and from someone who
 * is (still) a reviewer in the group the decision was made for.
 */
function countingDecisions(round: ReviewRound, reviewers: readonly Reviewer[], decisions: readonly ReviewDecision[]): ReviewDecision[] {
  const ofRound = decisions.filter((d) => d.round === undefined || d.round === round.round);
  return currentDecisions(ofRound).filter((d) => reviewers.some((r) => r.userId === d.reviewerUserId && r.group === d.group));
}

/** Reviewers who have not decided in the open round; nobody is pending on a closed round. */
export function pendingReviewers(
  round: ReviewRound | null | undefined,
  reviewers: readonly Reviewer[],
  decisions: readonly ReviewDecision[],
): Reviewer[] {
  if (!round || !isOpen(round)) return [];
  // One standing decision per person: someone in both groups has decided once they have decided at all.
  const decided = new Set(countingDecisions(round, reviewers, decisions).map((d) => d.reviewerUserId));
  return reviewers.filter((r) => !decided.has(r.userId));
}

function reviewerLabel(reviewers: readonly Reviewer[], d: ReviewDecision): string {
  const r = reviewers.find((x) => x.userId === d.reviewerUserId && x.group === d.group);
  return memberLabel({ name: r?.name ?? d.reviewerName, organisation: r?.organisation });
}

const NO_APPROVAL_CODE: Record<ReviewGroup, string> = {
  'stakeholder-group': 'REVIEW_NO_STAKEHOLDER_APPROVAL',
  'clinical-professional-group': 'REVIEW_NO_CLINICAL_APPROVAL',
};

/**
 * Why APPROVE_STAGE is refused for this round; empty when the quorum is met (at least one approval
 * from each reviewing group and no outstanding request for changes).
 */
export function approvalBlockers(
  round: ReviewRound | null | undefined,
  reviewers: readonly Reviewer[],
  decisions: readonly ReviewDecision[],
): Blocker[] {
  if (!round || !isOpen(round)) {
    const what = round ? stageLabel(round.stage) : 'this stage';
    return [
      {
        code: 'REVIEW_NO_OPEN_ROUND',
        message: `There is no open review round for ${what}; submit the stage output for review first.`,
        ...(round ? { stage: round.stage, ref: `round-${round.round}` } : {}),
      },
    ];
  }
  const stage = round.stage;
  const ref = `round-${round.round}`;
  const counting = countingDecisions(round, reviewers, decisions);
  const pending = pendingReviewers(round, reviewers, decisions);
  const blockers: Blocker[] = [];

  for (const group of REVIEW_GROUPS) {
    const label = GROUP_LABELS[group];
    const members = reviewers.filter((r) => r.group === group);
    if (members.length === 0) {
      blockers.push({
        code: 'REVIEW_NO_REVIEWERS',
        message: `Nobody in the ${label} has an account, so nobody can review; give at least one member an account.`,
        stage,
        ref: group,
      });
      continue;
    }
    if (counting.some((d) => d.group === group && d.decision === 'approve')) continue;
    const waiting = pending.filter((r) => r.group === group);
    const askedForChanges = counting.some((d) => d.group === group && d.decision === 'request-changes');
    blockers.push({
      code: NO_APPROVAL_CODE[group],
      message:
        waiting.length > 0
          ? `Waiting for a decision from the ${label}: ${waiting.map(memberLabel).join(', ')}.`
          : askedForChanges
            ? `Nobody in the ${label} has approved yet: everyone who decided asked for changes.`
            : `Nobody in the ${label} has approved yet.`,
      stage,
      ref,
    });
  }

  for (const d of counting) {
    if (d.decision !== 'request-changes') continue;
    blockers.push({
      code: 'REVIEW_CHANGES_REQUESTED',
      message: `${reviewerLabel(reviewers, d)} from the ${GROUP_LABELS[d.group]} asked for changes: "${d.comment.trim()}"`,
      stage,
      ref: d.reviewerUserId,
    });
  }
  return blockers;
}

export interface DecisionInput {
  decision?: unknown;
  comment?: unknown;
  /** Needed only when the reviewer sits in both groups; otherwise taken from their membership. */
  group?: unknown;
  reviewerName?: unknown;
}

/** Field errors for a decision as submitted; the reviewer's identity comes from the session, not the body. */
export function validateDecision(input: DecisionInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!(DECISION_KINDS as readonly unknown[]).includes(input.decision)) {
    errors.push({ field: 'decision', message: `Decision must be one of: ${DECISION_KINDS.join(', ')}.` });
  }
  if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
    errors.push({ field: 'comment', message: 'Comment must be text.' });
  } else {
    const comment = typeof input.comment === 'string' ? input.comment : '';
    if (input.decision === 'request-changes' && comment.trim() === '') {
      errors.push({ field: 'comment', message: 'Say what needs to change: a comment is required when asking for changes.' });
    }
    if (comment.length > REVIEW_LIMITS.commentMaxLength) {
      errors.push({ field: 'comment', message: `Comment must be at most ${REVIEW_LIMITS.commentMaxLength} characters.` });
    }
  }
  if (input.group !== undefined && !isReviewGroup(input.group)) {
    errors.push({ field: 'group', message: `Group must be one of: ${REVIEW_GROUPS.join(', ')}.` });
  }
  if (input.reviewerName !== undefined) {
    if (typeof input.reviewerName !== 'string' || input.reviewerName.trim() === '') {
      errors.push({ field: 'reviewerName', message: 'Reviewer name is required.' });
    } else if (input.reviewerName.length > REVIEW_LIMITS.reviewerNameMaxLength) {
      errors.push({
        field: 'reviewerName',
        message: `Reviewer name must be at most ${REVIEW_LIMITS.reviewerNameMaxLength} characters.`,
      });
    }
  }
  return errors;
}
