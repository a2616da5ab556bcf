import { ConfigError, loadConfig } from '../../../src/config/app-config';
import { createMailTransport } from '../../../src/mail/mail.module';
import { NotifyMailTransport } from '../../../src/mail/notify-transport';
import { FakeNotify, NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID } from '../../e2e/support/fake-notify';

const base = { NODE_ENV: 'test' };
const email = { to: 'val@example.org', subject: 'Please review stage 1 of "Wantage"', text: 'Dear Val,\n\nA <stage> & more.\n', html: '<p>ignored by Notify</p>' };

describe('the GOV.UK Notify transport (notifications-node-client against a loopback stand-in)', () => {
  let fake: FakeNotify;
  beforeAll(async () => {
    fake = await FakeNotify.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('sends the email through the template, signed with the key, and returns Notify\'s id', async () => {
    const transport = new NotifyMailTransport(NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, fake.url);
    const receipt = await transport.send(email);
    expect(receipt.messageId).toBe('notify-1');
    expect(fake.accepted.at(-1)!.body).toEqual({ email_address: 'val@example.org', template_id: NOTIFY_TEMPLATE_ID, personalisation: { subject: email.subject, body: email.text } });
  });

  it("rejects with Notify's own words when Notify refuses or is down (the outbox then retries)", async () => {
    await expect(new NotifyMailTransport(NOTIFY_API_KEY, '00000000-0000-4000-8000-000000000000', fake.url).send(email)).rejects.toThrow('GOV.UK Notify answered 400: BadRequestError Template not found');
    await expect(new NotifyMailTransport(`test_key-${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}-${'2'.repeat(8)}-2222-4222-8222-${'2'.repeat(12)}`, NOTIFY_TEMPLATE_ID, fake.url).send(email)).rejects.toThrow(/answered 403: AuthError/);
    fake.failNext = 1;
    await expect(new NotifyMailTransport(NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, fake.url).send(email)).rejects.toThrow('GOV.UK Notify answered 500: Exception Internal server error');
    await expect(new NotifyMailTransport(NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, 'http://127.0.0.1:9').send(email)).rejects.toThrow(/GOV.UK Notify could not be reached/);
  });

  it('is chosen by configuration, which is checked at start-up', () => {
    const env = { ...base, NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, NOTIFY_BASE_URL: `${fake.url}/` };
    expect(createMailTransport(loadConfig(env))).toBeInstanceOf(NotifyMailTransport);
    expect(() => loadConfig({ ...env, NOTIFY_API_KEY: 'not-a-key' })).toThrow(/NOTIFY_API_KEY must be a GOV.UK Notify API key/);
    expect(() => loadConfig({ ...env, NOTIFY_TEMPLATE_ID: undefined })).toThrow(/NOTIFY_TEMPLATE_ID must be the id/);
    expect(() => loadConfig({ ...env, NOTIFY_BASE_URL: 'ftp://x' })).toThrow(/NOTIFY_BASE_URL must be an http/);
    expect(() => loadConfig({ ...env, SMTP_URL: 'smtp://u:p@mail.example.org:587' })).toThrow(new ConfigError('Invalid configuration: set SMTP_URL or NOTIFY_API_KEY, not both (emails go one way)'));
    expect(() => loadConfig({ ...base, NOTIFY_TEMPLATE_ID })).toThrow(/need NOTIFY_API_KEY/);
  });
});
