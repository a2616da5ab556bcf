import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Page } from '../common/pagination.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { AppConfig } from '../config/app-config';
import { Actor } from '../projects/actor';
import { selectBound, sqlNames } from '../database/bound-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { Role } from './access.decorators';
import { hashPassword, passwordPolicyErrors } from './crypto';
import { UserEntity } from './user.entity';

/** A user as the API shows them: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UserChange {
  name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function userView(u: UserEntity): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt };
}

/** Accounts: created and changed by admins, plus the bootstrap admin a new deployment starts with. */
@Injectable()
export class UsersService implements OnModuleInit {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly audit: AuditLogService,
  ) {}

  /** Runs before any onApplicationBootstrap (demo data), so a deployment's first admin exists first. */
  async onModuleInit(): Promise<void> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL;
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password) return;
    if ((await this.transactions.read((m) => m.count(UserEntity))) > 0) return;
    await this.create({ email, name: 'Administrator', role: 'admin', password }, { id: null, name: 'service start-up (BOOTSTRAP_ADMIN_EMAIL)' });
    this.logger.log(`Created the bootstrap admin ${normaliseEmail(email)}`);
  }

  /** `actor`: who creates the account (recorded in the audit log). */
  async create(input: NewUser, actor: Actor | null = null): Promise<UserView> {
    const problems = passwordPolicyErrors(input.password);
    if (problems.length > 0) throw new InvalidInputError('The password is not acceptable.', problems.map((message) => ({ field: 'password', message })));
    const email = normaliseEmail(input.email);
    // Hash outside the transaction: scrypt is slow and the database queue must not wait on it.
    const passwordHash = await hashPassword(input.password);
    return this.transactions.write(async (manager) => {
      if (await manager.exists(UserEntity, { where: { email } })) {
        throw new ConflictError('EmailTaken', `There is already an account for ${email}.`);
      }
      const user = manager.create(UserEntity, {
        id: randomUUID(),
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash,
        active: true,
        createdAt: new Date().toISOString(),
      });
      const saved = await manager.save(UserEntity, user);
      await this.audit.append(manager, 'USER_CREATED', saved.id, { email: saved.email, name: saved.name, role: saved.role }, actor, saved.createdAt);
      return userView(saved);
    });
  }

  /** The account with this email, creating it when missing (demo data). */
  async ensure(input: NewUser, actor: Actor | null = { id: null, name: 'demo data' }): Promise<UserView> {
    const existing = await this.findByEmail(input.email);
    return existing ? userView(existing) : this.create(input, actor);
  }

  async list(limit: number, offset: number): Promise<Page<UserView>> {
    return this.transactions.read(async (manager) => {
      const [rows, total] = await manager.findAndCount(UserEntity, { order: { createdAt: 'ASC', email: 'ASC' }, take: limit, skip: offset });
      return { items: rows.map(userView), total, limit, offset };
    });
  }

  /** Each change is recorded in the audit log with `actor`, in the same transaction. */
  async update(id: string, change: UserChange, actor: Actor | null = null): Promise<UserView> {
    if (change.password !== undefined) {
      const problems = passwordPolicyErrors(change.password);
      if (problems.length > 0) throw new InvalidInputError('The password is not acceptable.', problems.map((message) => ({ field: 'password', message })));
    }
    const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    return this.transactions.write(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id } });
      if (!user) throw new NotFoundError('User', id);
      const losesAdmin = user.role === 'admin' && user.active && ((change.role !== undefined && change.role !== 'admin') || change.active === false);
      if (losesAdmin && (await this.activeAdmins(manager)) <= 1) {
        throw new ConflictError('LastAdmin', 'This is the only active admin; make someone else an admin first, or nobody could manage accounts.');
      }
      const before = { name: user.name, role: user.role, active: user.active };
      if (change.name !== undefined) user.name = change.name.trim();
      if (change.role !== undefined) user.role = change.role;
      if (change.active !== undefined) user.active = change.active;
      if (passwordHash !== undefined) {
        user.passwordHash = passwordHash;
        // a reset password signs the account out everywhere
        user.credentialsVersion = (user.credentialsVersion ?? 1) + 1;
      }
      const saved = await manager.save(UserEntity, user);
      if (saved.name !== before.name) await this.audit.append(manager, 'USER_RENAMED', id, { from: before.name, to: saved.name }, actor);
      if (saved.role !== before.role) await this.audit.append(manager, 'USER_ROLE_CHANGED', id, { from: before.role, to: saved.role }, actor);
      if (saved.active !== before.active) await this.audit.append(manager, saved.active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', id, {}, actor);
      if (passwordHash !== undefined) await this.audit.append(manager, 'USER_PASSWORD_RESET', id, { credentialsVersion: saved.credentialsVersion }, actor);
      return userView(saved);
    });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.transactions.read((m) => m.findOne(UserEntity, { where: { email: normaliseEmail(email) } }));
  }

  /**
   * The signed-in caller, read afresh for every request (so deactivation and role changes take
   * effect at once): one bound statement rather than a query-builder find, as it runs per request.
   */
  async activeAccount(id: string): Promise<Pick<UserEntity, 'id' | 'email' | 'name' | 'role' | 'credentialsVersion'> | null> {
    return this.transactions.read(async (manager) => {
      if (!this.activeAccountSql) {
        const u = sqlNames(manager, UserEntity);
        this.activeAccountSql =
          `SELECT ${u.column('id')} AS "id", ${u.column('email')} AS "email", ${u.column('name')} AS "name", ${u.column('role')} AS "role",` +
          ` ${u.column('active')} AS "active", ${u.column('credentialsVersion')} AS "credentialsVersion" FROM ${u.table} WHERE ${u.column('id')} = ?`;
      }
      const [row] = await selectBound<{ id: string; email: string; name: string; role: Role; active: boolean | number; credentialsVersion: number }>(
        manager,
        this.activeAccountSql,
        [id],
      );
      // SQLite stores a boolean as 1/0, PostgreSQL as a boolean
      if (!row || !(row.active === true || row.active === 1)) return null;
      return { id: row.id, email: row.email, name: row.name, role: row.role, credentialsVersion: Number(row.credentialsVersion) };
    });
  }

  private activeAccountSql?: string;

  /** Inside a caller's transaction: the user, when they exist (for checks such as "is a stakeholder"). */
  async findIn(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { id } });
  }

  private activeAdmins(manager: EntityManager): Promise<number> {
    return manager.count(UserEntity, { where: { role: 'admin', active: true } });
  }
}
