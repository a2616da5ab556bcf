import { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { STAGE_KEYS } from '../../workflows';
import { londonDay } from '../../workflows/notifications';
import { NotificationSchedule } from '../../src/notifications/notification-schedule';
import { OutboxService } from '../../src/outbox/outbox.service';
import { addresses, SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';

const BASE = 'https://planning.example.org';
const DAY = 24 * 3600 * 1000;

/**
 * Every kind of notification, end to end: the command, the recipients worked out at command time,
 * the email through a real SMTP server (parsed), the in-app list, preferences, following and the
 * schedule (target dates passed, daily digests).
 */
describe('notifications of every kind (e2e, real SMTP server)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let outbox: OutboxService;
  let schedule: NotificationSchedule;
  let db: DataSource;
  const slug = 'notify-all';

  /** Sends everything due at `at` (the worker's clock) and returns the emails it delivered. */
  const deliver = async (at?: Date): Promise<ParsedMail[]> => {
    const before = sink.received.length;
    while ((await outbox.runOnce(at)).sent > 0);
    return sink.received.slice(before);
  };
  const to = (mails: ParsedMail[]) => mails.flatMap(addresses).sort();
  const email = (who: string) => t.user(who).email;
  const count = async (table: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const kinds = async (who: string) => (await t.as(who).get('/api/me/notifications').expect(200)).body.items.map((i: { kind: string }) => i.kind);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE, OUTBOX_INTERVAL_MS: '0', NOTIFICATIONS_INTERVAL_MS: '0' });
    outbox = t.app.get(OutboxService);
    schedule = t.app.get(NotificationSchedule);
    db = t.app.get(DataSource);
    await t.createProject(slug);
    await t.prepareStage(slug, 'planning-and-codesign');
    await deliver();
  });
  afterAll(async () => {
    await t.stop();
    await sink.stop();
  });

  it('only someone who may read a project can follow it; following twice is following', async () => {
    await t.as('outsider').put(`/api/projects/${slug}/follow`).expect(403);
    await t.as('pm2').put(`/api/projects/${slug}/follow`).expect(403);
    await t.http().put(`/api/projects/${slug}/follow`).expect(401);
    await t.as('auditor').put(`/api/projects/no-such-project/follow`).expect(404);
    // an auditor reads every project, so may follow one (it changes only their own choices)
    expect((await t.as('auditor').put(`/api/projects/${slug}/follow`).expect(200)).body).toEqual({ projectSlug: slug, following: true });
    await t.as('auditor').put(`/api/projects/${slug}/follow`).expect(200);
    expect((await t.as('auditor').get(`/api/projects/${slug}/follow`).expect(200)).body.following).toBe(true);
    await t.as('admin').put(`/api/projects/${slug}/follow`).expect(200);
    expect(await count('project_follow')).toBe(2);
  });

  it('preferences: defaults, a change per kind, and bad input answered per field with nothing changed', async () => {
    const mine = await t.as('clinician').get('/api/me/notification-preferences').expect(200);
    expect(mine.body.modes).toEqual(['immediately', 'daily-digest', 'off']);
    expect(mine.body.items.find((i: { kind: string }) => i.kind === 'stage-submitted')).toMatchObject({ mode: 'immediately', default: 'immediately' });
    expect(mine.body.items.find((i: { kind: string }) => i.kind === 'project-on-hold')).toMatchObject({ mode: 'daily-digest' });
    const bad = await t.as('clinician').put('/api/me/notification-preferences').send({ 'stage-approved': 'sometimes', 'no-such-kind': 'off' }).expect(400);
    expect(bad.body.fields).toEqual([
      { field: 'no-such-kind', message: 'property no-such-kind should not exist' },
      { field: 'stage-approved', message: 'stage-approved must be one of: immediately, daily-digest, off' },
    ]);
    expect(await count('notification_preference')).toBe(0);
    // the clinician wants no email about approvals; the auditor wants the news of projects they follow at once
    await t.as('clinician').put('/api/me/notification-preferences').send({ 'stage-approved': 'off' }).expect(200);
    const all = { 'project-on-hold': 'immediately', 'project-resumed': 'immediately', 'project-withdrawn': 'immediately', 'project-completed': 'immediately', 'stage-overdue': 'immediately' };
    const set = await t.as('auditor').put('/api/me/notification-preferences').send(all).expect(200);
    expect(set.body.items.find((i: { kind: string }) => i.kind === 'project-resumed').mode).toBe('immediately');
  });

  it('a submission emails exactly the reviewers; a refused one sends nothing', async () => {
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(201);
    const sent = await deliver();
    expect(to(sent)).toEqual([email('clinician'), email('stakeholder')].sort());
    const rows = [await count('notification'), await count('outbox')];
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(409);
    expect([await count('notification'), await count('outbox')]).toEqual(rows);
  });

  it('a reviewer asking for changes tells the programme manager, with their words escaped in the HTML', async () => {
    await t.decide(slug, 'planning-and-codesign', 'stakeholder', { decision: 'request-changes', comment: 'Add the <b>parish</b> council & the PPG' }).expect(201);
    const [mail, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(addresses(mail)).toEqual([email('pm')]);
    expect(mail.subject).toBe('Changes asked for on stage 1 ("Planning and co-design") of "Project notify-all"');
    expect(mail.text).toContain('Sue Stakeholder (stakeholder group) has asked for changes');
    expect(mail.text).toContain('What they said: "Add the <b>parish</b> council & the PPG"');
    expect(mail.text).toContain(`${BASE}/projects/${slug}/reviews/planning-and-codesign`);
    expect(mail.html).toContain('Add the &lt;b&gt;parish&lt;/b&gt; council &amp; the PPG');
    expect(mail.html).not.toContain('<b>parish');
    console.log(`--- changes asked for ---\nSubject: ${mail.subject}\n\n${mail.text}`);
  });

  it('the decision that completes the quorum tells the programme manager, once', async () => {
    await t.decide(slug, 'planning-and-codesign', 'stakeholder', { decision: 'approve' }).expect(201);
    expect(await deliver()).toEqual([]);
    await t.decide(slug, 'planning-and-codesign', 'clinician', { decision: 'approve' }).expect(201);
    const [mail, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(addresses(mail)).toEqual([email('pm')]);
    expect(mail.subject).toBe('Stage 1 ("Planning and co-design") of "Project notify-all" has the approvals it needs');
    expect(mail.text).toContain('the last came from Dr Cal Clinician (clinical/professional group)');
    console.log(`--- quorum ---\nSubject: ${mail.subject}\n\n${mail.text}`);
    // a further approval once the quorum stands is not news
    await t.decide(slug, 'planning-and-codesign', 'clinician', { decision: 'approve', comment: 'Still fine' }).expect(201);
    expect(await deliver()).toEqual([]);
    expect((await kinds('pm')).filter((k: string) => k === 'review-quorum')).toHaveLength(1);
  });

  it('an approval tells the reviewers and followers, except one who turned it off, and not the person who approved', async () => {
    await t.event(slug, { type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }).expect(201);
    const sent = await deliver();
    expect(to(sent)).toEqual([email('admin'), email('auditor'), email('stakeholder')].sort());
    const mail = sent.find((m) => addresses(m)[0] === email('auditor'))!;
    expect(mail.subject).toBe('Stage 1 ("Planning and co-design") of "Project notify-all" is approved');
    expect(mail.text).toContain('Pat Manager has approved stage 1');
    expect(mail.text).toContain('You are receiving this because you follow this project.');
    expect(mail.text).toContain(`${BASE}/notifications/settings`);
    console.log(`--- approval, to a follower ---\nSubject: ${mail.subject}\n\n${mail.text}`);
    // "off": no email and nothing in the list
    expect(await kinds('clinician')).not.toContain('stage-approved');
    const listed = (await t.as('stakeholder').get('/api/me/notifications').expect(200)).body.items[0];
    expect(listed).toMatchObject({ kind: 'stage-approved', projectSlug: slug, message: 'Pat Manager approved stage 1 ("Planning and co-design") of "Project notify-all".', readAt: null });
  });

  it('hold, resume and withdraw reach the followers as each chose (at once, or kept for the digest); a refused one sends nothing', async () => {
    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Waiting for the <ICB> budget' }).expect(201);
    let sent = await deliver();
    // the auditor chose "immediately"; the admin keeps the default, the daily digest
    expect(to(sent)).toEqual([email('auditor')]);
    expect(sent[0].subject).toBe('"Project notify-all" is on hold');
    expect(sent[0].text).toContain('Pat Manager has put the project "Project notify-all" on hold.');
    expect(sent[0].text).toContain('The reason given: "Waiting for the <ICB> budget"');
    expect(sent[0].html).toContain('Waiting for the &lt;ICB&gt; budget');
    expect(await kinds('admin')).toContain('project-on-hold');

    await t.event(slug, { type: 'RESUME' }).expect(201);
    sent = await deliver();
    expect(to(sent)).toEqual([email('auditor')]);
    expect(sent[0].subject).toBe('"Project notify-all" has resumed');

    // the admin stops following: the withdrawal reaches the auditor only
    await t.as('admin').delete(`/api/projects/${slug}/follow`).expect(200);
    expect((await t.as('admin').get(`/api/projects/${slug}/follow`).expect(200)).body.following).toBe(false);
    await t.event(slug, { type: 'WITHDRAW', reason: 'Merged with the Faringdon project' }).expect(201);
    sent = await deliver();
    expect(to(sent)).toEqual([email('auditor')]);
    expect(sent[0].subject).toBe('"Project notify-all" is withdrawn');
    expect(await kinds('admin')).not.toContain('project-withdrawn');

    const rows = [await count('notification'), await count('outbox')];
    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'again' }).expect(409);
    expect([await count('notification'), await count('outbox')]).toEqual(rows);
  });

  it("a daily digest collects a person's day into one email, sent once, after the day ends (London time)", async () => {
    const today = londonDay(new Date());
    // the day has not ended: nothing yet
    expect((await schedule.runOnce(new Date())).digests).toBe(0);
    const tomorrow = new Date(Date.now() + DAY);
    expect((await schedule.runOnce(tomorrow)).digests).toBe(1);
    const sent = await deliver(tomorrow);
    expect(to(sent)).toEqual([email('admin')]);
    const [digest] = sent;
    expect(digest.subject).toMatch(/^Your daily summary for \w+day \d+ \w+ \d{4}: 2 updates$/);
    expect(digest.text).toContain('- Pat Manager put "Project notify-all" on hold.');
    expect(digest.text).toContain('- Pat Manager resumed "Project notify-all".');
    expect(digest.text).toContain(`${BASE}/projects/${slug}`);
    console.log(`--- daily digest (${today}) ---\nSubject: ${digest.subject}\n\n${digest.text}`);
    // sent once: a second pass, and a pass after a restart, send nothing more
    expect((await schedule.runOnce(tomorrow)).digests).toBe(0);
    await t.restart();
    outbox = t.app.get(OutboxService);
    schedule = t.app.get(NotificationSchedule);
    db = t.app.get(DataSource);
    expect((await schedule.runOnce(tomorrow)).digests).toBe(0);
    expect(await deliver(tomorrow)).toEqual([]);
  });

  it('a stage past its target date is told once per stage and date, surviving a restart; a new date is told again', async () => {
    const late = 'late-stage';
    await t.createProject(late);
    await t.as('admin').put(`/api/projects/${late}/follow`).expect(200);
    await t.as('pm').put(`/api/projects/${late}/stages/planning-and-codesign/plan`).send({ targetDate: '2030-03-02' }).expect(200);
    await deliver();
    // the day after the target date (London), the stage is late
    const before = await schedule.runOnce(new Date('2030-03-02T23:30:00Z'));
    expect(before.overdue).toBe(0);
    expect((await schedule.runOnce(new Date('2030-03-03T00:30:00Z'))).overdue).toBe(1);
    expect((await schedule.runOnce(new Date('2030-03-03T09:00:00Z'))).overdue).toBe(0);
    await t.restart();
    schedule = t.app.get(NotificationSchedule);
    outbox = t.app.get(OutboxService);
    db = t.app.get(DataSource);
    expect((await schedule.runOnce(new Date('2030-03-04T09:00:00Z'))).overdue).toBe(0);
    // the manager and the admin (a follower) have it for their digest; the auditor (not following this one) nothing
    expect(await kinds('pm')).toContain('stage-overdue');
    expect(await kinds('admin')).toContain('stage-overdue');
    expect(await kinds('auditor')).not.toContain('stage-overdue');
    const item = (await t.as('pm').get('/api/me/notifications').expect(200)).body.items.find((i: { kind: string }) => i.kind === 'stage-overdue');
    expect(item.message).toBe('Stage 1 ("Planning and co-design") of "Project late-stage" passed its target date, Saturday 2 March 2030 (set by Pat Manager), without being approved.');
    // the pm's digest of that day arrives with it
    await schedule.runOnce(new Date('2030-03-05T09:00:00Z'));
    const sent = await deliver(new Date('2030-03-05T09:00:00Z'));
    const pmDigest = sent.find((m) => addresses(m)[0] === email('pm'))!;
    expect(pmDigest.text).toContain('passed its target date, Saturday 2 March 2030');
    expect(pmDigest.subject).toBe('Your daily summary for Sunday 3 March 2030: 1 update');
    // a new target date that passes is told again
    await t.as('pm').put(`/api/projects/${late}/stages/planning-and-codesign/plan`).send({ targetDate: '2030-04-01', reason: 'The <survey> moved to March' }).expect(200);
    expect((await schedule.runOnce(new Date('2030-04-02T09:00:00Z'))).overdue).toBe(1);
  });

  it('marking read: one, then all', async () => {
    const list = await t.as('pm').get('/api/me/notifications').expect(200);
    expect(list.body.unread).toBeGreaterThan(1);
    const id = list.body.items[0].id;
    await t.as('outsider').post(`/api/me/notifications/${id}/read`).expect(404);
    expect((await t.as('pm').post(`/api/me/notifications/${id}/read`).expect(200)).body.readAt).toEqual(expect.any(String));
    await t.as('pm').post('/api/me/notifications/read').expect(200);
    expect((await t.as('pm').get('/api/me/notifications').expect(200)).body.unread).toBe(0);
  });

  it('with the SMTP server down, a notification is retried and delivered exactly once when it is back', async () => {
    const project = 'notify-down';
    await t.createProject(project);
    await t.as('auditor').put(`/api/projects/${project}/follow`).expect(200);
    await deliver();
    await sink.stop();
    await t.event(project, { type: 'PUT_ON_HOLD', reason: 'Waiting for the estates survey' }).expect(201);
    const start = new Date();
    expect(await outbox.runOnce(start)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await outbox.runOnce(new Date(start.getTime() + 10_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await sink.listen();
    expect(await outbox.runOnce(new Date(start.getTime() + 31_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await outbox.runOnce(new Date(start.getTime() + 3600_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sink.to(email('auditor')).filter((m) => m.subject === '"Project notify-down" is on hold')).toHaveLength(1);
  });

  it('completing a project tells its followers', async () => {
    const done = 'notify-done';
    await t.createProject(done);
    await t.as('auditor').put(`/api/projects/${done}/follow`).expect(200);
    for (const stage of STAGE_KEYS) {
      await t.prepareStage(done, stage);
      await t.submitAndApprove(done, stage);
    }
    const sent = await deliver();
    const completed = sent.filter((m) => m.subject === '"Project notify-done" is completed');
    expect(to(completed)).toEqual([email('auditor')]);
    expect(completed[0].text).toContain('Pat Manager has approved its last stage, stage 6');
  });
});
