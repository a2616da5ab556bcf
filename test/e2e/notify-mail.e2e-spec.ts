import { OutboxService } from '../../src/outbox/outbox.service';
import { FakeNotify, NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID } from './support/fake-notify';
import { TestApp } from './support/test-app';

const BASE = 'https://planning.example.org';

/** The service with GOV.UK Notify as its mail transport (a loopback stand-in for Notify's API): the features do not notice. */
describe('emails through GOV.UK Notify (e2e, loopback stand-in)', () => {
  let fake: FakeNotify;
  let t: TestApp;
  let outbox: OutboxService;

  beforeAll(async () => {
    fake = await FakeNotify.start();
    t = await TestApp.start({ NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, NOTIFY_BASE_URL: fake.url, PUBLIC_BASE_URL: BASE, OUTBOX_INTERVAL_MS: '0', NOTIFICATIONS_INTERVAL_MS: '0', OUTBOX_BASE_DELAY_SECONDS: '30' });
    outbox = t.app.get(OutboxService);
  });
  afterAll(async () => {
    await t.stop();
    await fake.stop();
  });

  it('an invitation goes out through the Notify template, its link intact', async () => {
    await t.as('admin').post('/api/invitations').send({ email: 'nia@example.org', name: 'Nia <Nurse>', role: 'stakeholder' }).expect(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [sent] = fake.accepted;
    expect(sent.body.email_address).toBe('nia@example.org');
    expect(sent.body.template_id).toBe(NOTIFY_TEMPLATE_ID);
    expect(sent.body.personalisation.subject).toBe('You are invited to population health planning');
    expect(sent.body.personalisation.body).toMatch(new RegExp(`${BASE}/invitations/[A-Za-z0-9_-]{43}`));
    const row = (await t.as('admin').get('/api/admin/outbox?status=sent').expect(200)).body.items[0];
    expect(row).toMatchObject({ recipient: 'nia@example.org', status: 'sent' });
  });

  it('while Notify fails, the email is retried after the backoff and delivered once', async () => {
    await t.as('admin').post('/api/invitations').send({ email: 'ola@example.org', name: 'Ola', role: 'auditor' }).expect(201);
    fake.failNext = 1;
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const pending = (await t.as('admin').get('/api/admin/outbox?status=pending').expect(200)).body.items[0];
    expect(pending.lastError).toBe('GOV.UK Notify answered 500: Exception Internal server error');
    // not due again before the backoff
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await outbox.runOnce(new Date(Date.now() + 31_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await outbox.runOnce(new Date(Date.now() + 3600_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(fake.accepted.filter((r) => r.body.email_address === 'ola@example.org')).toHaveLength(1);
  });
});
