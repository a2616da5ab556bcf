import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Page } from '../common/pagination.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { AppConfig } from '../config/app-config';
import { Actor } from '../projects/actor';
import { sqlNames } from '../database/bound-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { Role } from './access.decorators';
import { hashPassword, PasswordContext, passwordPolicyErrors } from './crypto';
import { SignInStateRepository } from './sign-in-state.repository';
import { UserEntity } from './user.entity';
import { ProjectEntity } from '../projects/project.entity';
import { projectStatus } from '../../workflows';

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
  /** Who takes over the open projects this programme manager runs, when the change stops them running any. */
  replacementManagerId?: string;
}

/** Hands projects to another programme manager, each as a recorded MANAGER_ASSIGNED command (the people module provides it). */
export type ManagerHandover = (slugs: readonly string[], toUserId: string, actor: Actor) => Promise<void>;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function userView(u: UserEntity): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt };
}

/** Every place a password is set goes through this: NIST SP 800-63B rules, one plain message. */
function checkPassword(password: string, context: PasswordContext): void {
  const [problem] = passwordPolicyErrors(password, context);
  if (problem) throw new InvalidInputError('The password is not acceptable.', [{ field: 'password', message: problem }]);
}

/** Accounts: created and changed by admins, plus the bootstrap admin a new deployment starts with. */
@Injectable()
export class UsersService implements OnModuleInit {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly signInState: SignInStateRepository,
    private readonly audit: AuditLogService,
  ) {}

  /** Runs before any onApplicationBootstrap (demo data), so a deployment's first admin exists first. */
  async onModuleInit(): Promise<void> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL;
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password) return;
    if ((await this.transactions.read((m) => m.count(UserEntity))) > 0) return;
    try {
      await this.create({ email, name: 'Administrator', role: 'admin', password }, { id: null, name: 'service start-up (BOOTSTRAP_ADMIN_EMAIL)' });
    } catch (error) {
      // several instances starting at once on one database: another one created it first
      if (await this.findByEmail(email)) return;
      throw error;
    }
    this.logger.log(`Created the bootstrap admin ${normaliseEmail(email)}`);
  }

  /** `actor`: who creates the account (recorded in the audit log). */
  async create(input: NewUser, actor: Actor | null = null): Promise<UserView> {
    checkPassword(input.password, { email: input.email, name: input.name });
    const email = normaliseEmail(input.email);
    // Hash outside the transaction: scrypt is slow and the database queue must not wait on it.
    const passwordHash = await hashPassword(input.password);
    return this.transactions.write(async (manager) => {
      return userView(await this.insertIn(manager, { email, name: input.name, role: input.role, passwordHash }, actor));
    });
  }

  /** Inside a caller's transaction (an accepted invitation): a new active account with an already hashed password. */
  async insertIn(manager: EntityManager, input: Omit<NewUser, 'password'> & { passwordHash: string }, actor: Actor | null): Promise<UserEntity> {
    const email = normaliseEmail(input.email);
    if (await manager.exists(UserEntity, { where: { email } })) {
      throw new ConflictError('EmailTaken', `There is already an account for ${email}.`);
    }
    const user = manager.create(UserEntity, {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      role: input.role,
      passwordHash: input.passwordHash,
      active: true,
      createdAt: new Date().toISOString(),
    });
    const saved = await manager.save(UserEntity, user);
    await this.audit.append(manager, 'USER_CREATED', saved.id, { email: saved.email, name: saved.name, role: saved.role }, actor, saved.createdAt);
    return saved;
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

  private handover?: ManagerHandover;

  setManagerHandover(handover: ManagerHandover): void {
    this.handover = handover;
  }

  /** The open (active or on hold) projects this user runs. */
  private async managedOpenProjects(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.find(ProjectEntity, { where: { managerUserId: userId }, order: { slug: 'ASC' } });
    return rows.filter((p) => ['active', 'on-hold'].includes(projectStatus(p.snapshot))).map((p) => p.slug);
  }

  /**
   * A change that stops a programme manager running projects (another role, or deactivation) is
   * refused while they run an open project, unless `replacementManagerId` names who takes over:
   * then each project is first handed over (one recorded command per project), and the account
   * change is checked again in its own transaction.
   */
  private async handOverIfNeeded(id: string, change: UserChange, actor: Actor | null): Promise<void> {
    const user = await this.transactions.read((m) => m.findOne(UserEntity, { where: { id } }));
    if (!user || !stopsManaging(user, change)) return;
    const slugs = await this.transactions.read((m) => this.managedOpenProjects(m, id));
    if (slugs.length === 0) return;
    if (change.replacementManagerId === undefined) throw projectsNeedManager(user.name, slugs);
    const replacement = await this.transactions.read((m) => m.findOne(UserEntity, { where: { id: change.replacementManagerId } }));
    if (!replacement || !replacement.active || replacement.role !== 'programme-manager' || replacement.id === id) {
      throw new InvalidInputError('The replacement cannot run the projects.', [
        { field: 'replacementManagerId', message: 'replacementManagerId must be the id of another active user with the programme-manager role' },
      ]);
    }
    if (!this.handover) throw new Error('No manager handover is registered (the people module provides it)');
    await this.handover(slugs, replacement.id, actor ?? { id: null, name: 'the engine' });
  }

  /** Each change is recorded in the audit log with `actor`, in the same transaction. */
  async update(id: string, change: UserChange, actor: Actor | null = null): Promise<UserView> {
    await this.handOverIfNeeded(id, change, actor);
    if (change.password !== undefined) {
      const user = await this.findById(id);
      if (!user) throw new NotFoundError('User', id);
      checkPassword(change.password, { email: user.email, name: change.name ?? user.name });
    }
    const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    return this.transactions.write(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id } });
      if (!user) throw new NotFoundError('User', id);
      const losesAdmin = user.role === 'admin' && user.active && ((change.role !== undefined && change.role !== 'admin') || change.active === false);
      if (losesAdmin && (await this.activeAdmins(manager)) <= 1) {
        throw new ConflictError('LastAdmin', 'This is the only active admin; make someone else an admin first, or nobody could manage accounts.');
      }
      if (stopsManaging(user, change)) {
        const slugs = await this.managedOpenProjects(manager, id);
        if (slugs.length > 0) throw projectsNeedManager(user.name, slugs);
      }
      const before = { name: user.name, role: user.role, active: user.active };
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      // A new password, a role change or a deactivation ends every session: tokens carry the
      // version they were issued at, and the version never goes back, so reactivating an account
      // does not bring its old tokens back to life.
      const roleChanged = change.role !== undefined && change.role !== user.role;
      const deactivated = change.active === false && user.active;
      if (passwordHash !== undefined || roleChanged || deactivated) user.credentialsVersion = (user.credentialsVersion ?? 1) + 1;
      if (change.name !== undefined) user.name = change.name.trim();
      if (change.role !== undefined) user.role = change.role;
      if (change.active !== undefined) user.active = change.active;
      const saved = await manager.save(UserEntity, user);
      if (saved.name !== before.name) await this.audit.append(manager, 'USER_RENAMED', id, { from: before.name, to: saved.name }, actor);
      if (saved.role !== before.role) await this.audit.append(manager, 'USER_ROLE_CHANGED', id, { from: before.role, to: saved.role }, actor);
      if (saved.active !== before.active) await this.audit.append(manager, saved.active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', id, {}, actor);
      if (passwordHash !== undefined) await this.audit.append(manager, 'USER_PASSWORD_RESET', id, { credentialsVersion: saved.credentialsVersion }, actor);
      return userView(saved);
    });
  }

  async findById(id: string): Promise<UserEntity | null> {
    return this.transactions.read((m) => m.findOne(UserEntity, { where: { id } }));
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.transactions.read((m) => m.findOne(UserEntity, { where: { email: normaliseEmail(email) } }));
  }

  /**
   * The signed-in caller, read afresh for every request (so deactivation and role changes take
   * effect at once): one bound statement rather than a query-builder find, as it runs per request.
   * It also answers whether the token id `jti` has been revoked (signed out), in the same statement.
   */
  async activeAccount(id: string, jti = ''): Promise<(Pick<UserEntity, 'id' | 'email' | 'name' | 'role' | 'credentialsVersion'> & { revoked: boolean }) | null> {
    if (!this.activeAccountSql) {
      const manager = this.transactions.metadata;
      const u = sqlNames(manager, UserEntity);
      this.activeAccountSql =
        `SELECT ${u.column('id')} AS "id", ${u.column('email')} AS "email", ${u.column('name')} AS "name", ${u.column('role')} AS "role",` +
        ` ${u.column('active')} AS "active", ${u.column('credentialsVersion')} AS "credentialsVersion", ${this.signInState.revokedSubquery(manager)} AS "revoked"` +
        ` FROM ${u.table} WHERE ${u.column('id')} = ?`;
    }
    // committed rows only, without waiting for a group-commit batch (a query-only connection on SQLite)
    const [row] = await this.transactions.lookup<{ id: string; email: string; name: string; role: Role; active: boolean | number; credentialsVersion: number; revoked: number | string }>(
      this.activeAccountSql,
      [jti, id],
    );
    // SQLite stores a boolean as 1/0, PostgreSQL as a boolean
    if (!row || !(row.active === true || row.active === 1)) return null;
    return { id: row.id, email: row.email, name: row.name, role: row.role, credentialsVersion: Number(row.credentialsVersion), revoked: Number(row.revoked) > 0 };
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

function stopsManaging(user: UserEntity, change: UserChange): boolean {
  return user.role === 'programme-manager' && user.active && ((change.role !== undefined && change.role !== 'programme-manager') || change.active === false);
}

function projectsNeedManager(name: string, slugs: readonly string[]): ConflictError {
  return new ConflictError(
    'ProjectsNeedManager',
    `${name} runs ${slugs.length === 1 ? 'an open project' : `${slugs.length} open projects`} (${slugs.join(', ')}); name who takes over (replacementManagerId), or assign each project another programme manager first, so no project is left without a manager.`,
    { projects: [...slugs] },
  );
}
