import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'e2e-mailer';
export const SMTP_PASS = 'e2e-mailer-secret';

/** A real SMTP server in the test process, on a loopback port, keeping every email it accepts (parsed). */
export class SmtpSink {
  readonly received: ParsedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.listen(0);
    return sink;
  }

  get url(): string {
    return `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${this.port}`;
  }

  /** Listens again, on the same port after a stop (the "server is back" case). */
  async listen(port = this.port): Promise<void> {
    const server = new SMTPServer({
      // plain SMTP on loopback: no certificate to make, but credentials still checked
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) =>
        auth.username === SMTP_USER && auth.password === SMTP_PASS ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password')),
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((m) => addresses(m).includes(address.toLowerCase()));
  }
}

export function addresses(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** The token at the end of a link `/<path>/<token>` in the email's plain text. */
export function linkToken(mail: ParsedMail, path: 'invitations' | 'password-reset'): string {
  const match = new RegExp(`/${path}/([A-Za-z0-9_-]{43})`).exec(mail.text ?? '');
  if (!match) throw new Error(`no /${path}/ link in: ${mail.text}`);
  return match[1];
}
