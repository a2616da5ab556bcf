import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** The web pages' sign-in session, CSRF checks and error pages, over HTTP (no browser). */
describe('web pages: session, CSRF and error pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_FREE_FAILURES_PER_PAIR: '3', LOGIN_BASE_DELAY_SECONDS: '60', LOGIN_MAX_DELAY_SECONDS: '60' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a page needing a session redirects to /sign-in with next, and back after signing in', async () => {
    const web = new WebClient(t);
    const first = await web.get('/?from=mail');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/sign-in?next=%2F%3Ffrom%3Dmail');
    const pm = t.user('pm');
    const res = await web.signIn(pm.email, pm.password, '/?from=mail');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?from=mail');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('phw_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).not.toMatch(/Secure/); // Secure only in production (no TLS in tests)
    const home = await web.get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.text).toContain('Pat Manager');
  });

  it('next must be a path on this site', async () => {
    const pm = t.user('pm');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const web = new WebClient(t);
      const res = await web.signIn(pm.email, pm.password, next);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
    }
  });

  it('a POST without a valid CSRF token answers the 403 page and changes nothing', async () => {
    const pm = t.user('pm');
    const web = new WebClient(t);
    await web.get('/sign-in');
    const none = await web.post('/sign-in', { email: pm.email, password: pm.password }, { csrf: false });
    expect(none.status).toBe(403);
    expect(none.text).toContain('This form has expired');
    const forged = await web.post('/sign-in', { email: pm.email, password: pm.password }, { csrf: 'forged-token' });
    expect(forged.status).toBe(403);
    expect((await web.get('/')).status).toBe(303); // still not signed in

    await web.signIn(pm.email, pm.password);
    expect((await web.get('/')).status).toBe(200);
    const signOut = await web.post('/sign-out', {}, { csrf: false });
    expect(signOut.status).toBe(403);
    expect((await web.get('/')).status).toBe(200); // still signed in
    // another session's token is not this session's
    const other = new WebClient(t);
    await other.get('/sign-in');
    expect((await web.post('/sign-out', {}, { csrf: other.csrf! })).status).toBe(403);
    const copied = web.cookieHeader!;
    const out = await web.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect((await web.get('/')).status).toBe(303);
    // signing out revokes the sign-in itself: a copy of the cookie taken before signs nobody in
    expect((await t.http().get('/').set('Cookie', copied)).status).toBe(303);
  });

  it('sign-in uses the API rules: one answer for wrong email or password, and the same rate limit', async () => {
    const web = new WebClient(t);
    await web.get('/sign-in');
    const empty = await web.post('/sign-in', { email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text.match(/Enter your email address/g)).toHaveLength(2); // summary + field, once each
    const wrong = await web.post('/sign-in', { email: 'nobody@e2e.test', password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The email address or password is not right.');
    expect(wrong.text).toContain('value="nobody@e2e.test"'); // keeps what was typed
    expect(wrong.text).not.toContain('wrong password'); // never the password
    await web.post('/sign-in', { email: 'nobody@e2e.test', password: 'wrong password' });
    await web.post('/sign-in', { email: 'nobody@e2e.test', password: 'wrong password' });
    const limited = await web.post('/sign-in', { email: 'nobody@e2e.test', password: 'wrong password' });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many failed sign-in attempts');
    // the same limiter as the API: the API is refused too for this email
    const api = await t.http().post('/api/auth/login').send({ email: 'nobody@e2e.test', password: 'x' });
    expect(api.status).toBe(429);
  });

  it('a password change ends the web session, as it revokes bearer tokens', async () => {
    const user = await t.addUser('webrevoke', 'stakeholder', 'Web Revoke');
    const web = new WebClient(t);
    await web.signIn(user.email, user.password);
    expect((await web.get('/')).status).toBe(200);
    const reset = await t.as('admin').patch(`/api/users/${user.id}`).send({ password: 'a brand new long passphrase' });
    expect(reset.status).toBe(200);
    const after = await web.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/sign-in?next=%2F');
  });

  it('a deactivated account is signed out of its pages at once', async () => {
    const user = await t.addUser('webdeactivate', 'stakeholder', 'Web Deactivate');
    const web = new WebClient(t);
    await web.signIn(user.email, user.password);
    expect((await web.get('/')).status).toBe(200);
    expect((await t.as('admin').patch(`/api/users/${user.id}`).send({ active: false })).status).toBe(200);
    expect((await web.get('/')).status).toBe(303);
  });

  it('a session lasts AUTH_TOKEN_TTL_SECONDS from sign-in, like a token', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const pm = t.user('pm');
    const cookieFor = (at: number) => `phw_session=${encodeURIComponent(fastify.encodeSecureSession(fastify.createSecureSession({ signIn: { uid: pm.id, ver: 1, at } })))}`;
    const now = Math.floor(Date.now() / 1000);
    expect((await t.http().get('/').set('Cookie', cookieFor(now - 60))).status).toBe(200);
    const expired = await t.http().get('/').set('Cookie', cookieFor(now - 8 * 3600 - 1));
    expect(expired.status).toBe(303);
    expect(expired.headers.location).toBe('/sign-in?next=%2F');
  });

  it('a forged or foreign session cookie is not a sign-in', async () => {
    const res = await t.http().get('/').set('Cookie', 'phw_session=bm90IGEgc2Vzc2lvbg%3D%3D%3Bbm9uY2U%3D');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });

  it('unknown pages answer an HTML 404; the API keeps JSON 404s and its bearer-only sign-in', async () => {
    const page = await t.http().get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Page not found');
    const api = await t.http().get('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
    // the internal address of pages is not an address of its own
    expect((await t.http().get('/api/_pages/sign-in')).status).toBe(404);
    // a web session is not an API sign-in
    const web = new WebClient(t);
    await web.signIn(t.user('pm').email, t.user('pm').password);
    const me = await t.http().get('/api/me').set('Cookie', web.cookieHeader!);
    expect(me.status).toBe(401);
  });

  it('serves the NHS.UK frontend and its one script from the app, not its templates', async () => {
    expect((await t.http().get('/assets/nhsuk/nhsuk-frontend.min.css')).status).toBe(200);
    expect((await t.http().get('/assets/nhsuk/nhsuk-frontend.min.js')).status).toBe(200);
    expect((await t.http().get('/assets/nhsuk/assets/images/favicon.ico')).status).toBe(200);
    expect((await t.http().get('/assets/app/app.js')).status).toBe(200);
    expect((await t.http().get('/assets/nhsuk/template.njk')).status).toBe(404);
  });

  it('the API still refuses multipart bodies with 415', async () => {
    const res = await t.as('pm').post('/api/projects').attach('file', Buffer.from('a,b\n1,2\n'), 'x.csv');
    expect(res.status).toBe(415);
  });
});
