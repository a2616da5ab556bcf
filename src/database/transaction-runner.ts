import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ServiceUnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { boundSql, selectBound } from './bound-sql';
import { ReadWriteGate } from './serial-queue';

/** Most commands one SQLite transaction carries (Zeebe batches up to 100 commands too). */
export const MAX_BATCH = 100;

/** Default of MAX_QUEUED_COMMANDS (src/config/app-config.ts). */
export const DEFAULT_MAX_QUEUED_COMMANDS = 256;

interface Job<T = unknown> {
  work: (manager: EntityManager) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  settled?: { ok: true; value: T } | { ok: false; error: unknown };
}

interface ReadStatement {
  all(...parameters: unknown[]): unknown[];
}
interface ReadConnection {
  prepare(sql: string): ReadStatement;
  pragma(sql: string): unknown;
  close(): void;
}

/** better-sqlite3's handle under TypeORM's driver: only `inTransaction` is read. */
interface RawSqlite {
  inTransaction: boolean;
}

/**
 * The only way the application touches the database.
 *
 * SQLite: group commit. Commands that arrive while a batch is running or committing wait for the
 * next batch; a batch is one transaction in which each command runs in its own SAVEPOINT, so a
 * refused or failing command rolls back only its own writes (a refusal the command service
 * records in the history is not a failure: its entry is kept). Every command of a batch is
 * answered only after the shared COMMIT (synchronous=FULL: on disk) has returned; if the COMMIT
 * fails, every command of the batch fails with 503 `CommitFailed` and none of them is visible.
 * Reads run between batches, never while one is open (on the shared connection they would see its
 * uncommitted rows); the per-request lookups (`lookup`) run on a second, query-only connection,
 * which in WAL mode sees committed transactions only. So each command stays atomic, isolated and
 * durable before it is acknowledged, and one fsync serves a whole batch.
 *
 * PostgreSQL: the pool isolates transactions; each command is its own transaction (with the
 * project row lock the command service takes).
 *
 * On both, a command arriving while MAX_QUEUED_COMMANDS wait or run already answers 503
 * `Overloaded` with Retry-After instead of queueing without limit.
 */
@Injectable()
export class TransactionRunner implements OnModuleDestroy {
  private readonly groupCommit: boolean;
  private readonly maxQueued: number;
  private readonly gate = new ReadWriteGate();
  /** The transaction of an `atomically` unit (or an as-of shadow), which every write and read inside it joins. */
  private readonly ambient = new AsyncLocalStorage<EntityManager>();
  private pending: Job[] = [];
  /** Commands taken but not yet answered (the running batch, or PostgreSQL transactions in flight). */
  private inFlight = 0;
  private scheduled = false;
  /** Batches committed and the commands they carried, for the bench and tests. */
  readonly stats = { batches: 0, commands: 0, failedCommits: 0, overloaded: 0 };

  constructor(
    private readonly dataSource: DataSource,
    @Optional() config?: AppConfig,
  ) {
    this.groupCommit = dataSource.options.type === 'better-sqlite3';
    this.maxQueued = config?.MAX_QUEUED_COMMANDS ?? DEFAULT_MAX_QUEUED_COMMANDS;
  }

  /** Commands waiting or running now. */
  get queued(): number {
    return this.pending.length + this.inFlight;
  }

  /**
   * One unit of work: all of `work` is kept, or none of it; the promise settles once that is
   * durable (on SQLite: after the COMMIT of the batch it ran in).
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    if (this.queued >= this.maxQueued) {
      this.stats.overloaded++;
      return Promise.reject(
        new ServiceUnavailableError('Overloaded', `The service has ${this.maxQueued} changes waiting already; nothing was changed. Try again in a moment.`),
      );
    }
    if (!this.groupCommit) {
      this.inFlight++;
      return this.dataSource.transaction((manager) => work(manager)).finally(() => this.inFlight--);
    }
    return new Promise<T>((resolve, reject) => {
      // the batch runs the work in the caller's async context (request id, Clock.runAt, ambient)
      this.pending.push({ work: AsyncResource.bind(work), resolve, reject } as Job);
      this.schedule();
    });
  }

  /** A read of committed data only (between batches on SQLite). */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    if (!this.groupCommit) return work(this.dataSource.manager);
    await this.gate.enterRead();
    try {
      return await work(this.dataSource.manager);
    } finally {
      this.gate.leaveRead();
    }
  }

  /**
   * A hot lookup of committed rows (the signed-in account, the caller's relation to a project)
   * that never waits for a batch: on SQLite it runs on a second, query-only connection to the
   * same file, which in WAL mode sees exactly the committed transactions (never an open batch's
   * rows). `sql` uses `?` placeholders (see boundSql). An in-memory database has no second
   * connection, so there the lookup is an ordinary read between batches.
   */
  async lookup<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const outer = this.ambient.getStore();
    if (outer) return selectBound<T>(outer, sql, parameters);
    const connection = this.groupCommit ? this.readConnection() : undefined;
    if (!connection) return this.read((manager) => selectBound<T>(manager, sql, parameters));
    let statement = this.lookups.get(sql);
    if (!statement) this.lookups.set(sql, (statement = connection.prepare(boundSql(this.dataSource.manager, sql))));
    return statement.all(...parameters) as T[];
  }

  /** For sqlNames() only (table and column names of hand-written lookups); never for queries. */
  get metadata(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` with every read it makes through this runner answered by `manager` (an as-of
   * read's shadow database: the same read code, pointed at the project as it stood).
   */
  readingFrom<T>(manager: EntityManager, work: () => T): T {
    return this.ambient.run(manager, work);
  }

  /**
   * Runs `work`, and every write and read it makes through this runner, as ONE transaction: a
   * crash or error anywhere leaves none of it (the demo data load, issue 12 defect 5). On SQLite
   * it is one command of a batch (one savepoint).
   */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.ambient.getStore()) return work();
    return this.write((manager) => this.ambient.run(manager, work));
  }

  // ---- the query-only lookup connection (SQLite on a file) ----

  /** undefined: not opened yet; null: none (in-memory database, or closed at shutdown). */
  private reader?: ReadConnection | null;
  private readonly lookups = new Map<string, ReadStatement>();

  private readConnection(): ReadConnection | undefined {
    if (this.reader === undefined) {
      const path = (this.dataSource.options as { database?: string }).database;
      if (!path || path === ':memory:' || !this.dataSource.isInitialized) {
        this.reader = null;
      } else {
        // better-sqlite3 is the driver TypeORM already loaded for this data source
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Database = require('better-sqlite3') as new (file: string, options: { fileMustExist: boolean; timeout: number }) => ReadConnection;
        const reader = new Database(path, { fileMustExist: true, timeout: 5000 });
        reader.pragma('query_only = ON');
        this.reader = reader;
      }
    }
    return this.reader ?? undefined;
  }

  /**
   * Closes the lookup connection before the data source closes (Nest closes TypeORM's on
   * application shutdown, after this): the last connection to close checkpoints the WAL.
   */
  onModuleDestroy(): void {
    this.reader?.close();
    this.reader = null;
    this.lookups.clear();
  }

  // ---- group commit (SQLite) ----

  /**
   * The next batch starts after the current turn of the event loop, so that requests already
   * received join it rather than each paying for its own commit.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight > 0 || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      void this.gate.write(() => {
        this.scheduled = false;
        return this.runBatch();
      });
    });
  }

  private async runBatch(): Promise<void> {
    if (this.pending.length === 0) return;
    let runner: QueryRunner | undefined;
    let raw: RawSqlite | undefined;
    const batch: Job[] = [];
    this.inFlight = 1; // blocks schedule() while the batch runs; the batch's size below
    try {
      // a data source already closed (shutdown) throws here: the commands waiting fail, none hangs
      if (!this.dataSource.isInitialized) {
        batch.push(...this.pending.splice(0));
        throw new Error('the database is closed');
      }
      runner = this.dataSource.createQueryRunner();
      raw = (this.dataSource.driver as unknown as { databaseConnection: RawSqlite }).databaseConnection;
      await runner.startTransaction();
      // commands that arrive while the batch runs join it; those that arrive during its COMMIT wait for the next
      while (this.pending.length > 0 && batch.length < MAX_BATCH) {
        const job = this.pending.shift()!;
        batch.push(job);
        this.inFlight = batch.length;
        try {
          // a SAVEPOINT: a command that throws undoes only its own writes
          job.settled = { ok: true, value: await runner.manager.transaction((manager) => job.work(manager)) };
        } catch (error) {
          job.settled = { ok: false, error };
        }
        // an error SQLite answers by rolling the whole transaction back (disk full, I/O) ends the batch
        if (!raw?.inTransaction) throw new Error('the batch transaction was rolled back by SQLite');
      }
      await this.commit(runner);
    } catch (error) {
      this.stats.failedCommits++;
      if (runner) await this.abandon(runner, raw);
      const failure = new ServiceUnavailableError(
        'CommitFailed',
        'The database could not store this change (its batch failed to commit); nothing was changed. Try again.',
      );
      (failure as { cause?: unknown }).cause = error;
      for (const job of batch) job.reject(failure);
      return;
    } finally {
      this.inFlight = 0;
      // the next batch's schedule: after this one's answers below, in the next turn of the loop
      setImmediate(() => this.schedule());
    }
    this.stats.batches++;
    this.stats.commands += batch.length;
    for (const job of batch) {
      if (job.settled!.ok) job.resolve(job.settled!.value);
      else job.reject(job.settled!.error);
    }
  }

  /** The shared COMMIT of a batch (a seam: tests make it fail). */
  protected async commit(runner: QueryRunner): Promise<void> {
    await runner.commitTransaction();
  }

  /** Roll the batch back and leave the query runner outside any transaction, whatever state it was left in. */
  private async abandon(runner: QueryRunner, raw: RawSqlite | undefined): Promise<void> {
    try {
      if (raw?.inTransaction) await runner.query('ROLLBACK');
    } catch {
      // nothing more to undo
    }
    Object.assign(runner as unknown as { transactionDepth: number; isTransactionActive: boolean }, { transactionDepth: 0, isTransactionActive: false });
  }
}
