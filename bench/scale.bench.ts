/**
 * npm run bench:scale (and the last part of npm run bench): the scale, start-up and memory
 * figures of issue 9 items 4 and 5, each beside its target, measured on the scale database.
 *
 * The database is BENCH_SCALE_DB (default data/scale.sqlite); when it does not exist it is built
 * first with BENCH_SCALE_PROJECTS / BENCH_SCALE_HISTORY / BENCH_SCALE_DEEP (default 5000 /
 * 1,000,000 / 100,000: the size; see docs/speed.md for how long that takes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { BENCH_ADMIN } from './bench-admin';
import { MAIN_JS, MINIMAL_JS, rssMiB, signInAt, spawnTimed, stop, timeGets } from './processes';
import { buildScaleDatabase, SCALE_DEFAULTS, signingKeyPath } from './seed-scale';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

/** Bytes the history table and its indexes take on disk (SQLite dbstat), per entry. */
function historyBytes(path: string): { bytes: number; entries: number; deepest: number; projects: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as new (p: string, o: { readonly: boolean }) => {
    prepare(sql: string): { get(...a: unknown[]): Record<string, number>; all(...a: unknown[]): Array<Record<string, string>> };
    close(): void;
  };
  const db = new Database(path, { readonly: true });
  try {
    const names = ['history_entry', ...db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'history_entry' AND type = 'index'").all().map((r) => r.name)];
    const bytes = db.prepare(`SELECT SUM(pgsize) AS b FROM dbstat WHERE name IN (${names.map(() => '?').join(',')})`).get(...names).b;
    const entries = db.prepare('SELECT COUNT(*) AS n FROM history_entry').get().n;
    const deepest = db.prepare('SELECT "headSequence" AS n FROM project WHERE slug = ?').get('scale-deep').n;
    const projects = db.prepare('SELECT COUNT(*) AS n FROM project').get().n;
    return { bytes, entries, deepest, projects };
  } finally {
    db.close();
  }
}

function line(label: string, value: string, target: string, ok: boolean | null) {
  process.stdout.write(`${label.padEnd(70)} ${value.padStart(14)}   target ${target.padEnd(22)} ${ok === null ? '' : ok ? 'met' : 'NOT MET'}\n`);
}

async function main(): Promise<void> {
  const path = process.env.BENCH_SCALE_DB ?? SCALE_DEFAULTS.path;
  const started = performance.now();
  if (!existsSync(path)) {
    const args = { path, projects: envInt('BENCH_SCALE_PROJECTS', SCALE_DEFAULTS.projects), history: envInt('BENCH_SCALE_HISTORY', SCALE_DEFAULTS.history), deep: envInt('BENCH_SCALE_DEEP', SCALE_DEFAULTS.deep) };
    process.stderr.write(`no scale database at ${path}: seeding ${args.projects} projects, ${args.history} history entries ...\n`);
    const r = await buildScaleDatabase(args, (l) => process.stderr.write(`[seed] ${l}\n`));
    process.stdout.write(`seeded ${path}: ${r.projects} projects, ${r.history} entries in ${r.seconds.toFixed(0)} s\n`);
  }
  const env = {
    NODE_ENV: 'production',
    DATABASE_TYPE: 'better-sqlite3',
    DATABASE_PATH: path,
    DEMO_DATA: 'false',
    AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
    HISTORY_SIGNING_KEY: readFileSync(signingKeyPath(path), 'utf8'),
    LOG_LEVEL: 'warn',
  };
  const { entries, bytes, deepest, projects } = historyBytes(path);
  const typical = `scale-${Math.floor(projects / 2)}`;

  // start-up on the existing database, alternating the service and the minimal app
  const starts: number[] = [];
  const minimal: number[] = [];
  const startsCpu: number[] = [];
  const minimalCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await spawnTimed(MAIN_JS, env);
    starts.push(s.firstResponseMs);
    startsCpu.push(s.cpuMsAtFirstResponse);
    await stop(s.child);
    const m = await spawnTimed(MINIMAL_JS, {});
    minimal.push(m.firstResponseMs);
    minimalCpu.push(m.cpuMsAtFirstResponse);
    await stop(m.child);
  }

  const service = await spawnTimed(MAIN_JS, env);
  const p95: Array<[string, number, number, number]> = [];
  let idle = NaN;
  let after = NaN;
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    idle = rssMiB(service.child.pid);
    const token = await signInAt(service.baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
    const n = envInt('BENCH_SCALE_REQUESTS', 200);
    const deepAfter = Math.max(0, Math.floor(deepest * 0.9));
    const paths: Array<[string, string, number]> = [
      ['portfolio, first page', '/api/portfolio?limit=50', 50],
      ['portfolio, filtered page (red, district, page 2)', '/api/portfolio?rag=red&district=Cherwell&limit=50&offset=50', 50],
      ['project page (API)', `/api/projects/${typical}`, 10],
      ['workflow view', `/api/projects/${typical}/workflow`, 10],
      [`history page deep in ${deepest} entries (after=${deepAfter})`, `/api/projects/scale-deep/history?after=${deepAfter}&limit=50`, 10],
      [`highlight report (project of ${deepest} entries)`, '/api/projects/scale-deep/highlight-report', 50],
      ['highlight report', `/api/projects/${typical}/highlight-report`, 50],
      [`project page (API), project of ${deepest} entries`, '/api/projects/scale-deep', 10],
    ];
    for (const [label, url, target] of paths) {
      await timeGets(service.baseUrl, token, url, 20); // warm-up
      const times = await timeGets(service.baseUrl, token, url, n);
      p95.push([label, percentile(times, 95), target, percentile(times, 50)]);
    }
    after = rssMiB(service.child.pid);
  } finally {
    await stop(service.child);
  }

  process.stdout.write(`\nscale: ${path}, ${entries} history entries (deep project ${deepest}); load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  for (const [label, ms, target, p50] of p95) line(`${label} p95 (median ${p50.toFixed(1)})`, `${ms.toFixed(1)} ms`, `≤ ${target} ms`, ms <= target);
  line('bytes on disk per history entry (table + indexes)', `${(bytes / entries).toFixed(0)} B`, 'printed', null);
  const start = median(starts);
  const floor = median(minimal);
  line('first answer after start, existing database (median of 3)', `${start.toFixed(0)} ms`, '≤ 1000 ms', start <= 1000);
  line('minimal Nest-on-Fastify app, same run (median of 3)', `${floor.toFixed(0)} ms`, '', null);
  line('start ÷ minimal app', `${(start / floor).toFixed(2)}`, '≤ 2', start / floor <= 2);
  const cpu = median(startsCpu);
  const cpuFloor = median(minimalCpu);
  line('CPU used by the first answer: service / minimal app', `${cpu.toFixed(0)} / ${cpuFloor.toFixed(0)} ms`, '(load-independent)', null);
  line('start CPU ÷ minimal app CPU', `${(cpu / cpuFloor).toFixed(2)}`, '≤ 2 (as above)', cpu / cpuFloor <= 2);
  line('idle RSS', `${idle.toFixed(0)} MiB`, '≤ 120 MiB', idle <= 120);
  line('RSS after the scale bench', `${after.toFixed(0)} MiB`, '≤ 300 MiB', after <= 300);
  process.stdout.write(`(scale bench ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
