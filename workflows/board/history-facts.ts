import { STAGES, StageKey } from '../framework';
import { EVENT } from '../events';
import type { BoardHistoryEntry, TargetMove } from './highlight';

/**
 * What the board's rules read from a project's history, folded entry by entry: the stages'
 * start and submission dates, the baseline and every move of each stage's target, the last
 * decisions, the last activity, hold and withdrawal, and refusals per day. Each command folds its
 * own entry into the project's summary row (src/board/project-summary.service.ts), so the
 * portfolio, the project's plan and the highlight report rate a project without reading its
 * history; `historyFactsOf(history)` is the same fold over a whole history, and a randomised unit
 * test holds highlight() from these facts equal to the rules applied to the full history.
 *
 * JSON-safe (it is stored as JSON): plain objects, strings, numbers, null.
 */
export interface BoardHistoryFacts {
  /** YYYY-MM-DD of the first accepted entry whose resulting state shows the stage started. */
  startedOn: Partial<Record<StageKey, string>>;
  /** YYYY-MM-DD of the stage's last accepted SUBMIT_FOR_REVIEW. */
  submittedOn: Partial<Record<StageKey, string>>;
  /** The stage's last accepted SUBMIT_FOR_REVIEW, REQUEST_CHANGES or APPROVE_STAGE. */
  lastReviewEvent: Partial<Record<StageKey, { type: string; on: string; reason: string | null }>>;
  /** Each stage's plan as its accepted plan entries left it: the current target, the baseline, every move. */
  plans: Partial<Record<StageKey, StagePlanFacts>>;
  /** ISO timestamp of the last accepted entry. */
  lastActivity: string | null;
  held: { on: string; reason: string | null } | null;
  withdrawn: { on: string; reason: string | null } | null;
  /** Refused entries per day (YYYY-MM-DD), for the days the refusal window can still reach. */
  refusalsByDay: Record<string, number>;
  /** The last accepted decisions (DECISION_TYPES), newest first, at most RECENT_DECISIONS_LIMIT. */
  decisions: BoardDecisionEntry[];
}

export interface StagePlanFacts {
  /** The target the last accepted plan entry set (null: cleared). */
  target: string | null;
  /** The first target recorded (null until one is). */
  baseline: string | null;
  moves: TargetMove[];
}

/** A decision entry as the highlight report lists it (what describeDecision reads). */
export type BoardDecisionEntry = Pick<BoardHistoryEntry, 'sequence' | 'occurredAt' | 'type' | 'stage' | 'actorName' | 'payload'>;

/** The history entries that record a decision the board asks about. */
export const DECISION_TYPES = ['SUBMIT_FOR_REVIEW', 'APPROVE_STAGE', 'REQUEST_CHANGES', 'PUT_ON_HOLD', 'RESUME', 'WITHDRAW', 'REVIEW_DECISION_RECORDED', 'STAGE_REOPENED'] as const;
export const RECENT_DECISIONS_LIMIT = 10;

/** Days of refusal counts kept: the window and two days to spare (today and the day a clock read may round to). */
export const REFUSAL_DAYS_KEPT = 32;

const DAY_MS = 86_400_000;
const dateOf = (iso: string) => iso.slice(0, 10);
const reasonOf = (e: BoardHistoryEntry) => (typeof e.payload?.reason === 'string' && e.payload.reason ? e.payload.reason : null);

export function emptyHistoryFacts(): BoardHistoryFacts {
  return { startedOn: {}, submittedOn: {}, lastReviewEvent: {}, plans: {}, lastActivity: null, held: null, withdrawn: null, refusalsByDay: {}, decisions: [] };
}

/** `facts` with `entry` (the project's next entry in sequence order) folded in; `facts` is not changed. */
export function foldHistoryEntry(facts: BoardHistoryFacts, entry: BoardHistoryEntry): BoardHistoryFacts {
  const on = dateOf(entry.occurredAt);
  if (entry.outcome === 'refused') {
    const refusalsByDay: Record<string, number> = { [on]: (facts.refusalsByDay[on] ?? 0) + 1 };
    const oldest = new Date(Date.parse(`${on}T00:00:00Z`) - REFUSAL_DAYS_KEPT * DAY_MS).toISOString().slice(0, 10);
    for (const [day, n] of Object.entries(facts.refusalsByDay)) if (day >= oldest && day !== on) refusalsByDay[day] = n;
    return { ...facts, refusalsByDay };
  }
  const next: BoardHistoryFacts = { ...facts, lastActivity: entry.occurredAt };
  if (entry.stages) {
    for (const s of STAGES) {
      const status = entry.stages[s.key];
      if (next.startedOn[s.key] === undefined && status !== undefined && status !== 'not-started') next.startedOn = { ...next.startedOn, [s.key]: on };
    }
  }
  const stage = entry.stage as StageKey | null;
  if (stage && (entry.type === 'SUBMIT_FOR_REVIEW' || entry.type === 'REQUEST_CHANGES' || entry.type === 'APPROVE_STAGE')) {
    next.lastReviewEvent = { ...next.lastReviewEvent, [stage]: { type: entry.type, on, reason: reasonOf(entry) } };
    if (entry.type === 'SUBMIT_FOR_REVIEW') next.submittedOn = { ...next.submittedOn, [stage]: on };
  }
  if (stage && (entry.type === EVENT.STAGE_PLAN_SET || entry.type === EVENT.STAGE_TARGET_MOVED)) {
    next.plans = { ...next.plans, [stage]: foldPlan(next.plans[stage], entry) };
  }
  if (entry.type === 'PUT_ON_HOLD') next.held = { on, reason: reasonOf(entry) };
  if (entry.type === 'WITHDRAW') next.withdrawn = { on, reason: reasonOf(entry) };
  if ((DECISION_TYPES as readonly string[]).includes(entry.type)) {
    const d: BoardDecisionEntry = { sequence: entry.sequence, occurredAt: entry.occurredAt, type: entry.type, stage: entry.stage, actorName: entry.actorName, payload: entry.payload ?? {} };
    next.decisions = [d, ...facts.decisions].slice(0, RECENT_DECISIONS_LIMIT);
  }
  return next;
}

/**
 * The baseline is the first target date recorded for the stage; a plan entry that changes an
 * earlier date is a move, even one recorded before moves needed a reason (STAGE_PLAN_SET with a
 * previous date).
 */
function foldPlan(plan: StagePlanFacts | undefined, e: BoardHistoryEntry): StagePlanFacts {
  const p = e.payload ?? {};
  const to = typeof p.targetDate === 'string' ? p.targetDate : null;
  const from = typeof p.previousTargetDate === 'string' ? p.previousTargetDate : null;
  const current: StagePlanFacts = plan ?? { target: null, baseline: null, moves: [] };
  if (from === null && current.baseline === null) return { ...current, target: to, baseline: to };
  if (from === to) return { ...current, target: to };
  const move: TargetMove = { from, to, on: dateOf(e.occurredAt), by: e.actorName, reason: reasonOf(e), sequence: e.sequence };
  return { target: to, baseline: current.baseline ?? from, moves: [...current.moves, move] };
}

/** The facts of a whole history (any order: folded in sequence order). */
export function historyFactsOf(history: readonly BoardHistoryEntry[]): BoardHistoryFacts {
  return [...history].sort((a, b) => a.sequence - b.sequence).reduce(foldHistoryEntry, emptyHistoryFacts());
}

/** Refusals in the window ending `today` (what the portfolio counts), from the per-day counts. */
export function refusalsInWindow(facts: BoardHistoryFacts, today: string, windowDays: number): number {
  let n = 0;
  for (const [day, count] of Object.entries(facts.refusalsByDay)) {
    const age = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
    if (age >= 0 && age <= windowDays) n += count;
  }
  return n;
}
