import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StageKey } from '../../../workflows';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { DomainError } from '../../common/domain-errors';
import { ParseSlugPipe, ParseStagePipe } from '../../common/params';
import { ReviewDecisionDto, StageCommentDto } from '../../people/dto/review.dto';
import { ReviewsService } from '../../people/reviews.service';
import { domainErrorSummary, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { ReviewPresenter } from '../presenters/review.presenter';

const DECISION_FORM: FormSpec = {
  labels: { decision: 'your decision', comment: 'a comment', group: 'the group you decide for' },
  required: { decision: 'Select approve or request changes', comment: 'Enter a comment: say what needs to change', group: 'Select the group you decide for' },
  ids: { decision: 'decision', comment: 'decision-comment', group: 'group' },
};
const COMMENT_FORM: FormSpec = { labels: { text: 'a comment' }, required: { text: 'Enter a comment' }, ids: { text: 'comment-text' } };

/** /reviews and a stage's review page: thin, over ReviewsService like the API. */
@PageController()
export class ReviewPagesController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly presenter: ReviewPresenter,
  ) {}

  @Get('reviews')
  async queue(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/reviews', await this.presenter.queue(user));
  }

  @Get('projects/:slug/reviews/:stage')
  @ProjectAccess('read')
  async page(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/review', await this.presenter.page(slug, stage, user));
  }

  @Post('projects/:slug/reviews/:stage/decision')
  @ProjectAccess('review')
  async decide(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const form = validateForm(ReviewDecisionDto, body, DECISION_FORM);
    if (!form.ok) return render(reply, 'pages/review', await this.presenter.page(slug, stage, user, { key: 'decision', values: body, errors: form.errors }), 400);
    try {
      await this.reviews.decide(slug, stage, form.value, user, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' && error.kind !== 'forbidden' ? domainErrorSummary(error, DECISION_FORM) : null;
      if (!errors) throw error;
      return render(reply, 'pages/review', await this.presenter.page(slug, stage, user, { key: 'decision', values: body, errors }), error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
    setFlash(request, { type: 'success', heading: form.value.decision === 'approve' ? 'You approved this stage' : 'You asked for changes', text: 'The programme manager can see your decision.' });
    return redirect(reply, `/projects/${slug}/reviews/${stage}`);
  }

  @Post('projects/:slug/reviews/:stage/comments')
  @ProjectAccess('contribute')
  async comment(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const form = validateForm(StageCommentDto, body, COMMENT_FORM);
    if (!form.ok) return render(reply, 'pages/review', await this.presenter.page(slug, stage, user, { key: 'comment', values: body, errors: form.errors }), 400);
    try {
      await this.reviews.comment(slug, stage, form.value.text, undefined, user, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' && error.kind !== 'forbidden' ? domainErrorSummary(error, COMMENT_FORM) : null;
      if (!errors) throw error;
      return render(reply, 'pages/review', await this.presenter.page(slug, stage, user, { key: 'comment', values: body, errors }), error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
    setFlash(request, { type: 'success', heading: 'Comment added' });
    return redirect(reply, `/projects/${slug}/reviews/${stage}#comments`);
  }
}
