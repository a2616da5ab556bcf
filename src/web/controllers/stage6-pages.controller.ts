import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseKey } from '../../../workflows/stage6';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { DomainError } from '../../common/domain-errors';
import { ParseSlugPipe } from '../../common/params';
import { ParseCasePipe } from '../../development-of-options/business-case.controller';
import { DevelopmentOfOptionsService } from '../../development-of-options/development-of-options.service';
import { AppraisalDto } from '../../development-of-options/dto/appraisal.dto';
import { ServiceChangeAssuranceDto } from '../../development-of-options/dto/assurance.dto';
import { CaseStatusDto } from '../../development-of-options/dto/business-case.dto';
import { CreateOptionDto, UpdateOptionDto } from '../../development-of-options/dto/option.dto';
import { domainErrorSummary, FormErrors, formErrors, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { Stage6Presenter } from '../presenters/stage6.presenter';
import {
  APPRAISAL_FORM,
  appraisalBody,
  appraisalField,
  ASSURANCE_FORM,
  assuranceBody,
  CASE_DTOS,
  caseBody,
  caseFormField,
  caseSpec,
  OPTION_FORM,
  optionBody,
  remapErrors,
  validateShape,
} from '../presenters/stage6-forms';

const CASE_STATUS_FORM: FormSpec = { labels: { status: 'the status' } };
const STATUS_WORDS: Record<string, string> = { draft: 'returned to draft', complete: 'marked complete' };

/**
 * Stage 6, development of options: /projects/:slug/options (the five-dimension filter and the
 * short list, add and change), appraisals (table and SVG chart), the five cases one per page, the
 * business case document (printable) and the service change assurance form. The same service
 * and DTOs as the API's stage 6 endpoints.
 */
@PageController('projects')
export class Stage6PagesController {
  constructor(
    private readonly stage6: DevelopmentOfOptionsService,
    private readonly pages: Stage6Presenter,
  ) {}

  // ---- options --------------------------------------------------------------------------

  @Get(':slug/options')
  @ProjectAccess('read')
  async options(@Param('slug', ParseSlugPipe) slug: string, @Query() query: Record<string, unknown>, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-options', await this.pages.options(slug, user, query ?? {}));
  }

  @Get(':slug/options/new')
  @ProjectAccess('manage')
  async newOption(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-option', await this.pages.optionForm(slug, user, null));
  }

  @Post(':slug/options')
  @ProjectAccess('manage')
  async createOption(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const again = (errors: FormErrors, status: number) => this.pages.optionForm(slug, user, null, { values: body, errors }).then((p) => render(reply, 'pages/stage6-option', p, status));
    const form = validateShape(CreateOptionDto, optionBody(body, false), OPTION_FORM);
    if (!form.ok) return again(form.errors, 400);
    try {
      const created = await this.stage6.createOption(slug, form.value, actorOf(user));
      setFlash(request, { type: 'success', heading: `Option added: ${created.title}` });
    } catch (error) {
      return this.refused(error, (errors, status) => again(errors, status), OPTION_FORM);
    }
    return redirect(reply, `/projects/${slug}/options`);
  }

  @Get(':slug/options/:optionId')
  @ProjectAccess('read')
  async editOption(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId', ParseSlugPipe) optionId: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-option', await this.pages.optionForm(slug, user, optionId));
  }

  @Post(':slug/options/:optionId')
  @ProjectAccess('manage')
  async updateOption(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('optionId', ParseSlugPipe) optionId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const again = (errors: FormErrors, status: number) => this.pages.optionForm(slug, user, optionId, { values: body, errors }).then((p) => render(reply, 'pages/stage6-option', p, status));
    const form = validateShape(UpdateOptionDto, optionBody(body, true), OPTION_FORM);
    if (!form.ok) return again(form.errors, 400);
    try {
      const updated = await this.stage6.updateOption(slug, optionId, form.value, actorOf(user));
      setFlash(request, { type: 'success', heading: `Option changed: ${updated.title}` });
    } catch (error) {
      return this.refused(error, again, OPTION_FORM);
    }
    return redirect(reply, `/projects/${slug}/options`);
  }

  // ---- appraisal ------------------------------------------------------------------------

  @Get(':slug/appraisals')
  @ProjectAccess('read')
  async appraisals(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-appraisals', await this.pages.appraisals(slug, user));
  }

  @Get(':slug/options/:optionId/appraisal')
  @ProjectAccess('manage')
  async appraisalForm(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId', ParseSlugPipe) optionId: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-appraisal', await this.pages.appraisalForm(slug, user, optionId));
  }

  @Post(':slug/options/:optionId/appraisal')
  @ProjectAccess('manage')
  async recordAppraisal(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('optionId', ParseSlugPipe) optionId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ids = { score_deliverability: 'score_deliverability' };
    const again = (errors: FormErrors, status: number) => this.pages.appraisalForm(slug, user, optionId, { values: body, errors }).then((p) => render(reply, 'pages/stage6-appraisal', p, status));
    const shaped = appraisalBody(body);
    if (shaped.errors.length) return again(formErrors(shaped.errors), 400);
    const form = validateShape(AppraisalDto, shaped.body, APPRAISAL_FORM);
    if (!form.ok) return again(remapErrors(form.errors, (f) => (f === 'scores' ? 'score_deliverability' : f), ids), 400);
    try {
      await this.stage6.recordAppraisal(slug, optionId, form.value, actorOf(user));
    } catch (error) {
      return this.refused(error, (errors, status) => again(remapErrors(errors, appraisalField), status), APPRAISAL_FORM);
    }
    setFlash(request, { type: 'success', heading: 'Appraisal recorded' });
    return redirect(reply, `/projects/${slug}/appraisals#option-${optionId}`);
  }

  // ---- business case --------------------------------------------------------------------

  @Get(':slug/business-case')
  @ProjectAccess('read')
  async businessCase(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-business-case', await this.pages.businessCase(slug, user));
  }

  @Get(':slug/business-case/document')
  @ProjectAccess('read')
  async document(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-document', await this.pages.document(slug, user));
  }

  @Get(':slug/business-case/:case')
  @ProjectAccess('read')
  async caseForm(@Param('slug', ParseSlugPipe) slug: string, @Param('case', ParseCasePipe) key: CaseKey, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-case', await this.pages.caseForm(slug, user, key));
  }

  @Post(':slug/business-case/:case')
  @ProjectAccess('manage')
  async saveCase(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('case', ParseCasePipe) key: CaseKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const spec = caseSpec(key);
    const again = (errors: FormErrors, status: number) => this.pages.caseForm(slug, user, key, { values: body, errors }).then((p) => render(reply, 'pages/stage6-case', p, status));
    const shaped = caseBody(key, body);
    if (shaped.errors.length) return again(formErrors(shaped.errors), 400);
    const form = validateShape(CASE_DTOS[key] as new () => object, shaped.body, spec);
    if (!form.ok) return again(remapErrors(form.errors, caseFormField), 400);
    try {
      await this.stage6.updateCase(slug, key, { ...form.value }, undefined, actorOf(user));
    } catch (error) {
      return this.refused(error, (errors, status) => again(remapErrors(errors, caseFormField), status), spec);
    }
    setFlash(request, { type: 'success', heading: 'Case saved', text: 'It is a draft until you mark it complete.' });
    return redirect(reply, `/projects/${slug}/business-case#case-${key}`);
  }

  @Post(':slug/business-case/:case/status')
  @ProjectAccess('manage')
  async caseStatus(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('case', ParseCasePipe) key: CaseKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const spec = { ...CASE_STATUS_FORM, ids: { status: `case-${key}` } };
    const again = (errors: FormErrors, status: number) =>
      this.pages.businessCase(slug, user, { key: `${key}:${String(body?.status ?? '')}`, values: body, errors }).then((p) => render(reply, 'pages/stage6-business-case', p, status));
    const form = validateForm(CaseStatusDto, body, spec);
    if (!form.ok) return again(form.errors, 400);
    try {
      await this.stage6.setCaseStatus(slug, key, form.value, actorOf(user));
    } catch (error) {
      return this.refused(error, again, spec);
    }
    setFlash(request, { type: 'success', heading: `The ${key} case is ${STATUS_WORDS[form.value.status]}` });
    return redirect(reply, `/projects/${slug}/business-case#case-${key}`);
  }

  // ---- service change assurance ---------------------------------------------------------

  @Get(':slug/service-change-assurance')
  @ProjectAccess('read')
  async assurance(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage6-assurance', await this.pages.assurance(slug, user));
  }

  @Post(':slug/service-change-assurance')
  @ProjectAccess('manage')
  async recordAssurance(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const again = (errors: FormErrors, status: number) => this.pages.assurance(slug, user, { values: body, errors }).then((p) => render(reply, 'pages/stage6-assurance', p, status));
    const form = validateShape(ServiceChangeAssuranceDto, assuranceBody(body), ASSURANCE_FORM);
    if (!form.ok) return again(remapErrors(form.errors, (f) => (f === 'consultation' ? 'periodWeeks' : f)), 400);
    try {
      await this.stage6.recordAssurance(slug, form.value, actorOf(user));
    } catch (error) {
      return this.refused(error, again, ASSURANCE_FORM);
    }
    setFlash(request, { type: 'success', heading: 'Assurance record saved' });
    return redirect(reply, `/projects/${slug}/service-change-assurance`);
  }

  /** A refusal of the service: its field messages or the engine's blockers, shown on the form; nothing saved. */
  private refused(error: unknown, again: (errors: FormErrors, status: number) => Promise<void>, spec: FormSpec): Promise<void> {
    const errors = error instanceof DomainError ? domainErrorSummary(error, spec) : null;
    if (!errors) throw error;
    return again(errors, (error as DomainError).kind === 'invalid' ? 400 : 409);
  }
}
