/**
 * The floor the service stands on: raw better-sqlite3 single-row commits, one INSERT per
 * implicit transaction, with the service's durability settings (WAL, synchronous=FULL, the
 * same busy timeout). Every commit fsyncs the WAL, so this is roughly "fsyncs per second" on
 * this disk through SQLite, with no HTTP, Nest, TypeORM or JSON in the way.
 */

interface Statement {
  run(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
type DatabaseConstructor = new (path: string) => SqliteDatabase;

// better-sqlite3 ships no type declarations here; the service reaches it through TypeORM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as DatabaseConstructor;

export interface RawCommitResult {
  commits: number;
  seconds: number;
  commitsPerSecond: number;
  journalMode: string;
  synchronous: number;
  meanMs: number;
  p99Ms: number;
}

/** Runs for `warmupMs` unmeasured, then for `durationMs`; synchronous (blocks the event loop). */
export function measureRawCommits(path: string, durationMs: number, warmupMs: number): RawCommitResult {
  const db = new Database(path);
  try {
    const journalMode = String(db.pragma('journal_mode = WAL', { simple: true }));
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const synchronous = Number(db.pragma('synchronous', { simple: true }));
    db.exec('CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO bench_row (body) VALUES (?)');
    // about the size of a history entry's payload + resulting state
    const body = JSON.stringify({ type: 'PUT_ON_HOLD', reason: 'benchmark', pad: 'x'.repeat(300) });

    const warmEnd = Date.now() + warmupMs;
    while (Date.now() < warmEnd) insert.run(body);

    const samples: number[] = [];
    const start = process.hrtime.bigint();
    const end = start + BigInt(durationMs) * 1_000_000n;
    let now = start;
    while (now < end) {
      insert.run(body); // autocommit: BEGIN; INSERT; COMMIT (fsync of the WAL)
      const after = process.hrtime.bigint();
      samples.push(Number(after - now) / 1e6);
      now = after;
    }
    const seconds = Number(now - start) / 1e9;
    samples.sort((a, b) => a - b);
    const meanMs = samples.reduce((s, v) => s + v, 0) / Math.max(1, samples.length);
    const p99Ms = samples.length ? samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.99) - 1)] : NaN;
    return { commits: samples.length, seconds, commitsPerSecond: samples.length / seconds, journalMode, synchronous, meanMs, p99Ms };
  } finally {
    db.close();
  }
}
