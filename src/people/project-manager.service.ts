import { Injectable } from '@nestjs/common';
import { EVENT } from '../../workflows';
import { AuditLogService } from '../audit/audit-log.service';
import { UserEntity } from '../auth/user.entity';
import { InvalidInputError } from '../common/domain-errors';
import { Actor } from '../projects/actor';
import { ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';

/** Who runs a project: its creator, until an admin hands it to another programme manager. */
@Injectable()
export class ProjectManagerService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly projects: ProjectsService,
    private readonly audit: AuditLogService,
  ) {}

  async assign(slug: string, userId: string, expectedVersion: number | undefined, actor: Actor) {
    const done = await this.commands.execute(
      { slug, type: EVENT.MANAGER_ASSIGNED, payload: { userId }, expectedVersion, actor },
      async (ctx) => {
        const user = await ctx.manager.findOne(UserEntity, { where: { id: userId } });
        if (!user || !user.active || user.role !== 'programme-manager') {
          throw new InvalidInputError('The account cannot run a project.', [
            { field: 'userId', message: 'userId must be the id of an active user with the programme-manager role' },
          ]);
        }
        const previousUserId = ctx.project.managerUserId ?? null;
        await ctx.manager.update(ProjectEntity, { id: ctx.project.id }, { managerUserId: user.id });
        ctx.project.managerUserId = user.id;
        // an account change too: the audit log records who now runs which project
        await this.audit.append(ctx.manager, 'MANAGER_ASSIGNED', user.id, { project: ctx.project.slug, userId: user.id, previousUserId }, ctx.actor, ctx.now);
        return { result: undefined, event: { name: user.name, previousUserId } };
      },
      (accepted) => this.projects.detailOf(accepted),
    );
    return { entry: done.entry, project: done.view };
  }
}
