import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stageLabel } from '../../../workflows';
import { ProjectAccess, Roles } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { DomainError } from '../../common/domain-errors';
import { ParseSlugPipe } from '../../common/params';
import { CreateProjectDto } from '../../projects/dto/create-project.dto';
import { WorkflowEventDto } from '../../projects/dto/workflow-event.dto';
import { ProjectsService } from '../../projects/projects.service';
import { WorkflowService } from '../../projects/workflow.service';
import { domainErrorSummary, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { EVENT_LABELS } from '../presenters/labels';
import { NewProjectPresenter } from '../presenters/new-project.presenter';
import { eventFormKey, ProjectPresenter } from '../presenters/project.presenter';
import { ReadsAsOf } from '../../history/as-of';

const NEW_PROJECT_FORM: FormSpec = {
  labels: { name: 'the project name', slug: 'a short name for the web address', scope: 'the scope', area: 'the area', districts: 'districts', pcns: 'PCNs', registeredPopulation: 'the registered population' },
  required: { scope: 'Select the scope: neighbourhood, town or locality' },
  coerce: { districts: 'list', pcns: 'list', registeredPopulation: 'number' },
  ids: { scope: 'scope', districts: 'districts', pcns: 'pcns' },
};

const EVENT_FORM: FormSpec = {
  labels: { type: 'the action', stage: 'the stage', reason: 'a reason', expectedVersion: 'the version' },
  coerce: { expectedVersion: 'number' },
};

/** /projects/new and /projects/:slug: thin, over ProjectsService and WorkflowService like the API. */
@PageController('projects')
export class ProjectPagesController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly project: ProjectPresenter,
    private readonly newProject: NewProjectPresenter,
  ) {}

  @Get('new')
  @Roles('programme-manager')
  async newForm(@Res() reply: FastifyReply) {
    await render(reply, 'pages/project-new', this.newProject.form({}));
  }

  @Post()
  @Roles('programme-manager')
  async create(@Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = validateForm(CreateProjectDto, body, NEW_PROJECT_FORM);
    if (!form.ok) return render(reply, 'pages/project-new', { ...this.newProject.form(body), errors: form.errors }, 400);
    try {
      const created = await this.projects.create(form.value, actorOf(user));
      setFlash(request, { type: 'success', heading: `${created.name} was created`, text: 'Stage 1, planning and co-design, is in progress.' });
      return redirect(reply, `/projects/${created.slug}`);
    } catch (error) {
      const errors = error instanceof DomainError ? domainErrorSummary(error, NEW_PROJECT_FORM) : null;
      if (!errors) throw error;
      return render(reply, 'pages/project-new', { ...this.newProject.form(body), errors }, error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
  }

  @Get(':slug')
  @ReadsAsOf()
  @ProjectAccess('read')
  async show(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/project', await this.project.page(slug, user));
  }

  /** One workflow event from a button of the project page; a refusal shows the blockers there. */
  @Post(':slug/events')
  @ProjectAccess('manage')
  async event(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const key = eventFormKey(String(body?.type ?? ''), typeof body?.stage === 'string' ? body.stage : undefined);
    const form = validateForm(WorkflowEventDto, body, { ...EVENT_FORM, ids: { reason: `reason-${key}`, type: 'actions', stage: 'actions' } });
    if (!form.ok) return render(reply, 'pages/project', await this.project.page(slug, user, { key, values: body, errors: form.errors }), 400);
    const { type, stage, reason, expectedVersion } = form.value;
    try {
      await this.workflow.applyEvent(slug, { type, stage, reason }, expectedVersion, actorOf(user));
    } catch (error) {
      // each blocker links to its stage's section of the project page
      const errors = error instanceof DomainError ? domainErrorSummary(error, undefined, (b) => (b.stage ? `#stage-${b.stage}` : '#blockers')) : null;
      if (!errors) throw error;
      return render(reply, 'pages/project', await this.project.page(slug, user, { key, values: body, errors }), 409);
    }
    setFlash(request, { type: 'success', heading: `${EVENT_LABELS[type] ?? type}${stage ? `: ${stageLabel(stage)}` : ''}` });
    return redirect(reply, `/projects/${slug}`);
  }
}
