/**
 * Checks a SQLite database file as a whole, read-only: SQLite's own integrity check, every
 * project's history numbered 1..n without gaps, and each project's version equal to the number of
 * its accepted history entries (a version bump and its history entry are one transaction).
 * Used by the crash test after every restart and by the backup test on a restored copy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT } from './service';

export interface DatabaseCheck {
  problems: string[];
  projects: number;
  historyEntries: number;
}

export function checkDatabase(path: string): DatabaseCheck {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity)}`);
    const projects = db.prepare('SELECT id, slug, version FROM project').all() as Array<{ id: string; slug: string; version: number }>;
    const history = db.prepare('SELECT sequence, outcome FROM history_entry WHERE projectId = ? ORDER BY sequence');
    const sequences = (id: string) => history.all(id) as Array<{ sequence: number; outcome: string }>;
    let historyEntries = 0;
    for (const p of projects) {
      const rows = sequences(p.id);
      historyEntries += rows.length;
      const gap = rows.findIndex((r, i) => r.sequence !== i + 1);
      if (gap >= 0) problems.push(`${p.slug}: history sequence ${rows[gap].sequence} at position ${gap + 1} (not contiguous)`);
      const accepted = rows.filter((r) => r.outcome === 'accepted').length;
      if (accepted !== p.version) problems.push(`${p.slug}: version ${p.version} but ${accepted} accepted history entries`);
    }
    return { problems, projects: projects.length, historyEntries };
  } finally {
    db.close();
  }
}

/**
 * `npm run verify` on the file, when the project has that script (it arrives with the chained
 * history); until then there is nothing more to run and this says so.
 */
export function externalVerify(path: string): { ran: boolean; problem?: string } {
  // the built verifier itself (the service under test is built already): `npm run verify` would rebuild first
  const cli = join(ROOT, 'dist', 'src', 'history', 'verify-cli.js');
  if (!existsSync(cli)) return { ran: false };
  try {
    execFileSync(process.execPath, [cli, '--database', path], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_TYPE: 'better-sqlite3', DATABASE_PATH: path },
      stdio: 'pipe',
      timeout: 120_000,
    });
    return { ran: true };
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    return { ran: true, problem: `npm run verify failed: ${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}`.slice(0, 2000) };
  }
}
