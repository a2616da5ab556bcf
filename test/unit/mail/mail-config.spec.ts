import { ConfigError, loadConfig } from '../../../src/config/app-config';
import { renderEmail } from '../../../src/mail/email-template';
import { mailFolder } from '../../../src/mail/mail.module';

const base = { NODE_ENV: 'test' };

describe('mail configuration', () => {
  it('accepts smtp:// and smtps:// URLs with credentials, and no SMTP_URL at all', () => {
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://user:pass@mail.example.org:587' }).SMTP_URL).toBe('smtp://user:pass@mail.example.org:587');
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://user:pass@mail.example.org:465' }).SMTP_URL).toBeDefined();
    expect(loadConfig(base).SMTP_URL).toBeUndefined();
  });

  it.each(['mail.example.org', 'http://mail.example.org', 'smtp://', 'not a url'])('refuses SMTP_URL %p with a plain message', (url) => {
    expect(() => loadConfig({ ...base, SMTP_URL: url })).toThrow(new ConfigError('Invalid configuration: SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465'));
  });

  it('checks MAIL_FROM and PUBLIC_BASE_URL', () => {
    expect(loadConfig({ ...base, MAIL_FROM: 'Planning <planning@example.org>' }).MAIL_FROM).toBe('Planning <planning@example.org>');
    expect(() => loadConfig({ ...base, MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM must be an email address/);
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://planning.example.org/' }).publicBaseUrl).toBe('https://planning.example.org');
    expect(() => loadConfig({ ...base, PUBLIC_BASE_URL: 'planning.example.org' })).toThrow(/PUBLIC_BASE_URL must be the address/);
    expect(() => loadConfig({ ...base, OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(/OUTBOX_MAX_ATTEMPTS/);
  });

  it('writes demo emails to mail/ beside the SQLite database', () => {
    expect(mailFolder(loadConfig({ ...base, DATABASE_PATH: '/srv/phw/db.sqlite' }))).toBe('/srv/phw/mail');
  });
});

describe('email template', () => {
  it('escapes every supplied text in the HTML part and keeps the plain text as typed', () => {
    const mail = renderEmail({
      to: 'a@example.org',
      subject: 'S',
      greeting: 'Dear <script>alert(1)</script>,',
      paragraphs: ['Tom & "Jerry"'],
      action: { label: 'Open', url: 'https://x.example/a?b=1&c="2"' },
      after: [],
    });
    expect(mail.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(mail.html).toContain('Tom &amp; &quot;Jerry&quot;');
    expect(mail.html).toContain('href="https://x.example/a?b=1&amp;c=&quot;2&quot;"');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Dear <script>alert(1)</script>,');
    expect(mail.text).toContain('Open:\nhttps://x.example/a?b=1&c="2"');
  });
});
