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
}

export interface WorkflowView {
  status: ProjectStatus;
  version: number;
  stages: StageView[];
  allowedEvents: Array<{ type: WorkflowEventType; stage?: StageKey }>;
}

export function workflowView(snapshot: ProjectSnapshot, version: number, facts: GateFacts): WorkflowView {
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
      deliverables: deliverableViews(s.key, facts),
      blockers: stageBlockers(s.key, statuses[s.key], status, facts),
    })),
    allowedEvents: allowedCommands(snapshot, facts, persisted),
  };
}

function stageBlockers(stage: StageKey, stageStatus: StageStatus, projectStatus: ProjectStatus, facts: GateFacts): Blocker[] {
  if (stageStatus === 'approved') return [];
  if (stageStatus === 'not-started') return [{ code: 'STAGE_NOT_STARTED', message: prerequisitesMessage(stage), stage }];
  const held: Blocker[] =
    projectStatus === 'on-hold' ? [{ code: 'PROJECT_ON_HOLD', message: 'The project is on hold; resume it to continue.', stage }] : [];
  const gate = stageStatus === 'in-progress' ? submissionBlockers(stage, facts) : approvalBlockers(stage, facts);
  return [...held, ...gate];
}
