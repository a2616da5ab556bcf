import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { verifyToken } from './crypto';
import { SignInStateRepository } from './sign-in-state.repository';

const JTI = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Ending sessions: a revoked token id is kept in the database until the token would have expired
 * anyway, so every instance refuses it at once (the guard checks it in its one per-request query).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly state: SignInStateRepository,
  ) {}

  /**
   * Revoke one session: given the token itself (its signature is checked, so nobody can revoke
   * another's session by guessing), or a bare token id known from a verified token. An expired or
   * foreign token needs nothing revoked. Answers whether something was revoked.
   */
  async revoke(tokenOrJti: string, now: number = Date.now()): Promise<boolean> {
    if (typeof tokenOrJti !== 'string' || tokenOrJti === '') throw new InvalidInputError('A token or token id is required.');
    let jti: string;
    let userId = '';
    let expiresAt: number;
    if (tokenOrJti.includes('.')) {
      const verified = await verifyToken(tokenOrJti, this.config.tokenSecret, now);
      if (!verified.ok) return false;
      ({ jti, sub: userId, exp: expiresAt } = verified.payload);
    } else {
      if (!JTI.test(tokenOrJti)) throw new InvalidInputError('That is not a token id.');
      jti = tokenOrJti;
      // no expiry known: keep the id as long as any token can live
      expiresAt = Math.floor(now / 1000) + this.config.AUTH_TOKEN_TTL_SECONDS;
    }
    await this.transactions.write(async (manager) => {
      await this.state.revokeToken(manager, jti, userId, expiresAt, new Date(now).toISOString());
      await this.state.pruneRevoked(manager, Math.floor(now / 1000));
    });
    return true;
  }

  async isRevoked(jti: string): Promise<boolean> {
    return this.transactions.read((manager) => this.state.isRevoked(manager, jti));
  }
}
