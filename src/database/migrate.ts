import { Logger } from '@nestjs/common';
import { DataSource, Migration } from 'typeorm';

/**
 * Run pending migrations exactly once however many instances start together. On PostgreSQL the
 * instances take a session advisory lock first (one key per schema), so the first runs the
 * migrations in one transaction while the others wait, then find nothing left to do. Without it
 * two instances would both see a migration pending and both try to apply it. SQLite has one
 * writer process per file, so it needs no lock.
 */
export async function runMigrationsOnce(dataSource: DataSource, logger = new Logger('Migrations')): Promise<Migration[]> {
  if (dataSource.options.type !== 'postgres') return dataSource.runMigrations({ transaction: 'all' });
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `SELECT hashtext('phw-migrations:' || current_schema())::bigint AS key`;
  try {
    const [{ key: lockKey }] = (await runner.query(key)) as Array<{ key: string }>;
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      const executed = await dataSource.runMigrations({ transaction: 'all' });
      logger.log(executed.length > 0 ? `Ran ${executed.length} migration(s) under the advisory lock` : 'Migrations up to date');
      return executed;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    await runner.release();
  }
}
