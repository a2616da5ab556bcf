import { createActor, initialTransition, Snapshot, SnapshotFrom, StateValue } from 'xstate';
import { STAGES, StageKey } from './framework';
import { MACHINE_VERSION, projectMachine, RESTORABLE_MACHINE_VERSIONS } from './project-machine';

export type ProjectSnapshot = SnapshotFrom<typeof projectMachine>;

/** What is stored: XState's persisted snapshot, as plain JSON. */
export interface PersistedProjectSnapshot {
  status: string;
  value: StateValue;
  historyValue?: Record<string, Array<{ id: string }>>;
  context?: unknown;
  children?: unknown;
}

export type StageStatus = 'not-started' | 'in-progress' | 'in-review' | 'approved';
export type ProjectStatus = 'active' | 'on-hold' | 'completed' | 'withdrawn';

export function initialSnapshot(): ProjectSnapshot {
  return initialTransition(projectMachine)[0];
}

export function persist(snapshot: ProjectSnapshot): PersistedProjectSnapshot {
  return projectMachine.getPersistedSnapshot(snapshot) as unknown as PersistedProjectSnapshot;
}

/**
 * Revive a stored snapshot. Goes through the actor's restore path rather than resolveState,
 * because only restore revives the deep-history value that RESUME depends on.
 */
export function restore(persisted: PersistedProjectSnapshot, machineVersion: number): ProjectSnapshot {
  if (!RESTORABLE_MACHINE_VERSIONS.includes(machineVersion)) {
    throw new Error(`Snapshot was written by machine version ${machineVersion}; this engine runs ${MACHINE_VERSION}`);
  }
  return createActor(projectMachine, { snapshot: persisted as unknown as Snapshot<unknown> }).getSnapshot();
}

export function projectStatus(persisted: PersistedProjectSnapshot): ProjectStatus {
  const v = persisted.value;
  if (v === 'onHold') return 'on-hold';
  if (v === 'completed') return 'completed';
  if (v === 'withdrawn') return 'withdrawn';
  return 'active';
}

/** Leaf state paths the project stands in; for a held or withdrawn project, where it stood. */
function standingLeaves(persisted: PersistedProjectSnapshot): string[][] {
  if (typeof persisted.value === 'object') return leavesOf(persisted.value);
  const remembered = persisted.historyValue?.['project.active.history'] ?? [];
  return remembered.map((node) => node.id.split('.').slice(1));
}

function leavesOf(value: StateValue, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [[...prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [[...prefix, k]] : leavesOf(v, [...prefix, k])));
}

const SUBSTATE_STATUS: Record<string, StageStatus> = {
  inProgress: 'in-progress',
  inReview: 'in-review',
  approved: 'approved',
};

/** Each stage's status, derived from the machine's configuration (never stored separately). */
export function stageStatuses(persisted: PersistedProjectSnapshot): Record<StageKey, StageStatus> {
  const result = Object.fromEntries(STAGES.map((s) => [s.key, 'not-started'])) as Record<StageKey, StageStatus>;
  if (persisted.value === 'completed') {
    for (const s of STAGES) result[s.key] = 'approved';
    return result;
  }
  let furthest = 0;
  for (const path of standingLeaves(persisted)) {
    const stage = STAGES.find((s) => path.includes(s.key));
    if (!stage) continue;
    result[stage.key] = SUBSTATE_STATUS[path[path.length - 1]] ?? 'in-progress';
    furthest = Math.max(furthest, stage.order);
  }
  // Stages before the furthest one the project stands in have been approved (stages 2-4 share a slot).
  for (const s of STAGES) {
    if (result[s.key] === 'not-started' && stageSlot(s.order) < stageSlot(furthest)) result[s.key] = 'approved';
  }
  return result;
}

/** Stages 2, 3 and 4 run side by side, so they occupy one slot in the sequence. */
function stageSlot(order: number): number {
  return order <= 1 ? order : order <= 4 ? 2 : order - 2;
}
