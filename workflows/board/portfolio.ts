import { STAGES, StageKey } from '../framework';
import { ProjectStatus, StageStatus } from '../snapshot';
import { isIsoDate } from '../validation';
import { addDays, BOARD_THRESHOLDS, BoardReviewRound, changesRequested, Rag } from './highlight';
import { BoardHistoryFacts } from './history-facts';

/**
 * The dates the RAG rules compare with today, worked out when a command changes a project (they
 * change only then), so the portfolio filters and sorts by RAG in SQL without rating every
 * project; RAG by date is still decided when read, against today. `ragAt(columns)` is the same
 * rule as `highlight().rag`, and a randomised unit test holds them equal.
 */
export interface RagColumns {
  /** Earliest target date of a stage not yet approved (red once today is past it). */
  lateFrom: string | null;
  /** Earliest baseline of a stage not yet approved whose target has moved (amber once today is past it). */
  baselineLateFrom: string | null;
  /** Earliest target date of a stage not yet submitted (amber when due within dueSoonDays). */
  dueFrom: string | null;
  /** Earliest date a stage now in review went into review (amber after reviewStaleDays). */
  reviewSince: string | null;
  /** Changes stand requested in a current stage. */
  changesRequested: boolean;
  /** Date of the last accepted command (amber after inactivityDays). */
  lastActivityOn: string | null;
}

/** What the portfolio sorts and filters on besides RAG. */
export interface PositionColumns {
  /** The current stages (in progress or in review, project open), as ",key,key," for one LIKE. */
  currentStages: string;
  /** Earliest start of a current stage (days in stage, counted at read time). */
  currentSince: string | null;
  /** Earliest target date of a current stage. */
  nextTarget: string | null;
}

export interface SummaryInput {
  status: ProjectStatus;
  stages: Record<StageKey, StageStatus>;
  plans: Partial<Record<StageKey, string | null>>;
  facts: BoardHistoryFacts;
  reviewRounds?: readonly BoardReviewRound[];
}

const minDate = (dates: Array<string | null | undefined>) => dates.filter((d): d is string => typeof d === 'string' && isIsoDate(d)).sort()[0] ?? null;

const isOpen = (status: ProjectStatus) => status === 'active' || status === 'on-hold';

export function ragColumns(input: SummaryInput): RagColumns {
  if (!isOpen(input.status)) return { lateFrom: null, baselineLateFrom: null, dueFrom: null, reviewSince: null, changesRequested: false, lastActivityOn: null };
  const status = (k: StageKey) => input.stages[k];
  const target = (k: StageKey) => {
    const p = input.plans[k];
    return p && isIsoDate(p) ? p : null;
  };
  const latest = (stage: StageKey) => (input.reviewRounds ?? []).filter((r) => r.stage === stage).sort((a, b) => b.round - a.round)[0];
  const notApproved = STAGES.filter((s) => status(s.key) !== 'approved');
  return {
    lateFrom: minDate(notApproved.map((s) => target(s.key))),
    baselineLateFrom: minDate(
      notApproved.map((s) => {
        const plan = input.facts.plans[s.key];
        return plan && plan.moves.length > 0 ? (plan.baseline ?? target(s.key)) : null;
      }),
    ),
    dueFrom: minDate(STAGES.filter((s) => status(s.key) === 'not-started' || status(s.key) === 'in-progress').map((s) => target(s.key))),
    reviewSince: minDate(
      STAGES.filter((s) => status(s.key) === 'in-review').map((s) => {
        const round = latest(s.key);
        return round?.outcome === 'open' ? round.openedAt.slice(0, 10) : (input.facts.submittedOn[s.key] ?? null);
      }),
    ),
    changesRequested: STAGES.some(
      (s) => (status(s.key) === 'in-progress' || status(s.key) === 'in-review') && changesRequested(input.reviewRounds, input.facts, s.key) !== null,
    ),
    lastActivityOn: input.facts.lastActivity ? input.facts.lastActivity.slice(0, 10) : null,
  };
}

export function positionColumns(input: SummaryInput): PositionColumns {
  const current = isOpen(input.status) ? STAGES.filter((s) => input.stages[s.key] === 'in-progress' || input.stages[s.key] === 'in-review').map((s) => s.key) : [];
  return {
    currentStages: `,${current.join(',')},`,
    currentSince: minDate(current.map((k) => input.facts.startedOn[k])),
    nextTarget: minDate(current.map((k) => input.plans[k])),
  };
}

/** The dates `ragAt` compares the columns with: the bound parameters of the portfolio's SQL filter. */
export function ragBounds(today: string) {
  return {
    today,
    dueSoonUntil: addDays(today, BOARD_THRESHOLDS.dueSoonDays),
    reviewStaleBefore: addDays(today, -BOARD_THRESHOLDS.reviewStaleDays),
    inactiveOnOrBefore: addDays(today, -BOARD_THRESHOLDS.inactivityDays),
  };
}

/** The project's RAG today from its columns: exactly highlight().rag (the portfolio's SQL says the same). */
export function ragAt(status: ProjectStatus, c: RagColumns, today: string): Rag {
  const b = ragBounds(today);
  if (status === 'on-hold') return 'red';
  if (status !== 'active') return 'green';
  if (c.lateFrom !== null && c.lateFrom < b.today) return 'red';
  if (
    (c.dueFrom !== null && c.dueFrom >= b.today && c.dueFrom <= b.dueSoonUntil) ||
    (c.baselineLateFrom !== null && c.baselineLateFrom < b.today) ||
    (c.reviewSince !== null && c.reviewSince < b.reviewStaleBefore) ||
    c.changesRequested ||
    (c.lastActivityOn !== null && c.lastActivityOn <= b.inactiveOnOrBefore)
  ) {
    return 'amber';
  }
  return 'green';
}
