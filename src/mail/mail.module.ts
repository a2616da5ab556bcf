import { dirname, join, resolve } from 'node:path';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailTransport } from './mail-transport';
import { FolderMailTransport, SmtpMailTransport } from './nodemailer-transports';
import { NotifyMailTransport } from './notify-transport';

/** The folder the demo transport writes to: `mail/` beside the SQLite database. */
export function mailFolder(config: AppConfig): string {
  const base = config.DATABASE_TYPE === 'better-sqlite3' && config.DATABASE_PATH !== ':memory:' ? dirname(config.DATABASE_PATH) : './data';
  return join(resolve(base), 'mail');
}

export function createMailTransport(config: AppConfig): MailTransport {
  if (config.NOTIFY_API_KEY) return new NotifyMailTransport(config.NOTIFY_API_KEY, config.NOTIFY_TEMPLATE_ID!, config.NOTIFY_BASE_URL?.replace(/\/+$/, ''));
  return config.SMTP_URL ? new SmtpMailTransport(config.SMTP_URL, config.MAIL_FROM) : new FolderMailTransport(mailFolder(config), config.MAIL_FROM);
}

/** Provides the MailTransport chosen by configuration; features depend on the abstract class only. */
@Global()
@Module({
  providers: [{ provide: MailTransport, inject: [AppConfig], useFactory: createMailTransport }],
  exports: [MailTransport],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MailTransport) private readonly transport: MailTransport) {}

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
