import { StageKey, StageStatus } from '../../../workflows';
import { BoardHistoryEntry, buildHighlightReport, describeDecision, highlight, renderHighlightMarkdown, STAGE_PLAN_SET, STAGE_TARGET_MOVED } from '../../../workflows/board';

const TODAY = '2025-06-30';
const S2: StageKey = 'population-health-and-care-needs';
const stages: Record<StageKey, StageStatus> = {
  'planning-and-codesign': 'approved',
  'population-health-and-care-needs': 'in-progress',
  'review-of-services-and-assets': 'in-progress',
  'innovation-and-good-practice': 'in-progress',
  'meeting-population-needs': 'not-started',
  'development-of-options': 'not-started',
};
let seq = 0;
const entry = (date: string, type: string, payload: Record<string, unknown>): BoardHistoryEntry => ({
  sequence: ++seq,
  occurredAt: `${date}T10:00:00.000Z`,
  type,
  stage: S2,
  outcome: 'accepted',
  actorName: 'Pat Manager',
  payload,
});
const recent = () => entry('2025-06-29', 'DELIVERABLE_UPDATED', {});

describe('moved target dates (board)', () => {
  const history = [
    entry('2025-04-01', STAGE_PLAN_SET, { targetDate: '2025-06-01', previousTargetDate: null }),
    entry('2025-06-02', STAGE_TARGET_MOVED, { targetDate: '2025-07-31', previousTargetDate: '2025-06-01', reason: 'the JSNA refresh slipped' }),
    recent(),
  ];
  const h = highlight({ status: 'active', stages, plans: { [S2]: '2025-07-31' }, history, today: TODAY });
  const s2 = h.stages.find((s) => s.stage === S2)!;

  it('measures lateness against the first baseline as well as the current target', () => {
    expect(s2).toMatchObject({ targetDate: '2025-07-31', daysLate: null, baselineDate: '2025-06-01', daysLateAgainstBaseline: 29 });
    expect(s2.targetMoves).toEqual([{ from: '2025-06-01', to: '2025-07-31', on: '2025-06-02', by: 'Pat Manager', reason: 'the JSNA refresh slipped', sequence: history[1].sequence }]);
  });

  it('does not let a moved target hide lateness: an amber reason names the baseline and the move', () => {
    expect(h.rag).toBe('amber');
    expect(h.reasons).toContainEqual({
      code: 'STAGE_LATE_AGAINST_BASELINE',
      rag: 'amber',
      stage: S2,
      message:
        'Stage 2 (Population health and care needs) was first due by 2025-06-01 and is 29 days past that baseline (in progress); target moved from 2025-06-01 to 2025-07-31 on 2025-06-02, by Pat Manager, because the JSNA refresh slipped.',
    });
  });

  it('prints every move on the highlight report', () => {
    const report = buildHighlightReport(
      { name: 'P', slug: 'p', scope: 'town', area: null, districts: [], pcns: [], registeredPopulation: 0, status: 'active' },
      h,
      history,
    );
    const md = renderHighlightMarkdown(report);
    expect(md).toContain('## Target date moves');
    expect(md).toContain('- Stage 2 (Population health and care needs): target moved from 2025-06-01 to 2025-07-31 on 2025-06-02, by Pat Manager, because the JSNA refresh slipped.');
    expect(md).toMatch(/\| 2\\\. Population health and care needs \| in progress \| 2025-07-31 \|  \| 2025-06-01 \| 29 \|/);
  });

  it('counts a plan change recorded before reasons were required as a move without a reason', () => {
    const old = [entry('2025-04-01', STAGE_PLAN_SET, { targetDate: '2025-06-01', previousTargetDate: null }), entry('2025-05-01', STAGE_PLAN_SET, { targetDate: '2025-08-01', previousTargetDate: '2025-06-01' }), recent()];
    const s = highlight({ status: 'active', stages, plans: { [S2]: '2025-08-01' }, history: old, today: TODAY }).stages.find((x) => x.stage === S2)!;
    expect(s.baselineDate).toBe('2025-06-01');
    expect(s.targetMoves[0]).toMatchObject({ from: '2025-06-01', to: '2025-08-01', reason: null });
  });

  it('with no move, the baseline is the target and nothing extra is said', () => {
    const h2 = highlight({ status: 'active', stages, plans: { [S2]: '2025-09-30' }, history: [entry('2025-04-01', STAGE_PLAN_SET, { targetDate: '2025-09-30', previousTargetDate: null }), recent()], today: TODAY });
    expect(h2.stages.find((x) => x.stage === S2)).toMatchObject({ baselineDate: '2025-09-30', daysLateAgainstBaseline: null, targetMoves: [] });
    expect(h2.rag).toBe('green');
  });

  it('lists a reopening among the decisions, with the stages it sent back', () => {
    const e = { ...entry('2025-06-10', 'STAGE_REOPENED', { reason: 'Scope changed', invalidated: ['meeting-population-needs'] }), stage: 'planning-and-codesign' };
    expect(describeDecision(e)).toBe('Stage reopened: Scope changed; sent back to not started: Stage 5 (Meeting population needs)');
  });
});
