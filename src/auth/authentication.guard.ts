import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthorizedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { PUBLIC_KEY, SESSION_AUTH_KEY } from './access.decorators';
import { verifyToken } from './crypto';
import { AuthUser, RequestWithUser } from './current-user';
import { readSessionSignIn, SessionLike, SignInRequiredError } from './session-sign-in';
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
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser & { headers: Record<string, string | string[] | undefined>; session?: SessionLike }>();
    if (this.reflector.getAllAndOverride<boolean>(SESSION_AUTH_KEY, targets)) {
      request.user = await this.fromSession(request.session);
      return true;
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedError();
    const verified = await verifyToken(match[1], this.config.tokenSecret);
    if (!verified.ok) {
      throw new UnauthorizedError(verified.reason === 'expired' ? 'Your sign-in has expired; sign in again.' : 'The bearer token is not valid; sign in again.');
    }
    request.user = await this.account(verified.payload.sub, verified.payload.ver ?? 1, UnauthorizedError, verified.payload.jti);
    request.bearer = { jti: verified.payload.jti, expiresAt: verified.payload.exp };
    return true;
  }

  /** A web page's sign-in: the same expiry and account checks as a bearer token. */
  private async fromSession(session: SessionLike | undefined): Promise<AuthUser> {
    const signIn = readSessionSignIn(session);
    if (!signIn) throw new SignInRequiredError('Sign in to see this page.');
    if (Date.now() >= (signIn.at + this.config.AUTH_TOKEN_TTL_SECONDS) * 1000) throw new SignInRequiredError('Your sign-in has expired; sign in again.');
    return this.account(signIn.uid, signIn.ver, SignInRequiredError, signIn.jti ?? '');
  }

  private async account(id: string, ver: number, Refusal: new (message: string) => UnauthorizedError, jti = ''): Promise<AuthUser> {
    const user = await this.users.activeAccount(id, jti);
    if (!user) throw new Refusal('This account no longer exists or has been deactivated.');
    if (user.revoked) throw new Refusal('You have signed out with this token; sign in again.');
    if (ver !== user.credentialsVersion) throw new Refusal("This sign-in has ended because the account's password, role or status changed; sign in again.");
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}
