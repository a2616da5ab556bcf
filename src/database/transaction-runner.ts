import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SerialQueue } from './serial-queue';

/**
 * The only way the application touches the database. On SQLite every unit of work, read or
 * write, is serialised (a read between another transaction's statements would see its
 * uncommitted rows); on PostgreSQL the pool isolates transactions and only the optimistic
 * version check is needed.
 */
@Injectable()
export class TransactionRunner {
  private readonly queue = new SerialQueue();
  private readonly serialise: boolean;
  /** The transaction of an `atomically` unit, which every write and read inside it joins. */
  private readonly ambient = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  /** One database transaction: all of `work` commits, or none of it. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    const job = () => this.dataSource.transaction((manager) => work(manager));
    return this.serialise ? this.queue.run(job) : job();
  }

  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    const job = () => work(this.dataSource.manager);
    return this.serialise ? this.queue.run(job) : job();
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
   * crash or error anywhere leaves none of it (the demo data load, issue 12 defect 5).
   */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.ambient.getStore()) return work();
    return this.write((manager) => this.ambient.run(manager, work));
  }
}
