import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StageKey } from '../../../workflows';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-errors';
import { ParseSlugPipe, ParseStagePipe } from '../../common/params';
import { RegisterDefinition } from '../../registers/register-catalogue';
import { ParseRegisterPipe } from '../../registers/register.pipe';
import { ACCEPTED_CSV_ENCODINGS, detectCsvText } from '../../registers/csv-body';
import { CsvImportFailedError } from '../../registers/registers.errors';
import { RegistersService } from '../../registers/registers.service';
import { domainErrorSummary, formErrors, FormErrors } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { RegisterPresenter } from '../presenters/register.presenter';
import { recordErrors, recordFromForm } from '../presenters/register-forms';
import { UPLOAD_LIMITS } from '../web-setup';

/** Stages 2-5's registers: tables, record forms, CSV download and upload; traceability. */
@PageController('projects')
export class RegisterPagesController {
  constructor(
    private readonly registers: RegistersService,
    private readonly presenter: RegisterPresenter,
  ) {}

  @Get(':slug/traceability')
  @ProjectAccess('read')
  async traceability(@Param('slug', ParseSlugPipe) slug: string, @Res() reply: FastifyReply) {
    await render(reply, 'pages/traceability', await this.presenter.traceability(slug));
  }

  @Get(':slug/stages/:stage/registers/:register')
  @ProjectAccess('read')
  async register(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    inStage(def, stage);
    await render(reply, 'pages/register', await this.presenter.register(slug, def, user));
  }

  @Get(':slug/stages/:stage/registers/:register/csv')
  @ProjectAccess('read')
  async download(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @Res() reply: FastifyReply) {
    inStage(def, stage);
    const csv = await this.registers.exportCsv(slug, def);
    await reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${slug}-${def.name}.csv"`).send(csv);
  }

  /** CSV upload through a file field; all or nothing, every bad row named in the error summary. */
  @Post(':slug/stages/:stage/registers/:register/import')
  @ProjectAccess('manage')
  async upload(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    inStage(def, stage);
    const again = async (errors: FormErrors, status: number, mode?: string) => render(reply, 'pages/register', { ...(await this.presenter.register(slug, def, user)), errors, mode }, status);
    if (!request.isMultipart()) return again(formErrors([{ field: 'csvFile', text: 'Select a CSV file' }]), 400);
    let text: string;
    let mode = 'append';
    try {
      const file = await request.file();
      const fields = (file?.fields ?? {}) as Record<string, { value?: unknown } | undefined>;
      mode = fields.mode?.value === 'replace' ? 'replace' : 'append';
      if (!file || file.filename === '') return again(formErrors([{ field: 'csvFile', text: 'Select a CSV file' }]), 400, mode);
      const decoded = detectCsvText(await file.toBuffer());
      if (!decoded) return again(formErrors([{ field: 'csvFile', text: `The file must be saved as ${ACCEPTED_CSV_ENCODINGS}` }], {}, 'The file is in an encoding we cannot read'), 400, mode);
      text = decoded.text;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 413) {
        return again(formErrors([{ field: 'csvFile', text: `The file must be smaller than ${UPLOAD_LIMITS.fileSize / 1024} KB` }], {}, 'The file is too big'), 413, mode);
      }
      throw error;
    }
    if (text.trim() === '') return again(formErrors([{ field: 'csvFile', text: 'The selected file is empty' }]), 400, mode);
    try {
      const outcome = await this.registers.importCsv(slug, def, text, mode as 'append' | 'replace', undefined, actorOf(user));
      setFlash(request, { type: 'success', heading: `${outcome.created + outcome.updated} ${outcome.created + outcome.updated === 1 ? 'record' : 'records'} imported`, text: `The register now has ${outcome.total}.` });
    } catch (error) {
      if (error instanceof CsvImportFailedError) {
        const rows = error.rows.map((r, i) => ({ field: `row-${i}`, text: `Row ${r.row} (line ${r.line})${r.column ? `, column ${r.column}` : ''}: ${r.message}` }));
        const errors = formErrors(rows, {}, `Nothing was imported: the file has ${error.rows.length === 1 ? 'a problem' : `${error.rows.length} problems`}`);
        // every link goes to the file field: the problems are in the file
        errors.summary = errors.summary.map((s) => ({ ...s, href: '#csvFile' }));
        errors.fields = { csvFile: 'The file has problems; nothing was imported. Fix the rows listed above and upload it again' };
        return again(errors, 400, mode);
      }
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error) : null;
      if (!errors) throw error;
      return again(errors, error instanceof DomainError && error.kind === 'invalid' ? 400 : 409, mode);
    }
    return redirect(reply, `/projects/${slug}/stages/${stage}#register-${def.name}`);
  }

  @Get(':slug/stages/:stage/registers/:register/new')
  @ProjectAccess('manage')
  async newRecord(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @Res() reply: FastifyReply) {
    inStage(def, stage);
    await render(reply, 'pages/register-record', await this.presenter.recordForm(slug, def, {}));
  }

  @Post(':slug/stages/:stage/registers/:register')
  @ProjectAccess('manage')
  async create(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    inStage(def, stage);
    try {
      const { record } = await this.registers.create(slug, def, recordFromForm(def, body, false), undefined, actorOf(user));
      setFlash(request, { type: 'success', heading: `${record.id} was added` });
    } catch (error) {
      return this.formFailed(reply, error, slug, def, body);
    }
    return redirect(reply, `/projects/${slug}/stages/${stage}#register-${def.name}`);
  }

  @Get(':slug/stages/:stage/registers/:register/records/:id')
  @ProjectAccess('manage')
  async editRecord(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @Param('id') id: string, @Res() reply: FastifyReply) {
    inStage(def, stage);
    const record = await this.registers.get(slug, def, id);
    await render(reply, 'pages/register-record', await this.presenter.recordForm(slug, def, record, undefined, record));
  }

  @Post(':slug/stages/:stage/registers/:register/records/:id')
  @ProjectAccess('manage')
  async update(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    inStage(def, stage);
    const record = await this.registers.get(slug, def, id);
    try {
      await this.registers.update(slug, def, id, recordFromForm(def, body, true), undefined, actorOf(user));
      setFlash(request, { type: 'success', heading: `${id} was changed` });
    } catch (error) {
      return this.formFailed(reply, error, slug, def, body, record);
    }
    return redirect(reply, `/projects/${slug}/stages/${stage}#register-${def.name}`);
  }

  @Post(':slug/stages/:stage/registers/:register/records/:id/delete')
  @ProjectAccess('manage')
  async remove(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    inStage(def, stage);
    try {
      await this.registers.remove(slug, def, id, undefined, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error) : null;
      if (!errors) throw error;
      return render(reply, 'pages/register', { ...(await this.presenter.register(slug, def, user)), errors }, 409);
    }
    setFlash(request, { type: 'success', heading: `${id} was deleted` });
    return redirect(reply, `/projects/${slug}/stages/${stage}#register-${def.name}`);
  }

  private async formFailed(reply: FastifyReply, error: unknown, slug: string, def: RegisterDefinition, body: Record<string, unknown>, record?: Record<string, unknown>) {
    let errors: FormErrors | null;
    if (error instanceof InvalidInputError) errors = recordErrors(def, error.fields);
    else errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error) : null;
    if (!errors) throw error;
    return render(reply, 'pages/register-record', await this.presenter.recordForm(slug, def, body, errors, record), error instanceof InvalidInputError ? 400 : 409);
  }
}

/** A register's pages are under its own stage only. */
function inStage(def: RegisterDefinition, stage: StageKey): void {
  if (def.stage !== stage) throw new NotFoundError('Register', def.name);
}
