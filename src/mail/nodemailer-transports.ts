import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { MailMessage, MailReceipt, MailTransport } from './mail-transport';

/** SMTP through nodemailer: SMTP_URL names host, port, TLS (smtps:) and credentials. */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    // short timeouts: the outbox worker retries later rather than hanging on a dead server
    this.transporter = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    const info = await this.transporter.sendMail({ from: this.from, ...message });
    return { messageId: String(info.messageId) };
  }

  override close(): void {
    this.transporter.close();
  }
}

/**
 * No SMTP configured (a demo, offline): each email is written as an RFC 822 `.eml` file, which
 * any mail program opens. nodemailer's stream transport builds exactly the bytes SMTP would carry.
 */
export class FolderMailTransport extends MailTransport {
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    readonly folder: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    const info = (await this.composer.sendMail({ from: this.from, ...message })) as unknown as { messageId: string; message: Buffer };
    await mkdir(this.folder, { recursive: true });
    // time first so the folder lists in the order the emails were sent
    const path = join(this.folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
    await writeFile(path, info.message);
    return { messageId: info.messageId, path };
  }
}
