import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { boardDecisionWords, BoardDecision, StageKey } from '../../../workflows';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { BoardDecisionsService } from '../../collaboration/board-decisions.service';
import { DiscussionService } from '../../collaboration/discussion.service';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/domain-errors';
import { ParseSlugPipe, ParseStagePipe } from '../../common/params';
import { domainErrorSummary, FormErrors, FormSpec } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { CollaborationForm } from '../presenters/collaboration';
import { StagePresenter } from '../presenters/stage.presenter';
import { Stage6Presenter } from '../presenters/stage6.presenter';

const DISCUSSION_FORM: FormSpec = { labels: { text: 'your post', replyTo: 'the post you reply to' }, ids: { text: 'discussion-text', replyTo: 'discussion-reply-to' } };
const BOARD_FORM: FormSpec = {
  labels: { decision: "the board's decision", meetingDate: 'the meeting date', minuteReference: 'the minute reference', note: 'the note' },
  ids: { decision: 'board-decision', meetingDate: 'board-meeting-date', minuteReference: 'board-minute-reference', note: 'board-note' },
};

/**
 * The stage page's discussion (post, reply, remove one's own post) and the board member's
 * "Record the board's decision" forms on the stage and business-case pages. The same services
 * and rules as the API; a refusal is shown on the page with the error summary, nothing saved.
 */
@PageController('projects')
export class CollaborationPagesController {
  constructor(
    private readonly discussion: DiscussionService,
    private readonly board: BoardDecisionsService,
    private readonly stages: StagePresenter,
    private readonly stage6: Stage6Presenter,
  ) {}

  @Post(':slug/stages/:stage/discussion')
  @ProjectAccess('discuss')
  async post(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const values = { text: body?.text, replyTo: body?.replyTo || undefined };
    try {
      await this.discussion.add(slug, stage, values, actorOf(user));
    } catch (error) {
      const errors = summary(error, DISCUSSION_FORM);
      return render(reply, 'pages/stage', await this.stages.page(slug, stage, user, undefined, { key: 'discussion', values: body ?? {}, errors }), status(error));
    }
    setFlash(request, { type: 'success', heading: 'Your post was added to the discussion' });
    return redirect(reply, `/projects/${slug}/stages/${stage}#discussion`);
  }

  @Get(':slug/stages/:stage/discussion/:postId/edit')
  @ProjectAccess('discuss')
  async editForm(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('postId') postId: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/discussion-edit', await this.editPage(slug, stage, postId, user));
  }

  @Post(':slug/stages/:stage/discussion/:postId/edit')
  @ProjectAccess('discuss')
  async edit(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('postId') postId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      await this.discussion.edit(slug, stage, postId, { text: body?.text }, actorOf(user), user);
    } catch (error) {
      const errors = summary(error, DISCUSSION_FORM);
      return render(reply, 'pages/discussion-edit', { ...(await this.editPage(slug, stage, postId, user)), text: typeof body?.text === 'string' ? body.text : '', errors }, status(error));
    }
    setFlash(request, { type: 'success', heading: 'Your post was changed' });
    return redirect(reply, `/projects/${slug}/stages/${stage}#post-${postId}`);
  }

  /** The edit page of one's own post (someone else's: 403; a removed one: 404). */
  private async editPage(slug: string, stage: StageKey, postId: string, user: AuthUser) {
    const [page, thread] = await Promise.all([this.stages.page(slug, stage, user), this.discussion.list(slug, stage)]);
    const post = thread.items.find((p) => p.id === postId && !p.removed);
    if (!post) throw new NotFoundError('Post', postId);
    if (post.authorUserId !== user.id) throw new ForbiddenError('Only the person who wrote a post can edit it.');
    return { pageTitle: `Edit your post – ${page.project.name}`, project: page.project, stage: page.stage, post, text: post.text ?? '' };
  }

  @Post(':slug/stages/:stage/discussion/:postId/remove')
  @ProjectAccess('discuss')
  async remove(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('postId') postId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      await this.discussion.remove(slug, stage, postId, undefined, actorOf(user), user);
    } catch (error) {
      const errors = summary(error, DISCUSSION_FORM);
      return render(reply, 'pages/stage', await this.stages.page(slug, stage, user, undefined, { key: 'discussion', values: {}, errors }), status(error));
    }
    setFlash(request, { type: 'success', heading: 'Your post was removed', text: 'The thread shows that you removed it.' });
    return redirect(reply, `/projects/${slug}/stages/${stage}#discussion`);
  }

  @Post(':slug/stages/:stage/board-decisions')
  @ProjectAccess('board')
  async onStage(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const again = async (form: CollaborationForm, code: number) => render(reply, 'pages/stage', await this.stages.page(slug, stage, user, undefined, form), code);
    return this.decide(slug, 'stage', stage, body, user, request, reply, `/projects/${slug}/stages/${stage}#board-decisions`, again);
  }

  @Post(':slug/business-case/board-decisions')
  @ProjectAccess('board')
  async onBusinessCase(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const again = async (form: CollaborationForm, code: number) => render(reply, 'pages/stage6-business-case', await this.stage6.businessCase(slug, user, {}, form), code);
    return this.decide(slug, 'business-case', 'development-of-options', body, user, request, reply, `/projects/${slug}/business-case#board-decisions`, again);
  }

  private async decide(
    slug: string,
    target: 'stage' | 'business-case',
    stage: StageKey,
    body: Record<string, unknown>,
    user: AuthUser,
    request: FastifyRequest,
    reply: FastifyReply,
    back: string,
    again: (form: CollaborationForm, code: number) => Promise<unknown>,
  ) {
    const values = { decision: body?.decision, meetingDate: trim(body?.meetingDate), minuteReference: body?.minuteReference, note: body?.note };
    try {
      await this.board.record(slug, target, stage, values, actorOf(user));
    } catch (error) {
      return again({ key: 'board', values: body ?? {}, errors: summary(error, BOARD_FORM) }, status(error));
    }
    setFlash(request, { type: 'success', heading: `The board's decision was recorded: ${boardDecisionWords(values.decision as BoardDecision)}` });
    return redirect(reply, back);
  }
}

const trim = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

function summary(error: unknown, spec: FormSpec): FormErrors {
  const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error, spec) : null;
  if (!errors) throw error;
  return errors;
}

function status(error: unknown): number {
  if (!(error instanceof DomainError)) return 500;
  return error.kind === 'invalid' ? 400 : error.kind === 'forbidden' ? 403 : 409;
}
