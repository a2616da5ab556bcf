import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OutboxService } from '../../src/outbox/outbox.service';
import { linkToken, SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';

const NEW_PASSWORD = 'kettle-harbour-violet-47';
const BASE = 'https://planning.example.org';

describe('invitations, password reset and the email outbox (e2e, real SMTP server)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let outbox: OutboxService;
  let db: DataSource;
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
  const outboxRows = async () => Number((await db.query('SELECT COUNT(*) AS n FROM outbox'))[0].n);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Wantage planning <planning@example.org>',
      PUBLIC_BASE_URL: `${BASE}/`,
      OUTBOX_INTERVAL_MS: '0',
      OUTBOX_MAX_ATTEMPTS: '3',
      OUTBOX_BASE_DELAY_SECONDS: '30',
    });
    outbox = t.app.get(OutboxService);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.stop();
    await sink.stop();
  });

  describe('an invitation', () => {
    it('is emailed with a single-use link; the person sets their own password and signs in', async () => {
      const res = await t.as('admin').post('/api/invitations').send({ email: 'Sam.Jones@Example.org', name: 'Sam <b>Jones</b> & co', role: 'auditor' }).expect(201);
      expect(res.body).toMatchObject({ email: 'sam.jones@example.org', role: 'auditor', invitedBy: 'Administrator' });
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(6.99 * 24 * 3600 * 1000);
      expect(JSON.stringify(res.body)).not.toMatch(/token/i);

      expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      const [mail] = sink.to('sam.jones@example.org');
      expect(mail.from?.text).toBe('"Wantage planning" <planning@example.org>');
      expect(mail.text).toContain(`${BASE}/invitations/`);
      // user-supplied text is escaped in the HTML part
      expect(mail.html).toContain('Sam &lt;b&gt;Jones&lt;/b&gt; &amp; co');
      expect(mail.html).not.toContain('<b>Jones');
      const token = linkToken(mail, 'invitations');
      // only the hash is stored
      const stored = await db.query('SELECT "tokenHash" FROM invitation');
      expect(JSON.stringify(stored)).not.toContain(token);

      await t.http().get(`/api/invitations/${token}`).expect(200);
      const weak = await t.http().post(`/api/invitations/${token}/accept`).send({ password: 'password123!' }).expect(400);
      expect(weak.body.fields).toEqual([{ field: 'password', message: expect.stringMatching(/common/) }]);

      const accepted = await t.http().post(`/api/invitations/${token}/accept`).send({ password: NEW_PASSWORD }).expect(200);
      expect(accepted.body.user).toMatchObject({ email: 'sam.jones@example.org', role: 'auditor', active: true });
      expect(accepted.body.user.passwordHash).toBeUndefined();
      // the account creation is in the audit log, naming who invited them
      const audit = await t.as('admin').get(`/api/audit-log?user=${accepted.body.user.id}`).expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ type: 'USER_CREATED', payload: { email: 'sam.jones@example.org', name: 'Sam <b>Jones</b> & co', role: 'auditor' }, actorName: 'Administrator (invitation accepted by Sam <b>Jones</b> & co)' }),
      ]);
      await t.signIn('sam', 'sam.jones@example.org', NEW_PASSWORD);
      await t.as('sam').get('/api/me').expect(200);

      const again = await t.http().post(`/api/invitations/${token}/accept`).send({ password: 'another-kettle-harbour-99' }).expect(410);
      expect(again.body.error).toBe('InvitationUsed');
      // the reused link changed nothing: the first password still works, the second does not
      await t.http().post('/api/auth/login').send({ email: 'sam.jones@example.org', password: NEW_PASSWORD }).expect(200);
      await t.http().post('/api/auth/login').send({ email: 'sam.jones@example.org', password: 'another-kettle-harbour-99' }).expect(401);
    });

    it('by a programme manager adds a stakeholder to their project group on acceptance, recorded in the project history', async () => {
      await t.createProject('invite-group');
      const body = {
        email: 'vol@healthwatch.example',
        name: 'Val Volunteer',
        role: 'stakeholder',
        projectSlug: 'invite-group',
        group: 'stakeholder-group',
        organisation: 'Healthwatch Oxfordshire',
        organisationType: 'healthwatch',
        roleInGroup: 'Volunteer, patient voice',
      };
      expect((await t.as('pm').post('/api/invitations').send({ ...body, role: 'admin' })).status).toBe(400);
      await t.as('pm').post('/api/invitations').send({ email: 'x@example.org', name: 'X', role: 'stakeholder' }).expect(403);
      await t.as('pm2').post('/api/invitations').send(body).expect(403);
      await t.as('stakeholder').post('/api/invitations').send(body).expect(403);
      const missing = await t.as('pm').post('/api/invitations').send({ ...body, organisation: undefined }).expect(400);
      expect(missing.body.fields).toEqual([{ field: 'organisation', message: 'Organisation is required.' }]);
      await t.as('pm').post('/api/invitations').send(body).expect(201);

      await outbox.runOnce();
      const [mail] = sink.to('vol@healthwatch.example');
      expect(mail.subject).toBe('You are invited to join "Project invite-group"');
      // printed so a person can read what a volunteer receives
      console.log(`--- the invitation email ---\nSubject: ${mail.subject}\n\n${mail.text}`);
      const token = linkToken(mail, 'invitations');
      const accepted = await t.http().post(`/api/invitations/${token}/accept`).send({ password: NEW_PASSWORD }).expect(200);

      const members = await t.as('pm').get('/api/projects/invite-group/groups/stakeholder-group/members').expect(200);
      expect(members.body.members).toEqual([expect.objectContaining({ name: 'Val Volunteer', organisation: 'Healthwatch Oxfordshire', userId: accepted.body.user.id })]);
      const history = await t.as('pm').get('/api/projects/invite-group/history').expect(200);
      const entries = history.body.items ?? history.body.entries ?? history.body;
      expect(JSON.stringify(entries)).toContain('GROUP_MEMBER_ADDED');
      expect(JSON.stringify(entries)).toContain('invitation accepted by Val Volunteer');
      await t.signIn('val', 'vol@healthwatch.example', NEW_PASSWORD);
      await t.as('val').get('/api/projects/invite-group/workflow').expect(200);
    });

    it('answers 404 to an unknown link and 410 to an expired one, changing nothing', async () => {
      await t.http().post('/api/invitations/not-a-token/accept').send({ password: NEW_PASSWORD }).expect(404);
      await t.http().post(`/api/invitations/${'A'.repeat(43)}/accept`).send({ password: NEW_PASSWORD }).expect(404);
      await t.as('admin').post('/api/invitations').send({ email: 'late@example.org', name: 'Lee Late', role: 'stakeholder' }).expect(201);
      await outbox.runOnce();
      const token = linkToken(sink.to('late@example.org')[0], 'invitations');
      await db.query(`UPDATE invitation SET "expiresAt" = '2020-01-01T00:00:00.000Z' WHERE email = 'late@example.org'`);
      const res = await t.http().post(`/api/invitations/${token}/accept`).send({ password: NEW_PASSWORD }).expect(410);
      expect(res.body).toEqual({ error: 'InvitationExpired', message: 'This invitation expired on 2020-01-01. Ask Administrator to invite you again.' });
      await t.http().post('/api/auth/login').send({ email: 'late@example.org', password: NEW_PASSWORD }).expect(401);
    });
  });

  describe('nothing is queued for a command that is refused or rolls back', () => {
    it('a refused invitation queues no email', async () => {
      const before = await outboxRows();
      await t.as('admin').post('/api/invitations').send({ email: t.user('pm').email, name: 'Again', role: 'stakeholder' }).expect(409);
      await t.as('admin').post('/api/invitations').send({ email: 'nobody@example.org', name: 'N', role: 'stakeholder', projectSlug: 'no-such', group: 'stakeholder-group', organisation: 'O', organisationType: 'other', roleInGroup: 'R' }).expect(404);
      expect(await outboxRows()).toBe(before);
    });

    it('an email queued inside a transaction that then fails is gone with it; one that commits stays', async () => {
      const before = await outboxRows();
      const email = { to: 'x@example.org', subject: 's', text: 't', html: '<p>t</p>', kind: 'test', summary: 's' };
      const tx = t.app.get(TransactionRunner);
      await expect(
        tx.write(async (m) => {
          await outbox.enqueue(m, email);
          throw new Error('the command failed after queuing');
        }),
      ).rejects.toThrow('the command failed');
      expect(await outboxRows()).toBe(before);
      await tx.write((m) => outbox.enqueue(m, email));
      expect(await outboxRows()).toBe(before + 1);
      await outbox.runOnce();
    });
  });

  describe('password reset by email', () => {
    it('answers 202 the same with or without an account, emails a one-hour single-use link, and ends existing sessions', async () => {
      const who = t.user('clinician');
      const sentBefore = sink.received.length;
      const known = await t.http().post('/api/auth/password-reset').send({ email: who.email.toUpperCase() }).expect(202);
      const unknown = await t.http().post('/api/auth/password-reset').send({ email: 'no-account@example.org' }).expect(202);
      expect(unknown.body).toEqual(known.body);
      await t.http().post('/api/auth/password-reset').send({ email: 'not an email' }).expect(400);
      await outbox.runOnce();
      expect(sink.received.length).toBe(sentBefore + 1);
      const [mail] = sink.to(who.email);
      expect(mail.subject).toBe('Reset your password for population health planning');
      expect(mail.text).toContain(`${BASE}/password-reset/`);
      const token = linkToken(mail, 'password-reset');

      await t.as('clinician').get('/api/me').expect(200);
      await t.http().post(`/api/auth/password-reset/${token}`).send({ password: 'short' }).expect(400);
      await t.as('clinician').get('/api/me').expect(200);
      await t.http().post(`/api/auth/password-reset/${token}`).send({ password: NEW_PASSWORD }).expect(200);
      // the old session token no longer works; the old password neither; the new one does
      await t.as('clinician').get('/api/me').expect(401);
      await t.http().post('/api/auth/login').send({ email: who.email, password: who.password }).expect(401);
      await t.signIn('clinician', who.email, NEW_PASSWORD);
      const audit = await t.as('admin').get(`/api/audit-log?user=${who.id}&type=USER_PASSWORD_RESET`).expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ type: 'USER_PASSWORD_RESET', actorName: 'Dr Cal Clinician (by the email link)' })]);
      expect((await t.as('admin').get('/api/audit-log/verification').expect(200)).body.valid).toBe(true);
      const reused = await t.http().post(`/api/auth/password-reset/${token}`).send({ password: 'another-kettle-harbour-99' }).expect(410);
      expect(reused.body.error).toBe('ResetLinkUsed');
      await t.http().post(`/api/auth/password-reset/${'B'.repeat(43)}`).send({ password: NEW_PASSWORD }).expect(404);
    });

    it('sends one account at most 3 reset emails an hour, with the same answer', async () => {
      const who = t.user('pm2');
      const answers = new Set<string>();
      for (let i = 0; i < 5; i++) answers.add(JSON.stringify((await t.http().post('/api/auth/password-reset').send({ email: who.email }).expect(202)).body));
      expect(answers.size).toBe(1);
      await outbox.runOnce();
      expect(sink.to(who.email)).toHaveLength(3);
    });

    it('refuses an expired link and changes nothing', async () => {
      const who = t.user('outsider');
      await t.http().post('/api/auth/password-reset').send({ email: who.email }).expect(202);
      await outbox.runOnce();
      const token = linkToken(sink.to(who.email)[0], 'password-reset');
      await db.query(`UPDATE password_reset SET "expiresAt" = '2020-01-01T00:00:00.000Z' WHERE "usedAt" IS NULL`);
      const res = await t.http().post(`/api/auth/password-reset/${token}`).send({ password: NEW_PASSWORD }).expect(410);
      expect(res.body.error).toBe('ResetLinkExpired');
      await t.as('outsider').get('/api/me').expect(200);
    });
  });

  describe('notifications of a submission for review', () => {
    it('emails exactly the stage\'s reviewers, lists it in their notifications, and a refused submission queues nothing', async () => {
      const slug = 'notify-review';
      await t.createProject(slug);
      await t.prepareStage(slug, 'planning-and-codesign');
      await outbox.runOnce();
      const before = sink.received.length;
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(201);
      expect((await outbox.runOnce()).sent).toBe(2);
      const fresh = sink.received.slice(before);
      expect(fresh.flatMap((m) => (Array.isArray(m.to) ? m.to : [m.to!]).map((a) => a.text)).sort()).toEqual([t.user('clinician').email, t.user('stakeholder').email].sort());
      const [mail] = sink.to(t.user('stakeholder').email).slice(-1);
      expect(mail.subject).toBe('Please review stage 1 ("Planning and co-design") of "Project notify-review"');
      expect(mail.text).toContain('Pat Manager has submitted stage 1');
      expect(mail.text).toContain(`${BASE}/projects/${slug}/reviews/planning-and-codesign`);
      console.log(`--- the review notification ---\nSubject: ${mail.subject}\n\n${mail.text}`);

      const mine = await t.as('stakeholder').get('/api/me/notifications').expect(200);
      expect(mine.body.items[0]).toEqual({
        id: expect.any(String),
        kind: 'stage-submitted',
        projectSlug: slug,
        message: 'Pat Manager submitted stage 1 ("Planning and co-design") of "Project notify-review" for review.',
        createdAt: expect.any(String),
        readAt: null,
        link: `${BASE}/projects/${slug}/reviews/planning-and-codesign`,
      });
      expect((await t.as('outsider').get('/api/me/notifications').expect(200)).body.items).toEqual([]);
      const id = mine.body.items[0].id;
      await t.as('outsider').post(`/api/me/notifications/${id}/read`).expect(404);
      const read = await t.as('stakeholder').post(`/api/me/notifications/${id}/read`).expect(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      expect((await t.as('stakeholder').get('/api/me/notifications').expect(200)).body.items[0].readAt).toBe(read.body.readAt);
      await t.http().get('/api/me/notifications').expect(401);

      const rows = await outboxRows();
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(409);
      expect(await outboxRows()).toBe(rows);
    });
  });

  describe('delivery when the SMTP server is down', () => {
    it('retries with backoff and delivers exactly once when the server is back', async () => {
      await outbox.runOnce();
      await sink.stop();
      await t.as('admin').post('/api/invitations').send({ email: 'patient@example.org', name: 'Pat Ient', role: 'stakeholder' }).expect(201);
      const start = new Date();
      expect(await outbox.runOnce(start)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      const pending = await t.as('admin').get('/api/admin/outbox?status=pending').expect(200);
      const row = pending.body.items.find((m: { recipient: string }) => m.recipient === 'patient@example.org');
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
      expect(Date.parse(row.nextAttemptAt) - start.getTime()).toBe(30_000);
      // not due again before the backoff has passed
      expect(await outbox.runOnce(new Date(start.getTime() + 10_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });

      await sink.listen();
      expect(await outbox.runOnce(new Date(start.getTime() + 31_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await outbox.runOnce(later(3600))).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(sink.to('patient@example.org')).toHaveLength(1);
      const sent = await t.as('admin').get('/api/admin/outbox?status=sent&limit=200').expect(200);
      expect(sent.body.items.find((m: { recipient: string }) => m.recipient === 'patient@example.org')).toMatchObject({ attempts: 2, lastError: null, sentAt: expect.any(String) });
    });

    it('marks a message failed after the last attempt, shows it to admins, and an admin retry delivers it once', async () => {
      await sink.stop();
      await t.as('admin').post('/api/invitations').send({ email: 'unlucky@example.org', name: 'Una Lucky', role: 'stakeholder' }).expect(201);
      const start = Date.now();
      expect((await outbox.runOnce(new Date(start))).retrying).toBe(1);
      expect((await outbox.runOnce(new Date(start + 31_000))).retrying).toBe(1);
      // third attempt (the configured maximum) after 30 s, then 60 s
      expect((await outbox.runOnce(new Date(start + 92_000))).failed).toBe(1);
      expect(await outbox.runOnce(later(24 * 3600))).toEqual({ sent: 0, retrying: 0, failed: 0 });

      const failed = await t.as('admin').get('/api/admin/outbox?status=failed').expect(200);
      expect(failed.body.items).toEqual([expect.objectContaining({ recipient: 'unlucky@example.org', status: 'failed', attempts: 3, lastError: expect.any(String) })]);
      await t.as('pm').get('/api/admin/outbox?status=failed').expect(403);
      await t.as('admin').get('/api/admin/outbox?status=lost').expect(400);

      await sink.listen();
      const id = failed.body.items[0].id;
      const retried = await t.as('admin').post(`/api/admin/outbox/${id}/retry`).expect(200);
      expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
      await t.as('admin').post(`/api/admin/outbox/${id}/retry`).expect(409);
      expect((await outbox.runOnce()).sent).toBe(1);
      await outbox.runOnce(later(3600));
      expect(sink.to('unlucky@example.org')).toHaveLength(1);
      expect((await t.as('admin').get('/api/admin/outbox?status=failed').expect(200)).body.items).toEqual([]);
    });
  });
});

describe('with no SMTP_URL, emails are written as .eml files beside the database (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ OUTBOX_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('writes a readable RFC 822 file with the link', async () => {
    await t.as('admin').post('/api/invitations').send({ email: 'demo@example.org', name: 'Dee Demo', role: 'stakeholder' }).expect(201);
    expect((await t.app.get(OutboxService).runOnce()).sent).toBe(1);
    const folder = join(t.dir, 'mail');
    const files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const raw = readFileSync(join(folder, files[0]), 'utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    const mail = await simpleParser(raw);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('demo@example.org');
    expect(mail.subject).toBe('You are invited to population health planning');
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{43}/);
  });
});
