import { setup } from 'xstate';
import { StageKey } from './framework';

/**
 * The framework as a state machine. Stage 1 first; stages 2-4 are three regions of one
 * parallel state; then stage 5, stage 6 and completed. PUT_ON_HOLD leaves `active` and RESUME
 * re-enters it through a deep history state, so a held project returns exactly where it was,
 * parallel regions included. No timers and no spawned actors: snapshots are persisted.
 *
 * The machine decides what is structurally possible; gate rules (gates.ts) decide whether the
 * work behind a stage is good enough. decide() in commands.ts combines the two.
 */
export const MACHINE_VERSION = 2;

/**
 * Versions whose snapshots this machine restores unchanged. Version 2 only added REOPEN_STAGE
 * transitions: the states, and so every stored version 1 snapshot, are the same.
 */
export const RESTORABLE_MACHINE_VERSIONS: readonly number[] = [1, 2];

export type StageEvent =
  | { type: 'SUBMIT_FOR_REVIEW'; stage: StageKey }
  | { type: 'APPROVE_STAGE'; stage: StageKey }
  | { type: 'REQUEST_CHANGES'; stage: StageKey; reason: string }
  /** An approved stage goes back to in progress; the approvals that depended on it go with it. */
  | { type: 'REOPEN_STAGE'; stage: StageKey; reason: string };

export type LifecycleEvent =
  | { type: 'PUT_ON_HOLD'; reason: string }
  | { type: 'RESUME' }
  | { type: 'WITHDRAW'; reason: string };

export type ProjectEvent = StageEvent | LifecycleEvent;

const forStage = (stage: StageKey) => ({ event }: { event: ProjectEvent }) =>
  'stage' in event && event.stage === stage;

/** A stage that hands over to `next` when approved (stages 1, 5 and 6). */
function sequentialStage(stage: StageKey, next: string) {
  return {
    initial: 'inProgress' as const,
    states: {
      inProgress: { on: { SUBMIT_FOR_REVIEW: { guard: forStage(stage), target: 'inReview' } } },
      inReview: {
        on: {
          APPROVE_STAGE: { guard: forStage(stage), target: next },
          REQUEST_CHANGES: { guard: forStage(stage), target: 'inProgress' },
        },
      },
    },
  };
}

/** A region of the parallel discovery state (stages 2-4): approved is final within the region. */
function parallelStage(stage: StageKey) {
  return {
    initial: 'inProgress' as const,
    states: {
      inProgress: { on: { SUBMIT_FOR_REVIEW: { guard: forStage(stage), target: 'inReview' } } },
      inReview: {
        on: {
          APPROVE_STAGE: { guard: forStage(stage), target: 'approved' },
          REQUEST_CHANGES: { guard: forStage(stage), target: 'inProgress' },
        },
      },
      // while the project is still in discovery, reopening a region leaves the other two where they are
      approved: { type: 'final' as const, on: { REOPEN_STAGE: { guard: forStage(stage), target: 'inProgress' } } },
    },
  };
}

const DISCOVERY = ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'] as const;

/**
 * REOPEN_STAGE from a state beyond the stage: the stage goes back to in progress and every later
 * stage that depended on it back to not started (stages 2-4 depend on stage 1, not on each other).
 */
function reopenFrom(reopenable: readonly StageKey[]) {
  const targets = (stage: StageKey): string | string[] =>
    (DISCOVERY as readonly StageKey[]).includes(stage)
      ? DISCOVERY.map((s) => `#project.active.discovery.${s}.${s === stage ? 'inProgress' : 'approved'}`)
      : `#project.active.${stage}.inProgress`;
  return { REOPEN_STAGE: reopenable.map((stage) => ({ guard: forStage(stage), target: targets(stage) })) };
}

export const projectMachine = setup({
  types: {
    events: {} as ProjectEvent,
  },
}).createMachine({
  id: 'project',
  initial: 'active',
  states: {
    active: {
      initial: 'planning-and-codesign',
      on: {
        PUT_ON_HOLD: { target: 'onHold' },
        WITHDRAW: { target: 'withdrawn' },
      },
      states: {
        'planning-and-codesign': sequentialStage('planning-and-codesign', '#project.active.discovery'),
        discovery: {
          type: 'parallel',
          on: reopenFrom(['planning-and-codesign']),
          onDone: { target: 'meeting-population-needs' },
          states: {
            'population-health-and-care-needs': parallelStage('population-health-and-care-needs'),
            'review-of-services-and-assets': parallelStage('review-of-services-and-assets'),
            'innovation-and-good-practice': parallelStage('innovation-and-good-practice'),
          },
        },
        'meeting-population-needs': {
          ...sequentialStage('meeting-population-needs', '#project.active.development-of-options'),
          on: reopenFrom(['planning-and-codesign', ...DISCOVERY]),
        },
        'development-of-options': {
          ...sequentialStage('development-of-options', '#project.completed'),
          on: reopenFrom(['planning-and-codesign', ...DISCOVERY, 'meeting-population-needs']),
        },
        history: { type: 'history', history: 'deep' },
      },
    },
    onHold: {
      on: {
        RESUME: { target: 'active.history' },
        WITHDRAW: { target: 'withdrawn' },
      },
    },
    completed: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});
