/**
 * `npm run backup -- --to FILE [--from DATABASE]`: a consistent copy of the SQLite database while
 * the service runs, through SQLite's online backup API (better-sqlite3's `db.backup()`), from
 * this separate process on the same file. The copy is taken in one step (one read transaction),
 * so it is the database exactly as some committed moment left it, never half of a command; the
 * service keeps writing meanwhile (WAL mode lets a reader and the writer run side by side).
 * The copy is then checked (integrity_check, contiguous history) before this reports success.
 * Restoring: docs/reliability.md.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabase } from './check-database';
import { parseArgs } from './service';

export interface BackupResult {
  from: string;
  to: string;
  pages: number;
  projects: number;
  historyEntries: number;
  milliseconds: number;
}

export async function backup(from: string, to: string): Promise<BackupResult> {
  const started = Date.now();
  if (!existsSync(from)) throw new Error(`no database at ${from}`);
  if (existsSync(to)) throw new Error(`${to} exists already: choose a new file (a backup never overwrites)`);
  const partial = `${to}.partial`;
  rmSync(partial, { force: true });
  // not read-only: a WAL database's reader may need to create the -shm index; it writes nothing else
  const source = new Database(from, { fileMustExist: true, timeout: 10_000 });
  let pages = 0;
  try {
    const done = await source.backup(partial, {
      // all remaining pages in one step: one read transaction, so one consistent moment
      progress: ({ remainingPages }: { totalPages: number; remainingPages: number }) => Math.max(remainingPages, 1) * 2,
    });
    pages = done.totalPages;
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  // a backup is one self-contained file: no -wal beside it to lose when copied
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const check = checkDatabase(partial);
  if (check.problems.length) {
    throw new Error(`the copy failed its checks (kept as ${partial}): ${check.problems.join('; ')}`);
  }
  renameSync(partial, to);
  return { from, to, pages, projects: check.projects, historyEntries: check.historyEntries, milliseconds: Date.now() - started };
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  if (!args.to || args.to === 'true') {
    console.error('usage: npm run backup -- --to FILE [--from DATABASE]   (DATABASE defaults to DATABASE_PATH or ./data/phw.sqlite)');
    process.exit(2);
  }
  const from = resolve(args.from && args.from !== 'true' ? args.from : (process.env.DATABASE_PATH ?? './data/phw.sqlite'));
  backup(from, resolve(args.to)).then(
    (r) => console.log(`backup of ${r.from} written to ${r.to}: ${r.pages} pages, ${r.projects} projects, ${r.historyEntries} history entries, integrity ok, ${r.milliseconds} ms`),
    (error: unknown) => {
      console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
