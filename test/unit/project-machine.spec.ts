import { getShortestPaths } from 'xstate/graph';
import { transition } from 'xstate';
import {
  initialSnapshot,
  persist,
  projectMachine,
  ProjectEvent,
  restore,
  MACHINE_VERSION,
  STAGE_KEYS,
  stageStatuses,
  projectStatus,
} from '../../workflows';

const stageEvents: ProjectEvent[] = STAGE_KEYS.flatMap((stage) => [
  { type: 'SUBMIT_FOR_REVIEW', stage } as const,
  { type: 'APPROVE_STAGE', stage } as const,
  { type: 'REQUEST_CHANGES', stage, reason: 'rework' } as const,
]);
const allEvents: ProjectEvent[] = [...stageEvents, { type: 'PUT_ON_HOLD', reason: 'pause' }, { type: 'RESUME' }, { type: 'WITHDRAW', reason: 'stop' }];

const paths = getShortestPaths(projectMachine, { events: allEvents });
const roundTrip = (s: ReturnType<typeof initialSnapshot>) => restore(JSON.parse(JSON.stringify(persist(s))), MACHINE_VERSION);

describe('project machine (xstate/graph paths)', () => {
  it('reaches every stage in progress, in review and approved, and the completed and withdrawn ends', () => {
    const seen = new Map<string, Set<string>>();
    const ends = new Set<string>();
    for (const path of paths) {
      const persisted = persist(path.state);
      ends.add(projectStatus(persisted));
      for (const [stage, status] of Object.entries(stageStatuses(persisted))) {
        if (!seen.has(stage)) seen.set(stage, new Set());
        seen.get(stage)!.add(status);
      }
    }
    for (const stage of STAGE_KEYS) {
      expect([...seen.get(stage)!].sort()).toEqual(['approved', 'in-progress', 'in-review', 'not-started'].filter((s) => stage !== 'planning-and-codesign' || s !== 'not-started'));
    }
    expect([...ends].sort()).toEqual(['active', 'completed', 'on-hold', 'withdrawn']);
  });

  it('completes a project by approving the six stages in framework order, stages 2-4 in any order', () => {
    const completed = paths.find((p) => p.state.value === 'completed')!;
    expect(completed).toBeDefined();
    const approvals = completed.steps.map((s) => s.event).filter((e) => e.type === 'APPROVE_STAGE') as Array<{ stage: string }>;
    expect(approvals.map((e) => e.stage)[0]).toBe('planning-and-codesign');
    expect(approvals.map((e) => e.stage).slice(-2)).toEqual(['meeting-population-needs', 'development-of-options']);
    expect(new Set(approvals.map((e) => e.stage)).size).toBe(6);
  });

  it('starts stages 2, 3 and 4 together when stage 1 is approved, and stage 5 only when all three are approved', () => {
    let s = initialSnapshot();
    const send = (e: ProjectEvent) => ([s] = transition(projectMachine, s, e));
    send({ type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' });
    send({ type: 'APPROVE_STAGE', stage: 'planning-and-codesign' });
    const statuses = stageStatuses(persist(s));
    expect(statuses['population-health-and-care-needs']).toBe('in-progress');
    expect(statuses['review-of-services-and-assets']).toBe('in-progress');
    expect(statuses['innovation-and-good-practice']).toBe('in-progress');
    expect(statuses['meeting-population-needs']).toBe('not-started');
    for (const stage of ['population-health-and-care-needs', 'review-of-services-and-assets'] as const) {
      send({ type: 'SUBMIT_FOR_REVIEW', stage });
      send({ type: 'APPROVE_STAGE', stage });
    }
    expect(stageStatuses(persist(s))['meeting-population-needs']).toBe('not-started');
    send({ type: 'SUBMIT_FOR_REVIEW', stage: 'innovation-and-good-practice' });
    send({ type: 'APPROVE_STAGE', stage: 'innovation-and-good-practice' });
    expect(stageStatuses(persist(s))['meeting-population-needs']).toBe('in-progress');
  });

  it('returns every reachable active state exactly where it was after hold, persistence and resume', () => {
    const active = paths.filter((p) => projectStatus(persist(p.state)) === 'active');
    expect(active.length).toBeGreaterThan(20);
    for (const { state } of active) {
      const [held] = transition(projectMachine, state, { type: 'PUT_ON_HOLD', reason: 'budget review' });
      expect(held.value).toBe('onHold');
      const restored = roundTrip(held);
      // the held view still shows where the project stood
      expect(stageStatuses(persist(restored))).toEqual(stageStatuses(persist(state)));
      const [resumed] = transition(projectMachine, restored, { type: 'RESUME' });
      expect(resumed.value).toEqual(state.value);
    }
  });

  it('keeps the standing stage statuses of a withdrawn project', () => {
    let s = initialSnapshot();
    [s] = transition(projectMachine, s, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' });
    [s] = transition(projectMachine, s, { type: 'WITHDRAW', reason: 'merged into another locality' });
    const persisted = persist(roundTrip(s));
    expect(projectStatus(persisted)).toBe('withdrawn');
    expect(stageStatuses(persisted)['planning-and-codesign']).toBe('in-review');
  });

  it('refuses to restore a snapshot written by another machine version', () => {
    expect(() => restore(persist(initialSnapshot()), MACHINE_VERSION + 1)).toThrow(/machine version/);
  });
});
