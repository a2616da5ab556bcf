import { signToken } from '../../src/auth/crypto';
import { TEST_TOKEN_SECRET, TestApp } from './support/test-app';

describe('accounts and sign-in (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('every endpoint but the public ones needs a valid token', () => {
    it('serves health, the framework, the PCN list, the docs and sign-in without a token', async () => {
      for (const url of ['/api/health', '/api/framework', '/api/pcns', '/api/docs', '/api/docs/openapi.json']) {
        await t.http().get(url).expect(200);
      }
    });

    it.each([
      ['GET', '/api/projects'],
      ['POST', '/api/projects'],
      ['GET', '/api/me'],
      ['GET', '/api/me/reviews'],
      ['GET', '/api/users'],
      ['GET', '/api/projects/anything/workflow'],
      ['POST', '/api/projects/anything/workflow/events'],
    ])('%s %s answers 401 without a token', async (method, url) => {
      const res = await (method === 'GET' ? t.http().get(url) : t.http().post(url).send({}));
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('Unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('answers 401 to a malformed, forged, tampered, foreign-algorithm or expired token', async () => {
      const pm = t.user('pm');
      const now = Date.now();
      const forged = await signToken({ sub: pm.id, role: 'programme-manager' }, 'another-secret-that-is-32-bytes-long!!', 3600);
      const [h, p, s] = pm.token.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: t.user('admin').id, role: 'admin', iat: 1, exp: 9999999999 })).toString('base64url')}.${s}`;
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
      const expired = await signToken({ sub: pm.id, role: 'programme-manager' }, TEST_TOKEN_SECRET, 60, now - 2 * 3600 * 1000);
      for (const token of ['garbage', forged, tampered, none, expired]) {
        const res = await t.withToken(token).get('/api/me');
        expect(res.status).toBe(401);
      }
      const res = await t.withToken(expired).get('/api/projects');
      expect(res.body.message).toMatch(/expired/);
      await t.http().get('/api/me').set('Authorization', `Basic ${Buffer.from('pm:pw').toString('base64')}`).expect(401);
      // the genuine token still works
      await t.as('pm').get('/api/me').expect(200);
    });

    it('answers 401 to a token for a user that does not exist', async () => {
      const ghost = await signToken({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin' }, TEST_TOKEN_SECRET, 3600);
      await t.withToken(ghost).get('/api/me').expect(401);
    });
  });

  describe('sign-in', () => {
    it('answers a bearer token, its expiry and the user; GET /api/me names the user', async () => {
      const pm = t.user('pm');
      const res = await t.http().post('/api/auth/login').send({ email: pm.email.toUpperCase(), password: pm.password }).expect(200);
      expect(res.body).toEqual({
        token: expect.any(String),
        tokenType: 'Bearer',
        expiresAt: expect.any(String),
        user: { id: pm.id, email: pm.email, name: 'Pat Manager', role: 'programme-manager' },
      });
      const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(7.9);
      expect(hours).toBeLessThanOrEqual(8);
      const me = await t.withToken(res.body.token).get('/api/me').expect(200);
      expect(me.body).toEqual({ id: pm.id, email: pm.email, name: 'Pat Manager', role: 'programme-manager' });
    });

    it('answers a wrong email and a wrong password the same', async () => {
      const wrongEmail = await t.http().post('/api/auth/login').send({ email: 'nobody@e2e.test', password: 'whatever-password' }).expect(401);
      const wrongPassword = await t.http().post('/api/auth/login').send({ email: t.user('auditor').email, password: 'whatever-password' }).expect(401);
      expect(wrongEmail.body).toEqual(wrongPassword.body);
      expect(wrongEmail.body).toEqual({ error: 'Unauthorized', message: 'The email address or password is not right.' });
    });

    it('answers 400 to a sign-in without fields', async () => {
      const res = await t.http().post('/api/auth/login').send({ email: 'x@e2e.test' }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('password');
    });
  });

  describe('users (admin only)', () => {
    it('creates, lists and changes accounts; never shows a password hash', async () => {
      const created = await t
        .as('admin')
        .post('/api/users')
        .send({ email: 'New.Person@E2E.test', name: 'New Person', role: 'stakeholder', password: 'a-long-enough-password' })
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(String), email: 'new.person@e2e.test', name: 'New Person', role: 'stakeholder', active: true, createdAt: expect.any(String) });
      await t.as('admin').post('/api/users').send({ email: 'NEW.person@e2e.test', name: 'Again', role: 'auditor', password: 'a-long-enough-password' }).expect(409);

      const list = await t.as('admin').get('/api/users?limit=200').expect(200);
      expect(list.body.items.map((u: { email: string }) => u.email)).toContain('new.person@e2e.test');
      expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt/);

      const changed = await t.as('admin').patch(`/api/users/${created.body.id}`).send({ name: 'Newer Person', role: 'auditor', password: 'another-long-password' }).expect(200);
      expect(changed.body).toMatchObject({ name: 'Newer Person', role: 'auditor', active: true });
      await t.http().post('/api/auth/login').send({ email: 'new.person@e2e.test', password: 'a-long-enough-password' }).expect(401);
      const signedIn = await t.http().post('/api/auth/login').send({ email: 'new.person@e2e.test', password: 'another-long-password' }).expect(200);
      expect(signedIn.body.user.role).toBe('auditor');
    });

    it.each([
      ['a bad email', { email: 'not-an-email', name: 'X', role: 'auditor', password: 'a-long-enough-password' }, 'email'],
      ['an unknown role', { email: 'x1@e2e.test', name: 'X', role: 'superuser', password: 'a-long-enough-password' }, 'role'],
      ['a short password', { email: 'x2@e2e.test', name: 'X', role: 'auditor', password: 'short' }, 'password'],
      ['no name', { email: 'x3@e2e.test', role: 'auditor', password: 'a-long-enough-password' }, 'name'],
      ['an unknown field', { email: 'x4@e2e.test', name: 'X', role: 'auditor', password: 'a-long-enough-password', isAdmin: true }, 'isAdmin'],
    ])('refuses %s with 400 and creates nothing', async (_what, body, field) => {
      const before = (await t.as('admin').get('/api/users?limit=200').expect(200)).body.total;
      const res = await t.as('admin').post('/api/users').send(body).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect((await t.as('admin').get('/api/users?limit=200').expect(200)).body.total).toBe(before);
    });

    it.each([
      ['twelve spaces', ' '.repeat(12), /only spaces/],
      ['twelve NUL characters', '\u0000'.repeat(12), /control characters/],
      ['a repeated letter', 'aaaaaaaaaaaa', /too easy to guess/],
      ['a common password with a number and a symbol', 'password123!', /too easy to guess/],
      ['the email itself', 'weak.choice@e2e.test', /email address or your name/],
      ['the name', 'Wendy Weakling is my name', /email address or your name/],
      ['a list password', '123456789012', /commonly used passwords/],
      ['11 characters after normalisation', 'e\u0301'.repeat(11), /at least 12 characters/],
    ])('refuses %s as a new password with one plain 400 message, on create and on reset', async (_what, password, message) => {
      const before = (await t.as('admin').get('/api/users?limit=200').expect(200)).body.total;
      const res = await t.as('admin').post('/api/users').send({ email: 'weak.choice@e2e.test', name: 'Wendy Weakling', role: 'auditor', password }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'password', message: expect.stringMatching(message) }]);
      expect((await t.as('admin').get('/api/users?limit=200').expect(200)).body.total).toBe(before);
      // a reset is checked against the account's own email and name
      const target = t.user('outsider');
      const reset = password === 'weak.choice@e2e.test' ? target.email : password === 'Wendy Weakling is my name' ? 'Olly Outsider is my name' : password;
      const refused = await t.as('admin').patch(`/api/users/${target.id}`).send({ password: reset }).expect(400);
      expect(refused.body.fields).toEqual([{ field: 'password', message: expect.stringMatching(message) }]);
      await t.as('outsider').get('/api/me').expect(200);
    });

    it('a password reset signs the account out everywhere: tokens issued before stop working, a new sign-in works', async () => {
      const user = await t.addUser('compromised', 'stakeholder');
      const oldToken = t.user('compromised').token;
      await t.withToken(oldToken).get('/api/me').expect(200);
      await t.as('admin').patch(`/api/users/${user.id}`).send({ password: 'a-brand-new-password' }).expect(200);
      const refused = await t.withToken(oldToken).get('/api/me').expect(401);
      expect(refused.body.message).toBe("This sign-in has ended because the account's password, role or status changed; sign in again.");
      const again = await t.http().post('/api/auth/login').send({ email: user.email, password: 'a-brand-new-password' }).expect(200);
      await t.withToken(again.body.token).get('/api/me').expect(200);
      // other changes (a new name) leave sessions alone
      await t.as('admin').patch(`/api/users/${user.id}`).send({ name: 'Renamed' }).expect(200);
      await t.withToken(again.body.token).get('/api/me').expect(200);
    });

    it('a deactivated account cannot sign in and its token stops working at once; reactivated, only a new sign-in works', async () => {
      const user = await t.addUser('leaver', 'stakeholder');
      const oldToken = t.user('leaver').token;
      await t.withToken(oldToken).get('/api/me').expect(200);
      await t.as('admin').patch(`/api/users/${user.id}`).send({ active: false }).expect(200);
      await t.withToken(oldToken).get('/api/me').expect(401);
      const refused = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(401);
      expect(refused.body.message).toBe('The email address or password is not right.');
      await t.as('admin').patch(`/api/users/${user.id}`).send({ active: true }).expect(200);
      // deactivation revoked the old token for good: reactivating does not bring it back
      const stillRefused = await t.withToken(oldToken).get('/api/me').expect(401);
      expect(stillRefused.body.message).toMatch(/sign-in has ended/);
      // nor does a second round of deactivate and reactivate
      await t.as('admin').patch(`/api/users/${user.id}`).send({ active: false }).expect(200);
      await t.as('admin').patch(`/api/users/${user.id}`).send({ active: true }).expect(200);
      await t.withToken(oldToken).get('/api/me').expect(401);
      const fresh = await t.signIn('leaver', user.email, user.password);
      await t.withToken(fresh.token).get('/api/me').expect(200);
    });

    it('a role change takes effect at once and ends the sessions issued under the old role', async () => {
      const user = await t.addUser('switcher', 'auditor');
      const auditorToken = t.user('switcher').token;
      await t.withToken(auditorToken).post('/api/projects').send({ name: 'S', slug: 'switcher-1', scope: 'town' }).expect(403);
      await t.as('admin').patch(`/api/users/${user.id}`).send({ role: 'programme-manager' }).expect(200);
      await t.withToken(auditorToken).get('/api/me').expect(401);
      const fresh = await t.signIn('switcher', user.email, user.password);
      expect(fresh.role).toBe('programme-manager');
      await t.as('switcher').post('/api/projects').send({ name: 'S', slug: 'switcher-1', scope: 'town' }).expect(201);
      // setting the role it already has is no change and ends nothing
      await t.as('admin').patch(`/api/users/${user.id}`).send({ role: 'programme-manager' }).expect(200);
      await t.as('switcher').get('/api/me').expect(200);
    });

    it('keeps at least one active admin', async () => {
      const admin = t.user('admin');
      const res = await t.as('admin').patch(`/api/users/${admin.id}`).send({ active: false }).expect(409);
      expect(res.body.error).toBe('LastAdmin');
      await t.as('admin').patch(`/api/users/${admin.id}`).send({ role: 'auditor' }).expect(409);
      await t.as('admin').get('/api/users').expect(200);
    });

    it('answers 404 for an unknown user and 403 to anyone but an admin', async () => {
      await t.as('admin').patch('/api/users/00000000-0000-4000-8000-000000000000').send({ name: 'X' }).expect(404);
      for (const who of ['pm', 'stakeholder', 'auditor']) {
        await t.as(who).get('/api/users').expect(403);
        await t.as(who).post('/api/users').send({ email: `${who}-made@e2e.test`, name: 'X', role: 'admin', password: 'a-long-enough-password' }).expect(403);
        await t.as(who).patch(`/api/users/${t.user(who).id}`).send({ role: 'admin' }).expect(403);
      }
      const me = await t.as('pm').get('/api/me').expect(200);
      expect(me.body.role).toBe('programme-manager');
      const list = await t.as('admin').get('/api/users?limit=200').expect(200);
      expect(list.body.items.map((u: { email: string }) => u.email)).not.toContain('pm-made@e2e.test');
    });
  });
});

describe('signing out (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('POST /api/auth/logout revokes the token it is called with, and only that one', async () => {
    const pm = t.user('pm');
    const other = await t.http().post('/api/auth/login').send({ email: pm.email, password: pm.password }).expect(200);
    await t.withToken(pm.token).post('/api/auth/logout').expect(204);
    const refused = await t.withToken(pm.token).get('/api/me').expect(401);
    expect(refused.body.message).toBe('You have signed out with this token; sign in again.');
    // a second sign-out with the same token is refused as not signed in; it changes nothing
    await t.withToken(pm.token).post('/api/auth/logout').expect(401);
    // the same person's other session goes on
    await t.withToken(other.body.token).get('/api/me').expect(200);
    t.users.pm.token = other.body.token;
  });

  it('holds across a restart (the denylist is in the database) and lets an auditor sign out too', async () => {
    const auditor = t.user('auditor');
    await t.withToken(auditor.token).post('/api/auth/logout').expect(204);
    await t.restart();
    await t.withToken(auditor.token).get('/api/me').expect(401);
    await t.signIn('auditor', auditor.email, auditor.password);
    await t.as('auditor').get('/api/me').expect(200);
  });

  it('answers 401 without a valid token, and the service method revokes by token or by token id', async () => {
    await t.http().post('/api/auth/logout').expect(401);
    await t.withToken('garbage').post('/api/auth/logout').expect(401);
    const { SessionsService } = await import('../../src/auth/sessions.service');
    const sessions = t.app.get(SessionsService);
    const stakeholder = t.user('stakeholder');
    expect(await sessions.revoke(stakeholder.token)).toBe(true);
    await t.withToken(stakeholder.token).get('/api/me').expect(401);
    const again = await t.signIn('stakeholder', stakeholder.email, stakeholder.password);
    const jti = JSON.parse(Buffer.from(again.token.split('.')[1], 'base64url').toString()).jti;
    expect(await sessions.revoke(jti)).toBe(true);
    await t.withToken(again.token).get('/api/me').expect(401);
    // a token we did not sign revokes nothing
    expect(await sessions.revoke(await signToken({ sub: stakeholder.id, role: 'stakeholder' }, 'another-secret-that-is-32-bytes-long!!', 60))).toBe(false);
  });
});
