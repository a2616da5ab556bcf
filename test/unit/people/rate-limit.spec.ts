import { AttemptLimiter } from '../../../workflows/people';

describe('AttemptLimiter', () => {
  it('allows maxAttempts in the window, then refuses with the time to wait', () => {
    const limiter = new AttemptLimiter({ maxAttempts: 3, windowMs: 60_000 });
    expect(limiter.hit('jo@example.org', 0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(limiter.hit('jo@example.org', 10_000).allowed).toBe(true);
    expect(limiter.hit('jo@example.org', 20_000).allowed).toBe(true);
    expect(limiter.hit('jo@example.org', 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    // Other keys are independent.
    expect(limiter.hit('sam@example.org', 30_000).allowed).toBe(true);
    // Refused attempts do not extend the lock-out; the window slides.
    expect(limiter.hit('jo@example.org', 59_999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(limiter.hit('jo@example.org', 60_000).allowed).toBe(true);
    expect(limiter.hit('jo@example.org', 60_001)).toEqual({ allowed: false, retryAfterMs: 9_999 });
  });

  it('check does not record; reset forgets', () => {
    const limiter = new AttemptLimiter({ maxAttempts: 1, windowMs: 1000 });
    expect(limiter.check('k', 0).allowed).toBe(true);
    expect(limiter.hit('k', 0).allowed).toBe(true);
    expect(limiter.check('k', 1)).toEqual({ allowed: false, retryAfterMs: 999 });
    limiter.reset('k');
    expect(limiter.hit('k', 2).allowed).toBe(true);
  });

  it('prunes expired keys so memory stays bounded', () => {
    const limiter = new AttemptLimiter({ maxAttempts: 5, windowMs: 1000 });
    for (let i = 0; i < 500; i++) limiter.hit(`k${i}`, i);
    expect(limiter.size).toBe(500);
    limiter.hit('late', 5000);
    expect(limiter.size).toBe(1);
  });

  it('caps the number of keys, evicting the least recently hit', () => {
    const limiter = new AttemptLimiter({ maxAttempts: 2, windowMs: 60_000, maxKeys: 3 });
    limiter.hit('a', 0);
    limiter.hit('b', 1);
    limiter.hit('c', 2);
    limiter.hit('a', 3); // a is now the most recent
    limiter.hit('d', 4);
    expect(limiter.size).toBe(3);
    expect(limiter.check('a', 5)).toEqual({ allowed: false, retryAfterMs: 59_995 });
    expect(limiter.check('b', 5).allowed).toBe(true); // evicted
  });

  it('validates its options', () => {
    expect(() => new AttemptLimiter({ maxAttempts: 0, windowMs: 1000 })).toThrow();
    expect(() => new AttemptLimiter({ maxAttempts: 1, windowMs: 0 })).toThrow();
  });
});
