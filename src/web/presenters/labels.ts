import type { ProjectStatus, StageStatus } from '../../../workflows';

/** Words and NHS tag colours for statuses: colour is never the only sign (the words carry it). */
export const STAGE_STATUS: Record<StageStatus, { text: string; tag: string }> = {
  'not-started': { text: 'Not started', tag: 'nhsuk-tag--grey' },
  'in-progress': { text: 'In progress', tag: 'nhsuk-tag--blue' },
  'in-review': { text: 'In review', tag: 'nhsuk-tag--yellow' },
  approved: { text: 'Approved', tag: 'nhsuk-tag--green' },
};

export const PROJECT_STATUS: Record<ProjectStatus, { text: string; tag: string }> = {
  active: { text: 'Active', tag: 'nhsuk-tag--blue' },
  'on-hold': { text: 'On hold', tag: 'nhsuk-tag--orange' },
  completed: { text: 'Completed', tag: 'nhsuk-tag--green' },
  withdrawn: { text: 'Withdrawn', tag: 'nhsuk-tag--grey' },
};

export const RAG: Record<'red' | 'amber' | 'green', { text: string; tag: string }> = {
  red: { text: 'Red', tag: 'nhsuk-tag--red' },
  amber: { text: 'Amber', tag: 'nhsuk-tag--yellow' },
  green: { text: 'Green', tag: 'nhsuk-tag--green' },
};

export const EVENT_LABELS: Record<string, string> = {
  SUBMIT_FOR_REVIEW: 'Submitted for review',
  APPROVE_STAGE: 'Approved',
  REQUEST_CHANGES: 'Changes requested',
  PUT_ON_HOLD: 'Put on hold',
  RESUME: 'Resumed',
  WITHDRAW: 'Withdrawn',
  REVIEW_DECISION_RECORDED: 'Review decision',
};

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Administrator',
  'programme-manager': 'Programme manager',
  stakeholder: 'Stakeholder',
  auditor: 'Auditor (ISDB)',
  'board-member': 'Board member (ISDB)',
};
