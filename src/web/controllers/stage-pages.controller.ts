import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StageKey, stageDefinition } from '../../../workflows';
import { GROUP_LABELS, GroupKey } from '../../../workflows/people';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { DomainError, NotFoundError } from '../../common/domain-errors';
import { ParseSlugPipe, ParseStagePipe } from '../../common/params';
import { AddGroupMemberDto } from '../../people/dto/group-member.dto';
import { GroupsService } from '../../people/groups.service';
import { ParseGroupPipe } from '../../people/parse-group.pipe';
import { UpdateDeliverableDto } from '../../projects/dto/update-deliverable.dto';
import { WorkflowService } from '../../projects/workflow.service';
import { domainErrorSummary, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { StagePresenter } from '../presenters/stage.presenter';

const STAGE_1: StageKey = 'planning-and-codesign';

const deliverableForm = (key: string): FormSpec => ({
  labels: { status: 'a status', evidence: 'the evidence' },
  required: { status: 'Select a status', evidence: 'Enter the evidence: say what was done and where the output is' },
  coerce: { expectedVersion: 'number' },
  ids: { status: `status-${key}`, evidence: `evidence-${key}` },
});

const MEMBER_FORM: FormSpec = {
  labels: { name: 'their name', organisation: 'their organisation', organisationType: 'the type of organisation', roleInGroup: 'their role in the group', isLead: 'lead', userId: 'the account' },
  required: { organisationType: 'Select the type of organisation' },
  coerce: { isLead: 'boolean' },
};

/** Stage pages: record deliverables; stage 1's groups. Thin, over WorkflowService and GroupsService. */
@PageController('projects')
export class StagePagesController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly groups: GroupsService,
    private readonly stages: StagePresenter,
  ) {}

  @Get(':slug/stages/:stage')
  @ProjectAccess('read')
  async show(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/stage', await this.stages.page(slug, stage, user));
  }

  @Post(':slug/stages/:stage/deliverables/:deliverable')
  @ProjectAccess('manage')
  async recordDeliverable(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('deliverable') deliverable: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const key = `deliverable:${deliverable}`;
    const form = validateForm(UpdateDeliverableDto, body, deliverableForm(deliverable));
    if (!form.ok) return render(reply, 'pages/stage', await this.stages.page(slug, stage, user, { key, values: body, errors: form.errors }), 400);
    try {
      await this.workflow.updateDeliverable(slug, stage, deliverable, form.value, form.value.expectedVersion, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error, deliverableForm(deliverable)) : null;
      if (!errors) throw error;
      return render(reply, 'pages/stage', await this.stages.page(slug, stage, user, { key, values: body, errors }), error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
    const title = stageDefinition(stage).deliverables.find((d) => d.key === deliverable)?.title ?? deliverable;
    setFlash(request, { type: 'success', heading: 'Deliverable saved', text: title });
    return redirect(reply, `/projects/${slug}/stages/${stage}#deliverable-${deliverable}`);
  }

  @Get(':slug/stages/:stage/groups/:group/add')
  @ProjectAccess('manage')
  async addMemberForm(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('group', ParseGroupPipe) group: GroupKey, @Res() reply: FastifyReply) {
    onlyStage1(stage);
    await render(reply, 'pages/group-member', await this.stages.memberForm(slug, group, {}));
  }

  @Post(':slug/stages/:stage/groups/:group/add')
  @ProjectAccess('manage')
  async addMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    onlyStage1(stage);
    const form = validateForm(AddGroupMemberDto, body, MEMBER_FORM);
    const again = async (errors: unknown, status: number) => render(reply, 'pages/group-member', { ...(await this.stages.memberForm(slug, group, body)), errors }, status);
    if (!form.ok) return again(form.errors, 400);
    try {
      await this.groups.add(slug, group, form.value, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error, MEMBER_FORM) : null;
      if (!errors) throw error;
      return again(errors, error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
    setFlash(request, { type: 'success', heading: `${form.value.name} was added to the ${GROUP_LABELS[group]}` });
    return redirect(reply, `/projects/${slug}/stages/${STAGE_1}#group-${group}`);
  }

  @Get(':slug/stages/:stage/groups/:group/members/:memberId')
  @ProjectAccess('manage')
  async editMemberForm(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Param('memberId') memberId: string,
    @Res() reply: FastifyReply,
  ) {
    onlyStage1(stage);
    const member = await this.stages.member(slug, group, memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    await render(reply, 'pages/group-member', await this.stages.memberForm(slug, group, {}, member));
  }

  @Post(':slug/stages/:stage/groups/:group/members/:memberId')
  @ProjectAccess('manage')
  async editMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Param('memberId') memberId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    onlyStage1(stage);
    const member = await this.stages.member(slug, group, memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    // the whole form is sent, so the add rules apply: a required field left empty is an error
    const form = validateForm(AddGroupMemberDto, body, MEMBER_FORM);
    const again = async (errors: unknown, status: number) => render(reply, 'pages/group-member', { ...(await this.stages.memberForm(slug, group, body, member)), errors }, status);
    if (!form.ok) return again(form.errors, 400);
    try {
      await this.groups.update(slug, group, memberId, { ...form.value, userId: form.value.userId ?? null }, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error, MEMBER_FORM) : null;
      if (!errors) throw error;
      return again(errors, error instanceof DomainError && error.kind === 'invalid' ? 400 : 409);
    }
    setFlash(request, { type: 'success', heading: `${form.value.name} was changed` });
    return redirect(reply, `/projects/${slug}/stages/${STAGE_1}#group-${group}`);
  }

  @Post(':slug/stages/:stage/groups/:group/members/:memberId/remove')
  @ProjectAccess('manage')
  async removeMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Param('memberId') memberId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    onlyStage1(stage);
    const member = await this.stages.member(slug, group, memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    try {
      await this.groups.remove(slug, group, memberId, undefined, actorOf(user));
    } catch (error) {
      const errors = error instanceof DomainError && error.kind !== 'not-found' ? domainErrorSummary(error) : null;
      if (!errors) throw error;
      return render(reply, 'pages/stage', { ...(await this.stages.page(slug, STAGE_1, user)), errors }, 409);
    }
    setFlash(request, { type: 'success', heading: `${member.name} was removed from the ${GROUP_LABELS[group]}` });
    return redirect(reply, `/projects/${slug}/stages/${STAGE_1}#group-${group}`);
  }
}

/** The groups belong to stage 1: under another stage they are not a page. */
function onlyStage1(stage: StageKey): void {
  if (stage !== STAGE_1) throw new NotFoundError('Page', stage);
}
