/**
 * Sign-in throttling, after OWASP's authentication cheat sheet: failures are counted per (account,
 * client address) pair and per address, and past a free allowance each further attempt must wait
 * an exponentially growing but capped delay. Nothing ever locks a whole account: the pair an
 * attacker hammers is slowed, the owner signing in from elsewhere is not, and an address's limit
 * does not apply to accounts that have signed in from that address before.
 *
 * Pure: the state is a plain value (the service keeps it in the database, shared by instances),
 * time is passed in.
 */

export interface ThrottleRule {
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** The first wait past the allowance; each further failure doubles it. */
  baseDelayMs: number;
  /** No wait is ever longer: slow the guesser down, do not lock anyone out. */
  maxDelayMs: number;
  /** Failures are forgotten after this long without a new one. */
  forgetAfterMs: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  /** No attempt is taken before this time (epoch ms); 0 when none is pending. */
  blockedUntil: number;
}

export const NO_FAILURES: ThrottleState = Object.freeze({ failures: 0, lastFailureAt: 0, blockedUntil: 0 });

export function checkRule(rule: ThrottleRule): void {
  if (!Number.isInteger(rule.freeFailures) || rule.freeFailures < 1) throw new Error('freeFailures must be a positive integer');
  if (!(rule.baseDelayMs > 0) || !(rule.maxDelayMs >= rule.baseDelayMs)) throw new Error('delays must be positive, max at least base');
  // otherwise a guesser who waits out each delay would have their count forgotten between tries
  if (!(rule.forgetAfterMs > rule.maxDelayMs)) throw new Error('forgetAfterMs must be longer than maxDelayMs');
}

/** The wait imposed after `failures` failures in a row. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = Math.min(failures - rule.freeFailures, 40);
  return Math.min(rule.baseDelayMs * 2 ** doublings, rule.maxDelayMs);
}

/** The state as it stands at `now`: failures older than the forgetting period are gone. */
export function current(state: ThrottleState, rule: ThrottleRule, now: number): ThrottleState {
  return state.failures > 0 && now - state.lastFailureAt >= rule.forgetAfterMs ? NO_FAILURES : state;
}

/** How long an attempt at `now` must still wait (0: it may go ahead). */
export function waitMs(state: ThrottleState, rule: ThrottleRule, now: number): number {
  const live = current(state, rule, now);
  return Math.max(0, live.blockedUntil - now);
}

/**
 * Count one failed attempt at `now`. The service counts an attempt as failed before checking the
 * password and takes it back on success (see `afterSuccess`), so parallel guesses cannot all slip
 * through the allowance before any of them is counted.
 */
export function afterFailure(state: ThrottleState, rule: ThrottleRule, now: number): ThrottleState {
  const failures = current(state, rule, now).failures + 1;
  const delay = delayAfter(failures, rule);
  return { failures, lastFailureAt: now, blockedUntil: delay > 0 ? now + delay : 0 };
}

/** Take back one provisionally counted failure (the password was right). */
export function withdrawFailure(state: ThrottleState, rule: ThrottleRule, now: number): ThrottleState {
  const live = current(state, rule, now);
  const failures = Math.max(0, live.failures - 1);
  if (failures === 0) return NO_FAILURES;
  const delay = delayAfter(failures, rule);
  return { failures, lastFailureAt: live.lastFailureAt, blockedUntil: delay > 0 ? Math.min(live.blockedUntil, live.lastFailureAt + delay) : 0 };
}

export interface AttemptDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long to wait, for Retry-After. */
  retryAfterMs: number;
  /** Which limit refused it. */
  limitedBy?: 'pair' | 'address';
}

/**
 * May an attempt go ahead? The pair's wait always applies; the address's wait applies only to a
 * pair that has not signed in successfully lately (a colleague behind the same NAT gets in).
 */
export function decideAttempt(
  pair: ThrottleState,
  address: ThrottleState,
  trustedPair: boolean,
  rules: { pair: ThrottleRule; address: ThrottleRule },
  now: number,
): AttemptDecision {
  const pairWait = waitMs(pair, rules.pair, now);
  if (pairWait > 0) return { allowed: false, retryAfterMs: pairWait, limitedBy: 'pair' };
  const addressWait = trustedPair ? 0 : waitMs(address, rules.address, now);
  if (addressWait > 0) return { allowed: false, retryAfterMs: addressWait, limitedBy: 'address' };
  return { allowed: true, retryAfterMs: 0 };
}
