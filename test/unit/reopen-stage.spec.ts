import { transition } from 'xstate';
import {
  decide,
  dependentStages,
  emptyFacts,
  initialSnapshot,
  invalidatedByReopening,
  persist,
  projectMachine,
  ProjectEvent,
  ProjectSnapshot,
  restore,
  STAGE_KEYS,
  StageKey,
  stageStatuses,
} from '../../workflows';

const [S1, S2, S3, S4, S5, S6] = STAGE_KEYS;
const approve = (stage: StageKey): ProjectEvent[] => [
  { type: 'SUBMIT_FOR_REVIEW', stage },
  { type: 'APPROVE_STAGE', stage },
];
const run = (events: ProjectEvent[], from: ProjectSnapshot = initialSnapshot()) => events.reduce((s, e) => transition(projectMachine, s, e)[0], from);
const reopen = (stage: StageKey): ProjectEvent => ({ type: 'REOPEN_STAGE', stage, reason: 'rework' });
const atStage6 = () => run([S1, S2, S3, S4, S5].flatMap(approve));
const statuses = (s: ProjectSnapshot) => Object.values(stageStatuses(persist(s)));

describe('reopening an approved stage (machine version 2)', () => {
  it('knows which later approvals rest on each stage', () => {
    expect(dependentStages(S1)).toEqual([S2, S3, S4, S5, S6]);
    expect(dependentStages(S3)).toEqual([S5, S6]);
    expect(dependentStages(S5)).toEqual([S6]);
    expect(dependentStages(S6)).toEqual([]);
  });

  it('sends the stage back to in progress and the stages that rested on it back to not started', () => {
    expect(statuses(run([reopen(S1)], atStage6()))).toEqual(['in-progress', 'not-started', 'not-started', 'not-started', 'not-started', 'not-started']);
    expect(statuses(run([reopen(S3)], atStage6()))).toEqual(['approved', 'approved', 'in-progress', 'approved', 'not-started', 'not-started']);
    expect(statuses(run([reopen(S5)], atStage6()))).toEqual(['approved', 'approved', 'approved', 'approved', 'in-progress', 'not-started']);
    expect(invalidatedByReopening(S3, stageStatuses(persist(atStage6())))).toEqual([S5, S6]);
  });

  it('within discovery, reopens one region only; approving it again moves on to stage 5', () => {
    let s = run([...approve(S1), ...approve(S2), ...approve(S3), reopen(S2)]);
    expect(statuses(s)).toEqual(['approved', 'in-progress', 'approved', 'in-progress', 'not-started', 'not-started']);
    s = run([...approve(S2), ...approve(S4)], s);
    expect(stageStatuses(persist(s))[S5]).toBe('in-progress');
  });

  it('is refused for a stage that is not approved, and without a reason', () => {
    const refused = decide(initialSnapshot(), { type: 'REOPEN_STAGE', stage: S1, reason: 'x' }, emptyFacts());
    expect(refused).toMatchObject({ accepted: false, blockers: [{ code: 'STAGE_NOT_APPROVED', stage: S1 }] });
    const noReason = decide(atStage6(), { type: 'REOPEN_STAGE', stage: S1, reason: '  ' }, emptyFacts());
    expect(noReason).toMatchObject({ accepted: false, blockers: [{ code: 'REASON_REQUIRED' }] });
    const held = run([{ type: 'PUT_ON_HOLD', reason: 'x' }], atStage6());
    expect(decide(held, { type: 'REOPEN_STAGE', stage: S1, reason: 'x' }, emptyFacts())).toMatchObject({ accepted: false, blockers: [{ code: 'PROJECT_ON_HOLD' }] });
  });

  it('restores snapshots written by machine version 1 unchanged', () => {
    const v1 = JSON.parse(JSON.stringify(persist(atStage6())));
    const restored = restore(v1, 1);
    expect(persist(restored)).toEqual(v1);
    expect(statuses(run([reopen(S5)], restored))[4]).toBe('in-progress');
  });
});
