import { Injectable, Logger } from '@nestjs/common';
import { afterFailure, checkRule, decideAttempt, NO_FAILURES, ThrottleRule, withdrawFailure } from '../../workflows/people';
import { NotFoundError, TooManyRequestsError, UnauthorizedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { signToken, verifyPasswordOrDummy } from './crypto';
import { AuthUser } from './current-user';
import { SignInStateRepository } from './sign-in-state.repository';
import { normaliseEmail, UsersService } from './users.service';

export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string };
}

/** Prune forgotten throttle rows about once in this many attempts per instance. */
const PRUNE_EVERY = 200;

/**
 * Sign-in: throttled per (account, address) pair and per address with a growing, capped delay
 * (see workflows/people/rate-limit.ts), the same answer for any wrong credentials. The counters
 * live in the database, so several instances share them.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('SignIn');
  private readonly rules: { pair: ThrottleRule; address: ThrottleRule };
  private readonly trustMs: number;
  private attempts = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly state: SignInStateRepository,
  ) {
    const common = { baseDelayMs: config.LOGIN_BASE_DELAY_SECONDS * 1000, maxDelayMs: config.LOGIN_MAX_DELAY_SECONDS * 1000, forgetAfterMs: config.LOGIN_WINDOW_SECONDS * 1000 };
    this.rules = {
      pair: { ...common, freeFailures: config.LOGIN_FREE_FAILURES_PER_PAIR },
      address: { ...common, freeFailures: config.LOGIN_FREE_FAILURES_PER_ADDRESS },
    };
    checkRule(this.rules.pair);
    checkRule(this.rules.address);
    this.trustMs = config.LOGIN_TRUST_DAYS * 24 * 3600 * 1000;
  }

  async login(email: string, password: string, address: string, now = Date.now()): Promise<LoginResult> {
    // bounded to the columns (lower-casing can lengthen text); NUL cannot be stored in PostgreSQL text
    const account = normaliseEmail(email).replace(/\u0000/g, '\uFFFD').slice(0, 254);
    address = address.slice(0, 64);
    // Count the attempt as a failure before the password is checked (taken back on success), in
    // one transaction with the rows locked: parallel guesses cannot all slip through the allowance.
    const decision = await this.transactions.write(async (manager) => {
      const pair = await this.state.lockThrottle(manager, 'pair', account, address);
      const byAddress = await this.state.lockThrottle(manager, 'address', '', address);
      const trusted = pair.lastSuccessAt !== null && now - pair.lastSuccessAt < this.trustMs;
      const verdict = decideAttempt(pair, byAddress, trusted, this.rules, now);
      if (!verdict.allowed) return verdict;
      await this.state.saveThrottle(manager, 'pair', account, address, { ...afterFailure(pair, this.rules.pair, now), lastSuccessAt: pair.lastSuccessAt });
      await this.state.saveThrottle(manager, 'address', '', address, { ...afterFailure(byAddress, this.rules.address, now), lastSuccessAt: null });
      if (++this.attempts % PRUNE_EVERY === 0) await this.state.prune(manager, now - this.rules.pair.forgetAfterMs, now - this.trustMs);
      return verdict;
    });
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const what = decision.limitedBy === 'pair' ? 'for this account from your address' : 'from your address';
      throw new TooManyRequestsError(`Too many failed sign-in attempts ${what}; try again in ${seconds} seconds.`, seconds);
    }

    const user = await this.users.findByEmail(account);
    // Unknown email, inactive account and wrong password do the same work and answer the same.
    const ok = await verifyPasswordOrDummy(password, user?.active ? user.passwordHash : null);
    if (!ok || !user) throw new UnauthorizedError('The email address or password is not right.');

    await this.transactions.write(async (manager) => {
      const byAddress = await this.state.lockThrottle(manager, 'address', '', address);
      await this.state.saveThrottle(manager, 'pair', account, address, { ...NO_FAILURES, lastSuccessAt: now });
      await this.state.saveThrottle(manager, 'address', '', address, { ...withdrawFailure(byAddress, this.rules.address, now), lastSuccessAt: null });
    });
    const ttl = this.config.AUTH_TOKEN_TTL_SECONDS;
    const token = await signToken({ sub: user.id, role: user.role, ver: user.credentialsVersion }, this.config.tokenSecret, ttl, now);
    return {
      token,
      tokenType: 'Bearer',
      expiresAt: new Date((Math.floor(now / 1000) + ttl) * 1000).toISOString(),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  /** An admin lets an account sign in again at once from every address it was held back at. */
  async clearAccountThrottle(userId: string, admin: AuthUser): Promise<{ email: string; cleared: number }> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('User', userId);
    const cleared = await this.transactions.write((manager) => this.state.clearAccount(manager, user.email));
    this.logger.log(`Sign-in throttle of ${user.email} cleared by admin ${admin.email} (${cleared} address${cleared === 1 ? '' : 'es'})`);
    return { email: user.email, cleared };
  }

  /** An admin lifts the per-address limit of one client address (e.g. an office gateway). */
  async clearAddressThrottle(address: string, admin: AuthUser): Promise<{ address: string; cleared: number }> {
    const cleared = await this.transactions.write((manager) => this.state.clearAddress(manager, address));
    this.logger.log(`Sign-in throttle of address ${address} cleared by admin ${admin.email}`);
    return { address, cleared };
  }
}
