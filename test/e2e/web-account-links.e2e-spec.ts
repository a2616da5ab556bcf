import { OutboxService } from '../../src/outbox/outbox.service';
import { linkToken, SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const BASE = 'https://planning.example.org';

/** The pages the emails link to, used as a browser without JavaScript uses them. */
describe('web pages: accepting an invitation and choosing a new password from the emails (e2e, real SMTP server)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let outbox: OutboxService;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, PUBLIC_BASE_URL: `${BASE}/`, OUTBOX_INTERVAL_MS: '0' });
    outbox = t.app.get(OutboxService);
  });
  afterAll(async () => {
    await t.stop();
    await sink.stop();
  });

  it('an invited person chooses their own password on the page and lands signed in on their home page; the link then cannot be used again', async () => {
    await t.as('admin').post('/api/invitations').send({ email: 'robin.hale@example.org', name: 'Robin Hale', role: 'stakeholder' }).expect(201);
    await outbox.runOnce();
    const token = linkToken(sink.to('robin.hale@example.org')[0], 'invitations');
    const web = new WebClient(t);
    const page = await web.get(`/invitations/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Welcome, Robin Hale');
    expect(page.text).toContain('Administrator has invited you');
    // a weak password: one plain message, nothing made
    const weak = await web.post(`/invitations/${token}`, { password: 'password123!' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('nhsuk-error-summary');
    expect((await t.as('admin').get('/api/users?limit=200')).body.items.map((u: { email: string }) => u.email)).not.toContain('robin.hale@example.org');
    const done = await web.post(`/invitations/${token}`, { password: 'lantern-meadow-copper-91' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/');
    const home = await web.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Your account is ready');
    // the account works with the password the person chose, through the API too
    await t.http().post('/api/auth/login').send({ email: 'robin.hale@example.org', password: 'lantern-meadow-copper-91' }).expect(200);
    const again = await new WebClient(t).get(`/invitations/${token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been accepted');
    expect((await new WebClient(t).get('/invitations/not-a-real-token')).status).toBe(404);
  });

  it('"Forgotten your password?": the same answer for any address, a link by email, a new password, and the old sessions end', async () => {
    const user = t.user('stakeholder');
    const signedIn = new WebClient(t);
    await signedIn.signIn(user.email, user.password);
    const web = new WebClient(t);
    const signInPage = await web.get('/sign-in');
    expect(signInPage.text).toContain('href="/password-reset"');
    await web.get('/password-reset');
    const unknown = await web.post('/password-reset', { email: 'nobody@example.org' });
    await web.get('/password-reset');
    const known = await web.post('/password-reset', { email: user.email });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    // word for word the same page, but for the address typed
    expect(known.text).toContain('Check your email');
    expect(known.text.replace(user.email, 'X')).toBe(unknown.text.replace('nobody@example.org', 'X'));
    await outbox.runOnce();
    const token = linkToken(sink.to(user.email).at(-1)!, 'password-reset');
    const form = await web.get(`/password-reset/${token}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Choose a new password');
    const done = await web.post(`/password-reset/${token}`, { password: 'orchard-signal-amber-52' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/sign-in');
    expect((await signedIn.get('/')).status).toBe(303); // the old session ended
    await t.http().post('/api/auth/login').send({ email: user.email, password: 'orchard-signal-amber-52' }).expect(200);
    await web.get(`/password-reset/${token}`);
    const reused = await web.post(`/password-reset/${token}`, { password: 'another-fresh-passphrase-7' });
    expect(reused.status).toBe(410);
  });
});
