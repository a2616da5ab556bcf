import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StageKey } from '../../../workflows';
import { CaseKey, STAGE6 } from '../../../workflows/stage6';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { CommandRefusedError, DomainError, InvalidInputError, NotFoundError, VersionConflictError } from '../../common/domain-errors';
import { ParseSlugPipe, ParseStagePipe } from '../../common/params';
import { AppConfig } from '../../config/app-config';
import { ParseCasePipe } from '../../development-of-options/business-case.controller';
import { EvidenceFilesService, FILE_ACCESS } from '../../files/evidence-files.service';
import { sendFile } from '../../files/files.controller';
import { FileTooLargeError, formatBytes, readUpload } from '../../files/upload';
import { RegisterDefinition } from '../../registers/register-catalogue';
import { ParseRegisterPipe } from '../../registers/register.pipe';
import { RegistersService } from '../../registers/registers.service';
import { domainErrorSummary, formErrors, FormErrors } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { RegisterPresenter } from '../presenters/register.presenter';
import { ReviewPresenter } from '../presenters/review.presenter';
import { StagePresenter } from '../presenters/stage.presenter';
import { Stage6Presenter } from '../presenters/stage6.presenter';
import { safeLocalPath } from '../web-paths';

/**
 * Evidence files on the pages: download; attach to a deliverable, a register record, a review
 * comment (its author) or a business case section; remove.
 * Thin, over EvidenceFilesService (the API's service); a failed upload shows the page again with
 * the reason at the file field.
 */
@PageController()
export class EvidenceFilePagesController {
  constructor(
    private readonly files: EvidenceFilesService,
    private readonly registers: RegistersService,
    private readonly stages: StagePresenter,
    private readonly registerPages: RegisterPresenter,
    private readonly reviewPages: ReviewPresenter,
    private readonly stage6Pages: Stage6Presenter,
    private readonly config: AppConfig,
  ) {}

  @Get('files/:id')
  async download(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await sendFile(reply, await this.files.download(id, user));
  }

  @Post('projects/:slug/stages/:stage/deliverables/:deliverable/files')
  @ProjectAccess(FILE_ACCESS['deliverable'])
  async attachToDeliverable(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('deliverable') deliverable: string,
    @Query('expectedVersion') expectedVersion: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const field = `file-${deliverable}`;
    try {
      const { file } = await this.files.attach(slug, { kind: 'deliverable', stage, deliverable }, await readUpload(request, this.config.UPLOAD_LIMIT_BYTES), version(expectedVersion), actorOf(user), user);
      setFlash(request, { type: 'success', heading: `${file.filename} was attached` });
    } catch (error) {
      const failure = this.uploadFailure(error, field);
      return render(reply, 'pages/stage', await this.stages.page(slug, stage, user, { key: `files:${deliverable}`, values: {}, errors: failure.errors }), failure.status);
    }
    return redirect(reply, `/projects/${slug}/stages/${stage}#deliverable-${deliverable}`);
  }

  @Post('projects/:slug/stages/:stage/registers/:register/records/:id/files')
  @ProjectAccess(FILE_ACCESS['register-record'])
  async attachToRecord(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @Query('expectedVersion') expectedVersion: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (def.stage !== stage) throw new NotFoundError('Register', def.name);
    const record = await this.registers.get(slug, def, id);
    const back = `/projects/${slug}/stages/${stage}/registers/${def.name}/records/${encodeURIComponent(id)}`;
    try {
      const { file } = await this.files.attach(slug, { kind: 'register-record', stage, register: def.name, recordId: id }, await readUpload(request, this.config.UPLOAD_LIMIT_BYTES), version(expectedVersion), actorOf(user), user);
      setFlash(request, { type: 'success', heading: `${file.filename} was attached to ${id}` });
    } catch (error) {
      const failure = this.uploadFailure(error, 'file');
      return render(reply, 'pages/register-record', await this.registerPages.recordForm(slug, def, {}, failure.errors, record), failure.status);
    }
    return redirect(reply, back);
  }

  /** A file on a review comment, by the comment's author, from the stage's review page. */
  @Post('projects/:slug/reviews/:stage/comments/:commentId/files')
  @ProjectAccess(FILE_ACCESS['review-comment'])
  async attachToComment(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('commentId') commentId: string,
    @Query('expectedVersion') expectedVersion: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!/^[1-9]\d{0,15}$/.test(commentId)) throw new NotFoundError('Comment', commentId);
    const field = `file-comment-${commentId}`;
    try {
      const { file } = await this.files.attach(slug, { kind: 'review-comment', stage, commentId: Number(commentId) }, await readUpload(request, this.config.UPLOAD_LIMIT_BYTES), version(expectedVersion), actorOf(user), user);
      setFlash(request, { type: 'success', heading: `${file.filename} was attached to your comment` });
    } catch (error) {
      const failure = this.uploadFailure(error, field);
      return render(reply, 'pages/review', await this.reviewPages.page(slug, stage, user, { key: `files:${commentId}`, values: {}, errors: failure.errors }), failure.status);
    }
    return redirect(reply, `/projects/${slug}/reviews/${stage}#comment-${commentId}`);
  }

  /** A file on one of the business case's five sections, by the programme manager, from the business case page. */
  @Post('projects/:slug/business-case/:case/files')
  @ProjectAccess(FILE_ACCESS['business-case-section'])
  async attachToSection(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('case', ParseCasePipe) section: CaseKey,
    @Query('expectedVersion') expectedVersion: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const field = `file-${section}`;
    try {
      const { file } = await this.files.attach(slug, { kind: 'business-case-section', stage: STAGE6, section }, await readUpload(request, this.config.UPLOAD_LIMIT_BYTES), version(expectedVersion), actorOf(user), user);
      setFlash(request, { type: 'success', heading: `${file.filename} was attached to the ${section} case` });
    } catch (error) {
      const failure = this.uploadFailure(error, field);
      return render(reply, 'pages/stage6-business-case', await this.stage6Pages.businessCase(slug, user, { key: `files:${section}`, errors: failure.errors }), failure.status);
    }
    return redirect(reply, `/projects/${slug}/business-case#case-${section}`);
  }

  /** Removes an attachment (recorded; the file stays downloadable from the history) and returns to the page it was listed on. */
  @Post('projects/:slug/files/:fileId/remove')
  @ProjectAccess('contribute')
  async remove(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('fileId') fileId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const back = safeLocalPath(body?.back);
    try {
      const { file } = await this.files.remove(slug, fileId, version(body?.expectedVersion), actorOf(user), user);
      setFlash(request, { type: 'success', heading: `${file.filename} was removed`, text: 'The project history still records it.' });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not-found') throw error;
      setFlash(request, { type: 'info', heading: 'The file was not removed', text: error.message });
    }
    return redirect(reply, back);
  }

  /** A failed upload in the words of the file field, with its status (400, 409 or 413). */
  private uploadFailure(error: unknown, field: string): { errors: FormErrors; status: number } {
    if (error instanceof FileTooLargeError) {
      return { errors: formErrors([{ field, text: `The file must be ${formatBytes(error.limitBytes)} or smaller` }], {}, 'The file is too big'), status: 413 };
    }
    if (error instanceof InvalidInputError) {
      const text = error.fields[0]?.field === 'file' && /looks like/.test(error.fields[0].message) ? `The selected file ${error.fields[0].message.replace(/; the accepted/, '. The accepted')}` : 'Select a file to attach';
      return { errors: formErrors([{ field, text }]), status: 400 };
    }
    if (error instanceof CommandRefusedError && !(error instanceof VersionConflictError) && error.blockers.length > 0) {
      // the closed write window, said at the file field (the form stays on the page again so the link has a target)
      const text = error.blockers[0].message;
      return { errors: { title: 'The file was not attached', fields: { [field]: text }, summary: error.blockers.map((b) => ({ text: b.message, href: `#${field}` })) }, status: 409 };
    }
    const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error) : null;
    if (!errors) throw error;
    return { errors, status: error instanceof DomainError && error.kind === 'forbidden' ? 403 : 409 };
  }
}

function version(value: unknown): number | undefined {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isSafeInteger(n) || n < 1 ? undefined : n;
}
