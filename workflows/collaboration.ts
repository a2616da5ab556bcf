/**
 * Stage discussions and the board's own decisions (issue 10, items 5 and 6): the rows as saved
 * (what their history events carry), the rules on their input, and the rows rebuilt from the
 * events alone.
 *
 * Pure: no Nest, no database.
 */
import type { FieldError } from './validation';
import { isIsoDate } from './validation';
import { londonDay } from './notifications';
import type { StageKey } from './framework';
import type { Blocker } from './blockers';
import { BUSINESS_CASE_CATALOGUE, setCaseStatus } from './stage6/business-case';
import type { BusinessCase, CaseContext } from './stage6/business-case';

// ---- discussion ---------------------------------------------------------------------------

/** The longest post, in characters (after trimming). */
export const DISCUSSION_TEXT_LIMIT = 5000;

/** A discussion post as saved (the discussion_post row without its project id). */
export interface SavedDiscussionPost {
  id: string;
  /** 1, 2, 3... in the order the project's posts were written (the thread's order). */
  position: number;
  stage: StageKey;
  /** The post this one answers (in the same stage's thread), or null. */
  replyToId: string | null;
  authorUserId: string;
  authorName: string;
  /** null once removed: the tombstone keeps who removed it and when. */
  text: string | null;
  createdAt: string;
  editedAt: string | null;
  removedAt: string | null;
  removedById: string | null;
  removedByName: string | null;
}

export const DISCUSSION_POST_FIELDS: readonly (keyof SavedDiscussionPost)[] = [
  'id',
  'position',
  'stage',
  'replyToId',
  'authorUserId',
  'authorName',
  'text',
  'createdAt',
  'editedAt',
  'removedAt',
  'removedById',
  'removedByName',
];

/** The text of a post as it will be saved (trimmed), or the field errors that refuse it (400). */
export function discussionTextErrors(text: unknown): FieldError[] {
  if (typeof text !== 'string' || text.trim() === '') return [{ field: 'text', message: 'Enter the text of your post' }];
  const length = [...text.trim()].length;
  if (length > DISCUSSION_TEXT_LIMIT) {
    return [{ field: 'text', message: `A post can be at most ${DISCUSSION_TEXT_LIMIT.toLocaleString('en-GB')} characters; this one is ${length.toLocaleString('en-GB')}` }];
  }
  return [];
}

// ---- board decisions ----------------------------------------------------------------------

export const BOARD_DECISIONS = ['approved', 'not-approved', 'deferred'] as const;
export type BoardDecision = (typeof BOARD_DECISIONS)[number];

/** What the board decided on: a stage, or the stage 6 business case (all five cases together). */
export type BoardDecisionTarget = 'stage' | 'business-case';

export const MINUTE_REFERENCE_LIMIT = 100;
export const BOARD_NOTE_LIMIT = 2000;

/** The board, as the pages and the business case name it. */
export const BOARD_NAME = 'Integrated System Delivery Board';

/** A board decision as saved (the board_decision row without its project id). */
export interface SavedBoardDecision {
  id: string;
  /** 1, 2, 3... in the order the project's board decisions were recorded. */
  position: number;
  target: BoardDecisionTarget;
  /** The stage decided on (the business case's stage for a business-case decision). */
  stage: StageKey;
  decision: BoardDecision;
  /** The day the board met (YYYY-MM-DD), not after the day it was recorded (Europe/London). */
  meetingDate: string;
  minuteReference: string;
  note: string | null;
  decidedById: string;
  decidedByName: string;
  recordedAt: string;
}

export const BOARD_DECISION_FIELDS: readonly (keyof SavedBoardDecision)[] = [
  'id',
  'position',
  'target',
  'stage',
  'decision',
  'meetingDate',
  'minuteReference',
  'note',
  'decidedById',
  'decidedByName',
  'recordedAt',
];

export interface BoardDecisionInput {
  decision?: unknown;
  meetingDate?: unknown;
  minuteReference?: unknown;
  note?: unknown;
}

/**
 * The input's problems, one per field (400), or none. The meeting date cannot be after today,
 * counted as a day in London (the board meets in England: at 00:30 BST it is already tomorrow).
 */
export function boardDecisionErrors(input: BoardDecisionInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (!(BOARD_DECISIONS as readonly unknown[]).includes(input.decision)) {
    errors.push({ field: 'decision', message: `Choose the board's decision: ${BOARD_DECISIONS.join(', ')}` });
  }
  const today = londonDay(now);
  if (!isIsoDate(input.meetingDate)) {
    errors.push({ field: 'meetingDate', message: 'Enter the date of the board meeting as a real date, YYYY-MM-DD, for example 2026-03-12' });
  } else if (input.meetingDate > today) {
    errors.push({ field: 'meetingDate', message: `The meeting date ${input.meetingDate} is after today (${today}, in London): the board's decision can be recorded only once the board has met` });
  }
  if (typeof input.minuteReference !== 'string' || input.minuteReference.trim() === '') {
    errors.push({ field: 'minuteReference', message: 'Enter the minute reference of the decision, for example "ISDB 2026/14"' });
  } else if (input.minuteReference.trim().length > MINUTE_REFERENCE_LIMIT) {
    errors.push({ field: 'minuteReference', message: `The minute reference can be at most ${MINUTE_REFERENCE_LIMIT} characters` });
  }
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string') errors.push({ field: 'note', message: 'The note must be text' });
    else if (input.note.trim().length > BOARD_NOTE_LIMIT) errors.push({ field: 'note', message: `The note can be at most ${BOARD_NOTE_LIMIT.toLocaleString('en-GB')} characters` });
  }
  return errors;
}

/** "approved", "not approved", "deferred". */
export function boardDecisionWords(decision: BoardDecision): string {
  return { approved: 'approved', 'not-approved': 'not approved', deferred: 'deferred' }[decision];
}

/** Who the business case names as having approved a case: the board member, for the board, at its minute. */
export function boardApprover(decision: Pick<SavedBoardDecision, 'decidedByName' | 'minuteReference'>): string {
  return `${decision.decidedByName}, for the ${BOARD_NAME} (minute ${decision.minuteReference})`;
}

// ---- the business case's approval comes from the board's decision ---------------------------

export type BoardBusinessCaseChange = { ok: true; businessCase: BusinessCase } | { ok: false; blockers: Blocker[] };

/**
 * The business case as the board's decision leaves it. `approved`: every case must have been
 * marked complete (or approved) by the programme manager, with every section filled in; each
 * then becomes approved by the board member for the board, on the meeting date. `not-approved`:
 * any standing approval is withdrawn (approved cases go back to complete). `deferred`: nothing
 * changes.
 */
export function boardBusinessCaseChange(
  businessCase: BusinessCase,
  decision: Pick<SavedBoardDecision, 'decision' | 'decidedByName' | 'minuteReference' | 'meetingDate'>,
  context: CaseContext,
): BoardBusinessCaseChange {
  if (decision.decision === 'deferred') return { ok: true, businessCase };
  if (decision.decision === 'not-approved') {
    const next = { ...businessCase };
    for (const def of BUSINESS_CASE_CATALOGUE) {
      if (next[def.key].status === 'approved') next[def.key] = { ...next[def.key], status: 'complete', approvedBy: null, approvedAt: null } as never;
    }
    return { ok: true, businessCase: next };
  }
  const blockers: Blocker[] = [];
  let next = businessCase;
  for (const def of BUSINESS_CASE_CATALOGUE) {
    const status = businessCase[def.key]?.status;
    if (status !== 'complete' && status !== 'approved') {
      blockers.push({
        code: 'CASE_NOT_COMPLETE',
        message: `${def.title} has not been marked complete by the programme manager: the board approves the business case once all five cases are complete.`,
        stage: 'development-of-options',
        deliverable: 'outline-business-case',
        ref: def.key,
      });
      continue;
    }
    const change = setCaseStatus(next, def.key, 'approved', context, { by: boardApprover(decision), at: decision.meetingDate });
    if (!change.ok) blockers.push(...change.blockers);
    else next = change.businessCase;
  }
  return blockers.length > 0 ? { ok: false, blockers } : { ok: true, businessCase: next };
}
