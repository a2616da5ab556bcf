import fc from 'fast-check';
import { STAGES, StageKey, StageStatus } from '../../../workflows';
import {
  addDays,
  BOARD_THRESHOLDS,
  BoardHistoryEntry,
  BoardHistoryFacts,
  BoardReviewRound,
  emptyHistoryFacts,
  foldHistoryEntry,
  highlight,
  historyFactsOf,
  positionColumns,
  ragAt,
  ragColumns,
  recentDecisions,
} from '../../../workflows/board';
import { ProjectStatus } from '../../../workflows/snapshot';
import { highlight as referenceHighlight } from './reference-highlight';

/**
 * The summary row against the whole history: a project's facts folded entry by entry (stored as
 * JSON after each command, as the summary row is) give the same highlight as the board's rules
 * applied to the full history (reference-highlight.ts, the rules as they read the history before
 * the summary existed), and the SQL columns give the same RAG.
 */
const TODAY = '2026-06-30';
const STATUSES: StageStatus[] = ['not-started', 'in-progress', 'in-review', 'approved'];
const TYPES = ['SUBMIT_FOR_REVIEW', 'REQUEST_CHANGES', 'APPROVE_STAGE', 'PUT_ON_HOLD', 'RESUME', 'WITHDRAW', 'DELIVERABLE_UPDATED', 'STAGE_PLAN_SET', 'STAGE_TARGET_MOVED', 'STAGE_REOPENED', 'REVIEW_DECISION_RECORDED'];
const stageKeys = STAGES.map((s) => s.key);
const date = fc.integer({ min: -90, max: 60 }).map((d) => addDays(TODAY, d));
const maybeDate = fc.option(date, { nil: null });

const entryArb = fc.record({
  day: fc.integer({ min: -120, max: 2 }),
  type: fc.constantFrom(...TYPES),
  stage: fc.option(fc.constantFrom(...stageKeys), { nil: null }),
  refused: fc.boolean(),
  reason: fc.option(fc.constantFrom('why', 'estates review', ''), { nil: undefined }),
  targetDate: maybeDate,
  previousTargetDate: maybeDate,
  stages: fc.option(fc.tuple(...stageKeys.map(() => fc.constantFrom(...STATUSES))), { nil: undefined }),
  blockers: fc.array(fc.constantFrom('GATE_A', 'GATE_B'), { maxLength: 2 }),
});

const caseArb = fc.record({
  entries: fc.array(entryArb, { maxLength: 30 }),
  status: fc.constantFrom<ProjectStatus>('active', 'active', 'active', 'on-hold', 'completed', 'withdrawn'),
  stages: fc.tuple(...stageKeys.map(() => fc.constantFrom(...STATUSES))),
  rounds: fc.array(
    fc.record({
      stage: fc.constantFrom(...stageKeys),
      round: fc.integer({ min: 1, max: 3 }),
      openedDay: fc.integer({ min: -40, max: 0 }),
      outcome: fc.constantFrom('open', 'approved', 'changes-requested', 'superseded') as fc.Arbitrary<BoardReviewRound['outcome']>,
      pending: fc.array(fc.constantFrom('Dr Cal', 'Ann Lee'), { maxLength: 2 }),
      asked: fc.array(fc.constantFrom('Dr Cal'), { maxLength: 1 }),
    }),
    { maxLength: 4 },
  ),
});

type EntryCase = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

function historyOf(entries: EntryCase[]): BoardHistoryEntry[] {
  // occurredAt follows sequence, as the commands write it
  const days = entries.map((e) => e.day).sort((a, b) => a - b);
  return entries.map((e, i) => {
    const payload: Record<string, unknown> = {};
    if (e.reason !== undefined) payload.reason = e.reason;
    if (e.type === 'STAGE_PLAN_SET' || e.type === 'STAGE_TARGET_MOVED') Object.assign(payload, { targetDate: e.targetDate, previousTargetDate: e.previousTargetDate });
    if (e.type === 'REVIEW_DECISION_RECORDED') Object.assign(payload, { decision: 'approve', round: 1, group: 'clinical' });
    return {
      sequence: i + 1,
      occurredAt: `${addDays(TODAY, days[i])}T${String(9 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
      type: e.type,
      stage: e.stage,
      outcome: e.refused ? 'refused' : 'accepted',
      actorName: i % 3 ? 'Pat Manager' : null,
      payload,
      blockers: e.refused ? e.blockers.map((code: string) => ({ code, message: `${code} is not met.` })) : null,
      stages: e.stages ? (Object.fromEntries(stageKeys.map((k, j) => [k, e.stages![j]])) as Record<string, string>) : undefined,
    };
  });
}

/** The stage plans table as the commands leave it: the last accepted plan entry's target. */
function planTable(history: BoardHistoryEntry[]): Partial<Record<StageKey, string>> {
  const plans: Partial<Record<StageKey, string>> = {};
  for (const e of history) {
    if (e.outcome !== 'accepted' || !e.stage || (e.type !== 'STAGE_PLAN_SET' && e.type !== 'STAGE_TARGET_MOVED')) continue;
    const to = e.payload?.targetDate;
    if (typeof to === 'string') plans[e.stage as StageKey] = to;
    else delete plans[e.stage as StageKey];
  }
  return plans;
}

/** What the summary row stores after each command: the facts, through JSON. */
function foldAsStored(history: BoardHistoryEntry[]): BoardHistoryFacts {
  let facts = emptyHistoryFacts();
  for (const e of history) facts = JSON.parse(JSON.stringify(foldHistoryEntry(facts, e))) as BoardHistoryFacts;
  return facts;
}

describe('board: the summary row folds what the RAG rules read from the history', () => {
  it('highlight() from the folded facts equals the rules over the full history; ragAt(columns) equals its RAG', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const history = historyOf(c.entries);
        const stages = Object.fromEntries(stageKeys.map((k, i) => [k, c.stages[i]])) as Record<StageKey, StageStatus>;
        const reviewRounds: BoardReviewRound[] = c.rounds.map((r) => ({
          stage: r.stage,
          round: r.round,
          openedAt: `${addDays(TODAY, r.openedDay)}T08:00:00.000Z`,
          outcome: r.outcome,
          pendingReviewers: r.pending,
          changesRequestedBy: r.asked,
        }));
        const blockers = { [stageKeys[0]]: [{ code: 'X', message: 'x' }] };
        const full = referenceHighlight({ status: c.status, stages, plans: planTable(history), history, reviewRounds, blockers, today: TODAY });

        const facts = foldAsStored(history);
        expect(facts).toEqual(JSON.parse(JSON.stringify(historyFactsOf(history))));
        const plans = Object.fromEntries(Object.entries(facts.plans).map(([k, p]) => [k, p!.target]));
        // the service reads the refusal window's refused entries (a bounded query), not the history
        const windowStart = addDays(TODAY, -BOARD_THRESHOLDS.refusalWindowDays);
        const refusals = history.filter((e) => e.outcome === 'refused' && e.occurredAt >= windowStart);
        const fromSummary = highlight({ status: c.status, stages, plans, facts, refusals, reviewRounds, blockers, today: TODAY });

        const { refusalsCount, ...rest } = fromSummary;
        expect(rest).toEqual(full);
        expect(refusalsCount).toBe(full.refusals.length);
        expect(recentDecisions(facts.decisions)).toEqual(recentDecisions(history));
        expect(ragAt(c.status, ragColumns({ status: c.status, stages, plans, facts, reviewRounds }), TODAY)).toBe(full.rag);
        const position = positionColumns({ status: c.status, stages, plans, facts, reviewRounds });
        expect(position.currentStages).toBe(`,${full.currentStages.join(',')},`);
        const days = full.daysInStage.map((d) => d.days).filter((d): d is number => d !== null);
        expect(position.currentSince === null ? null : Math.round((Date.parse(TODAY) - Date.parse(position.currentSince)) / 86_400_000)).toBe(days.length ? Math.max(...days) : null);
      }),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('ragAt agrees with highlight() on every day around the columns’ dates (RAG by date is decided when read)', () => {
    const history = historyOf([
      { day: -60, type: 'STAGE_PLAN_SET', stage: stageKeys[0], refused: false, reason: undefined, targetDate: addDays(TODAY, -5), previousTargetDate: null, stages: undefined, blockers: [] },
      { day: -50, type: 'STAGE_TARGET_MOVED', stage: stageKeys[0], refused: false, reason: 'estates review', targetDate: addDays(TODAY, 20), previousTargetDate: addDays(TODAY, -5), stages: undefined, blockers: [] },
    ]);
    const stages = Object.fromEntries(stageKeys.map((k, i) => [k, i === 0 ? 'in-progress' : 'not-started'])) as Record<StageKey, StageStatus>;
    const facts = historyFactsOf(history);
    const plans = { [stageKeys[0]]: addDays(TODAY, 20) };
    const columns = ragColumns({ status: 'active', stages, plans, facts });
    const seen = new Set<string>();
    for (let d = -70; d <= 40; d++) {
      const today = addDays(TODAY, d);
      const h = highlight({ status: 'active', stages, plans, facts, today });
      expect(ragAt('active', columns, today)).toBe(h.rag);
      seen.add(h.rag);
    }
    expect([...seen].sort()).toEqual(['amber', 'green', 'red']);
  });
});
