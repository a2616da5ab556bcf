import type { Blocker } from './blockers';
import { StageKey, stageLabel } from './framework';
import { prerequisitesMessage } from './gates';
import { PersistedProjectSnapshot, projectStatus, StageStatus, stageStatuses } from './snapshot';

/**
 * The one rule that decides "may this change now" for every record of a project: registers,
 * groups, deliverables, stage 6 records, stage plans, project details and reviews all ask it,
 * so they refuse with the same codes and the same wording.
 *
 * A window says in which project states and stage states a kind of record may change, and which
 * roles may change it. Inside the window the change is allowed; outside it the answer is one
 * blocker whose code says what stands in the way.
 */

/** Roles as the auth module names them (kept here so workflows/ needs nothing from src/). */
export type CallerRole = 'admin' | 'programme-manager' | 'stakeholder' | 'auditor' | 'board-member';

export const WRITE_WINDOW_CODES = {
  /** completed or withdrawn: nothing changes any more */
  PROJECT_CLOSED: 'PROJECT_CLOSED',
  PROJECT_ON_HOLD: 'PROJECT_ON_HOLD',
  STAGE_NOT_STARTED: 'STAGE_NOT_STARTED',
  /** the stage is with its reviewers: what they review must not move under them */
  STAGE_IN_REVIEW: 'STAGE_IN_REVIEW',
  /** for a review: the stage is not (yet, or any longer) with its reviewers */
  STAGE_NOT_IN_REVIEW: 'STAGE_NOT_IN_REVIEW',
  /** the approval rested on this record: reopen the stage, with a reason, to change it */
  STAGE_APPROVED: 'STAGE_APPROVED',
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  /** a reviewing group's members while a stage is with them */
  REVIEWERS_IN_REVIEW: 'REVIEWERS_IN_REVIEW',
} as const;
export type WriteWindowCode = (typeof WRITE_WINDOW_CODES)[keyof typeof WRITE_WINDOW_CODES];

export interface WriteWindow {
  /** 'active': only while the project is active; 'open': also while it is on hold; 'any': also once closed. */
  project: 'active' | 'open' | 'any';
  /** Stage statuses in which the record may change; absent: any (the record belongs to no stage). */
  stage?: readonly StageStatus[];
  /** Who may change it. */
  roles: readonly CallerRole[];
}

const MANAGER: readonly CallerRole[] = ['programme-manager'];

/** The windows the features use; a feature picks one rather than writing its own check. */
export const WINDOWS = {
  /** Registers, hand-recorded deliverables and stage 6 records: the work of a stage in progress. */
  stageWork: { project: 'active', stage: ['in-progress'], roles: MANAGER },
  /** A business-case approval: while the work goes on, and while the stage is in review. */
  stageDecision: { project: 'active', stage: ['in-progress', 'in-review'], roles: MANAGER },
  /** Reviewers' decisions: only while the stage is in review. */
  review: { project: 'active', stage: ['in-review'], roles: ['stakeholder'] },
  /** Comments: from when the stage starts, by the manager or group members (they add to the record, never change it). */
  comment: { project: 'any', stage: ['in-progress', 'in-review', 'approved'], roles: ['programme-manager', 'stakeholder'] },
  /** A stage's target date: until the stage is approved (an approved stage's plan is closed). */
  stagePlan: { project: 'open', stage: ['not-started', 'in-progress', 'in-review'], roles: MANAGER },
  /** Project details, new group members: while the project is not closed. */
  projectRecord: { project: 'open', roles: MANAGER },
  /**
   * The registered population (recorded, or summed from the PCNs): stage 2's segment coverage rests
   * on it, so it is fixed once stage 2 goes to review.
   */
  registeredPopulation: { project: 'open', stage: ['not-started', 'in-progress'], roles: MANAGER },
  /** Editing or removing a group member (a stage 1 record): until stage 1 goes to review. */
  groupChange: { project: 'open', stage: ['in-progress'], roles: MANAGER },
  /**
   * A stage's discussion (posts, edits, removals): at any stage status, by the project's people,
   * while the project is not closed (a withdrawn or completed project's record is final).
   */
  discussion: { project: 'open', roles: ['programme-manager', 'stakeholder', 'admin'] },
  /** The board's decision on a stage: once the stage has started, while the project is not closed. */
  boardStageDecision: { project: 'open', stage: ['in-progress', 'in-review', 'approved'], roles: ['board-member', 'admin'] },
  /** The board's decision on the business case: while stage 6's work goes on or it is in review, the project active. */
  boardBusinessCaseDecision: { project: 'active', stage: ['in-progress', 'in-review'], roles: ['board-member', 'admin'] },
} as const satisfies Record<string, WriteWindow>;

export interface WriteRequest {
  snapshot: PersistedProjectSnapshot;
  window: WriteWindow;
  /** What would change, as the start of a sentence: "The needs register", "This stage 6 record". */
  subject: string;
  /** The stage the record belongs to (required when the window names stage statuses). */
  stage?: StageKey;
  /** The caller's role, when known; commands issued by the engine itself (demo data) pass none. */
  role?: CallerRole;
  deliverable?: string;
}

const STATUS_WORDS: Record<StageStatus, string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  'in-review': 'in review',
  approved: 'approved',
};

/** Why the change cannot happen now (one blocker), or [] when it may. */
export function writeWindowBlockers(request: WriteRequest): Blocker[] {
  const { snapshot, window, subject, stage, role, deliverable } = request;
  const at = { ...(stage ? { stage } : {}), ...(deliverable ? { deliverable } : {}) };
  const blocker = (code: WriteWindowCode, why: string, advice: string): Blocker[] => [
    { code, message: `${subject} changes only while ${windowWords(window, stage)}; ${why}${advice ? `: ${advice}` : ''}.`, ...at },
  ];
  if (role !== undefined && !window.roles.includes(role)) {
    return blocker(WRITE_WINDOW_CODES.ROLE_NOT_ALLOWED, `you are signed in as ${roleWords(role)}`, `only ${window.roles.map(roleWords).join(' or ')} can make this change`);
  }
  const status = projectStatus(snapshot);
  if ((status === 'completed' || status === 'withdrawn') && window.project !== 'any') {
    return blocker(WRITE_WINDOW_CODES.PROJECT_CLOSED, `the project is ${status}`, 'its record is final');
  }
  if (status === 'on-hold' && window.project === 'active') {
    return blocker(WRITE_WINDOW_CODES.PROJECT_ON_HOLD, 'the project is on hold', 'resume it first');
  }
  if (!window.stage) return [];
  if (!stage) throw new Error(`writeWindowBlockers: the window names stage statuses but no stage was given for "${subject}"`);
  const stageStatus = stageStatuses(snapshot)[stage];
  if (window.stage.includes(stageStatus)) return [];
  const is = `${stageLabel(stage)} is ${STATUS_WORDS[stageStatus]}`;
  switch (stageStatus) {
    case 'not-started':
      return blocker(WRITE_WINDOW_CODES.STAGE_NOT_STARTED, `${stageLabel(stage)} has not started`, prerequisitesMessage(stage).replace(/\.$/, ''));
    case 'in-review':
      return blocker(WRITE_WINDOW_CODES.STAGE_IN_REVIEW, is, 'its reviewers are deciding on it as it stands; request changes to send it back to in progress');
    case 'approved':
      return blocker(WRITE_WINDOW_CODES.STAGE_APPROVED, is, 'its approval rested on this record; reopen the stage, with a reason, to change it');
    case 'in-progress':
      return blocker(WRITE_WINDOW_CODES.STAGE_NOT_IN_REVIEW, is, 'submit it for review first');
  }
}

function windowWords(window: WriteWindow, stage: StageKey | undefined): string {
  const project = { active: 'the project is active', open: 'the project is active or on hold', any: 'the project exists' }[window.project];
  if (!window.stage || !stage) return project;
  if (window.project === 'any') return `${stageLabel(stage)} has started`;
  const statuses = window.stage.map((s) => STATUS_WORDS[s]);
  const list = statuses.length === 1 ? statuses[0] : `${statuses.slice(0, -1).join(', ')} or ${statuses[statuses.length - 1]}`;
  return `${stageLabel(stage)} is ${list} and ${project}`;
}

function roleWords(role: CallerRole): string {
  return { admin: 'an admin', 'programme-manager': 'a programme manager', stakeholder: 'a stakeholder', auditor: 'an auditor', 'board-member': 'a board member' }[role];
}

/**
 * Reviewers (the members of the reviewing groups) do not change while any stage is with them:
 * the quorum a decision needs must be the one that stood when the review opened.
 */
export function reviewerChangeBlockers(snapshot: PersistedProjectSnapshot, subject: string, reviewing: boolean): Blocker[] {
  if (!reviewing) return [];
  const statuses = stageStatuses(snapshot);
  const inReview = (Object.keys(statuses) as StageKey[]).filter((s) => statuses[s] === 'in-review');
  if (inReview.length === 0) return [];
  const stage = inReview[0];
  return [
    {
      code: WRITE_WINDOW_CODES.REVIEWERS_IN_REVIEW,
      message: `${subject} changes only while no stage is in review; ${stageLabel(stage)} is in review and its reviewers must stay the ones it was submitted to: record the decisions, or request changes, first.`,
      stage,
    },
  ];
}

