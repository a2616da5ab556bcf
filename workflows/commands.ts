import { createActor, Snapshot, transition } from 'xstate';
import { Blocker } from './blockers';
import { STAGES, StageKey, stageLabel } from './framework';
import { approvalBlockers, GateFacts, prerequisitesMessage, submissionBlockers } from './gates';
import { projectMachine, ProjectEvent } from './project-machine';
import { persist, PersistedProjectSnapshot, ProjectSnapshot, projectStatus, StageStatus, stageStatuses } from './snapshot';

export const WORKFLOW_EVENT_TYPES = [
  'SUBMIT_FOR_REVIEW',
  'APPROVE_STAGE',
  'REQUEST_CHANGES',
  'PUT_ON_HOLD',
  'RESUME',
  'WITHDRAW',
  'REOPEN_STAGE',
] as const;
export type WorkflowEventType = (typeof WORKFLOW_EVENT_TYPES)[number];

export const STAGE_EVENT_TYPES: readonly WorkflowEventType[] = ['SUBMIT_FOR_REVIEW', 'APPROVE_STAGE', 'REQUEST_CHANGES', 'REOPEN_STAGE'];
export const EVENTS_NEEDING_REASON: readonly WorkflowEventType[] = ['REQUEST_CHANGES', 'PUT_ON_HOLD', 'WITHDRAW', 'REOPEN_STAGE'];

/**
 * The later stages whose approval rested on `stage`: reopening `stage` sends them back to not
 * started. Stages 2-4 rest on stage 1 (and not on each other); stage 5 on stages 2-4; stage 6 on 5.
 */
export function dependentStages(stage: StageKey): StageKey[] {
  const order = STAGES.find((s) => s.key === stage)!.order;
  const slot = (o: number) => (o <= 1 ? o : o <= 4 ? 2 : o - 2);
  return STAGES.filter((s) => slot(s.order) > slot(order)).map((s) => s.key);
}

/** The stages a reopening sends back to not started: dependents that had started. */
export function invalidatedByReopening(stage: StageKey, before: Record<StageKey, StageStatus>): StageKey[] {
  return dependentStages(stage).filter((s) => before[s] !== 'not-started');
}

export interface WorkflowCommand {
  type: WorkflowEventType;
  stage?: StageKey;
  reason?: string;
}

export type Decision =
  | { accepted: true; next: ProjectSnapshot; persisted: PersistedProjectSnapshot }
  | { accepted: false; blockers: Blocker[] };

/**
 * Decide a workflow command purely: explain any structural refusal in words, apply the gate
 * rules, and only then let the machine take the event.
 */
export function decide(current: ProjectSnapshot, command: WorkflowCommand, facts: GateFacts): Decision {
  return decideFrom(current, persist(current), command, facts);
}

/** Only the stage gates (submission and approval) look at gate facts; every other command is decided without them. */
export function needsGateFacts(command: Pick<WorkflowCommand, 'type'>): boolean {
  return command.type === 'SUBMIT_FOR_REVIEW' || command.type === 'APPROVE_STAGE';
}

/** Gate facts for a command that does not look at them (see needsGateFacts). */
export const NO_GATE_FACTS: GateFacts = Object.freeze({ recorded: Object.freeze({}), derived: Object.freeze([]) as unknown as GateFacts['derived'] }) as GateFacts;

/** decide(), for a caller that already holds the persisted form of `current`. */
function decideFrom(
  current: ProjectSnapshot,
  before: PersistedProjectSnapshot,
  command: WorkflowCommand,
  facts: GateFacts,
  statuses?: Record<StageKey, StageStatus>,
): Decision {
  if (!WORKFLOW_EVENT_TYPES.includes(command.type)) {
    return { accepted: false, blockers: [{ code: 'UNKNOWN_EVENT', message: `Unknown event type ${command.type}.` }] };
  }
  const blockers = structuralBlockers(before, command, statuses);
  if (blockers.length === 0) blockers.push(...gateBlockers(command, facts));
  if (blockers.length > 0) return { accepted: false, blockers };

  const [next] = transition(projectMachine, current, toMachineEvent(command));
  const persisted = persist(next);
  if (JSON.stringify(persisted.value) === JSON.stringify(before.value)) {
    // Defensive: the explanations above should already have refused anything the machine ignores.
    return {
      accepted: false,
      blockers: [{ code: 'EVENT_NOT_ALLOWED', message: `${command.type} is not possible in the project's current state.` }],
    };
  }
  return { accepted: true, next, persisted };
}

function toMachineEvent(command: WorkflowCommand): ProjectEvent {
  switch (command.type) {
    case 'SUBMIT_FOR_REVIEW':
    case 'APPROVE_STAGE':
      return { type: command.type, stage: command.stage! };
    case 'REQUEST_CHANGES':
    case 'REOPEN_STAGE':
      return { type: command.type, stage: command.stage!, reason: command.reason ?? '' };
    case 'PUT_ON_HOLD':
    case 'WITHDRAW':
      return { type: command.type, reason: command.reason ?? '' };
    case 'RESUME':
      return { type: 'RESUME' };
  }
}

/** Why the machine cannot take this command from where the project stands, in words. */
export function structuralBlockers(
  persisted: PersistedProjectSnapshot,
  command: WorkflowCommand,
  /** stageStatuses(persisted), when the caller already has it */
  statuses?: Record<StageKey, StageStatus>,
): Blocker[] {
  const status = projectStatus(persisted);
  if (status === 'completed' || status === 'withdrawn') {
    return [{ code: 'PROJECT_CLOSED', message: `The project is ${status}; its workflow cannot change any more.` }];
  }
  if (EVENTS_NEEDING_REASON.includes(command.type) && !command.reason?.trim()) {
    return [{ code: 'REASON_REQUIRED', message: `${command.type} needs a reason.` }];
  }
  switch (command.type) {
    case 'PUT_ON_HOLD':
      return status === 'on-hold' ? [{ code: 'ALREADY_ON_HOLD', message: 'The project is already on hold.' }] : [];
    case 'RESUME':
      return status === 'on-hold' ? [] : [{ code: 'NOT_ON_HOLD', message: 'The project is not on hold, so there is nothing to resume.' }];
    case 'WITHDRAW':
      return [];
  }
  const stage = command.stage;
  if (!stage) return [{ code: 'STAGE_REQUIRED', message: `${command.type} needs the stage it applies to.` }];
  if (status === 'on-hold') {
    return [{ code: 'PROJECT_ON_HOLD', message: 'The project is on hold; resume it before changing any stage.', stage }];
  }
  const stageStatus = (statuses ?? stageStatuses(persisted))[stage];
  if (command.type === 'SUBMIT_FOR_REVIEW' && stageStatus !== 'in-progress') {
    return [{ code: 'STAGE_NOT_IN_PROGRESS', message: notInProgressMessage(stage, stageStatus), stage }];
  }
  if ((command.type === 'APPROVE_STAGE' || command.type === 'REQUEST_CHANGES') && stageStatus !== 'in-review') {
    return [
      {
        code: 'STAGE_NOT_IN_REVIEW',
        message: `${stageLabel(stage)} is ${stageStatus.replace('-', ' ')}; only a stage in review can be approved or returned for changes.`,
        stage,
      },
    ];
  }
  if (command.type === 'REOPEN_STAGE' && stageStatus !== 'approved') {
    return [
      {
        code: 'STAGE_NOT_APPROVED',
        message: `${stageLabel(stage)} is ${stageStatus.replace('-', ' ')}; only an approved stage can be reopened.`,
        stage,
      },
    ];
  }
  return [];
}

function notInProgressMessage(stage: StageKey, status: string): string {
  if (status === 'not-started') return `${stageLabel(stage)} has not started: ${prerequisitesMessage(stage)}`;
  if (status === 'in-review') return `${stageLabel(stage)} is already in review.`;
  return `${stageLabel(stage)} is already approved.`;
}

function gateBlockers(command: WorkflowCommand, facts: GateFacts): Blocker[] {
  if (command.type === 'SUBMIT_FOR_REVIEW') return submissionBlockers(command.stage!, facts);
  if (command.type === 'APPROVE_STAGE') return approvalBlockers(command.stage!, facts);
  return [];
}

/** Every command that would be accepted right now (a placeholder reason stands in where one is needed). */
export function allowedCommands(
  current: ProjectSnapshot,
  facts: GateFacts,
  /** persist(current), when the caller already has it */
  persisted?: PersistedProjectSnapshot,
): Array<{ type: WorkflowEventType; stage?: StageKey }> {
  const candidates: WorkflowCommand[] = [
    ...STAGES.flatMap((s) => STAGE_EVENT_TYPES.map((type) => ({ type, stage: s.key, reason: 'reason' }))),
    { type: 'PUT_ON_HOLD', reason: 'reason' },
    { type: 'RESUME' },
    { type: 'WITHDRAW', reason: 'reason' },
  ];
  // the persisted form is worked out once, not once per candidate; decideFrom only asks the
  // machine about candidates that pass the structural and gate checks
  const before = persisted ?? persist(current);
  const statuses = stageStatuses(before);
  return candidates
    .filter((c) => decideFrom(current, before, c, facts, statuses).accepted)
    .map((c) => (c.stage ? { type: c.type, stage: c.stage } : { type: c.type }));
}

/**
 * An accepted workflow event replayed through the machine, to rebuild a project's snapshot from
 * its history: the gates were checked when the event was accepted, and the machine's own guards
 * look only at the stage, so the replay lands exactly where the command did.
 */
export function replayWorkflowEvent(persisted: PersistedProjectSnapshot, type: WorkflowEventType, stage: StageKey | null): PersistedProjectSnapshot {
  const current = createActor(projectMachine, { snapshot: persisted as unknown as Snapshot<unknown> }).getSnapshot();
  const [next] = transition(projectMachine, current, toMachineEvent({ type, stage: stage ?? undefined } as WorkflowCommand));
  return persist(next);
}
