import { Injectable } from '@nestjs/common';
import { ROLES } from '../../auth/access.decorators';
import { UsersService, UserView } from '../../auth/users.service';
import { ProjectsService } from '../../projects/projects.service';
import { FormErrors } from '../forms';
import { ROLE_LABELS } from './labels';

/** A form of the admin page that failed, shown again with its errors and what was typed. */
export interface AdminFailure {
  /** "create", "user:<id>" or "manager:<slug>" */
  key: string;
  values: Record<string, unknown>;
  errors: FormErrors;
}

const ALL = 10_000;

/** /admin/users: accounts (UsersService) and who runs each project (ProjectsService, ProjectManagerService). */
@Injectable()
export class AdminPresenter {
  constructor(
    private readonly users: UsersService,
    private readonly projects: ProjectsService,
  ) {}

  roleItems(current?: unknown) {
    return [{ value: '', text: 'Choose a role', selected: !current }, ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] ?? r, selected: r === current }))];
  }

  async page(failed?: AdminFailure) {
    const [users, projects] = await Promise.all([this.users.list(ALL, 0), this.projects.list(ALL, 0)]);
    const managers = users.items.filter((u) => u.active && u.role === 'programme-manager');
    const byId = new Map(users.items.map((u) => [u.id, u]));
    const failedOf = (key: string) => (failed?.key === key ? failed : undefined);
    return {
      pageTitle: 'Users',
      users: users.items.map((u: UserView) => {
        const f = failedOf(`user:${u.id}`);
        const role = f ? f.values.role : u.role;
        return {
          id: u.id,
          name: u.name,
          email: u.email,
          role: ROLE_LABELS[u.role] ?? u.role,
          active: u.active,
          createdAt: u.createdAt,
          roleItems: this.roleItems(role).filter((i) => i.value !== ''),
          error: f?.errors.fields.role ?? f?.errors.summary[0]?.text,
        };
      }),
      projects: projects.items.map((p) => {
        const f = failedOf(`manager:${p.slug}`);
        const chosen = f ? f.values.userId : p.managerUserId;
        return {
          slug: p.slug,
          name: p.name,
          managerName: p.managerUserId ? (byId.get(p.managerUserId)?.name ?? 'Unknown account') : 'Nobody',
          managerItems: [
            ...(p.managerUserId && !managers.some((m) => m.id === p.managerUserId) ? [{ value: '', text: 'Choose a programme manager', selected: true }] : []),
            ...managers.map((m) => ({ value: m.id, text: m.name, selected: m.id === chosen })),
          ],
          error: f?.errors.fields.userId ?? f?.errors.summary[0]?.text,
        };
      }),
      create: failedOf('create'),
      createRoleItems: this.roleItems(failedOf('create')?.values.role),
      errors: failed?.errors,
    };
  }
}
