import { transition } from 'xstate';
import {
  initialSnapshot,
  persist,
  projectMachine,
  ProjectEvent,
  ProjectSnapshot,
  reviewerChangeBlockers,
  WINDOWS,
  WRITE_WINDOW_CODES,
  writeWindowBlockers,
} from '../../workflows';

const S1 = 'planning-and-codesign' as const;
const S2 = 'population-health-and-care-needs' as const;

function after(...events: ProjectEvent[]): ProjectSnapshot {
  return events.reduce((s, e) => transition(projectMachine, s, e)[0], initialSnapshot());
}
const submitted1 = () => after({ type: 'SUBMIT_FOR_REVIEW', stage: S1 });
const approved1 = () => after({ type: 'SUBMIT_FOR_REVIEW', stage: S1 }, { type: 'APPROVE_STAGE', stage: S1 });
const codes = (blockers: { code: string }[]) => blockers.map((b) => b.code);

describe('write-window rule', () => {
  it('allows the work of a stage in progress on an active project, for the programme manager', () => {
    expect(writeWindowBlockers({ snapshot: persist(initialSnapshot()), window: WINDOWS.stageWork, subject: 'The needs register', stage: S1, role: 'programme-manager' })).toEqual([]);
  });

  it('refuses a stage that has not started, saying what it waits for', () => {
    const [b] = writeWindowBlockers({ snapshot: persist(initialSnapshot()), window: WINDOWS.stageWork, subject: 'The needs register', stage: S2 });
    expect(b).toMatchObject({ code: WRITE_WINDOW_CODES.STAGE_NOT_STARTED, stage: S2 });
    expect(b.message).toBe(
      'The needs register changes only while Stage 2 (Population health and care needs) is in progress and the project is active; Stage 2 (Population health and care needs) has not started: Stage 2 (Population health and care needs) starts when stage 1 (Planning and co-design) is approved.',
    );
  });

  it('refuses a stage in review, and a stage approved naming the approved stage and how to reopen it', () => {
    expect(codes(writeWindowBlockers({ snapshot: persist(submitted1()), window: WINDOWS.stageWork, subject: 'X', stage: S1 }))).toEqual(['STAGE_IN_REVIEW']);
    const [b] = writeWindowBlockers({ snapshot: persist(approved1()), window: WINDOWS.stageWork, subject: 'X', stage: S1 });
    expect(b).toMatchObject({ code: 'STAGE_APPROVED', stage: S1 });
    expect(b.message).toMatch(/Stage 1 \(Planning and co-design\) is approved: its approval rested on this record; reopen the stage, with a reason/);
  });

  it('tells on hold from closed, and lets "open" windows work while on hold', () => {
    const held = persist(after({ type: 'PUT_ON_HOLD', reason: 'estates' }));
    expect(codes(writeWindowBlockers({ snapshot: held, window: WINDOWS.stageWork, subject: 'X', stage: S1 }))).toEqual(['PROJECT_ON_HOLD']);
    expect(writeWindowBlockers({ snapshot: held, window: WINDOWS.projectRecord, subject: 'X' })).toEqual([]);
    const withdrawn = persist(after({ type: 'WITHDRAW', reason: 'merged' }));
    for (const window of [WINDOWS.stageWork, WINDOWS.projectRecord, WINDOWS.stagePlan]) {
      expect(codes(writeWindowBlockers({ snapshot: withdrawn, window, subject: 'X', stage: S1 }))).toEqual(['PROJECT_CLOSED']);
    }
    expect(writeWindowBlockers({ snapshot: withdrawn, window: WINDOWS.comment, subject: 'A comment', stage: S1 })).toEqual([]);
  });

  it("checks the caller's role first", () => {
    const [b] = writeWindowBlockers({ snapshot: persist(initialSnapshot()), window: WINDOWS.stageWork, subject: 'X', stage: S1, role: 'auditor' });
    expect(b.code).toBe('ROLE_NOT_ALLOWED');
    expect(b.message).toMatch(/you are signed in as an auditor: only a programme manager can make this change/);
    expect(codes(writeWindowBlockers({ snapshot: persist(initialSnapshot()), window: WINDOWS.review, subject: 'X', stage: S1, role: 'programme-manager' }))).toEqual(['ROLE_NOT_ALLOWED']);
  });

  it('opens reviews only while the stage is in review', () => {
    expect(codes(writeWindowBlockers({ snapshot: persist(initialSnapshot()), window: WINDOWS.review, subject: 'X', stage: S1 }))).toEqual(['STAGE_NOT_IN_REVIEW']);
    expect(writeWindowBlockers({ snapshot: persist(submitted1()), window: WINDOWS.review, subject: 'X', stage: S1 })).toEqual([]);
  });

  it('closes an approved stage plan but not one in review', () => {
    expect(writeWindowBlockers({ snapshot: persist(submitted1()), window: WINDOWS.stagePlan, subject: 'X', stage: S1 })).toEqual([]);
    expect(codes(writeWindowBlockers({ snapshot: persist(approved1()), window: WINDOWS.stagePlan, subject: 'X', stage: S1 }))).toEqual(['STAGE_APPROVED']);
  });

  it('uses one wording: every refusal reads "<subject> changes only while <window>; <why>"', () => {
    const cases = [
      writeWindowBlockers({ snapshot: persist(approved1()), window: WINDOWS.groupChange, subject: 'A member of the stakeholder group', stage: S1 }),
      writeWindowBlockers({ snapshot: persist(after({ type: 'PUT_ON_HOLD', reason: 'x' })), window: WINDOWS.stageWork, subject: 'A member of the stakeholder group', stage: S1 }),
    ];
    for (const [b] of cases) expect(b.message).toMatch(/^A member of the stakeholder group changes only while .+; .+\.$/);
  });

  it('freezes the reviewing groups while any stage is in review', () => {
    expect(reviewerChangeBlockers(persist(initialSnapshot()), 'The stakeholder group', true)).toEqual([]);
    expect(reviewerChangeBlockers(persist(submitted1()), 'The core project team', false)).toEqual([]);
    const [b] = reviewerChangeBlockers(persist(submitted1()), 'The stakeholder group', true);
    expect(b).toMatchObject({ code: 'REVIEWERS_IN_REVIEW', stage: S1 });
  });
});
