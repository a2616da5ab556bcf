/**
 * `npm run backup -- --to FILE [--from DATABASE]`: a consistent copy of the SQLite database while
 * the service runs, through SQLite's online backup API (better-sqlite3's `db.backup()`), from
 * this separate process on the same file. The copy is taken in one step (one read transaction),
 * so it is the database exactly as some committed moment left it, never half of a command; the
 * service keeps writing meanwhile (WAL mode lets a reader and the writer run side by side).
 * The copy is then checked (integrity_check, contiguous history) before this reports success.
 *
 * Then the evidence files: every file the copied database's attachment table names is copied from
 * the content-addressed `files/` folder beside the source database into `<to>.files/` (or
 * `--files-to DIR`; `--files DIR` for a source folder elsewhere), in the same layout, each copy
 * flushed to disk and hashed again against its name. Files are written before the row naming
 * them commits, so after the database copy every file it names is already there; files uploaded
 * later are not needed by this backup. A folder shared by several backups is filled
 * incrementally: a file already there with the right hash is not copied again.
 *
 * Outside production the service signs checkpoints with a key it generated beside the database
 * (history-signing-key.pem): it is copied to `<to>.history-signing-key.pem` (mode 0600), since a
 * restored service without it would make a new key and the old checkpoints would no longer
 * verify with the key it publishes. In production the key is HISTORY_SIGNING_KEY, not a file.
 * Restoring: docs/reliability.md.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, promises as fsp, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabase } from './check-database';
import { DEVELOPMENT_KEY_FILE } from '../src/history/signing-key';
import { parseArgs } from './service';

export interface BackupResult {
  from: string;
  to: string;
  pages: number;
  projects: number;
  historyEntries: number;
  milliseconds: number;
  files: FilesBackup;
  /** Where the development signing key was copied (null: none beside the database). */
  signingKey: string | null;
}

export interface FilesBackup {
  from: string;
  to: string;
  /** Distinct files the backup's attachment table names. */
  referenced: number;
  /** Copied now (the others were already in the target folder, with the right hash). */
  copied: number;
  bytes: number;
  /** Named by the database but missing from the source folder, or not hashing to their name there. */
  problems: string[];
}

export interface BackupOptions {
  /** The evidence files' folder of the source (default: `files/` beside it). */
  files?: string;
  /** Where the files are copied (default: `<to>.files`). */
  filesTo?: string;
}

export async function backup(from: string, to: string, options: BackupOptions = {}): Promise<BackupResult> {
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
  const files = await backupFiles(to, resolve(options.files ?? join(dirname(from), 'files')), resolve(options.filesTo ?? `${to}.files`));
  const key = join(dirname(from), DEVELOPMENT_KEY_FILE);
  let signingKey: string | null = null;
  if (existsSync(key)) {
    signingKey = `${to}.${DEVELOPMENT_KEY_FILE}`;
    copyFileSync(key, signingKey);
    chmodSync(signingKey, 0o600);
  }
  return { from, to, pages, projects: check.projects, historyEntries: check.historyEntries, milliseconds: Date.now() - started, files, signingKey };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The SHA-256s the database (the backup copy) refers to. */
function referencedFiles(database: string): string[] {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment'").get();
    if (!table) return [];
    return (db.prepare('SELECT DISTINCT sha256 FROM attachment ORDER BY sha256').pluck().all() as string[]).filter((h) => SHA256_HEX.test(h));
  } finally {
    db.close();
  }
}

async function sha256OfFile(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function flush(path: string): Promise<void> {
  const handle = await fsp.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies every file the backup names into the same content-addressed layout, each checked against its name. */
export async function backupFiles(database: string, from: string, to: string): Promise<FilesBackup> {
  const result: FilesBackup = { from, to, referenced: 0, copied: 0, bytes: 0, problems: [] };
  const hashes = referencedFiles(database);
  result.referenced = hashes.length;
  mkdirSync(to, { recursive: true });
  const folders = new Set<string>();
  for (const sha256 of hashes) {
    const source = join(from, sha256.slice(0, 2), sha256);
    const target = join(to, sha256.slice(0, 2), sha256);
    // immutable and content-addressed: one already there with the right hash is this file
    if ((await sha256OfFile(target)) === sha256) continue;
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.partial`;
    try {
      await fsp.copyFile(source, temp);
    } catch (error) {
      result.problems.push((error as NodeJS.ErrnoException).code === 'ENOENT' ? `file ${sha256} is named by the database but missing from ${from}` : `file ${sha256}: ${String(error)}`);
      continue;
    }
    await flush(temp);
    const copied = await sha256OfFile(temp);
    if (copied !== sha256) {
      rmSync(temp, { force: true });
      result.problems.push(`file ${sha256} in ${from} does not hash to its name (it hashes to ${copied}): not copied`);
      continue;
    }
    renameSync(temp, target);
    folders.add(dirname(target));
    result.copied++;
    result.bytes += (await fsp.stat(target)).size;
  }
  for (const folder of [...folders, to]) await flush(folder);
  return result;
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  if (!args.to || args.to === 'true') {
    console.error(
      'usage: npm run backup -- --to FILE [--from DATABASE] [--files DIR] [--files-to DIR]\n' +
        '  DATABASE defaults to DATABASE_PATH or ./data/phw.sqlite; the evidence files are copied from files/ beside it (or --files) into FILE.files (or --files-to)',
    );
    process.exit(2);
  }
  const from = resolve(args.from && args.from !== 'true' ? args.from : (process.env.DATABASE_PATH ?? './data/phw.sqlite'));
  const given = (v: string | undefined) => (v && v !== 'true' ? v : undefined);
  backup(from, resolve(args.to), { files: given(args.files), filesTo: given(args['files-to']) }).then(
    (r) => {
      console.log(`backup of ${r.from} written to ${r.to}: ${r.pages} pages, ${r.projects} projects, ${r.historyEntries} history entries, integrity ok, ${r.milliseconds} ms`);
      const f = r.files;
      console.log(`evidence files: ${f.referenced} named by the backup, ${f.copied} copied (${f.bytes} bytes) from ${f.from} to ${f.to}, ${f.referenced - f.copied - f.problems.length} already there`);
      if (r.signingKey) console.log(`development signing key copied to ${r.signingKey} (restore it beside the database)`);
      if (f.problems.length) {
        console.error(`backup INCOMPLETE: ${f.problems.length} evidence file(s) could not be copied:\n  ${f.problems.join('\n  ')}`);
        process.exit(1);
      }
    },
    (error: unknown) => {
      console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
