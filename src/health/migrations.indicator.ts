import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../database/migrations';
import { TransactionRunner } from '../database/transaction-runner';

/** Names of the migrations the code carries, as TypeORM records them when applied. */
export const MIGRATION_NAMES: string[] = MIGRATIONS.map((m) => new m().name ?? m.name);

/**
 * Readiness: every migration this code carries is applied to the database. Reads the migrations
 * table only (TypeORM's showMigrations would create it when missing, a write a probe must not do).
 */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  async check(key: string) {
    const session = this.indicators.check(key);
    const table = this.dataSource.driver.escape(this.dataSource.options.migrationsTableName ?? 'migrations');
    try {
      const rows = await this.transactions.read((manager) => manager.query(`SELECT name FROM ${table}`) as Promise<Array<{ name: string }>>);
      const applied = new Set(rows.map((r) => r.name));
      const pending = MIGRATION_NAMES.filter((name) => !applied.has(name));
      return pending.length === 0 ? session.up({ applied: MIGRATION_NAMES.length }) : session.down({ message: `${pending.length} migration(s) not applied`, pending });
    } catch {
      return session.down({ message: 'the migrations table cannot be read' });
    }
  }
}
