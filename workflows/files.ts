/**
 * Evidence files attached to a project's records: what they can be attached to, the attachment
 * as saved (what its history events carry), and the attachments rebuilt from those events alone.
 *
 * Pure: no Nest, no database.
 */
import { EVENT } from './events';
import type { StageKey } from './framework';

/** The business case's five sections (the Green Book's five cases). */
export const BUSINESS_CASE_SECTIONS = ['strategic', 'economic', 'commercial', 'financial', 'management'] as const;
export type BusinessCaseSection = (typeof BUSINESS_CASE_SECTIONS)[number];

/** What a file is attached to. */
export type AttachmentTarget =
  | { kind: 'deliverable'; stage: StageKey; deliverable: string }
  | { kind: 'register-record'; stage: StageKey; register: string; recordId: string }
  | { kind: 'review-comment'; stage: StageKey; commentId: number }
  | { kind: 'business-case-section'; stage: StageKey; section: BusinessCaseSection };

export type AttachmentTargetKind = AttachmentTarget['kind'];

/** The target as the attachment row keeps it: its kind, its stage and one key within them. */
export function targetKey(target: AttachmentTarget): string {
  switch (target.kind) {
    case 'deliverable':
      return target.deliverable;
    case 'register-record':
      return `${target.register}/${target.recordId}`;
    case 'review-comment':
      return String(target.commentId);
    case 'business-case-section':
      return target.section;
  }
}

/** The row back as a target (the inverse of targetKey). */
export function targetOf(kind: AttachmentTargetKind, stage: StageKey, key: string): AttachmentTarget {
  switch (kind) {
    case 'deliverable':
      return { kind, stage, deliverable: key };
    case 'register-record': {
      const slash = key.indexOf('/');
      return { kind, stage, register: key.slice(0, slash), recordId: key.slice(slash + 1) };
    }
    case 'review-comment':
      return { kind, stage, commentId: Number(key) };
    case 'business-case-section':
      return { kind, stage, section: key as BusinessCaseSection };
  }
}

/** An attachment row as saved (the attachment table's row without its project id). */
export interface SavedAttachment {
  id: string;
  targetKind: AttachmentTargetKind;
  stage: StageKey;
  targetKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  attachedAt: string;
  attachedById: string;
  attachedByName: string;
  /** Set when the attachment is removed: the row (and the bytes) stay, for the history refers to them. */
  removedAt: string | null;
  removedById: string | null;
  removedByName: string | null;
}

export const ATTACHMENT_FIELDS: readonly (keyof SavedAttachment)[] = [
  'id',
  'targetKind',
  'stage',
  'targetKey',
  'filename',
  'contentType',
  'size',
  'sha256',
  'attachedAt',
  'attachedById',
  'attachedByName',
  'removedAt',
  'removedById',
  'removedByName',
];

/** What FILE_ATTACHED and FILE_REMOVED say about the file, besides the whole row. */
export interface FileEventFields {
  id: string;
  target: AttachmentTarget;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface AttachmentReplayEntry {
  type: string;
  outcome: string;
  payload: Record<string, unknown>;
}

/**
 * The attachment table as the history says it should be: every accepted FILE_ATTACHED adds its
 * row, every FILE_REMOVED replaces it with the row as removed. Entries in sequence order.
 */
export function replayAttachments(entries: readonly AttachmentReplayEntry[]): Map<string, SavedAttachment> {
  const rows = new Map<string, SavedAttachment>();
  for (const e of entries) {
    if (e.outcome !== 'accepted') continue;
    if (e.type !== EVENT.FILE_ATTACHED && e.type !== EVENT.FILE_REMOVED) continue;
    const row = e.payload.attachment as SavedAttachment | undefined;
    if (row && typeof row.id === 'string') rows.set(row.id, row);
  }
  return rows;
}
