/**
 * The catalogue of history events: every type a project's history can hold, with the payload an
 * accepted entry carries. A payload is complete enough to rebuild the change it records: the
 * record as saved (normalised, with its id), the values before an update, every row of an
 * import. A refused entry keeps what was asked (a part of the same payload).
 *
 * Pure: no Nest, no database.
 */
import type { WorkflowEventType } from './commands';
import type { FileEventFields, SavedAttachment } from './files';
import type { SavedBoardDecision, SavedDiscussionPost } from './collaboration';

/** A register record as saved: the normalised fields with the record's own id. */
export type SavedRegisterRecord = { id: string } & Record<string, unknown>;

/** A stage-1 group member as saved (the group_member row without its project id). */
export interface SavedGroupMember {
  id: string;
  group: string;
  name: string;
  organisation: string;
  organisationType: string;
  roleInGroup: string;
  isLead: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectFields {
  slug: string;
  name: string;
  scope: string;
  area: string | null;
  districts: string[];
  pcns: string[];
  recordedRegisteredPopulation?: number | null;
  managerUserId?: string | null;
}

type WorkflowEventPayload = { reason?: string };

/** Payload of each event type (what an accepted entry stores; a refused one stores a part of it). */
export interface EventPayloads {
  PROJECT_CREATED: ProjectFields;
  PROJECT_DETAILS_UPDATED: {
    name?: string;
    area?: string | null;
    districts?: string[];
    pcns?: string[];
    registeredPopulation?: number | null;
    /** The details as they were before the change. */
    before: Pick<ProjectFields, 'name' | 'area' | 'districts' | 'pcns' | 'recordedRegisteredPopulation'>;
  };
  SUBMIT_FOR_REVIEW: WorkflowEventPayload;
  APPROVE_STAGE: WorkflowEventPayload;
  REQUEST_CHANGES: WorkflowEventPayload;
  PUT_ON_HOLD: WorkflowEventPayload;
  RESUME: WorkflowEventPayload;
  WITHDRAW: WorkflowEventPayload;
  DELIVERABLE_UPDATED: {
    deliverable: string;
    status: string;
    evidence: string | null;
    before: { status: string; evidence: string | null } | null;
  };
  STAGE_PLAN_SET: { targetDate: string | null; previousTargetDate: string | null };
  /** A target date moved after its baseline was set: always with a reason. */
  STAGE_TARGET_MOVED: { targetDate: string | null; previousTargetDate: string | null; reason: string };
  /** An approved stage sent back to in progress, with the later approvals it invalidated. */
  STAGE_REOPENED: { reason: string; invalidated?: unknown; previousStatuses?: unknown };
  /** The project's public pages switched on or off. */
  PROJECT_PUBLISHED: { published: true; before: boolean };
  PROJECT_UNPUBLISHED: { published: false; before: boolean };
  REGISTER_RECORD_CREATED: { register: string; recordType: string; id: string; record: SavedRegisterRecord };
  REGISTER_RECORD_UPDATED: { register: string; recordType: string; id: string; record: SavedRegisterRecord; before: SavedRegisterRecord };
  REGISTER_RECORD_DELETED: { register: string; recordType: string; id: string; before: SavedRegisterRecord };
  REGISTER_IMPORTED: {
    register: string;
    recordType: string;
    mode: 'append' | 'replace';
    counts: { created: number; updated: number; removed: number; total: number };
    /** Every row of the file as saved, in the file's order. */
    records: SavedRegisterRecord[];
    /** Replace: the records the register had before (every one was replaced or removed). */
    before: SavedRegisterRecord[];
  };
  SEGMENT_COVERAGE_REASON_UPDATED: { shortfallReason: string | null; before: string | null };
  GROUP_MEMBER_ADDED: Omit<SavedGroupMember, 'id' | 'createdAt' | 'updatedAt'> & { memberId: string; member: SavedGroupMember };
  GROUP_MEMBER_UPDATED: { group: string; memberId: string; changes: Record<string, unknown>; before: SavedGroupMember; member: SavedGroupMember };
  GROUP_MEMBER_REMOVED: { group: string; memberId: string; name: string; organisation: string; before: SavedGroupMember };
  REVIEW_DECISION_RECORDED: { decision: string; comment: string; round: number; group: string; decisionId: number; decidedAt: string; reviewerName: string };
  STAGE_COMMENT_ADDED: { text: string; round: number | null; commentId: number };
  MANAGER_ASSIGNED: { userId: string; name: string; previousUserId: string | null };
  /** `unpreferred`: the other options the same command saved as no longer preferred (one preferred at a time). */
  OPTION_CREATED: { option: Record<string, unknown>; unpreferred: string[] };
  OPTION_UPDATED: { optionId: string; changes: Record<string, unknown>; before: Record<string, unknown>; option: Record<string, unknown>; unpreferred: string[] };
  OPTION_DELETED: { optionId: string; before: Record<string, unknown> };
  APPRAISAL_RECORDED: { optionId: string; appraisal: unknown; before: unknown };
  BUSINESS_CASE_UPDATED: { case: string; sections: Record<string, unknown>; before: unknown; after: unknown };
  BUSINESS_CASE_STATUS_CHANGED: { case: string; status: string; approvedBy?: string; approvedAt?: string; before: string; /** The case as saved. */ after: unknown };
  QUICK_WINS_RECORDED: { noneIdentified: boolean; before: boolean | null };
  SERVICE_CHANGE_ASSURANCE_RECORDED: { record: unknown; before: unknown };
  /** An evidence file attached: its content hash, and the attachment row as saved. */
  FILE_ATTACHED: FileEventFields & { attachment: SavedAttachment };
  /** An attachment removed (the bytes stay: this history refers to them): the row as removed and before. */
  FILE_REMOVED: FileEventFields & { attachment: SavedAttachment; before: SavedAttachment };
  /** A post in a stage's discussion thread: the post as saved. */
  DISCUSSION_POST_ADDED: { postId: string; replyToId: string | null; text: string; post: SavedDiscussionPost };
  /** A post edited by its author: the post as saved, and before. */
  DISCUSSION_POST_EDITED: { postId: string; text: string; post: SavedDiscussionPost; before: SavedDiscussionPost };
  /** A post removed by its author: the tombstone as saved, and the post before. */
  DISCUSSION_POST_REMOVED: { postId: string; post: SavedDiscussionPost; before: SavedDiscussionPost };
  /**
   * The board's decision on a stage or the business case, as saved. A business-case approval
   * also carries the business case's five cases as the same command saved them (`after`) and
   * before (`before`): the cases' approval comes only from here.
   */
  BOARD_DECISION_RECORDED: {
    target: 'stage' | 'business-case';
    decision: string;
    meetingDate: string;
    minuteReference: string;
    note: string | null;
    record: SavedBoardDecision;
    businessCase?: { before: unknown; after: unknown };
  };
}

export type EventType = keyof EventPayloads;
export type EventPayload<K extends EventType> = EventPayloads[K];

/** Every event type, by name: call sites write EVENT.DELIVERABLE_UPDATED, never a string. */
export const EVENT: { readonly [K in EventType]: K } = Object.freeze({
  PROJECT_CREATED: 'PROJECT_CREATED',
  PROJECT_DETAILS_UPDATED: 'PROJECT_DETAILS_UPDATED',
  SUBMIT_FOR_REVIEW: 'SUBMIT_FOR_REVIEW',
  APPROVE_STAGE: 'APPROVE_STAGE',
  REQUEST_CHANGES: 'REQUEST_CHANGES',
  PUT_ON_HOLD: 'PUT_ON_HOLD',
  RESUME: 'RESUME',
  WITHDRAW: 'WITHDRAW',
  DELIVERABLE_UPDATED: 'DELIVERABLE_UPDATED',
  STAGE_PLAN_SET: 'STAGE_PLAN_SET',
  STAGE_TARGET_MOVED: 'STAGE_TARGET_MOVED',
  STAGE_REOPENED: 'STAGE_REOPENED',
  PROJECT_PUBLISHED: 'PROJECT_PUBLISHED',
  PROJECT_UNPUBLISHED: 'PROJECT_UNPUBLISHED',
  REGISTER_RECORD_CREATED: 'REGISTER_RECORD_CREATED',
  REGISTER_RECORD_UPDATED: 'REGISTER_RECORD_UPDATED',
  REGISTER_RECORD_DELETED: 'REGISTER_RECORD_DELETED',
  REGISTER_IMPORTED: 'REGISTER_IMPORTED',
  SEGMENT_COVERAGE_REASON_UPDATED: 'SEGMENT_COVERAGE_REASON_UPDATED',
  GROUP_MEMBER_ADDED: 'GROUP_MEMBER_ADDED',
  GROUP_MEMBER_UPDATED: 'GROUP_MEMBER_UPDATED',
  GROUP_MEMBER_REMOVED: 'GROUP_MEMBER_REMOVED',
  REVIEW_DECISION_RECORDED: 'REVIEW_DECISION_RECORDED',
  STAGE_COMMENT_ADDED: 'STAGE_COMMENT_ADDED',
  MANAGER_ASSIGNED: 'MANAGER_ASSIGNED',
  OPTION_CREATED: 'OPTION_CREATED',
  OPTION_UPDATED: 'OPTION_UPDATED',
  OPTION_DELETED: 'OPTION_DELETED',
  APPRAISAL_RECORDED: 'APPRAISAL_RECORDED',
  BUSINESS_CASE_UPDATED: 'BUSINESS_CASE_UPDATED',
  BUSINESS_CASE_STATUS_CHANGED: 'BUSINESS_CASE_STATUS_CHANGED',
  QUICK_WINS_RECORDED: 'QUICK_WINS_RECORDED',
  SERVICE_CHANGE_ASSURANCE_RECORDED: 'SERVICE_CHANGE_ASSURANCE_RECORDED',
  FILE_ATTACHED: 'FILE_ATTACHED',
  FILE_REMOVED: 'FILE_REMOVED',
  DISCUSSION_POST_ADDED: 'DISCUSSION_POST_ADDED',
  DISCUSSION_POST_EDITED: 'DISCUSSION_POST_EDITED',
  DISCUSSION_POST_REMOVED: 'DISCUSSION_POST_REMOVED',
  BOARD_DECISION_RECORDED: 'BOARD_DECISION_RECORDED',
});

export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT, value);
}

/** A workflow event's history type is its own name, except a reopening, recorded as what it did. */
export function workflowEventType(type: WorkflowEventType): EventType {
  return type === 'REOPEN_STAGE' ? EVENT.STAGE_REOPENED : EVENT[type];
}

/**
 * Stage decisions: accepted entries after which the service signs a checkpoint of the history
 * (approve, request changes, hold, resume, withdraw, a business case approved, and every decision
 * the board records).
 */
export function isStageDecision(type: string, payload: Record<string, unknown>): boolean {
  if (type === EVENT.BUSINESS_CASE_STATUS_CHANGED) return payload.status === 'approved';
  // the board's own decisions, on a stage or the business case, are decisions of record
  if (type === EVENT.BOARD_DECISION_RECORDED) return true;
  return (
    type === EVENT.APPROVE_STAGE ||
    type === EVENT.REQUEST_CHANGES ||
    type === EVENT.PUT_ON_HOLD ||
    type === EVENT.RESUME ||
    type === EVENT.WITHDRAW ||
    type === EVENT.STAGE_REOPENED
  );
}

/** The part of an event a command knows before its work runs (what a refused entry records). */
export type EventRequest<K extends EventType> = Partial<EventPayload<K>>;

/** The account audit log's catalogue: every change to who may do what. */
export interface AuditPayloads {
  USER_CREATED: { email: string; name: string; role: string };
  USER_ROLE_CHANGED: { from: string; to: string };
  USER_RENAMED: { from: string; to: string };
  USER_DEACTIVATED: Record<string, never>;
  USER_REACTIVATED: Record<string, never>;
  USER_PASSWORD_RESET: { credentialsVersion: number };
  MANAGER_ASSIGNED: { project: string; userId: string; previousUserId: string | null };
}

export type AuditEventType = keyof AuditPayloads;

export const AUDIT_EVENT: { readonly [K in AuditEventType]: K } = Object.freeze({
  USER_CREATED: 'USER_CREATED',
  USER_ROLE_CHANGED: 'USER_ROLE_CHANGED',
  USER_RENAMED: 'USER_RENAMED',
  USER_DEACTIVATED: 'USER_DEACTIVATED',
  USER_REACTIVATED: 'USER_REACTIVATED',
  USER_PASSWORD_RESET: 'USER_PASSWORD_RESET',
  MANAGER_ASSIGNED: 'MANAGER_ASSIGNED',
});
