import { Clock } from '../common/clock';
import { Injectable, Logger } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import { hashPassword } from '../auth/crypto';
import { UserEntity } from '../auth/user.entity';
import { normaliseEmail } from '../auth/users.service';
import { GoneError, NotFoundError } from '../common/domain-errors';
import { AuditLogService } from '../audit/audit-log.service';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { renderEmail } from '../mail/email-template';
import { OutboxService } from '../outbox/outbox.service';
import { PasswordResetEntity } from './account-token.entities';
import { hashLinkToken, LINK_TOKEN, newLinkToken } from './link-tokens';
import { checkNewPassword } from './invitations.service';

export const RESET_MINUTES = 60;
/** Reset emails one account is sent per hour at most, so the form cannot flood someone's inbox. */
export const RESETS_PER_HOUR = 3;

const used = () => new GoneError('ResetLinkUsed', 'This password reset link has already been used. Ask for a new one from the sign-in page.');

/**
 * "Forgot password": the answer is the same whether or not the address has an account, and the
 * work nearly so (a token is made and hashed either way; only the email differs, queued for later).
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async request(rawEmail: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    await this.transactions.write(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { email } });
      if (!user || !user.active) return;
      const recent = await manager.count(PasswordResetEntity, { where: { userId: user.id, createdAt: MoreThan(new Date(now.getTime() - 3600_000).toISOString()) } });
      if (recent >= RESETS_PER_HOUR) {
        this.logger.warn(`Password reset for ${user.email} not sent: ${recent} already sent in the last hour`);
        return;
      }
      await manager.save(PasswordResetEntity, {
        tokenHash: hash,
        userId: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + RESET_MINUTES * 60 * 1000).toISOString(),
        usedAt: null,
      });
      const message = renderEmail({
        to: user.email,
        subject: 'Reset your password for population health planning',
        greeting: `Dear ${user.name},`,
        paragraphs: ['Someone, hopefully you, asked to reset the password of your account on the population health planning service.'],
        action: { label: 'Choose a new password', url: `${this.config.publicBaseUrl}/password-reset/${token}` },
        after: [
          `The link works once and lasts ${RESET_MINUTES} minutes. Choosing a new password signs you out everywhere you are signed in.`,
          'If you did not ask for this, you can ignore this email: your password stays as it is.',
        ],
      });
      // no userId: a reset link is not a notification for the in-app list
      await this.outbox.enqueue(manager, { ...message, kind: 'password-reset', summary: 'A password reset link was sent.' }, now);
    });
  }

  async reset(token: string, password: unknown): Promise<void> {
    const tokenHash = LINK_TOKEN.test(token) ? hashLinkToken(token) : '';
    const found = await this.transactions.read(async (m) => {
      const row = tokenHash ? await m.findOne(PasswordResetEntity, { where: { tokenHash } }) : null;
      const user = row ? await m.findOne(UserEntity, { where: { id: row.userId } }) : null;
      return row && user ? { row, user } : null;
    });
    if (!found || !found.user.active) throw new NotFoundError('Password reset link', 'from this email');
    const { row, user } = found;
    if (row.usedAt) throw used();
    if (Date.parse(row.expiresAt) <= this.clock.now().getTime()) throw new GoneError('ResetLinkExpired', `This password reset link expired; links last ${RESET_MINUTES} minutes. Ask for a new one from the sign-in page.`);
    checkNewPassword(password, { email: user.email, name: user.name });
    const passwordHash = await hashPassword(password as string);
    const now = this.clock.iso();
    await this.transactions.write(async (manager) => {
      const claimed = await manager.update(PasswordResetEntity, { tokenHash, usedAt: IsNull() }, { usedAt: now });
      if (claimed.affected !== 1) throw used();
      // every other outstanding link for this account stops working too
      await manager.update(PasswordResetEntity, { userId: user.id, usedAt: IsNull() }, { usedAt: now });
      const current = await manager.findOneOrFail(UserEntity, { where: { id: user.id } });
      // tokens carry the version they were issued at: bumping it ends every existing session
      const credentialsVersion = (current.credentialsVersion ?? 1) + 1;
      await manager.update(UserEntity, { id: user.id }, { passwordHash, credentialsVersion });
      await this.audit.append(manager, 'USER_PASSWORD_RESET', user.id, { credentialsVersion }, { id: user.id, name: `${user.name} (by the email link)` });
    });
    this.logger.log(`Password of ${user.email} reset by email link; existing sessions ended`);
  }
}
