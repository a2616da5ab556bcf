import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../common/domain-errors';
import { OWN_CHOICE_KEY, OWN_SESSION_KEY, PROJECT_ACCESS_KEY, ProjectAccessLevel, PUBLIC_KEY, Role, ROLES_KEY } from './access.decorators';
import { allowsProjectAccess, refusalMessage } from './access-policy';
import { RequestWithUser } from './current-user';
import { ProjectAccessService } from './project-access.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global, after authentication: applies @Roles and @ProjectAccess. A refusal is 403 before the
 * handler runs, so nothing changes. Auditors never change anything, whatever an endpoint declares;
 * and an endpoint that changes something or names a project must declare who may call it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: ProjectAccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser & { method: string; params?: Record<string, string> }>();
    const user = request.user;
    if (!user) throw new ForbiddenError('No signed-in user.');
    // ending one's own session changes nobody else's data: an auditor may sign out too
    if (this.reflector.getAllAndOverride<boolean>(OWN_SESSION_KEY, targets)) return true;
    const mutating = !READ_METHODS.has(request.method.toUpperCase());

    // following a project is the auditor's own choice, not a change to the project
    const ownChoice = this.reflector.getAllAndOverride<boolean>(OWN_CHOICE_KEY, targets) === true;
    if (user.role === 'auditor' && mutating && !ownChoice) throw new ForbiddenError('Auditors can read everything and change nothing.');

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenError(`This needs the role ${roles.join(' or ')}; you are signed in as ${user.role}.`);
    }

    const level = this.reflector.getAllAndOverride<ProjectAccessLevel | undefined>(PROJECT_ACCESS_KEY, targets);
    const slug = request.params?.slug;
    if (!level) {
      // Fail closed: a forgotten declaration must not open a project or a change to everyone.
      if (slug !== undefined && !roles) throw new ForbiddenError('This endpoint does not declare who may use it.');
      if (mutating && !roles) throw new ForbiddenError('This endpoint does not declare who may use it.');
      return true;
    }
    if (typeof slug !== 'string') throw new ForbiddenError('This endpoint does not name a project.');
    const relation = await this.access.relation(user, slug);
    if (!relation) return true; // no such project: the endpoint answers 404 (or 400 for a malformed slug)
    if (!allowsProjectAccess(user, relation, level)) throw new ForbiddenError(refusalMessage(level));
    return true;
  }
}
