import { Injectable } from '@nestjs/common';
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
  ) {}

  async assign(slug: string, userId: string, actor: Actor) {
    const payload: Record<string, unknown> = { userId };
    const done = await this.commands.execute(
      { slug, type: 'MANAGER_ASSIGNED', payload, actor },
      async (ctx) => {
        const user = await ctx.manager.findOne(UserEntity, { where: { id: userId } });
        if (!user || !user.active || user.role !== 'programme-manager') {
          throw new InvalidInputError('The account cannot run a project.', [
            { field: 'userId', message: 'userId must be the id of an active user with the programme-manager role' },
          ]);
        }
        payload.name = user.name;
        payload.previousUserId = ctx.project.managerUserId;
        await ctx.manager.update(ProjectEntity, { id: ctx.project.id }, { managerUserId: user.id });
        ctx.project.managerUserId = user.id;
        return { result: undefined };
      },
      (accepted) => this.projects.detailOf(accepted),
    );
    return { entry: done.entry, project: done.view };
  }
}
