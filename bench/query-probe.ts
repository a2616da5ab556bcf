/**
 * Diagnostic, not part of `npm run bench`: which SQL statements the transition endpoint runs,
 * how often, and how long each takes inside better-sqlite3 (wall time of TypeORM's
 * BetterSqlite3QueryRunner.query, which calls the native driver synchronously).
 *
 *   npm run build && node dist/bench/query-probe.js
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { BENCH_ADMIN } from './bench-admin';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BetterSqlite3QueryRunner } = require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner') as {
  BetterSqlite3QueryRunner: { prototype: { query: (...args: unknown[]) => Promise<unknown> } };
};

const stats = new Map<string, { count: number; ms: number; max: number }>();
let recording = false;
const nativeStats = new Map<string, { count: number; ms: number; max: number }>();
const original = BetterSqlite3QueryRunner.prototype.query;
BetterSqlite3QueryRunner.prototype.query = async function (this: unknown, ...args: unknown[]) {
  const start = process.hrtime.bigint();
  try {
    return await original.apply(this, args);
  } finally {
    if (recording) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const sql = String(args[0]).replace(/\s+/g, ' ').replace(/\b\d+\b/g, 'N').slice(0, 140);
      const s = stats.get(sql) ?? { count: 0, ms: 0, max: 0 };
      s.count++;
      s.ms += ms;
      s.max = Math.max(s.max, ms);
      stats.set(sql, s);
    }
  }
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phw-probe-'));
  const app = await createApp({
    env: {
      DATABASE_PATH: join(dir, 'probe.sqlite'),
      DEMO_DATA: 'false',
      NODE_ENV: 'production',
      AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
      // production signs history checkpoints with a configured key
      HISTORY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
    logger: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signIn = async (email: string, password: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
      if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
      headers.authorization = `Bearer ${((await res.json()) as { token: string }).token}`;
    };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer().catch(() => undefined);
    };
    await signIn(BENCH_ADMIN.email, BENCH_ADMIN.password);
    await post('/api/users', { email: 'probe-pm@example.org', name: 'Probe PM', role: 'programme-manager', password: 'quiet-orchard-lantern-2' });
    await signIn('probe-pm@example.org', 'quiet-orchard-lantern-2');
    await post('/api/projects', { name: 'Probe', slug: 'probe', scope: 'town' });
    const n = 400;
    for (let i = 0; i < 20; i++) await post('/api/projects/probe/workflow/events', i % 2 ? { type: 'RESUME' } : { type: 'PUT_ON_HOLD', reason: 'probe' });
    {
      const ds0 = app.get(DataSource);
      const c0 = (ds0.driver as unknown as { databaseConnection: { prepare(sql: string): object } }).databaseConnection;
      const proto = Object.getPrototypeOf(c0.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
      const run = proto.run;
      proto.run = function (this: { source: string }, ...a: unknown[]) {
        if (!recording) return run.apply(this, a);
        const t = process.hrtime.bigint();
        try {
          return run.apply(this, a);
        } finally {
          const key = `native run: ${this.source.replace(/\s+/g, ' ').replace(/\b\d+\b/g, 'N').slice(0, 60)}`;
          const s = nativeStats.get(key) ?? { count: 0, ms: 0, max: 0 };
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          s.count++; s.ms += ms; s.max = Math.max(s.max, ms);
          nativeStats.set(key, s);
        }
      };
    }
    recording = true;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await post('/api/projects/probe/workflow/events', i % 2 ? { type: 'RESUME' } : { type: 'PUT_ON_HOLD', reason: 'probe' });
    const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
    recording = false;
    const sqlMs = [...stats.values()].reduce((s, v) => s + v.ms, 0);
    process.stdout.write(`${n} sequential transitions in ${totalMs.toFixed(0)} ms = ${(totalMs / n).toFixed(2)} ms each (client in-process); SQL ${(sqlMs / n).toFixed(2)} ms each\n\n`);
    const ds = app.get(DataSource);
    const sizes = (await ds.query(
      'SELECT length(p.snapshot) AS snapshot, (SELECT avg(length(resultingState)) FROM history_entry) AS resultingState, (SELECT avg(length(payload)) FROM history_entry) AS payload, (SELECT count(*) FROM history_entry) AS historyRows FROM project p',
    )) as unknown[];
    const pragmas = { page_size: await ds.query('PRAGMA page_size'), journal: await ds.query('PRAGMA journal_mode'), sync: await ds.query('PRAGMA synchronous'), fk: await ds.query('PRAGMA foreign_keys'), cache: await ds.query('PRAGMA cache_size') };
    const { statSync } = await import('node:fs');
    const walBytes = statSync(join(dir, 'probe.sqlite-wal')).size;
    const ck = await ds.query('PRAGMA wal_checkpoint(PASSIVE)');
    const conn = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).databaseConnection;
    const begin = conn.prepare('BEGIN'), commit = conn.prepare('COMMIT');
    const upd = conn.prepare('UPDATE project SET updatedAt = ? WHERE slug = ?');
    let nativeCommitMs = 0;
    for (let i = 0; i < 200; i++) {
      begin.run(); upd.run(new Date().toISOString(), 'probe');
      const t = process.hrtime.bigint(); commit.run(); nativeCommitMs += Number(process.hrtime.bigint() - t) / 1e6;
    }
    process.stdout.write(`wal file ${walBytes} bytes; wal_checkpoint(PASSIVE) -> ${JSON.stringify(ck)}; native COMMIT of a 1-row update on the service connection: ${(nativeCommitMs / 200).toFixed(3)} ms\n`);
    process.stdout.write(`row sizes: ${JSON.stringify(sizes)}\npragmas: ${JSON.stringify(pragmas)}\n\n`);
    process.stdout.write('per transition: calls  mean-ms  max-ms  total-share  SQL\n');
    for (const [sql, s] of [...nativeStats, ...stats].sort((a, b) => b[1].ms - a[1].ms)) {
      process.stdout.write(`${(s.count / n).toFixed(2).padStart(6)} ${(s.ms / s.count).toFixed(3).padStart(8)} ${s.max.toFixed(2).padStart(7)} ${((100 * s.ms) / totalMs).toFixed(1).padStart(6)}%  ${sql}\n`);
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
