import { Logger } from '@nestjs/common';
import { TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 12, defect 6: throttling per (account, address) pair and per address, slowing down rather
 * than locking, an admin unlock, and X-Forwarded-For believed only from configured proxies.
 */
describe('sign-in throttling: the delays (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // the tests' own connections come from loopback, here playing the reverse proxy
    t = await TestApp.start({ TRUSTED_PROXIES: 'loopback', LOGIN_FREE_FAILURES_PER_PAIR: '3', LOGIN_MAX_DELAY_SECONDS: '4', LOGIN_WINDOW_SECONDS: '600' });
  });
  afterAll(async () => {
    await t.stop();
  });
  const login = (email: string, password: string, from: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('slows an attacker on one account down without locking its owner out', async () => {
    const victim = t.user('auditor');
    for (let i = 0; i < 3; i++) await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(401);
    const slowed = await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(429);
    expect(slowed.body.error).toBe('TooManyRequests');
    expect(slowed.headers['retry-after']).toBe('1');
    // the owner, from their own address, signs in at once with the right password
    await login(victim.email, victim.password, '198.51.100.20').expect(200);
    await t.as('auditor').get('/api/me').expect(200);
    // the attacker's waits grow: 1 s, then 2 s, then 4 s (the cap here), never a lock-out
    await sleep(1100);
    await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(401);
    // (a wait is reported in whole seconds rounded up; a slow machine may have used up one of them)
    expect(['1', '2']).toContain((await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(429)).headers['retry-after']);
    await sleep(2100);
    await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(401);
    expect(['3', '4']).toContain((await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(429)).headers['retry-after']);
    await sleep(4100);
    await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(401);
    expect(['3', '4']).toContain((await login(victim.email, 'wrong-password-xyz', '203.0.113.9').expect(429)).headers['retry-after']);
  });
});

describe('sign-in throttling behind a trusted proxy (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // the tests' own connections come from loopback, here playing the reverse proxy; a first delay
    // of a minute, so that no wait runs out while a test is still looking at it
    t = await TestApp.start({ TRUSTED_PROXIES: 'loopback', LOGIN_FREE_FAILURES_PER_PAIR: '3', LOGIN_FREE_FAILURES_PER_ADDRESS: '8', LOGIN_BASE_DELAY_SECONDS: '60', LOGIN_MAX_DELAY_SECONDS: '120', LOGIN_WINDOW_SECONDS: '600' });
  });
  afterAll(async () => {
    await t.stop();
  });
  const login = (email: string, password: string, from: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('counts parallel guesses one by one: only the free allowance gets through', async () => {
    const target = t.user('pm2');
    const results = await Promise.all(Array.from({ length: 12 }, () => login(target.email, 'wrong-password-xyz', '203.0.113.50')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(9);
  });

  it('treats an unknown email the same, so the throttle does not reveal which accounts exist', async () => {
    for (let i = 0; i < 3; i++) await login('ghost@e2e.test', 'wrong-password-xyz', '203.0.113.10').expect(401);
    await login('ghost@e2e.test', 'wrong-password-xyz', '203.0.113.10').expect(429);
  });

  it('forgets a pair\'s failures after a successful sign-in', async () => {
    const clinician = t.user('clinician');
    for (let round = 0; round < 3; round++) {
      await login(clinician.email, 'wrong-password-xyz', '203.0.113.11').expect(401);
      await login(clinician.email, 'wrong-password-xyz', '203.0.113.11').expect(401);
      await login(clinician.email, clinician.password, '203.0.113.11').expect(200);
    }
  });

  it('an admin clears an account\'s throttle (and only an admin); the right password then works at once', async () => {
    const stakeholder = t.user('stakeholder');
    for (let i = 0; i < 3; i++) await login(stakeholder.email, 'wrong-password-xyz', '203.0.113.12').expect(401);
    await login(stakeholder.email, stakeholder.password, '203.0.113.12').expect(429);
    await t.as('pm').delete(`/api/users/${stakeholder.id}/sign-in-throttle`).expect(403);
    await t.as('auditor').delete(`/api/users/${stakeholder.id}/sign-in-throttle`).expect(403);
    await t.as('admin').delete('/api/users/00000000-0000-4000-8000-000000000000/sign-in-throttle').expect(404);
    const log = jest.spyOn(Logger.prototype, 'log');
    const cleared = await t.as('admin').delete(`/api/users/${stakeholder.id}/sign-in-throttle`).expect(200);
    expect(cleared.body).toEqual({ email: stakeholder.email, cleared: 1 });
    // the unlock is recorded in the log, naming the account and the admin
    expect(log).toHaveBeenCalledWith(`Sign-in throttle of ${stakeholder.email} cleared by admin ${t.user('admin').email} (1 address)`);
    log.mockRestore();
    await login(stakeholder.email, stakeholder.password, '203.0.113.12').expect(200);
    // nothing left to clear
    expect((await t.as('admin').delete(`/api/users/${stakeholder.id}/sign-in-throttle`).expect(200)).body.cleared).toBe(0);
  });

  it('slows an address spraying many accounts, but not the accounts that have signed in from it before', async () => {
    const office = '192.0.2.77';
    const colleague = t.user('outsider');
    // the colleague signed in from this office before the spray
    await login(colleague.email, colleague.password, office).expect(200);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(`spray-${i}@e2e.test`, 'wrong-password-xyz', office)).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses.slice(8)).toEqual([429, 429]);
    // a newcomer from the office waits; the colleague does not
    const newcomer = t.user('pm');
    const waited = await login(newcomer.email, newcomer.password, office).expect(429);
    expect(Number(waited.headers['retry-after'])).toBeGreaterThan(0);
    await login(colleague.email, colleague.password, office).expect(200);
    // other addresses are unaffected
    await login(newcomer.email, newcomer.password, '192.0.2.78').expect(200);
    // an admin lifts the office's limit
    await t.as('pm').delete(`/api/sign-in-throttle/addresses/${office}`).expect(403);
    const lifted = await t.as('admin').delete(`/api/sign-in-throttle/addresses/${office}`).expect(200);
    expect(lifted.body).toEqual({ address: office, cleared: 1 });
    await login(newcomer.email, newcomer.password, office).expect(200);
  });
});

describe('sign-in throttling without a trusted proxy (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_FREE_FAILURES_PER_PAIR: '3', LOGIN_BASE_DELAY_SECONDS: '60', LOGIN_MAX_DELAY_SECONDS: '120' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('ignores X-Forwarded-For: a client cannot pick a fresh address for every guess', async () => {
    const victim = t.user('auditor');
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/login').set('X-Forwarded-For', `203.0.113.${i + 1}`).send({ email: victim.email, password: 'wrong-password-xyz' }).expect(401);
    }
    await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.99').send({ email: victim.email, password: victim.password }).expect(429);
  });
});
