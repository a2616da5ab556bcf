import { Body, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { CreateUserDto, UpdateUserDto } from '../../auth/dto/user.dto';
import { UsersService } from '../../auth/users.service';
import { DomainError } from '../../common/domain-errors';
import { ParseSlugPipe } from '../../common/params';
import { AssignManagerDto } from '../../people/dto/review.dto';
import { ProjectManagerService } from '../../people/project-manager.service';
import { domainErrorSummary, FormErrors, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { AdminPresenter } from '../presenters/admin.presenter';
import { ROLE_LABELS } from '../presenters/labels';

const CREATE_FORM: FormSpec = {
  labels: { email: 'the email address', name: 'the full name', role: 'the role', password: 'a password' },
  required: { role: 'Select the role' },
};
const ROLE_FORM = (id: string): FormSpec => ({ labels: { role: 'the role' }, required: { role: 'Select the role' }, ids: { role: `role-${id}` } });
const ACTIVE_FORM: FormSpec = { labels: { active: 'whether the account is active' }, coerce: { active: 'boolean' } };
const MANAGER_FORM = (slug: string): FormSpec => ({
  labels: { userId: 'the programme manager' },
  required: { userId: 'Select the programme manager who runs the project' },
  ids: { userId: `manager-${slug}` },
});

/** /admin/users: list, create, change role, deactivate, and assign who runs each project. Admins only. */
@PageController('admin')
@Roles('admin')
export class AdminPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly managers: ProjectManagerService,
    private readonly admin: AdminPresenter,
  ) {}

  @Get('users')
  async list(@Res() reply: FastifyReply) {
    await render(reply, 'pages/admin-users', await this.admin.page());
  }

  @Post('users')
  async create(@Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const values = { ...body, password: undefined }; // never echo a password
    const form = validateForm(CreateUserDto, body, CREATE_FORM);
    if (!form.ok) return this.failed(reply, 'create', values, form.errors, 400);
    try {
      const created = await this.users.create(form.value);
      setFlash(request, { type: 'success', heading: `Account created for ${created.name}`, text: `${created.email} can now sign in as ${ROLE_LABELS[created.role] ?? created.role}.` });
    } catch (error) {
      return this.refused(reply, 'create', values, error, CREATE_FORM);
    }
    return redirect(reply, '/admin/users');
  }

  @Post('users/:id/role')
  async role(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const spec = ROLE_FORM(id);
    const form = validateForm(UpdateUserDto, { role: body?.role ?? '' }, spec);
    if (!form.ok || !form.value.role) return this.failed(reply, `user:${id}`, body, form.ok ? this.required(spec) : form.errors, 400);
    try {
      const user = await this.users.update(id, { role: form.value.role });
      setFlash(request, { type: 'success', heading: `${user.name} is now ${ROLE_LABELS[user.role] ?? user.role}` });
    } catch (error) {
      return this.refused(reply, `user:${id}`, body, error, spec);
    }
    return redirect(reply, '/admin/users');
  }

  @Post('users/:id/active')
  async active(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = validateForm(UpdateUserDto, { active: body?.active ?? '' }, ACTIVE_FORM);
    if (!form.ok) return this.failed(reply, `user:${id}`, body, form.errors, 400);
    try {
      const user = await this.users.update(id, { active: form.value.active });
      setFlash(request, { type: 'success', heading: user.active ? `${user.name} can sign in again` : `${user.name} is deactivated`, text: user.active ? undefined : 'They are signed out and cannot sign in.' });
    } catch (error) {
      return this.refused(reply, `user:${id}`, body, error, ACTIVE_FORM);
    }
    return redirect(reply, '/admin/users');
  }

  @Post('projects/:slug/manager')
  async assign(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const spec = MANAGER_FORM(slug);
    const form = validateForm(AssignManagerDto, { userId: body?.userId ?? '' }, spec);
    if (!form.ok) return this.failed(reply, `manager:${slug}`, body, form.errors, 400);
    try {
      const done = await this.managers.assign(slug, form.value.userId, undefined, actorOf(user));
      setFlash(request, { type: 'success', heading: `${String(done.entry.payload.name ?? 'The programme manager')} now runs ${done.project.name}` });
    } catch (error) {
      return this.refused(reply, `manager:${slug}`, body, error, spec);
    }
    return redirect(reply, '/admin/users');
  }

  private required(spec: FormSpec): FormErrors {
    const [field] = Object.keys(spec.labels);
    const text = spec.required?.[field] ?? `Enter ${spec.labels[field]}`;
    return { title: 'There is a problem', fields: { [field]: text }, summary: [{ text, href: `#${spec.ids?.[field] ?? field}` }] };
  }

  private async failed(reply: FastifyReply, key: string, values: Record<string, unknown>, errors: FormErrors, status: number) {
    await render(reply, 'pages/admin-users', { ...(await this.admin.page({ key, values, errors })), values }, status);
  }

  private async refused(reply: FastifyReply, key: string, values: Record<string, unknown>, error: unknown, spec: FormSpec) {
    const errors = error instanceof DomainError ? domainErrorSummary(error, spec) : null;
    if (!errors) throw error;
    const status = (error as DomainError).kind === 'invalid' ? 400 : (error as DomainError).kind === 'not-found' ? 404 : 409;
    // a refusal not tied to a field (last admin, email taken) shows at the form too
    if (Object.keys(errors.fields).length === 0 && errors.summary[0]) {
      const field = Object.keys(spec.labels)[0];
      errors.fields[field] = errors.summary[0].text;
      errors.summary = errors.summary.map((s) => ({ ...s, href: `#${spec.ids?.[field] ?? field}` }));
    }
    await this.failed(reply, key, values, errors, status);
  }
}
