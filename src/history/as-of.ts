import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, OnModuleDestroy, UseInterceptors } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import Database from 'better-sqlite3';
import { Observable } from 'rxjs';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { RecordsRebuilder } from '../../workflows';
import { UserEntity } from '../auth/user.entity';
import { Clock } from '../common/clock';
import { DomainError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { selectBound, sqlNames } from '../database/bound-sql';
import { MIGRATIONS } from '../database/migrations';
import { TransactionRunner } from '../database/transaction-runner';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { writeTables } from './project-tables';

/** A date before the project was created: it did not exist then. */
export class NotYetCreatedError extends DomainError {
  readonly kind = 'not-found';
  constructor(slug: string, at: string) {
    super('NotFound', `Project "${slug}" did not exist yet at ${at}.`);
  }
}

/** YYYY-MM-DDTHH:MM[:SS[.fff]] with an optional Z or ±HH:MM (none means UTC). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** `at` as an instant, or a 400 saying what is wrong with it. */
export function parseAt(raw: unknown, now: Date): Date {
  const text = Array.isArray(raw) ? raw[0] : raw;
  const fail = (message: string) => new InvalidInputError(message, [{ field: 'at', message }]);
  if (typeof text !== 'string' || !ISO_DATE_TIME.test(text.trim())) {
    throw fail('at must be an ISO 8601 date and time, such as 2026-03-01T17:00:00Z');
  }
  const trimmed = text.trim();
  const at = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  // JavaScript rolls 30 February over into March: the calendar date must exist as written
  const [y, m, d] = trimmed.slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(at.getTime()) || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
    throw fail(`at is not a real date and time: ${trimmed}`);
  }
  if (at.getTime() > now.getTime()) throw fail(`at is in the future (${at.toISOString()}); the history only tells how things stood up to now`);
  return at;
}

interface Shadow {
  dataSource: DataSource;
  manager: EntityManager;
}

/** Shadows kept: a board meeting asks about the same few moments again and again. */
const CACHE_SIZE = 16;

const HISTORY_COLUMNS = ['id', 'projectId', 'sequence', 'occurredAt', 'type', 'stage', 'payload', 'outcome', 'blockers', 'resultingState', 'actorId', 'actorName', 'requestId', 'hash'] as const;

/**
 * Reads of a project as it stood at a moment: its accepted history up to that moment is replayed
 * (workflows/history-rebuild) into a throw-away in-memory SQLite database with the migrated
 * schema, and the endpoint's own read code runs against it, with the Clock at that moment. One
 * implementation for every `?at=` endpoint and both databases (the shadow is always SQLite).
 */
@Injectable()
export class AsOfReads implements OnModuleDestroy {
  private template?: Promise<Buffer>;
  private readonly shadows = new Map<string, Promise<Shadow>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The instant `at` names and the shadow database of project `slug` at that instant. */
  async open(slug: string, raw: unknown): Promise<{ at: Date; manager: EntityManager; sequence: number }> {
    const at = parseAt(raw, this.clock.wallClock());
    const iso = at.toISOString();
    const found = await this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true, createdAt: true } });
      if (!project) throw new NotFoundError('Project', slug);
      if (iso < project.createdAt) throw new NotYetCreatedError(slug, iso);
      const h = sqlNames(manager, HistoryEntryEntity);
      const [row] = await selectBound<{ last: number | string | null }>(
        manager,
        `SELECT MAX(${h.column('sequence')}) AS "last" FROM ${h.table} WHERE ${h.column('projectId')} = ? AND ${h.column('occurredAt')} <= ?`,
        [project.id, iso],
      );
      return { projectId: project.id, sequence: Number(row?.last ?? 0) };
    });
    if (found.sequence === 0) throw new NotYetCreatedError(slug, iso);
    const shadow = await this.shadow(found.projectId, found.sequence);
    return { at, manager: shadow.manager, sequence: found.sequence };
  }

  private shadow(projectId: string, sequence: number): Promise<Shadow> {
    const key = `${projectId}#${sequence}`;
    let shadow = this.shadows.get(key);
    if (shadow) {
      // most recently used last
      this.shadows.delete(key);
      this.shadows.set(key, shadow);
      return shadow;
    }
    shadow = this.build(projectId, sequence);
    shadow.catch(() => this.shadows.delete(key));
    this.shadows.set(key, shadow);
    while (this.shadows.size > CACHE_SIZE) {
      const [oldest, evicted] = this.shadows.entries().next().value as [string, Promise<Shadow>];
      this.shadows.delete(oldest);
      void evicted.then((s) => s.dataSource.destroy()).catch(() => undefined);
    }
    return shadow;
  }

  /** The migrated, empty schema, serialised once; each shadow opens a copy of it. */
  private templateBuffer(): Promise<Buffer> {
    this.template ??= (async () => {
      const source = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: this.entities(), migrations: MIGRATIONS, migrationsRun: true, synchronize: false }).initialize();
      const buffer = (source.driver as unknown as { databaseConnection: Database.Database }).databaseConnection.serialize();
      await source.destroy();
      return buffer;
    })();
    return this.template;
  }

  private entities() {
    return this.dataSource.entityMetadatas.map((m) => m.target as new () => unknown);
  }

  private async build(projectId: string, sequence: number): Promise<Shadow> {
    const buffer = await this.templateBuffer();
    const db = new Database(buffer);
    const dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: this.entities(),
      synchronize: false,
      migrationsRun: false,
      // TypeORM opens the database with `new driver(path, options)`: hand it the copy of the template
      driver: function openCopy() {
        return db;
      } as unknown as undefined,
    }).initialize();
    // rows go in table by table, not in the order the service wrote them; they were consistent there
    db.pragma('foreign_keys = OFF');
    const rebuilder = new RecordsRebuilder();
    const live = await this.transactions.read(async (manager) => {
      const h = sqlNames(manager, HistoryEntryEntity);
      const entries = await selectBound<Record<string, unknown>>(
        manager,
        `SELECT ${HISTORY_COLUMNS.map((c) => `${h.column(c)} AS "${c}"`).join(', ')} FROM ${h.table} WHERE ${h.column('projectId')} = ? AND ${h.column('sequence')} <= ? ORDER BY ${h.column('sequence')}`,
        [projectId, sequence],
      );
      const users = await manager.find(UserEntity);
      const checkpoints = await manager.find(HistoryCheckpointEntity, { where: { projectId, sequence: LessThanOrEqual(sequence) } });
      return { entries, users, checkpoints };
    });
    const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
    const s = sqlNames(dataSource.manager, HistoryEntryEntity);
    const insert = db.prepare(`INSERT INTO ${s.table} (${HISTORY_COLUMNS.map((c) => s.column(c)).join(', ')}) VALUES (${HISTORY_COLUMNS.map(() => '?').join(', ')})`);
    db.transaction(() => {
      for (const row of live.entries) {
        const payloadText = text(row.payload);
        rebuilder.add([
          {
            projectId,
            sequence: Number(row.sequence),
            occurredAt: String(row.occurredAt),
            type: String(row.type),
            stage: (row.stage as string | null) ?? null,
            outcome: String(row.outcome),
            payload: row.outcome === 'accepted' && payloadText ? (JSON.parse(payloadText) as Record<string, unknown>) : {},
            actorId: (row.actorId as string | null) ?? null,
            actorName: (row.actorName as string | null) ?? null,
            hash: (row.hash as string | null) ?? null,
          },
        ]);
        insert.run(
          HISTORY_COLUMNS.map((c) => {
            const v = row[c];
            if (c === 'payload' || c === 'blockers' || c === 'resultingState') return text(v);
            if (c === 'id' || c === 'sequence') return Number(v);
            return v ?? null;
          }),
        );
      }
    })();
    await dataSource.transaction(async (manager) => {
      if (live.users.length) await manager.insert(UserEntity, live.users);
      if (live.checkpoints.length) await manager.insert(HistoryCheckpointEntity, live.checkpoints);
      await writeTables(manager, projectId, rebuilder.rows());
    });
    return { dataSource, manager: dataSource.manager };
  }

  async onModuleDestroy(): Promise<void> {
    const all = [...this.shadows.values()];
    this.shadows.clear();
    for (const shadow of all) await shadow.then((s) => s.dataSource.destroy()).catch(() => undefined);
  }
}

/**
 * `?at=<ISO date-time>`: the endpoint answers what it answered at that moment. The endpoint's
 * own code runs unchanged, its reads pointed at the project as it stood and its Clock at `at`.
 * `at` is taken off the query before the endpoint's own query validation sees it.
 */
@Injectable()
export class AsOfInterceptor implements NestInterceptor {
  constructor(
    private readonly reads: AsOfReads,
    private readonly transactions: TransactionRunner,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown>; params?: Record<string, string>; asOf?: string }>();
    const query = request.query;
    if (!query || !Object.prototype.hasOwnProperty.call(query, 'at')) return next.handle();
    const raw = query.at;
    delete query.at;
    const slug = request.params?.slug;
    if (!slug) throw new InvalidInputError('at applies to a project\'s reads only.', [{ field: 'at', message: 'at applies to a project\'s reads only' }]);
    const { at, manager } = await this.reads.open(slug, raw);
    // pages show the moment and offer no changes
    request.asOf = at.toISOString();
    // handle() binds the handler to the async context it is called in: the shadow and the moment
    return this.transactions.readingFrom(manager, () => Clock.runAt(at, () => next.handle()));
  }
}

/** Marks a project read as answerable `?at=` a past moment (one interceptor for every such read). */
export function ReadsAsOf(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(AsOfInterceptor),
    ApiQuery({
      name: 'at',
      required: false,
      description: 'ISO 8601 date and time: answer as the project stood then (400 if in the future or malformed, 404 if before the project existed).',
      schema: { type: 'string', format: 'date-time' },
    }),
  );
}
