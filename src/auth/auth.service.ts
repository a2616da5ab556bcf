import { Injectable } from '@nestjs/common';
import { AttemptLimiter } from '../../workflows/people';
import { TooManyRequestsError, UnauthorizedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { signToken, verifyPasswordOrDummy } from './crypto';
import { normaliseEmail, UsersService } from './users.service';

export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string };
}

/** Sign-in: rate limited per email and per client address, the same answer for any wrong credentials. */
@Injectable()
export class AuthService {
  private readonly byEmail: AttemptLimiter;
  private readonly byAddress: AttemptLimiter;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {
    const windowMs = config.LOGIN_WINDOW_SECONDS * 1000;
    this.byEmail = new AttemptLimiter({ maxAttempts: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL, windowMs });
    this.byAddress = new AttemptLimiter({ maxAttempts: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowMs });
  }

  async login(email: string, password: string, address: string, now = Date.now()): Promise<LoginResult> {
    const emailKey = normaliseEmail(email);
    // Check both before counting either, so a refused attempt does not use up the other allowance.
    const waits = [this.byEmail.check(emailKey, now), this.byAddress.check(address, now)].filter((r) => !r.allowed);
    if (waits.length > 0) {
      const seconds = Math.ceil(Math.max(...waits.map((r) => r.retryAfterMs)) / 1000);
      throw new TooManyRequestsError(`Too many sign-in attempts; try again in ${seconds} seconds.`, seconds);
    }
    this.byEmail.hit(emailKey, now);
    this.byAddress.hit(address, now);

    const user = await this.users.findByEmail(emailKey);
    // Unknown email, inactive account and wrong password do the same work and answer the same.
    const ok = await verifyPasswordOrDummy(password, user?.active ? user.passwordHash : null);
    if (!ok || !user) throw new UnauthorizedError('The email address or password is not right.');

    this.byEmail.reset(emailKey);
    const ttl = this.config.AUTH_TOKEN_TTL_SECONDS;
    const token = signToken({ sub: user.id, role: user.role, ver: user.credentialsVersion }, this.config.tokenSecret, ttl, now);
    return {
      token,
      tokenType: 'Bearer',
      expiresAt: new Date((Math.floor(now / 1000) + ttl) * 1000).toISOString(),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }
}
