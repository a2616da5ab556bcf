import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DISCUSSION_POST_FIELDS, discussionTextErrors, EVENT, SavedDiscussionPost, stageLabel, StageKey, WINDOWS } from '../../workflows';
import { AuthUser } from '../auth/current-user';
import { CommandRefusedError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { CommandContext, ProjectCommandService } from '../projects/project-commands.service';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { BoardDecisionEntity } from './board-decision.entity';
import { DiscussionPostEntity } from './discussion-post.entity';

/** A post as the API and the pages show it; a removed one is a tombstone. */
export interface DiscussionPostView {
  id: string;
  position: number;
  stage: StageKey;
  replyToId: string | null;
  author: string;
  authorUserId: string;
  /** null once removed. */
  text: string | null;
  createdAt: string;
  editedAt: string | null;
  removed: boolean;
  removedAt: string | null;
  removedBy: string | null;
  /** "Removed by <name>" for a tombstone, else null. */
  tombstone: string | null;
}

/**
 * Each stage's discussion thread: posts, replies, edits and removals by their author, each a
 * project command (a history entry with the post as saved). Separate from review decisions and
 * their comments.
 */
@Injectable()
export class DiscussionService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(slug: string, stage: StageKey): Promise<{ stage: StageKey; items: DiscussionPostView[] }> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const rows = await manager.find(DiscussionPostEntity, { where: { projectId: project.id, stage }, order: { position: 'ASC' } });
      return { stage, items: rows.map(postView) };
    });
  }

  async add(slug: string, stage: StageKey, body: { text: unknown; replyTo?: unknown; expectedVersion?: number }, actor: Actor): Promise<{ post: DiscussionPostView; entry: HistoryEntryEntity }> {
    const text = checkText(body.text);
    const replyToId = body.replyTo === undefined || body.replyTo === null || body.replyTo === '' ? null : body.replyTo;
    if (replyToId !== null && typeof replyToId !== 'string') throw new InvalidInputError('replyTo must be the id of a post.', [{ field: 'replyTo', message: 'replyTo must be the id of a post' }]);
    const id = randomUUID();
    const done = await this.commands.execute(
      { slug, type: EVENT.DISCUSSION_POST_ADDED, stage, payload: { postId: id, replyToId, text }, expectedVersion: body.expectedVersion, actor },
      async (ctx) => {
        mayPost(ctx, stage);
        if (replyToId && !(await ctx.manager.exists(DiscussionPostEntity, { where: { id: replyToId, projectId: ctx.project.id, stage } }))) {
          throw new InvalidInputError(`There is no post ${replyToId} in the discussion of ${stageLabel(stage)} to reply to.`, [
            { field: 'replyTo', message: `no post "${replyToId}" in this stage's discussion` },
          ]);
        }
        const row: DiscussionPostEntity = {
          id,
          projectId: ctx.project.id,
          position: await nextPosition(ctx.manager, DiscussionPostEntity, ctx.project.id),
          stage,
          replyToId,
          authorUserId: actor.id ?? '',
          authorName: actor.name,
          text,
          createdAt: ctx.now,
          editedAt: null,
          removedAt: null,
          removedById: null,
          removedByName: null,
        };
        await ctx.manager.insert(DiscussionPostEntity, row as QueryDeepPartialEntity<DiscussionPostEntity>);
        return { result: row, event: { post: savedPost(row) } };
      },
    );
    return { post: postView(done.result), entry: done.entry };
  }

  async edit(slug: string, stage: StageKey, postId: string, body: { text: unknown; expectedVersion?: number }, actor: Actor, user: AuthUser): Promise<{ post: DiscussionPostView; entry: HistoryEntryEntity }> {
    const text = checkText(body.text);
    await this.mustExist(slug, stage, postId);
    const done = await this.commands.execute(
      { slug, type: EVENT.DISCUSSION_POST_EDITED, stage, payload: { postId, text }, expectedVersion: body.expectedVersion, actor },
      async (ctx) => {
        const before = await this.authorsPost(ctx, stage, postId, user, 'edit');
        if (before.removedAt) throw removedRefusal(before, stage);
        mayPost(ctx, stage);
        const after: DiscussionPostEntity = { ...before, text, editedAt: ctx.now };
        await ctx.manager.update(DiscussionPostEntity, { id: postId, projectId: ctx.project.id }, { text, editedAt: ctx.now });
        return { result: after, event: { post: savedPost(after), before: savedPost(before) } };
      },
    );
    return { post: postView(done.result), entry: done.entry };
  }

  async remove(slug: string, stage: StageKey, postId: string, expectedVersion: number | undefined, actor: Actor, user: AuthUser): Promise<{ post: DiscussionPostView; entry: HistoryEntryEntity }> {
    await this.mustExist(slug, stage, postId);
    const done = await this.commands.execute(
      { slug, type: EVENT.DISCUSSION_POST_REMOVED, stage, payload: { postId }, expectedVersion, actor },
      async (ctx) => {
        const before = await this.authorsPost(ctx, stage, postId, user, 'remove');
        if (before.removedAt) throw removedRefusal(before, stage);
        mayPost(ctx, stage);
        const removal = { text: null, removedAt: ctx.now, removedById: actor.id ?? '', removedByName: actor.name };
        await ctx.manager.update(DiscussionPostEntity, { id: postId, projectId: ctx.project.id }, removal);
        const after: DiscussionPostEntity = { ...before, ...removal };
        return { result: after, event: { post: savedPost(after), before: savedPost(before) } };
      },
    );
    return { post: postView(done.result), entry: done.entry };
  }

  /** 404 before any command for an unknown project or post (nothing recorded). */
  private async mustExist(slug: string, stage: StageKey, postId: string): Promise<void> {
    await this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      if (!(await findPost(manager, project.id, stage, postId))) throw new NotFoundError('Post', postId);
    });
  }

  private async authorsPost(ctx: CommandContext, stage: StageKey, postId: string, user: AuthUser, what: 'edit' | 'remove'): Promise<DiscussionPostEntity> {
    const post = await findPost(ctx.manager, ctx.project.id, stage, postId);
    if (!post) throw new NotFoundError('Post', postId);
    if (post.authorUserId !== user.id) throw new ForbiddenError(`Only the person who wrote a post can ${what} it.`);
    return post;
  }
}

/** The next position in the project's table (the command holds the project: no other command writes it meanwhile). */
export async function nextPosition(manager: EntityManager, entity: typeof DiscussionPostEntity | typeof BoardDecisionEntity, projectId: string): Promise<number> {
  const row = await manager.createQueryBuilder(entity, 'r').select('MAX(r.position)', 'max').where('r.projectId = :projectId', { projectId }).getRawOne<{ max: number | string | null }>();
  return Number(row?.max ?? 0) + 1;
}

function findPost(manager: EntityManager, projectId: string, stage: StageKey, id: string): Promise<DiscussionPostEntity | null> {
  return manager.findOne(DiscussionPostEntity, { where: { id, projectId, stage } });
}

function checkText(text: unknown): string {
  const errors = discussionTextErrors(text);
  if (errors.length > 0) throw new InvalidInputError(`${errors[0].message}.`, errors);
  return (text as string).trim();
}

/** The one write-window rule: the project not closed, the caller one of the project's people. */
function mayPost(ctx: CommandContext, stage: StageKey): void {
  assertMayWrite({ snapshot: ctx.project.snapshot, window: WINDOWS.discussion, subject: `The discussion of ${stageLabel(stage)}`, role: ctx.actor.role });
}

function removedRefusal(post: DiscussionPostEntity, stage: StageKey): CommandRefusedError {
  return new CommandRefusedError('This post was removed.', [
    { code: 'POST_REMOVED', message: `This post was removed on ${String(post.removedAt).slice(0, 10)} by ${post.removedByName}; it cannot be changed any more.`, stage },
  ]);
}

export function savedPost(row: DiscussionPostEntity): SavedDiscussionPost {
  return Object.fromEntries(DISCUSSION_POST_FIELDS.map((f) => [f, f === 'position' ? Number(row[f]) : (row[f] ?? null)])) as unknown as SavedDiscussionPost;
}

export function postView(row: DiscussionPostEntity): DiscussionPostView {
  const removed = row.removedAt !== null && row.removedAt !== undefined;
  return {
    id: row.id,
    position: Number(row.position),
    stage: row.stage,
    replyToId: row.replyToId ?? null,
    author: row.authorName,
    authorUserId: row.authorUserId,
    text: removed ? null : row.text,
    createdAt: row.createdAt,
    editedAt: row.editedAt ?? null,
    removed,
    removedAt: row.removedAt ?? null,
    removedBy: row.removedByName ?? null,
    tombstone: removed ? `Removed by ${row.removedByName}` : null,
  };
}
