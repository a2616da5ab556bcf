import { EVENT } from '../events';
import { Blocker } from '../blockers';
import { STAGES, StageKey, stageLabel } from '../framework';
import { ProjectStatus, StageStatus } from '../snapshot';
import { isIsoDate } from '../validation';
import { BoardHistoryFacts, historyFactsOf, refusalsInWindow } from './history-facts';

/**
 * The board's view of a project: RAG status with its reasons, lateness against the programme
 * manager's stage plan, days in the current stages and recent refusals. Everything is derived
 * from recorded dates and `today` (never from timers), so the same records always give the
 * same highlight and each reason can be traced to a record.
 */

/** The thresholds of the RAG rules, in days. */
export const BOARD_THRESHOLDS = {
  /** Amber: a stage not yet submitted whose target date is at most this many days away. */
  dueSoonDays: 14,
  /** Amber: a stage in review for more than this many days. */
  reviewStaleDays: 14,
  /** Amber: no accepted command for at least this many days. */
  inactivityDays: 30,
  /** Refused commands in this many days are listed. */
  refusalWindowDays: 30,
} as const;

export type Rag = 'red' | 'amber' | 'green';
export const RAGS: readonly Rag[] = ['red', 'amber', 'green'];

export interface RagReason {
  code: string;
  message: string;
  /** Which colour this reason alone gives the project. */
  rag: Rag;
  stage?: StageKey;
}

/** A history entry as the board reads it. */
export interface BoardHistoryEntry {
  sequence: number;
  /** ISO timestamp. */
  occurredAt: string;
  type: string;
  stage: string | null;
  outcome: 'accepted' | 'refused';
  actorName: string | null;
  payload?: Record<string, unknown>;
  blockers?: Blocker[] | null;
  /** Each stage's status after the command (history entries record it as resultingState.stages). */
  stages?: Record<string, string>;
}

/** A review round of a stage output, with who still has to decide while it is open. */
export interface BoardReviewRound {
  stage: StageKey;
  round: number;
  openedAt: string;
  outcome: 'open' | 'approved' | 'changes-requested' | 'superseded';
  /** Names of reviewers still to decide (open rounds). */
  pendingReviewers?: string[];
  /** Names of reviewers whose standing decision in this round is request-changes. */
  changesRequestedBy?: string[];
}

export interface BoardInput {
  status: ProjectStatus;
  stages: Record<StageKey, StageStatus>;
  /** Target approval dates (YYYY-MM-DD) by stage; absent or null = no plan. */
  plans: Partial<Record<StageKey, string | null>>;
  /**
   * The project's history; or, instead, `facts` folded from it (the summary row's) with the
   * refused entries of the refusal window in `refusals` (older or accepted entries are ignored).
   */
  history?: readonly BoardHistoryEntry[];
  facts?: BoardHistoryFacts;
  refusals?: readonly BoardHistoryEntry[];
  reviewRounds?: readonly BoardReviewRound[];
  /** The current blockers of each stage (the workflow view's). */
  blockers?: Partial<Record<StageKey, readonly Blocker[]>>;
  /** YYYY-MM-DD */
  today: string;
}

/** History types of stage plans: the first target date (the baseline), and every later move. */
export const STAGE_PLAN_SET = EVENT.STAGE_PLAN_SET;
export const STAGE_TARGET_MOVED = EVENT.STAGE_TARGET_MOVED;

/** One move of a stage's target date, as the history recorded it. */
export interface TargetMove {
  from: string | null;
  to: string | null;
  /** YYYY-MM-DD of the move. */
  on: string;
  by: string | null;
  /** null for a move recorded before a reason was required. */
  reason: string | null;
  sequence: number;
}

export interface StageHighlight {
  stage: StageKey;
  order: number;
  title: string;
  status: StageStatus;
  /** In progress or in review: the work the project stands on now. */
  current: boolean;
  targetDate: string | null;
  /** Days past the target date while not approved; null when not late. */
  daysLate: number | null;
  /** The first target date the stage was given (moves do not change it). */
  baselineDate: string | null;
  /** Days past the baseline while not approved; null when not late against it. */
  daysLateAgainstBaseline: number | null;
  /** Every move of the target date, oldest first. */
  targetMoves: TargetMove[];
  /** YYYY-MM-DD of the history entry that started the stage. */
  startedOn: string | null;
  /** Days since the stage started, for current stages. */
  daysInStage: number | null;
  /** YYYY-MM-DD of the submission of the stage now in review. */
  inReviewSince: string | null;
  pendingReviewers: string[];
  blockers: Blocker[];
}

export interface LateStage {
  stage: StageKey;
  title: string;
  targetDate: string;
  daysLate: number;
  status: StageStatus;
}

export interface RefusalSummary {
  sequence: number;
  occurredAt: string;
  type: string;
  stage: string | null;
  actorName: string | null;
  codes: string[];
  message: string;
}

export interface Highlight {
  rag: Rag;
  reasons: RagReason[];
  status: ProjectStatus;
  currentStages: StageKey[];
  stages: StageHighlight[];
  lateStages: LateStage[];
  daysInStage: Array<{ stage: StageKey; days: number | null }>;
  /** ISO timestamp of the last accepted command. */
  lastActivity: string | null;
  daysSinceActivity: number | null;
  /** Blockers of the current stages. */
  blockersCount: number;
  refusals: RefusalSummary[];
  /** Refusals in the refusal window (from the facts' per-day counts: the portfolio's figure). */
  refusalsCount: number;
  today: string;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD or ISO timestamps; the UTC calendar date counts). */
export function daysBetween(from: string, to: string): number {
  const utc = (s: string) => {
    const [y, m, d] = s.slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** YYYY-MM-DD `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

const dateOf = (iso: string) => iso.slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const STATUS_WORDS: Record<StageStatus, string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  'in-review': 'in review',
  approved: 'approved',
};

export function highlight(input: BoardInput): Highlight {
  if (!isIsoDate(input.today)) throw new Error(`today must be a date YYYY-MM-DD, not ${String(input.today)}`);
  const { today } = input;
  const open = input.status === 'active' || input.status === 'on-hold';
  const facts = input.facts ?? historyFactsOf(input.history ?? []);

  const stages: StageHighlight[] = STAGES.map((s) => {
    const status = input.stages[s.key];
    const current = open && (status === 'in-progress' || status === 'in-review');
    const plan = input.plans[s.key];
    const targetDate = plan && isIsoDate(plan) ? plan : null;
    const overdue = targetDate ? daysBetween(targetDate, today) : 0;
    const startedOn = facts.startedOn[s.key] ?? null;
    const submittedOn = status === 'in-review' ? (facts.submittedOn[s.key] ?? null) : null;
    const round = latestRound(input.reviewRounds, s.key);
    const inReviewSince = status === 'in-review' ? (round?.outcome === 'open' ? dateOf(round.openedAt) : submittedOn) : null;
    const planFacts = facts.plans[s.key];
    // no plan entry yet (a plan older than its history): the current target is the baseline
    const baselineDate = planFacts?.baseline ?? targetDate;
    const moves = planFacts ? [...planFacts.moves] : [];
    const overBaseline = baselineDate ? daysBetween(baselineDate, today) : 0;
    return {
      stage: s.key,
      order: s.order,
      title: s.title,
      status,
      current,
      targetDate,
      daysLate: open && targetDate && status !== 'approved' && overdue > 0 ? overdue : null,
      baselineDate,
      daysLateAgainstBaseline: open && baselineDate && status !== 'approved' && overBaseline > 0 ? overBaseline : null,
      targetMoves: moves,
      startedOn,
      daysInStage: current && startedOn ? daysBetween(startedOn, today) : null,
      inReviewSince,
      pendingReviewers: status === 'in-review' && round?.outcome === 'open' ? [...(round.pendingReviewers ?? [])] : [],
      blockers: [...(input.blockers?.[s.key] ?? [])],
    };
  });

  const lastActivity = facts.lastActivity;
  const daysSinceActivity = lastActivity ? daysBetween(lastActivity, today) : null;

  const reasons: RagReason[] = [];
  if (input.status === 'on-hold') {
    const held = facts.held;
    const why = held?.reason ? `: ${held.reason}` : '';
    reasons.push({
      code: 'PROJECT_ON_HOLD',
      rag: 'red',
      message: held ? `The project has been on hold since ${held.on}${why}.` : 'The project is on hold.',
    });
  }
  for (const s of stages) {
    if (s.daysLate !== null) {
      reasons.push({
        code: 'STAGE_LATE',
        rag: 'red',
        stage: s.stage,
        message: `${stageLabel(s.stage)} was due to be approved by ${s.targetDate} and is ${plural(s.daysLate, 'day')} late (${STATUS_WORDS[s.status]}).`,
      });
    } else if (s.daysLateAgainstBaseline !== null && s.targetMoves.length > 0) {
      // a moved target must not hide lateness: the board sees the baseline and every move
      reasons.push({
        code: 'STAGE_LATE_AGAINST_BASELINE',
        rag: 'amber',
        stage: s.stage,
        message: `${stageLabel(s.stage)} was first due by ${s.baselineDate} and is ${plural(s.daysLateAgainstBaseline, 'day')} past that baseline (${STATUS_WORDS[s.status]}); ${s.targetMoves.map(describeMove).join('; ')}.`,
      });
    }
  }
  if (open) {
    for (const s of stages) {
      if (s.targetDate && (s.status === 'not-started' || s.status === 'in-progress')) {
        const left = daysBetween(today, s.targetDate);
        if (left >= 0 && left <= BOARD_THRESHOLDS.dueSoonDays) {
          reasons.push({
            code: 'STAGE_DUE_SOON',
            rag: 'amber',
            stage: s.stage,
            message: `${stageLabel(s.stage)} is due to be approved by ${s.targetDate} (${left === 0 ? 'today' : `in ${plural(left, 'day')}`}) and has not been submitted for review.`,
          });
        }
      }
      if (s.status === 'in-review' && s.inReviewSince) {
        const days = daysBetween(s.inReviewSince, today);
        if (days > BOARD_THRESHOLDS.reviewStaleDays) {
          const waiting = s.pendingReviewers.length ? `; waiting for ${s.pendingReviewers.join(', ')}` : '';
          reasons.push({
            code: 'REVIEW_STALE',
            rag: 'amber',
            stage: s.stage,
            message: `${stageLabel(s.stage)} has been in review for ${plural(days, 'day')} (since ${s.inReviewSince})${waiting}.`,
          });
        }
      }
      if (s.current) {
        const asked = changesRequested(input.reviewRounds, facts, s.stage);
        if (asked) reasons.push({ code: 'CHANGES_REQUESTED', rag: 'amber', stage: s.stage, message: `${stageLabel(s.stage)}: ${asked}` });
      }
    }
    if (daysSinceActivity !== null && daysSinceActivity >= BOARD_THRESHOLDS.inactivityDays) {
      reasons.push({
        code: 'NO_RECENT_ACTIVITY',
        rag: 'amber',
        message: `Nothing has been recorded for ${plural(daysSinceActivity, 'day')} (last activity ${dateOf(lastActivity!)}).`,
      });
    }
  }

  const rag: Rag = reasons.some((r) => r.rag === 'red') ? 'red' : reasons.some((r) => r.rag === 'amber') ? 'amber' : 'green';
  if (reasons.length === 0) reasons.push(greenReason(input.status, facts));

  const currentStages = stages.filter((s) => s.current).map((s) => s.stage);
  const refusals = (input.history ?? input.refusals ?? [])
    .filter((e) => e.outcome === 'refused' && daysBetween(e.occurredAt, today) <= BOARD_THRESHOLDS.refusalWindowDays && daysBetween(e.occurredAt, today) >= 0)
    .sort((a, b) => b.sequence - a.sequence)
    .map((e) => ({
      sequence: e.sequence,
      occurredAt: e.occurredAt,
      type: e.type,
      stage: e.stage,
      actorName: e.actorName,
      codes: (e.blockers ?? []).map((b) => b.code),
      message: (e.blockers ?? []).map((b) => b.message).join(' ') || 'Refused.',
    }));

  return {
    rag,
    reasons,
    status: input.status,
    currentStages,
    stages,
    lateStages: stages
      .filter((s) => s.daysLate !== null)
      .map((s) => ({ stage: s.stage, title: s.title, targetDate: s.targetDate!, daysLate: s.daysLate!, status: s.status })),
    daysInStage: stages.filter((s) => s.current).map((s) => ({ stage: s.stage, days: s.daysInStage })),
    lastActivity,
    daysSinceActivity,
    blockersCount: stages.filter((s) => s.current).reduce((n, s) => n + s.blockers.length, 0),
    refusals,
    refusalsCount: refusalsInWindow(facts, today, BOARD_THRESHOLDS.refusalWindowDays),
    today,
  };
}

function greenReason(status: ProjectStatus, facts: BoardHistoryFacts): RagReason {
  if (status === 'completed') return { code: 'PROJECT_COMPLETED', rag: 'green', message: 'The project is completed: every stage is approved.' };
  if (status === 'withdrawn') {
    const w = facts.withdrawn;
    const why = w?.reason ? `: ${w.reason}` : '';
    return { code: 'PROJECT_WITHDRAWN', rag: 'green', message: `The project was withdrawn${w ? ` on ${w.on}` : ''}${why}; it is no longer rated for lateness.` };
  }
  return {
    code: 'ON_TRACK',
    rag: 'green',
    message: `No stage is late, none is due within ${BOARD_THRESHOLDS.dueSoonDays} days unsubmitted, no review has waited more than ${BOARD_THRESHOLDS.reviewStaleDays} days, no changes are requested and there was activity in the last ${BOARD_THRESHOLDS.inactivityDays} days.`,
  };
}

/** "target moved from 2026-03-31 to 2026-05-31 on 2026-04-02, by Pat Manager, because ..." */
export function describeMove(m: TargetMove): string {
  const because = m.reason ? `, because ${m.reason}` : ' (no reason recorded)';
  return `target moved from ${m.from ?? 'no date'} to ${m.to ?? 'no date'} on ${m.on}, by ${m.by ?? 'the engine'}${because}`;
}

function latestRound(rounds: readonly BoardReviewRound[] | undefined, stage: StageKey): BoardReviewRound | undefined {
  return (rounds ?? []).filter((r) => r.stage === stage).sort((a, b) => b.round - a.round)[0];
}

/** Why changes stand requested in the stage's latest round, or null. Without rounds, the history says. */
export function changesRequested(rounds: readonly BoardReviewRound[] | undefined, facts: BoardHistoryFacts, stage: StageKey): string | null {
  const round = latestRound(rounds, stage);
  if (round) {
    const who = round.changesRequestedBy?.length ? ` by ${round.changesRequestedBy.join(', ')}` : '';
    if (round.outcome === 'changes-requested') return `changes were requested in review round ${round.round}${who}.`;
    if (round.outcome === 'open' && round.changesRequestedBy?.length) return `changes are requested in the open review round ${round.round}${who}.`;
    return null;
  }
  const last = facts.lastReviewEvent[stage];
  if (last?.type !== 'REQUEST_CHANGES') return null;
  const why = last.reason ? `: ${last.reason}` : '';
  return `changes were requested on ${last.on}${why}.`;
}
