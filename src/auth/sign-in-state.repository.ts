import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NO_FAILURES, ThrottleState } from '../../workflows/people';
import { runBound, selectBound } from '../database/bound-sql';

export type ThrottleKind = 'pair' | 'address';

export interface ThrottleRow extends ThrottleState {
  lastSuccessAt: number | null;
}

const q = (manager: EntityManager, name: string) => manager.connection.driver.escape(name);
// node-postgres answers bigint columns as strings
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The SQL of sign-in state shared by every instance: throttling counters and revoked token ids.
 * Throttle rows are read `FOR UPDATE` on PostgreSQL, so two instances counting the same pair
 * queue on the row instead of both reading the old count (SQLite serialises every transaction).
 */
@Injectable()
export class SignInStateRepository {
  private forUpdate(manager: EntityManager): string {
    return manager.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
  }

  /** Inside a transaction: the row for (kind, account, address), created empty when missing, and locked. */
  async lockThrottle(manager: EntityManager, kind: ThrottleKind, account: string, address: string): Promise<ThrottleRow> {
    const t = q(manager, 'sign_in_throttle');
    const [k, a, ad] = ['kind', 'account', 'address'].map((c) => q(manager, c));
    await runBound(
      manager,
      `INSERT INTO ${t} (${k}, ${a}, ${ad}, ${q(manager, 'failures')}, ${q(manager, 'lastFailureAt')}, ${q(manager, 'blockedUntil')}) VALUES (?, ?, ?, 0, 0, 0) ON CONFLICT DO NOTHING`,
      [kind, account, address],
    );
    const [row] = await selectBound<Record<string, unknown>>(
      manager,
      `SELECT ${q(manager, 'failures')} AS "failures", ${q(manager, 'lastFailureAt')} AS "lastFailureAt", ${q(manager, 'blockedUntil')} AS "blockedUntil",` +
        ` ${q(manager, 'lastSuccessAt')} AS "lastSuccessAt" FROM ${t} WHERE ${k} = ? AND ${a} = ? AND ${ad} = ?${this.forUpdate(manager)}`,
      [kind, account, address],
    );
    if (!row) return { ...NO_FAILURES, lastSuccessAt: null };
    return { failures: Number(row.failures), lastFailureAt: Number(row.lastFailureAt), blockedUntil: Number(row.blockedUntil), lastSuccessAt: num(row.lastSuccessAt) };
  }

  async saveThrottle(manager: EntityManager, kind: ThrottleKind, account: string, address: string, row: ThrottleRow): Promise<void> {
    await runBound(
      manager,
      `UPDATE ${q(manager, 'sign_in_throttle')} SET ${q(manager, 'failures')} = ?, ${q(manager, 'lastFailureAt')} = ?, ${q(manager, 'blockedUntil')} = ?,` +
        ` ${q(manager, 'lastSuccessAt')} = ? WHERE ${q(manager, 'kind')} = ? AND ${q(manager, 'account')} = ? AND ${q(manager, 'address')} = ?`,
      [row.failures, row.lastFailureAt, row.blockedUntil, row.lastSuccessAt, kind, account, address],
    );
  }

  /** An admin's unlock: every pair of this account starts again from no failures (trust is kept). */
  async clearAccount(manager: EntityManager, account: string): Promise<number> {
    const result = await runBound(
      manager,
      `UPDATE ${q(manager, 'sign_in_throttle')} SET ${q(manager, 'failures')} = 0, ${q(manager, 'blockedUntil')} = 0` +
        ` WHERE ${q(manager, 'kind')} = 'pair' AND ${q(manager, 'account')} = ? AND (${q(manager, 'failures')} > 0 OR ${q(manager, 'blockedUntil')} > 0)`,
      [account],
    );
    return result.affected ?? 0;
  }

  /** An admin's unlock of one client address (e.g. a shared office gateway). */
  async clearAddress(manager: EntityManager, address: string): Promise<number> {
    const result = await runBound(
      manager,
      `UPDATE ${q(manager, 'sign_in_throttle')} SET ${q(manager, 'failures')} = 0, ${q(manager, 'blockedUntil')} = 0` +
        ` WHERE ${q(manager, 'kind')} = 'address' AND ${q(manager, 'address')} = ? AND (${q(manager, 'failures')} > 0 OR ${q(manager, 'blockedUntil')} > 0)`,
      [address],
    );
    return result.affected ?? 0;
  }

  /** Drop rows with nothing left to remember: failures long forgotten and no recent success. */
  async prune(manager: EntityManager, failuresBefore: number, successBefore: number): Promise<void> {
    const last = q(manager, 'lastSuccessAt');
    await runBound(
      manager,
      `DELETE FROM ${q(manager, 'sign_in_throttle')} WHERE ${q(manager, 'lastFailureAt')} < ? AND ${q(manager, 'blockedUntil')} < ? AND (${last} IS NULL OR ${last} < ?)`,
      [failuresBefore, failuresBefore, successBefore],
    );
  }

  /** Deny one token id until it would have expired anyway; revoking twice is harmless. */
  async revokeToken(manager: EntityManager, jti: string, userId: string, expiresAtSeconds: number, revokedAt: string): Promise<void> {
    await runBound(
      manager,
      `INSERT INTO ${q(manager, 'revoked_token')} (${q(manager, 'jti')}, ${q(manager, 'userId')}, ${q(manager, 'expiresAt')}, ${q(manager, 'revokedAt')}) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [jti, userId, expiresAtSeconds, revokedAt],
    );
  }

  async pruneRevoked(manager: EntityManager, nowSeconds: number): Promise<void> {
    await runBound(manager, `DELETE FROM ${q(manager, 'revoked_token')} WHERE ${q(manager, 'expiresAt')} <= ?`, [nowSeconds]);
  }

  async isRevoked(manager: EntityManager, jti: string): Promise<boolean> {
    const rows = await selectBound(manager, `SELECT 1 AS "x" FROM ${q(manager, 'revoked_token')} WHERE ${q(manager, 'jti')} = ?`, [jti]);
    return rows.length > 0;
  }

  /** For the guard's one per-request statement: a sub-select that is 1 when the token id is revoked. */
  revokedSubquery(manager: EntityManager): string {
    return `(SELECT COUNT(*) FROM ${q(manager, 'revoked_token')} WHERE ${q(manager, 'jti')} = ?)`;
  }
}
