import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../projects/actor';
import type { Role } from './access.decorators';

/** The signed-in caller, as the authentication guard attaches it to the request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface RequestWithUser {
  user?: AuthUser;
  /** The bearer token the request was signed in with: its id and expiry (epoch seconds). */
  bearer?: { jti: string; expiresAt: number };
}

/** `@CurrentUser() user: AuthUser` in a controller method: who is calling. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<RequestWithUser>().user;
  // The global authentication guard runs first; only a @Public() endpoint could get here without a user.
  if (!user) throw new Error('CurrentUser used on an endpoint without a signed-in user');
  return user;
});

/** The user as a history entry's actor. */
export function actorOf(user: AuthUser): Actor {
  return { id: user.id, name: user.name, role: user.role };
}
