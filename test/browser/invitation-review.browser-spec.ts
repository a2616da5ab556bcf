import type { APIRequestContext, Page } from 'playwright-core';
import { OutboxService } from '../../src/outbox/outbox.service';
import { addresses, SmtpSink } from '../e2e/support/smtp-sink';
import { BrowserHarness, checkPage, DEMO_PASSWORD } from './support/browser';
import { DEMO_USERS } from '../../src/demo/demo-people';

const STAGE1 = 'planning-and-codesign';
const VAL = { email: 'val.volunteer@healthwatch.example', name: 'Val Volunteer', password: 'copper-meadow-lantern-62' };

/**
 * Issue 10's browser journey: a person is invited by email, follows the email's link, chooses their
 * own password (no admin ever touches it), lands on their home page, is emailed when a stage awaits
 * their review, opens the review from that email and records a decision. The emails go through a
 * real SMTP server in the test (parsed); their links are followed in Chromium.
 */
describe('invited by email, then reviewing a stage (browser)', () => {
  let h: BrowserHarness;
  let sink: SmtpSink;
  let pmApi: APIRequestContext;
  let pmToken: string;

  /** Delivers what the outbox holds, and returns the path of the link in the newest email to `to`. */
  const linkIn = async (to: string, pattern: RegExp): Promise<{ path: string; subject: string; text: string }> => {
    await h.app.get(OutboxService).runOnce();
    const mail = sink.received.filter((m) => addresses(m).includes(to)).at(-1);
    if (!mail) throw new Error(`no email to ${to}`);
    const url = (mail.text ?? '').split(/\s+/).find((word) => pattern.test(word));
    if (!url) throw new Error(`no link matching ${pattern} in: ${mail.text}`);
    // the emails name PUBLIC_BASE_URL; the test server listens on a port chosen at start
    return { path: new URL(url).pathname, subject: mail.subject ?? '', text: mail.text ?? '' };
  };
  const pm = (method: 'post' | 'put', url: string, data: unknown) => pmApi[method](url, { data, headers: { Authorization: `Bearer ${pmToken}` } });
  const submit = async (page: Page, name: string) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
    await page.waitForLoadState('load');
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    h = await BrowserHarness.start({ SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://planning.example.org', OUTBOX_INTERVAL_MS: '0', NOTIFICATIONS_INTERVAL_MS: '0' });
    const context = await h.context();
    pmApi = context.request;
    const login = await pmApi.post('/api/auth/login', { data: { email: DEMO_USERS.pm.email, password: DEMO_PASSWORD } });
    pmToken = (await login.json()).token;
  }, 300_000);
  afterAll(async () => {
    await h?.stop();
    await sink?.stop();
  });

  it('accepts the invitation from the email, then reviews the stage from the next email', async () => {
    // the programme manager invites a volunteer into Banbury's stakeholder group
    const invited = await pm('post', '/api/invitations', {
      email: VAL.email,
      name: VAL.name,
      role: 'stakeholder',
      projectSlug: 'banbury',
      group: 'stakeholder-group',
      organisation: 'Healthwatch Oxfordshire',
      organisationType: 'healthwatch',
      roleInGroup: 'Volunteer, patient voice',
    });
    expect(invited.status()).toBe(201);
    const invitation = await linkIn(VAL.email, /\/invitations\//);
    expect(invitation.subject).toBe('You are invited to join "Banbury and surrounding area"');

    // the volunteer, in their own browser, follows the link and chooses a password
    const context = await h.context();
    const page = await context.newPage();
    await page.goto(invitation.path);
    expect(await page.locator('h1').innerText()).toBe(`Welcome, ${VAL.name}`);
    await checkPage(page, 'invitation-accept');
    await page.getByLabel('Password', { exact: true }).fill(VAL.password);
    await submit(page, 'Create my account');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Your account is ready');
    expect(await page.locator('main').innerText()).toContain('Nothing is waiting for your review.');
    await checkPage(page, 'invitation-home');

    // the programme manager completes Banbury's groups and stage 1's work and submits it for review (through the API)
    for (const [group, member] of [
      ['core-project-team', { name: 'Nina Lead', organisation: 'Oxfordshire ICB', organisationType: 'commissioner-or-icb', roleInGroup: 'Locality lead' }],
      ['stakeholder-group', { name: 'Cllr Ann Cross', organisation: 'Banbury Town Council', organisationType: 'other', roleInGroup: 'Town councillor' }],
      ['stakeholder-group', { name: 'Rob Resident', organisation: 'Banbury patient participation group', organisationType: 'resident-or-patient-representative', roleInGroup: 'Chair' }],
      ['clinical-professional-group', { name: 'Dr Ivy Shaw', organisation: 'Banbury Cross PCN', organisationType: 'gp-practice-or-pcn', roleInGroup: 'Clinical director' }],
    ] as const) {
      const added = await pm('post', `/api/projects/banbury/groups/${group}/members`, member);
      expect({ status: added.status(), body: added.status() === 201 ? null : await added.json() }).toEqual({ status: 201, body: null });
    }
    for (const [key, evidence] of Object.entries({
      'codesign-approach': 'Agreed with the Banbury community partnership.',
      'confirm-scope': 'Locality scope confirmed from the JSNA.',
      'involvement-strategy': 'Published on the ICB site.',
      'community-kick-off': 'Kick-off at Banbury town hall.',
    })) {
      expect((await pm('put', `/api/projects/banbury/stages/${STAGE1}/deliverables/${key}`, { status: 'done', evidence })).status()).toBe(200);
    }
    const submitted = await pm('post', '/api/projects/banbury/workflow/events', { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 });
    expect({ status: submitted.status(), body: submitted.status() === 201 ? null : await submitted.json() }).toEqual({ status: 201, body: null });

    // the review request reaches the volunteer; its link opens the review
    const request = await linkIn(VAL.email, /\/reviews\//);
    expect(request.subject).toBe('Please review stage 1 ("Planning and co-design") of "Banbury and surrounding area"');
    expect(request.text).toContain('Priya Manning has submitted stage 1');
    await page.goto(request.path);
    expect(await page.locator('h1').innerText()).toContain('Planning and co-design');
    await checkPage(page, 'invitation-review');
    await page.getByLabel('Approve', { exact: true }).check();
    await page.getByLabel('Comment', { exact: true }).fill('The kick-off reached the villages too: thank you.');
    await submit(page, 'Send decision');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('You approved this stage');
    expect(await page.locator('main').innerText()).toContain('The kick-off reached the villages too');
    await checkPage(page, 'invitation-review-decided');

    // their notifications list the request; opening it marks it read
    await page.goto('/notifications');
    expect(await page.locator('main').innerText()).toContain('Priya Manning submitted stage 1 ("Planning and co-design") of "Banbury and surrounding area" for review.');
    await checkPage(page, 'notifications');
    await Promise.all([page.waitForURL(/\/reviews\//), page.getByRole('button', { name: /^Open/ }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/projects/banbury/reviews/${STAGE1}`);
    await page.goto('/notifications');
    expect(await page.locator('main').innerText()).toContain('You have no unread notifications.');

    // they choose how they hear of things
    await page.goto('/notifications/settings');
    await checkPage(page, 'notification-settings');
    await page.locator('#mode-stage-approved-2').check();
    await submit(page, 'Save my choices');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Your choices are saved');
    expect(await page.locator('#mode-stage-approved-2').isChecked()).toBe(true);

    // and follow the project from its page
    await page.goto('/projects/banbury');
    await submit(page, 'Follow this project');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('You are following this project');
    await checkPage(page, 'project-following');
    await submit(page, 'Stop following this project');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('You no longer follow this project');
    await context.close();

    // the account was created by the acceptance, not by an admin: the audit log says so
    const admin = await (await pmApi.post('/api/auth/login', { data: { email: DEMO_USERS.admin.email, password: DEMO_PASSWORD } })).json();
    const audit = await (await pmApi.get('/api/audit-log', { headers: { Authorization: `Bearer ${admin.token}` } })).json();
    const created = audit.items.filter((e: { type: string; payload: { email?: string } }) => e.type === 'USER_CREATED' && e.payload.email === VAL.email);
    expect(created).toEqual([expect.objectContaining({ actorName: `Priya Manning (invitation accepted by ${VAL.name})` })]);
    // about 20 s on a quiet machine; the shared machine can be several times slower
  }, 300_000);
});
