/**
 * Sign-in attempt limiting: a sliding window per key (e.g. normalised email, or client IP), kept in
 * memory. Pure (time is passed in) so it can be tested without timers and shared by any transport.
 */

export interface AttemptLimiterOptions {
  maxAttempts: number;
  windowMs: number;
  /**
   * Keys kept at most. Past this, expired keys are dropped first, then the least recently hit, so a
   * flood of distinct keys cannot exhaust memory (at the price of forgetting the quietest keys).
   */
  maxKeys?: number;
}

export interface HitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the oldest counted attempt leaves the window. */
  retryAfterMs: number;
}

export const DEFAULT_MAX_KEYS = 10_000;

export class AttemptLimiter {
  readonly maxAttempts: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  /** Attempt times per key, oldest first; never longer than maxAttempts. Map order = recency of hits. */
  private readonly attempts = new Map<string, number[]>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor({ maxAttempts, windowMs, maxKeys = DEFAULT_MAX_KEYS }: AttemptLimiterOptions) {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new Error('windowMs must be a positive number');
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new Error('maxKeys must be a positive integer');
    this.maxAttempts = maxAttempts;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
  }

  /** Record an attempt for `key` at `now` unless the key is already at its limit. */
  hit(key: string, now: number): HitResult {
    this.maybeSweep(now);
    const times = this.live(key, now);
    if (times.length >= this.maxAttempts) {
      // Refused attempts are not recorded: otherwise hammering would extend the lock-out forever,
      // and a legitimate user sharing the key could never get back in.
      this.touch(key, times);
      return { allowed: false, retryAfterMs: Math.max(1, times[0] + this.windowMs - now) };
    }
    times.push(now);
    this.touch(key, times);
    this.enforceCapacity(now);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** What `hit` would answer, without recording anything. */
  check(key: string, now: number): HitResult {
    const times = (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs);
    return times.length >= this.maxAttempts
      ? { allowed: false, retryAfterMs: Math.max(1, times[0] + this.windowMs - now) }
      : { allowed: true, retryAfterMs: 0 };
  }

  /** Forget a key, e.g. after a successful sign-in. */
  reset(key: string): void {
    this.attempts.delete(key);
  }

  /** Drop every key whose attempts have all left the window. */
  prune(now: number): void {
    const cutoff = now - this.windowMs;
    for (const [key, times] of this.attempts) {
      if (times.length === 0 || times[times.length - 1] <= cutoff) this.attempts.delete(key);
    }
    this.lastSweep = now;
  }

  /** Number of keys currently held (for tests and metrics). */
  get size(): number {
    return this.attempts.size;
  }

  private live(key: string, now: number): number[] {
    const cutoff = now - this.windowMs;
    const times = this.attempts.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop] <= cutoff) drop++;
    return drop > 0 ? times.slice(drop) : times;
  }

  private touch(key: string, times: number[]): void {
    // Re-inserting moves the key to the end, so eviction order is least recently hit first.
    this.attempts.delete(key);
    if (times.length > 0) this.attempts.set(key, times);
  }

  /** A full sweep at most once per window keeps `hit` cheap while stale keys still go away. */
  private maybeSweep(now: number): void {
    if (now - this.lastSweep >= this.windowMs) this.prune(now);
  }

  private enforceCapacity(now: number): void {
    if (this.attempts.size <= this.maxKeys) return;
    this.prune(now);
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= this.maxKeys) break;
      this.attempts.delete(key);
    }
  }
}
