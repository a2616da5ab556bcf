import { Blocker } from './blockers';
import { STAGES, StageKey } from './framework';
import { allowedCommands, WorkflowEventType } from './commands';
import { approvalBlockers, DeliverableView, deliverableViews, GateFacts, prerequisitesMessage, submissionBlockers } from './gates';
import { persist, ProjectSnapshot, ProjectStatus, projectStatus, StageStatus, stageStatuses } from './snapshot';

export interface StageView {
  key: StageKey;
  order: number;
  title: string;
  status: StageStatus;
  deliverables: DeliverableView[];
  /** What is missing before the stage can move on, in words a programme manager understands. */
  blockers: Blocker[];
  /**
   * The latest reopening that sent this stage back, when there was one: the stage itself was
   * reopened, or its approval was invalidated because a stage it rested on was.
   */
  reopened?: { stage: StageKey; at: string; by: string; reason: string; invalidated: boolean };
}

/** An accepted STAGE_REOPENED entry, as the view shows it. */
export interface Reopening {
  stage: StageKey;
  at: string;
  by: string;
  reason: string;
  /** Later stages whose approval (or work under way) the reopening sent back to not started. */
  invalidated: StageKey[];
}

export interface WorkflowView {
  status: ProjectStatus;
  version: number;
  stages: StageView[];
  allowedEvents: Array<{ type: WorkflowEventType; stage?: StageKey }>;
  /** Every reopening of an approved stage, oldest first. */
  reopenings: Reopening[];
}

export function workflowView(snapshot: ProjectSnapshot, version: number, facts: GateFacts, reopenings: readonly Reopening[] = []): WorkflowView {
  const persisted = persist(snapshot);
  const status = projectStatus(persisted);
  const statuses = stageStatuses(persisted);
  return {
    status,
    version,
    stages: STAGES.map((s) => ({
      key: s.key,
      order: s.order,
      title: s.title,
      status: statuses[s.key],
      deliverables: deliverableViews(s.key, facts, statuses[s.key]),
      blockers: stageBlockers(s.key, statuses[s.key], status, facts),
      ...reopenedView(s.key, reopenings),
    })),
    allowedEvents: allowedCommands(snapshot, facts, persisted),
    reopenings: [...reopenings],
  };
}

function reopenedView(stage: StageKey, reopenings: readonly Reopening[]): Pick<StageView, 'reopened'> {
  for (let i = reopenings.length - 1; i >= 0; i--) {
    const r = reopenings[i];
    if (r.stage === stage || r.invalidated.includes(stage)) return { reopened: { stage: r.stage, at: r.at, by: r.by, reason: r.reason, invalidated: r.stage !== stage } };
  }
  return {};
}

function stageBlockers(stage: StageKey, stageStatus: StageStatus, projectStatus: ProjectStatus, facts: GateFacts): Blocker[] {
  if (stageStatus === 'approved') return [];
  if (stageStatus === 'not-started') return [{ code: 'STAGE_NOT_STARTED', message: prerequisitesMessage(stage), stage }];
  const held: Blocker[] =
    projectStatus === 'on-hold' ? [{ code: 'PROJECT_ON_HOLD', message: 'The project is on hold; resume it to continue.', stage }] : [];
  const gate = stageStatus === 'in-progress' ? submissionBlockers(stage, facts) : approvalBlockers(stage, facts);
  return [...held, ...gate];
}
