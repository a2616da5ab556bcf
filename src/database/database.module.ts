import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DataSource } from 'typeorm';
import { runMigrationsOnce } from './migrate';
import { MIGRATIONS } from './migrations';
import { TransactionRunner } from './transaction-runner';

export function databaseOptions(config: AppConfig): TypeOrmModuleOptions {
  const common = { autoLoadEntities: true, migrations: MIGRATIONS, migrationsRun: true, synchronize: false } as const;
  if (config.DATABASE_TYPE === 'postgres') {
    // several instances may share the database: migrations run under a lock (see dataSourceFactory)
    return { ...common, migrationsRun: false, type: 'postgres', url: config.DATABASE_URL };
  }
  if (config.DATABASE_PATH !== ':memory:') mkdirSync(dirname(config.DATABASE_PATH), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.DATABASE_PATH,
    enableWAL: true,
    // busy timeout (ms) for other processes holding the file, e.g. a backup
    timeout: 5000,
    // an acknowledged decision is on disk: fsync the WAL at every commit
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = FULL');
    },
  };
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: databaseOptions,
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        if (options!.type === 'postgres') await runMigrationsOnce(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
