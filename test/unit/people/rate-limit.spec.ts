import { afterFailure, checkRule, current, decideAttempt, delayAfter, NO_FAILURES, ThrottleRule, ThrottleState, waitMs, withdrawFailure } from '../../../workflows/people';

const rule: ThrottleRule = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };
const t0 = 1_000_000;

function fail(times: number, start = NO_FAILURES, at = t0): ThrottleState {
  let s = start;
  for (let i = 0; i < times; i++) s = afterFailure(s, rule, at);
  return s;
}

describe('sign-in throttle rule (OWASP: slow down, never lock)', () => {
  it('lets the free failures through without a wait, then doubles the wait up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => delayAfter(n, rule))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
    expect(waitMs(fail(2), rule, t0)).toBe(0);
    expect(waitMs(fail(3), rule, t0)).toBe(1000);
    expect(waitMs(fail(3), rule, t0 + 999)).toBe(1);
    expect(waitMs(fail(3), rule, t0 + 1000)).toBe(0);
    // however many failures, the wait never passes the cap: the owner can always try again soon
    expect(waitMs(fail(1000), rule, t0)).toBe(8000);
  });

  it('forgets failures after a quiet period, not while they keep coming', () => {
    const s = fail(5);
    expect(current(s, rule, t0 + 59_999).failures).toBe(5);
    expect(current(s, rule, t0 + 60_000)).toEqual(NO_FAILURES);
    expect(afterFailure(s, rule, t0 + 60_000).failures).toBe(1);
    // a patient guesser who waits out each delay is still counted
    let patient = fail(3);
    for (let i = 0; i < 10; i++) patient = afterFailure(patient, rule, patient.blockedUntil);
    expect(patient.failures).toBe(13);
    expect(patient.blockedUntil - patient.lastFailureAt).toBe(8000);
  });

  it('takes back a provisionally counted failure when the password was right', () => {
    expect(withdrawFailure(fail(1), rule, t0)).toEqual(NO_FAILURES);
    const four = fail(4);
    const back = withdrawFailure(four, rule, t0);
    expect(back.failures).toBe(3);
    expect(back.blockedUntil).toBe(t0 + 1000);
    expect(withdrawFailure(fail(3), rule, t0)).toEqual({ failures: 2, lastFailureAt: t0, blockedUntil: 0 });
  });

  it('holds back a pair by its own wait, and by the address only when the pair is not trusted', () => {
    const rules = { pair: rule, address: { ...rule, freeFailures: 10 } };
    const busyAddress = fail(12, NO_FAILURES);
    const slowedAddress = { ...busyAddress, blockedUntil: t0 + 4000 };
    expect(decideAttempt(NO_FAILURES, NO_FAILURES, false, rules, t0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(decideAttempt(fail(4), NO_FAILURES, true, rules, t0)).toEqual({ allowed: false, retryAfterMs: 2000, limitedBy: 'pair' });
    expect(decideAttempt(NO_FAILURES, slowedAddress, false, rules, t0)).toEqual({ allowed: false, retryAfterMs: 4000, limitedBy: 'address' });
    // someone who signed in from this address lately is not held back by strangers' failures there
    expect(decideAttempt(NO_FAILURES, slowedAddress, true, rules, t0)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('refuses a rule that would forget a patient guesser or has no allowance', () => {
    expect(() => checkRule(rule)).not.toThrow();
    expect(() => checkRule({ ...rule, freeFailures: 0 })).toThrow();
    expect(() => checkRule({ ...rule, forgetAfterMs: 8000 })).toThrow(/forgetAfterMs/);
    expect(() => checkRule({ ...rule, maxDelayMs: 10 })).toThrow();
  });
});
