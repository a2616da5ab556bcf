import { StageKey, StageStatus } from '../../../workflows';
import { addDays, BOARD_THRESHOLDS, BoardHistoryEntry, BoardInput, daysBetween, highlight, validateTargetDate } from '../../../workflows/board';

const TODAY = '2025-06-30';
const S1: StageKey = 'planning-and-codesign';
const S2: StageKey = 'population-health-and-care-needs';
const S3: StageKey = 'review-of-services-and-assets';
const S4: StageKey = 'innovation-and-good-practice';

const stages = (over: Partial<Record<StageKey, StageStatus>> = {}): Record<StageKey, StageStatus> => ({
  'planning-and-codesign': 'approved',
  'population-health-and-care-needs': 'in-progress',
  'review-of-services-and-assets': 'in-progress',
  'innovation-and-good-practice': 'in-progress',
  'meeting-population-needs': 'not-started',
  'development-of-options': 'not-started',
  ...over,
});

let seq = 0;
const entry = (date: string, type: string, stage: string | null, extra: Partial<BoardHistoryEntry> = {}): BoardHistoryEntry => ({
  sequence: ++seq,
  occurredAt: `${date}T10:00:00.000Z`,
  type,
  stage,
  outcome: 'accepted',
  actorName: 'Pat Manager',
  ...extra,
});

/** A project created on 1 March, stage 1 approved on 1 May (which started stages 2-4), recent work on 25 June. */
function baseHistory(): BoardHistoryEntry[] {

  return [
    entry('2025-03-01', 'PROJECT_CREATED', null, { stages: { [S1]: 'in-progress', [S2]: 'not-started' } }),
    entry('2025-04-20', 'SUBMIT_FOR_REVIEW', S1, { stages: { [S1]: 'in-review', [S2]: 'not-started' } }),
    entry('2025-05-01', 'APPROVE_STAGE', S1, { stages: { [S1]: 'approved', [S2]: 'in-progress', [S3]: 'in-progress', [S4]: 'in-progress' } }),
    entry('2025-06-25', 'DELIVERABLE_UPDATED', S2, { stages: { [S1]: 'approved', [S2]: 'in-progress', [S3]: 'in-progress', [S4]: 'in-progress' } }),
  ];
}

const input = (over: Partial<BoardInput> = {}): BoardInput => ({ status: 'active', stages: stages(), plans: {}, history: baseHistory(), today: TODAY, ...over });
const codes = (i: BoardInput) => highlight(i).reasons.map((r) => r.code);

describe('board: dates', () => {
  it('counts whole calendar days (UTC) and adds days', () => {
    expect(daysBetween('2025-06-01', '2025-06-30')).toBe(29);
    expect(daysBetween('2025-06-30T23:59:00.000Z', '2025-06-30')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2025-06-30', 2)).toBe('2025-07-02');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
  it('thresholds live in one constant', () => {
    expect(BOARD_THRESHOLDS).toEqual({ dueSoonDays: 14, reviewStaleDays: 14, inactivityDays: 30, refusalWindowDays: 30 });
  });
  it('refuses a malformed today', () => {
    expect(() => highlight(input({ today: '2025-02-30' }))).toThrow(/today/);
  });
});

describe('board: green', () => {
  it('a project with recent activity and no plans is green with an explanation', () => {
    const h = highlight(input());
    expect(h.rag).toBe('green');
    expect(h.reasons).toEqual([expect.objectContaining({ code: 'ON_TRACK', rag: 'green', message: expect.stringMatching(/No stage is late/) })]);
    expect(h.lateStages).toEqual([]);
  });
  it('a completed project is green even with past target dates', () => {
    const all = stages({ [S2]: 'approved', [S3]: 'approved', [S4]: 'approved', 'meeting-population-needs': 'approved', 'development-of-options': 'approved' });
    const h = highlight(input({ status: 'completed', stages: all, plans: { [S2]: '2025-01-01' } }));
    expect(h.rag).toBe('green');
    expect(h.reasons[0].code).toBe('PROJECT_COMPLETED');
    expect(h.currentStages).toEqual([]);
  });
  it('a withdrawn project is not rated for lateness or inactivity', () => {
    const history = [...baseHistory(), entry('2025-01-01', 'WITHDRAW', null, { payload: { reason: 'Merged into Didcot' } })];
    const h = highlight(input({ status: 'withdrawn', plans: { [S2]: '2025-01-01' }, history, today: '2026-06-30' }));
    expect(h.rag).toBe('green');
    expect(h.reasons[0]).toMatchObject({ code: 'PROJECT_WITHDRAWN', message: expect.stringMatching(/Merged into Didcot/) });
    expect(h.lateStages).toEqual([]);
  });
});

describe('board: red rules', () => {
  it('STAGE_LATE: a stage past its target date and not approved', () => {
    const h = highlight(input({ plans: { [S2]: '2025-06-20', [S3]: '2025-07-31' } }));
    expect(h.rag).toBe('red');
    expect(h.reasons).toEqual([
      { code: 'STAGE_LATE', rag: 'red', stage: S2, message: 'Stage 2 (Population health and care needs) was due to be approved by 2025-06-20 and is 10 days late (in progress).' },
    ]);
    expect(h.lateStages).toEqual([{ stage: S2, title: 'Population health and care needs', targetDate: '2025-06-20', daysLate: 10, status: 'in-progress' }]);
  });
  it('STAGE_LATE does not fire on the target date itself, nor for an approved stage', () => {
    expect(codes(input({ plans: { [S2]: TODAY } }))).not.toContain('STAGE_LATE');
    expect(codes(input({ plans: { [S1]: '2025-04-01' } }))).toEqual(['ON_TRACK']);
  });
  it('STAGE_LATE counts not-started stages too', () => {
    const h = highlight(input({ plans: { 'meeting-population-needs': '2025-06-01' } }));
    expect(h.lateStages).toEqual([expect.objectContaining({ stage: 'meeting-population-needs', daysLate: 29, status: 'not-started' })]);
  });
  it('PROJECT_ON_HOLD: with the reason and date from the history', () => {
    const history = [...baseHistory(), entry('2025-06-26', 'PUT_ON_HOLD', null, { payload: { reason: 'Awaiting ICB funding decision' } })];
    const h = highlight(input({ status: 'on-hold', history }));
    expect(h.rag).toBe('red');
    expect(h.reasons).toEqual([
      { code: 'PROJECT_ON_HOLD', rag: 'red', message: 'The project has been on hold since 2025-06-26: Awaiting ICB funding decision.' },
    ]);
    expect(codes(input({ status: 'active' }))).not.toContain('PROJECT_ON_HOLD');
  });
  it('red wins over amber and every reason is kept', () => {
    const h = highlight(input({ plans: { [S2]: '2025-06-01', [S3]: '2025-07-05' } }));
    expect(h.rag).toBe('red');
    expect(h.reasons.map((r) => [r.code, r.rag])).toEqual([
      ['STAGE_LATE', 'red'],
      ['STAGE_DUE_SOON', 'amber'],
    ]);
  });
});

describe('board: amber rules', () => {
  it('STAGE_DUE_SOON: due within 14 days and not yet submitted', () => {
    const h = highlight(input({ plans: { [S3]: '2025-07-14' } }));
    expect(h.rag).toBe('amber');
    expect(h.reasons).toEqual([
      {
        code: 'STAGE_DUE_SOON',
        rag: 'amber',
        stage: S3,
        message: 'Stage 3 (Review of services and assets) is due to be approved by 2025-07-14 (in 14 days) and has not been submitted for review.',
      },
    ]);
  });
  it('STAGE_DUE_SOON does not fire 15 days out, nor for a stage already in review', () => {
    expect(codes(input({ plans: { [S3]: '2025-07-15' } }))).toEqual(['ON_TRACK']);
    const history = [...baseHistory(), entry('2025-06-28', 'SUBMIT_FOR_REVIEW', S3)];
    expect(codes(input({ stages: stages({ [S3]: 'in-review' }), history, plans: { [S3]: '2025-07-01' } }))).toEqual(['ON_TRACK']);
  });
  it('REVIEW_STALE: in review for more than 14 days, naming who is awaited', () => {
    const history = [...baseHistory(), entry('2025-06-15', 'SUBMIT_FOR_REVIEW', S4)];
    const rounds = [{ stage: S4, round: 1, openedAt: '2025-06-15T10:00:00.000Z', outcome: 'open' as const, pendingReviewers: ['Dr Cal Clinician'] }];
    const h = highlight(input({ stages: stages({ [S4]: 'in-review' }), history, reviewRounds: rounds }));
    expect(h.rag).toBe('amber');
    expect(h.reasons).toEqual([
      {
        code: 'REVIEW_STALE',
        rag: 'amber',
        stage: S4,
        message: 'Stage 4 (Innovation and good practice) has been in review for 15 days (since 2025-06-15); waiting for Dr Cal Clinician.',
      },
    ]);
    expect(h.stages.find((s) => s.stage === S4)!.pendingReviewers).toEqual(['Dr Cal Clinician']);
  });
  it('REVIEW_STALE does not fire at exactly 14 days; without rounds the submission date counts', () => {
    const history = [...baseHistory(), entry('2025-06-16', 'SUBMIT_FOR_REVIEW', S4)];
    expect(codes(input({ stages: stages({ [S4]: 'in-review' }), history }))).toEqual(['ON_TRACK']);
    const older = [...baseHistory(), entry('2025-06-01', 'SUBMIT_FOR_REVIEW', S4)];
    expect(codes(input({ stages: stages({ [S4]: 'in-review' }), history: older }))).toEqual(['REVIEW_STALE']);
  });
  it('CHANGES_REQUESTED: the latest round closed with changes requested, or an open round with a standing request', () => {
    const closed = [{ stage: S2, round: 1, openedAt: '2025-06-01T10:00:00.000Z', outcome: 'changes-requested' as const, changesRequestedBy: ['Sue Stakeholder'] }];
    const h = highlight(input({ reviewRounds: closed }));
    expect(h.rag).toBe('amber');
    expect(h.reasons).toEqual([
      { code: 'CHANGES_REQUESTED', rag: 'amber', stage: S2, message: 'Stage 2 (Population health and care needs): changes were requested in review round 1 by Sue Stakeholder.' },
    ]);
    const open = [...closed, { stage: S2, round: 2, openedAt: '2025-06-28T10:00:00.000Z', outcome: 'open' as const, changesRequestedBy: ['Dr Cal Clinician'] }];
    expect(highlight(input({ stages: stages({ [S2]: 'in-review' }), reviewRounds: open })).reasons[0].message).toMatch(/open review round 2 by Dr Cal Clinician/);
  });
  it('CHANGES_REQUESTED does not fire once a later round has no request, nor for an approved stage', () => {
    const rounds = [
      { stage: S2, round: 1, openedAt: '2025-06-01T10:00:00.000Z', outcome: 'changes-requested' as const },
      { stage: S2, round: 2, openedAt: '2025-06-28T10:00:00.000Z', outcome: 'open' as const, changesRequestedBy: [] },
    ];
    expect(codes(input({ stages: stages({ [S2]: 'in-review' }), reviewRounds: rounds }))).toEqual(['ON_TRACK']);
    const s1 = [{ stage: S1, round: 1, openedAt: '2025-04-01T10:00:00.000Z', outcome: 'changes-requested' as const }];
    expect(codes(input({ reviewRounds: s1 }))).toEqual(['ON_TRACK']);
  });
  it('CHANGES_REQUESTED without rounds: the last submission-related history entry is REQUEST_CHANGES', () => {
    const history = [...baseHistory(), entry('2025-06-20', 'SUBMIT_FOR_REVIEW', S3), entry('2025-06-27', 'REQUEST_CHANGES', S3, { payload: { reason: 'Add the estates survey' } })];
    expect(highlight(input({ history })).reasons).toEqual([
      { code: 'CHANGES_REQUESTED', rag: 'amber', stage: S3, message: 'Stage 3 (Review of services and assets): changes were requested on 2025-06-27: Add the estates survey.' },
    ]);
    const resubmitted = [...history, entry('2025-06-29', 'SUBMIT_FOR_REVIEW', S3)];
    expect(codes(input({ history: resubmitted, stages: stages({ [S3]: 'in-review' }) }))).toEqual(['ON_TRACK']);
  });
  it('NO_RECENT_ACTIVITY: 30 days without an accepted command (refusals are not activity)', () => {
    const quiet = baseHistory().slice(0, 3); // last accepted on 2025-05-01
    const refused = entry('2025-06-29', 'SUBMIT_FOR_REVIEW', S2, { outcome: 'refused', blockers: [{ code: 'X', message: 'Not ready.' }] });
    const h = highlight(input({ history: [...quiet, refused], today: '2025-05-31' }));
    expect(h.reasons).toEqual([{ code: 'NO_RECENT_ACTIVITY', rag: 'amber', message: 'Nothing has been recorded for 30 days (last activity 2025-05-01).' }]);
    expect(codes(input({ history: quiet, today: '2025-05-30' }))).toEqual(['ON_TRACK']);
  });
});

describe('board: the figures beside the RAG', () => {
  it('days in the current stages come from the history entry that started them', () => {
    const h = highlight(input());
    expect(h.currentStages).toEqual([S2, S3, S4]);
    expect(h.daysInStage).toEqual([
      { stage: S2, days: 60 },
      { stage: S3, days: 60 },
      { stage: S4, days: 60 },
    ]);
    expect(h.stages.find((s) => s.stage === S1)).toMatchObject({ startedOn: '2025-03-01', current: false, daysInStage: null });
  });
  it('last activity is the last accepted command', () => {
    const h = highlight(input());
    expect(h.lastActivity).toBe('2025-06-25T10:00:00.000Z');
    expect(h.daysSinceActivity).toBe(5);
  });
  it('counts the blockers of current stages only', () => {
    const b = (code: string) => ({ code, message: code });
    const h = highlight(input({ blockers: { [S1]: [b('A')], [S2]: [b('B'), b('C')], [S4]: [b('D')], 'meeting-population-needs': [b('E')] } }));
    expect(h.blockersCount).toBe(3);
  });
  it('lists refusals of the last 30 days, newest first', () => {
    const history = [
      ...baseHistory(),
      entry('2025-05-30', 'APPROVE_STAGE', S2, { outcome: 'refused', blockers: [{ code: 'OLD', message: 'too old' }] }),
      entry('2025-05-31', 'SUBMIT_FOR_REVIEW', S2, { outcome: 'refused', blockers: [{ code: 'GATE_A', message: 'Missing A.' }, { code: 'GATE_B', message: 'Missing B.' }] }),
      entry('2025-06-29', 'STAGE_PLAN_SET', S3, { outcome: 'refused', blockers: [{ code: 'VERSION_CONFLICT', message: 'Stale.' }] }),
    ];
    const h = highlight(input({ history }));
    expect(h.refusals.map((r) => [r.type, r.codes])).toEqual([
      ['STAGE_PLAN_SET', ['VERSION_CONFLICT']],
      ['SUBMIT_FOR_REVIEW', ['GATE_A', 'GATE_B']],
    ]);
    expect(h.refusals[1].message).toBe('Missing A. Missing B.');
  });
});

describe('board: stage plan dates', () => {
  it('accepts real dates and null, refuses the rest with a field message', () => {
    expect(validateTargetDate('2026-03-31')).toEqual([]);
    expect(validateTargetDate(null)).toEqual([]);
    for (const bad of [undefined, '2026-02-30', '31/03/2026', '2026-3-31', 20260331, '', '1999-12-31', '2100-01-01', '2026-03-31T00:00:00Z']) {
      const errors = validateTargetDate(bad);
      expect(errors).toHaveLength(1);
      expect(errors[0].field).toBe('targetDate');
    }
  });
});
