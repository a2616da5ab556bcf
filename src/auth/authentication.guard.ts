import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthorizedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { PUBLIC_KEY } from './access.decorators';
import { verifyToken } from './crypto';
import { RequestWithUser } from './current-user';
import { UsersService } from './users.service';

const BEARER = /^Bearer ([A-Za-z0-9._-]+)$/i;

/**
 * Global: every endpoint needs a valid bearer token unless it is @Public(). The user is read
 * afresh from the database, so a deactivated account or a changed role takes effect at once.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser & { headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedError();
    const verified = await verifyToken(match[1], this.config.tokenSecret);
    if (!verified.ok) {
      throw new UnauthorizedError(verified.reason === 'expired' ? 'Your sign-in has expired; sign in again.' : 'The bearer token is not valid; sign in again.');
    }
    const user = await this.users.activeAccount(verified.payload.sub, verified.payload.jti);
    if (!user) throw new UnauthorizedError('This account no longer exists or has been deactivated.');
    if (user.revoked) throw new UnauthorizedError('You have signed out with this token; sign in again.');
    if ((verified.payload.ver ?? 1) !== user.credentialsVersion) {
      throw new UnauthorizedError('This sign-in has ended because the account\'s password, role or status changed; sign in again.');
    }
    request.user = { id: user.id, email: user.email, name: user.name, role: user.role };
    request.session = { jti: verified.payload.jti, expiresAt: verified.payload.exp };
    return true;
  }
}
