import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AttachmentTarget,
  BUSINESS_CASE_SECTIONS,
  deliverableDefinition,
  EVENT,
  FileEventFields,
  stageLabel,
  StageKey,
  targetKey,
  targetOf,
  WINDOWS,
  WriteRequest,
  writeWindowBlockers,
} from '../../workflows';
import type { PersistedProjectSnapshot } from '../../workflows/snapshot';
import { STAGE6 } from '../../workflows/stage6/common';
import { allowsProjectAccess, refusalMessage } from '../auth/access-policy';
import type { ProjectAccessLevel } from '../auth/access.decorators';
import { AuthUser } from '../auth/current-user';
import { ProjectAccessService } from '../auth/project-access.service';
import { CommandRefusedError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { StageCommentEntity } from '../people/stage-comment.entity';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { CommandContext, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { findRegister } from '../registers/register-catalogue';
import { RegisterRecordEntity } from '../registers/register-record.entity';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentsRepository, savedAttachment } from './attachments.repository';
import { ACCEPTED_TYPES_TEXT, detectEvidenceType, evidenceFilename } from './evidence-type';
import { FileStorage } from './file-storage';

/** A file as a request carried it: the name the uploader gave it and its bytes. */
export interface Upload {
  filename: string;
  bytes: Buffer;
}

/** An attachment as the API and the pages show it. */
export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  target: AttachmentTarget;
  attachedAt: string;
  attachedBy: string;
  removedAt: string | null;
  removedBy: string | null;
  /** Where to download it (the API; pages link to /files/:id). */
  href: string;
}

export interface Download {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Who may attach to (and remove from) each kind of target, as the routes declare it with
 * @ProjectAccess: the API's and the pages' routes use these, and so does `changeRule`.
 */
export const FILE_ACCESS: Record<AttachmentTarget['kind'], ProjectAccessLevel> = {
  deliverable: 'manage',
  'register-record': 'manage',
  'review-comment': 'contribute',
  'business-case-section': 'manage',
};

/** May this person attach files to (and remove them from) this target now? For a comment, pass its author's user id. */
export type FileChangeRule = (target: AttachmentTarget, commentAuthorId?: string) => boolean;

/**
 * Evidence files: attached to a deliverable, a register record, a review comment or a business
 * case section as one recorded command (FILE_ATTACHED, with the file's SHA-256), removed as
 * another (FILE_REMOVED; the bytes stay, for the history refers to them), and downloaded only by
 * those who may read the project. The bytes are stored, durably, before the command commits.
 */
@Injectable()
export class EvidenceFilesService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly transactions: TransactionRunner,
    private readonly storage: FileStorage,
    private readonly attachments: AttachmentsRepository,
    private readonly access: ProjectAccessService,
  ) {}

  async attach(slug: string, target: AttachmentTarget, upload: Upload, expectedVersion: number | undefined, actor: Actor, user: AuthUser): Promise<{ file: AttachmentView; entry: HistoryEntryEntity }> {
    checkTargetShape(target);
    const detection = detectEvidenceType(upload.bytes);
    if (!detection.accepted) {
      throw new InvalidInputError(`This type of file cannot be attached: attach a ${ACCEPTED_TYPES_TEXT} file.`, [
        { field: 'file', message: `looks like ${detection.seen}; the accepted types are ${ACCEPTED_TYPES_TEXT}` },
      ]);
    }
    const type = detection.type;
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const fields: FileEventFields = { id: randomUUID(), target, filename: evidenceFilename(upload.filename, type), contentType: type.contentType, size: upload.bytes.length, sha256 };
    // durable before the command that refers to it commits (a refused command leaves unreferenced bytes, never a dangling hash)
    await this.storage.put(sha256, upload.bytes);
    const done = await this.commands.execute({ slug, type: EVENT.FILE_ATTACHED, stage: target.stage, payload: { ...fields }, expectedVersion, actor }, async (ctx) => {
      await this.mayChange(ctx, target, user);
      const row: AttachmentEntity = {
        id: fields.id,
        projectId: ctx.project.id,
        targetKind: target.kind,
        stage: target.stage,
        targetKey: targetKey(target),
        filename: fields.filename,
        contentType: fields.contentType,
        size: fields.size,
        sha256,
        attachedAt: ctx.now,
        attachedById: actor.id ?? '',
        attachedByName: actor.name,
        removedAt: null,
        removedById: null,
        removedByName: null,
      };
      await this.attachments.insert(ctx.manager, row);
      return { result: row, event: { attachment: savedAttachment(row) } };
    });
    return { file: view(done.result), entry: done.entry };
  }

  /** Removes an attachment from its target's list: recorded, with the row before; the bytes stay. */
  async remove(slug: string, id: string, expectedVersion: number | undefined, actor: Actor, user: AuthUser): Promise<{ file: AttachmentView; entry: HistoryEntryEntity }> {
    const found = await this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      return this.attachments.inProject(manager, project.id, id);
    });
    if (!found) throw new NotFoundError('File', id);
    const target = targetOf(found.targetKind, found.stage, found.targetKey);
    const fields: FileEventFields = { id, target, filename: found.filename, contentType: found.contentType, size: Number(found.size), sha256: found.sha256 };
    const done = await this.commands.execute({ slug, type: EVENT.FILE_REMOVED, stage: found.stage, payload: { ...fields }, expectedVersion, actor }, async (ctx) => {
      const before = await this.attachments.inProject(ctx.manager, ctx.project.id, id);
      if (!before) throw new NotFoundError('File', id);
      if (before.removedAt) {
        throw new CommandRefusedError(`"${before.filename}" was already removed.`, [{ code: 'FILE_ALREADY_REMOVED', message: `"${before.filename}" was removed on ${before.removedAt.slice(0, 10)} by ${before.removedByName}.`, stage: before.stage }]);
      }
      await this.mayChange(ctx, target, user, true);
      const removal = { removedAt: ctx.now, removedById: actor.id ?? '', removedByName: actor.name };
      if (!(await this.attachments.markRemoved(ctx.manager, id, removal))) throw new NotFoundError('File', id);
      const after = { ...before, ...removal };
      return { result: after, event: { attachment: savedAttachment(after), before: savedAttachment(before) } };
    });
    return { file: view(done.result), entry: done.entry };
  }

  /** The files attached to one target (not removed), oldest first. */
  async list(slug: string, target: AttachmentTarget): Promise<{ items: AttachmentView[] }> {
    checkTargetShape(target);
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const rows = await this.attachments.forTarget(manager, project.id, target.kind, target.stage, targetKey(target));
      return { items: rows.map(view) };
    });
  }

  /** The files of one kind of target in a stage (not removed), by target key: a stage page lists them by deliverable. */
  async filesByTarget(slug: string, kind: AttachmentTarget['kind'], stage: StageKey): Promise<Map<string, AttachmentView[]>> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const byTarget = new Map<string, AttachmentView[]>();
      for (const row of await this.attachments.forStage(manager, project.id, kind, stage)) {
        byTarget.set(row.targetKey, [...(byTarget.get(row.targetKey) ?? []), view(row)]);
      }
      return byTarget;
    });
  }

  /**
   * Whether the caller may change a target's files now, for the pages to show or hide the
   * upload form and the Remove buttons: the routes' access declaration (FILE_ACCESS), the
   * comment's author, and the same write window the command checks (fileWindow). One read of the
   * project for a whole page.
   */
  async changeRule(slug: string, user: AuthUser): Promise<FileChangeRule> {
    const [relation, project] = await Promise.all([
      this.access.relation(user, slug),
      this.transactions.read((manager) => manager.findOne(ProjectEntity, { where: { slug }, select: { id: true, snapshot: true } })),
    ]);
    if (!relation || !project) return () => false;
    return (target, commentAuthorId) => {
      if (!allowsProjectAccess(user, relation, FILE_ACCESS[target.kind])) return false;
      if (target.kind === 'review-comment' && commentAuthorId !== user.id) return false;
      return writeWindowBlockers(fileWindow(project.snapshot, target, user.role)).length === 0;
    };
  }

  /**
   * The file, for someone who may read its project. Removed attachments still download: the
   * history names them. No such file and a file of a project the caller is not on both answer
   * as the project would (404, 403).
   */
  async download(id: string, user: AuthUser): Promise<Download> {
    const row = await this.transactions.read(async (manager) => {
      const attachment = await this.attachments.byId(manager, id);
      if (!attachment) return null;
      const project = await manager.findOne(ProjectEntity, { where: { id: attachment.projectId }, select: { slug: true } });
      return project ? { attachment, slug: project.slug } : null;
    });
    if (!row) throw new NotFoundError('File', id);
    const relation = await this.access.relation(user, row.slug);
    if (!relation || !allowsProjectAccess(user, relation, 'read')) throw new ForbiddenError(refusalMessage('read'));
    const bytes = await this.storage.get(row.attachment.sha256);
    if (!bytes) throw new Error(`the bytes of file ${id} (sha256 ${row.attachment.sha256}) are missing from file storage`);
    return { filename: row.attachment.filename, contentType: row.attachment.contentType, bytes };
  }

  /**
   * Whether this caller may change this target's files now: the target exists in the project,
   * and the one write-window rule allows a change to it (the deliverable's, record's or
   * section's stage in progress; a comment's stage started). A comment's files are its author's.
   */
  private async mayChange(ctx: CommandContext, target: AttachmentTarget, user: AuthUser, removing = false): Promise<void> {
    switch (target.kind) {
      case 'deliverable':
        break;
      case 'register-record': {
        const def = findRegister(target.register)!;
        const exists = await ctx.manager.exists(RegisterRecordEntity, { where: { projectId: ctx.project.id, recordType: def.type, recordId: target.recordId } });
        if (!exists && !removing) throw new NotFoundError(capitalise(def.label), target.recordId);
        break;
      }
      case 'review-comment': {
        const comment = await ctx.manager.findOne(StageCommentEntity, { where: { id: target.commentId, projectId: ctx.project.id, stage: target.stage } });
        if (!comment) throw new NotFoundError('Comment', String(target.commentId));
        if (comment.authorUserId !== user.id) throw new ForbiddenError('Only the person who wrote a comment can attach files to it or remove them.');
        break;
      }
      case 'business-case-section':
        break;
    }
    assertMayWrite(fileWindow(ctx.project.snapshot, target, ctx.actor.role));
  }
}

/**
 * The one write-window question for a target's files: the deliverable's, record's or section's
 * stage in progress (stageWork); a comment's stage started (comment). The command asks it, and
 * so does changeRule for the pages.
 */
export function fileWindow(snapshot: PersistedProjectSnapshot, target: AttachmentTarget, role: WriteRequest['role']): WriteRequest {
  switch (target.kind) {
    case 'deliverable': {
      const definition = deliverableDefinition(target.stage, target.deliverable)!;
      return { snapshot, window: WINDOWS.stageWork, subject: `The evidence files of "${definition.title}"`, stage: target.stage, deliverable: target.deliverable, role };
    }
    case 'register-record':
      return { snapshot, window: WINDOWS.stageWork, subject: `The evidence files of ${findRegister(target.register)!.label} ${target.recordId}`, stage: target.stage, role };
    case 'review-comment':
      return { snapshot, window: WINDOWS.comment, subject: `A file on a comment on ${stageLabel(target.stage)}`, stage: target.stage, role };
    case 'business-case-section':
      return { snapshot, window: WINDOWS.stageWork, subject: `The evidence files of the ${target.section} case`, stage: target.stage, role };
  }
}

/** A target that names nothing the framework has: 400 before any bytes are stored. */
function checkTargetShape(target: AttachmentTarget): void {
  switch (target.kind) {
    case 'deliverable':
      if (!deliverableDefinition(target.stage, target.deliverable)) {
        throw new InvalidInputError('Unknown deliverable.', [{ field: 'deliverable', message: `"${target.deliverable}" is not a deliverable of ${stageLabel(target.stage)}` }]);
      }
      return;
    case 'register-record': {
      const def = findRegister(target.register);
      if (!def || def.stage !== target.stage) throw new InvalidInputError('Unknown register.', [{ field: 'register', message: `"${target.register}" is not a register` }]);
      return;
    }
    case 'review-comment':
      if (!Number.isSafeInteger(target.commentId) || target.commentId < 1) {
        throw new InvalidInputError('Unknown comment.', [{ field: 'commentId', message: 'must be a whole number, the id of a comment' }]);
      }
      return;
    case 'business-case-section':
      if (target.stage !== STAGE6 || !BUSINESS_CASE_SECTIONS.includes(target.section)) {
        throw new InvalidInputError('Unknown business case section.', [{ field: 'case', message: `must be one of ${BUSINESS_CASE_SECTIONS.join(', ')}` }]);
      }
      return;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function view(row: AttachmentEntity): AttachmentView {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    size: Number(row.size),
    sha256: row.sha256,
    target: targetOf(row.targetKind, row.stage, row.targetKey),
    attachedAt: row.attachedAt,
    attachedBy: row.attachedByName,
    removedAt: row.removedAt,
    removedBy: row.removedByName,
    href: `/api/files/${row.id}`,
  };
}
