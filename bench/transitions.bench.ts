/**
 * Durable workflow transitions over HTTP versus raw SQLite commits on the same disk.
 *
 *   npm run bench        (= npm run build && node dist/bench/transitions.bench.js)
 *
 * 1. Raw better-sqlite3 single-row commits (WAL, synchronous=FULL) on a scratch file: the floor.
 * 2. The real service (createApp, logger off) in a child process on 127.0.0.1:<free port>, on a
 *    scratch SQLite database (DEMO_DATA=false) in the same temp dir.
 * 3. autocannon, in this process, drives POST /api/projects/:slug/workflow/events: each
 *    connection owns one project and alternates PUT_ON_HOLD {reason} / RESUME, so every request
 *    is an accepted (201), committed state change. Warm-up, then the measured run; then one
 *    connection (service time without queueing); then many connections on few projects.
 *
 * Tunables (env): BENCH_CONNECTIONS (50), BENCH_DURATION_S (10), BENCH_WARMUP_S (2),
 * BENCH_RAW_S (3), BENCH_SINGLE_S (3), BENCH_CONTENDED_S (4), BENCH_CONTENDED_PROJECTS (5).
 */
import { ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureRawCommits, RawCommitResult } from './raw-sqlite';
import { BENCH_ADMIN } from './bench-admin';

// ---------------------------------------------------------------- autocannon (no bundled types)

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonClient extends EventEmitter {
  setRequests(requests: AutocannonRequest[]): void;
  benchSlug?: string;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  resets: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number };
}
interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
  stop(): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

// ---------------------------------------------------------------- settings

const envInt = (name: string, fallback: number, min: number, max: number): number => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
};

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50, 1, 500);
const DURATION_S = envInt('BENCH_DURATION_S', 10, 1, 60);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2, 0, 30);
const RAW_S = envInt('BENCH_RAW_S', 3, 1, 30);
const SINGLE_S = envInt('BENCH_SINGLE_S', 3, 1, 30);
const CONTENDED_S = envInt('BENCH_CONTENDED_S', 4, 0, 30);
const CONTENDED_PROJECTS = envInt('BENCH_CONTENDED_PROJECTS', 5, 1, 50);
/** Hard limit for the whole run, whatever happens. */
const WATCHDOG_MS = (30 + RAW_S + WARMUP_S + DURATION_S + SINGLE_S + 1 + CONTENDED_S) * 1000 + 30_000;

const TARGET_RATIO = 0.6;
const TARGET_P99_MS = 10;
const HOST = '127.0.0.1';
/** Also carries the benchmark programme manager's bearer token once signed in (see signIn). */
const JSON_HEADERS: Record<string, string> = { 'content-type': 'application/json' };
const HOLD_BODY = JSON.stringify({ type: 'PUT_ON_HOLD', reason: 'Benchmark: paused to measure transition throughput.' });
const RESUME_BODY = JSON.stringify({ type: 'RESUME' });

// ---------------------------------------------------------------- helpers

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- the service process

interface Service {
  child: ChildProcess;
  baseUrl: string;
  port: number;
}

function startService(databasePath: string): Promise<Service> {
  const child = fork(join(__dirname, 'service-process.js'), [], {
    env: { ...process.env, BENCH_DATABASE_PATH: databasePath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<Service>((resolve, reject) => {
    child.on('message', (message: { type?: string; port?: number; error?: string }) => {
      if (message?.type === 'ready' && message.port) resolve({ child, port: message.port, baseUrl: `http://${HOST}:${message.port}` });
      if (message?.type === 'failed') reject(new Error(`service failed to start:\n${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`service exited before it was ready (code ${code}, signal ${signal})`)));
  });
  return withTimeout(ready, 30_000, 'service start-up').catch((error: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  });
}

async function stopService(service: Service | undefined): Promise<void> {
  if (!service) return;
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    if (child.connected) child.send({ type: 'close' });
    await withTimeout(exited, 15_000, 'service shutdown');
  } catch (error) {
    progress(`${(error as Error).message}; killing pid ${child.pid}`);
    child.kill('SIGKILL');
    await withTimeout(exited, 5_000, 'service kill').catch(() => undefined);
  }
}

async function api<T>(service: Service, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: body === undefined ? { authorization: JSON_HEADERS.authorization ?? '' } : JSON_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The bootstrap admin creates a programme manager, whose token every later request carries. */
async function signIn(service: Service): Promise<void> {
  const login = async (email: string, password: string) => {
    const res = await api<{ token: string }>(service, 'POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}`);
    return `Bearer ${res.body.token}`;
  };
  JSON_HEADERS.authorization = await login(BENCH_ADMIN.email, BENCH_ADMIN.password);
  const pm = { email: 'bench-pm@example.org', name: 'Benchmark PM', role: 'programme-manager', password: 'bench-pm-password' };
  const created = await api<unknown>(service, 'POST', '/api/users', pm);
  if (created.status !== 201) throw new Error(`POST /api/users answered ${created.status}: ${JSON.stringify(created.body)}`);
  JSON_HEADERS.authorization = await login(pm.email, pm.password);
}

async function createProjects(service: Service, prefix: string, count: number): Promise<string[]> {
  const slugs: string[] = [];
  for (let i = 1; i <= count; i++) {
    const slug = `${prefix}-${i}`;
    const res = await api<unknown>(service, 'POST', '/api/projects', { name: `Benchmark ${prefix} ${i}`, slug, scope: 'town' });
    if (res.status !== 201) throw new Error(`POST /api/projects (${slug}) answered ${res.status}: ${JSON.stringify(res.body)}`);
    slugs.push(slug);
  }
  return slugs;
}

interface ProjectState {
  status: string;
  version: number;
}

async function projectStates(service: Service, slugs: string[]): Promise<Map<string, ProjectState>> {
  const states = new Map<string, ProjectState>();
  for (const slug of slugs) {
    const res = await api<ProjectState>(service, 'GET', `/api/projects/${slug}`);
    if (res.status !== 200) throw new Error(`GET /api/projects/${slug} answered ${res.status}`);
    states.set(slug, { status: res.body.status, version: res.body.version });
  }
  return states;
}

const totalVersion = (states: Map<string, ProjectState>) => [...states.values()].reduce((sum, s) => sum + s.version, 0);

// ---------------------------------------------------------------- one load phase

interface PhaseResult {
  label: string;
  connections: number;
  projects: number;
  seconds: number;
  accepted: number;
  acceptedPerSecond: number;
  latencies: number[]; // ms, 201 responses only, sorted
  meanMs: number;
  otherStatuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Accepted transitions the database shows for the phase (sum of version bumps). */
  committed: number;
  autocannonLatency: AutocannonResult['latency'];
}

async function runPhase(service: Service, label: string, connections: number, slugs: string[], seconds: number): Promise<PhaseResult> {
  // Projects may have stopped on either side of the pair (and a request cut off at the end of the
  // previous phase may still have been committed), so read where each stands and start each
  // connection with the event its project accepts now.
  const before = await projectStates(service, slugs);
  const hold: AutocannonRequest = { method: 'POST', path: '', headers: JSON_HEADERS, body: HOLD_BODY };
  const resume: AutocannonRequest = { method: 'POST', path: '', headers: JSON_HEADERS, body: RESUME_BODY };
  for (const [slug, state] of before) {
    if (state.status !== 'active' && state.status !== 'on-hold') throw new Error(`project ${slug} is ${state.status}`);
  }

  let nextClient = 0;
  const setupClient = (client: AutocannonClient) => {
    const slug = slugs[nextClient++ % slugs.length];
    const path = `/api/projects/${slug}/workflow/events`;
    const pair = [
      { ...hold, path },
      { ...resume, path },
    ];
    client.benchSlug = slug;
    client.setRequests(before.get(slug)!.status === 'on-hold' ? [pair[1], pair[0]] : pair);
  };

  const latencies: number[] = [];
  const otherStatuses: Record<string, number> = {};
  const instance = autocannon({
    url: service.baseUrl,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    method: 'POST',
    headers: JSON_HEADERS,
    setupClient,
  });
  instance.on('response', (_client: AutocannonClient, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode === 201) latencies.push(responseTime);
    else otherStatuses[statusCode] = (otherStatuses[statusCode] ?? 0) + 1;
  });
  const result = await withTimeout(Promise.resolve(instance), (seconds + 20) * 1000, `${label} load`).catch((error: unknown) => {
    instance.stop();
    throw error;
  });

  // requests cut off when autocannon closed its sockets may still commit; let them land
  await sleep(250);
  const after = await projectStates(service, slugs);
  latencies.sort((a, b) => a - b);
  const accepted = latencies.length;
  return {
    label,
    connections,
    projects: slugs.length,
    seconds: result.duration,
    accepted,
    acceptedPerSecond: accepted / result.duration,
    latencies,
    meanMs: latencies.reduce((s, v) => s + v, 0) / Math.max(1, accepted),
    otherStatuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    committed: totalVersion(after) - totalVersion(before),
    autocannonLatency: result.latency,
  };
}

function describeStatuses(r: PhaseResult): string {
  const parts = Object.entries(r.otherStatuses).map(([code, n]) => `${n} × ${code}`);
  return parts.length ? parts.join(', ') : 'none';
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'phw-bench-'));
  let service: Service | undefined;
  const watchdog = setTimeout(() => {
    progress(`watchdog: the benchmark exceeded ${WATCHDOG_MS} ms; aborting`);
    if (service?.child.pid && service.child.exitCode === null) service.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  try {
    const cpu = cpus();
    log('Durable workflow transitions benchmark');
    log(`machine: ${cpu.length} CPU(s) (${cpu[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, node ${process.version}`);
    log(`scratch dir: ${dir}`);
    log();

    progress(`raw better-sqlite3 commits for ${RAW_S} s ...`);
    const raw: RawCommitResult = measureRawCommits(join(dir, 'raw-commits.sqlite'), RAW_S * 1000, 500);

    progress('starting the service ...');
    service = await startService(join(dir, 'service.sqlite'));
    await signIn(service);
    progress(`service listening on ${service.baseUrl} (pid ${service.child.pid})`);

    const owned = await createProjects(service, 'bench', CONNECTIONS);
    const single = owned.slice(0, 1);
    const contended = CONTENDED_S > 0 ? await createProjects(service, 'shared', CONTENDED_PROJECTS) : [];

    if (WARMUP_S > 0) {
      progress(`warm-up: ${CONNECTIONS} connections for ${WARMUP_S} s ...`);
      const warm = await runPhase(service, 'warm-up', CONNECTIONS, owned, WARMUP_S);
      progress(`warm-up: ${warm.accepted} accepted, other statuses: ${describeStatuses(warm)}, errors ${warm.errors}`);
    }
    progress(`measured: ${CONNECTIONS} connections, one project each, for ${DURATION_S} s ...`);
    const main = await runPhase(service, 'measured', CONNECTIONS, owned, DURATION_S);
    progress(`1 connection for ${SINGLE_S} s ...`);
    await runPhase(service, 'single warm-up', 1, single, 1);
    const one = await runPhase(service, 'single', 1, single, SINGLE_S);
    let shared: PhaseResult | undefined;
    if (CONTENDED_S > 0) {
      progress(`contended: ${CONNECTIONS} connections on ${CONTENDED_PROJECTS} projects for ${CONTENDED_S} s ...`);
      shared = await runPhase(service, 'contended', CONNECTIONS, contended, CONTENDED_S);
    }

    // ------------------------------------------------------------ report
    const ratio = main.acceptedPerSecond / raw.commitsPerSecond;
    const p50 = percentile(main.latencies, 50);
    const p90 = percentile(main.latencies, 90);
    const p99 = percentile(main.latencies, 99);
    const max = main.latencies[main.latencies.length - 1] ?? NaN;
    const littleMs = (CONNECTIONS / main.acceptedPerSecond) * 1000;
    const ok = (met: boolean) => (met ? 'MET' : 'NOT MET');

    log(`raw better-sqlite3 commits (one INSERT per implicit transaction, journal_mode=${raw.journalMode}, synchronous=${raw.synchronous === 2 ? 'FULL' : raw.synchronous}):`);
    log(`  ${raw.commits} commits in ${fmt(raw.seconds, 2)} s = ${fmt(raw.commitsPerSecond)} commits/s (mean ${fmt(raw.meanMs, 3)} ms, p99 ${fmt(raw.p99Ms, 3)} ms per commit)`);
    log();
    log(`HTTP workflow transitions: ${CONNECTIONS} connections, ${main.projects} projects (one per connection), PUT_ON_HOLD/RESUME alternating, ${fmt(main.seconds, 2)} s after a ${WARMUP_S} s warm-up`);
    log(`  accepted transitions (201):  ${main.accepted}`);
    log(`  transitions/s:               ${fmt(main.acceptedPerSecond)}`);
    log(`  latency ms (201 only):       p50 ${fmt(p50, 2)}   p90 ${fmt(p90, 2)}   p99 ${fmt(p99, 2)}   max ${fmt(max, 2)}   mean ${fmt(main.meanMs, 2)}`);
    log(`  errors / non-2xx:            ${main.errors} socket errors (${main.timeouts} timeouts), ${main.non2xx} non-2xx (${describeStatuses(main)})`);
    log(`  committed per the database:  ${main.committed} version bumps (>= 201s; the excess is requests cut off at the stop)`);
    log();
    log(`service time, 1 connection (no queueing), ${fmt(one.seconds, 2)} s:`);
    log(`  ${fmt(one.acceptedPerSecond)} transitions/s, mean ${fmt(one.meanMs, 2)} ms, p50 ${fmt(percentile(one.latencies, 50), 2)} ms, p99 ${fmt(percentile(one.latencies, 99), 2)} ms, non-2xx ${one.non2xx}, errors ${one.errors}`);
    log(`Little's law (closed loop, ${CONNECTIONS} requests always in flight): latency ≈ ${CONNECTIONS} / ${fmt(main.acceptedPerSecond)} per s = ${fmt(littleMs, 2)} ms`);
    log(`  measured at ${CONNECTIONS} connections: mean ${fmt(main.meanMs, 2)} ms, p50 ${fmt(p50, 2)} ms; ${CONNECTIONS} × 1-connection service time = ${fmt(CONNECTIONS * one.meanMs, 2)} ms`);
    log(`  (the service runs one unit of work at a time, so p99 <= ${TARGET_P99_MS} ms at ${CONNECTIONS} connections needs >= ~${fmt((CONNECTIONS / TARGET_P99_MS) * 1000, 0)} transitions/s)`);
    if (shared) {
      log();
      log(`contended: ${shared.connections} connections on ${shared.projects} projects (${shared.connections / shared.projects} per project), ${fmt(shared.seconds, 2)} s:`);
      log(`  ${shared.accepted} accepted = ${fmt(shared.acceptedPerSecond)} transitions/s, p50 ${fmt(percentile(shared.latencies, 50), 2)} ms, p99 ${fmt(percentile(shared.latencies, 99), 2)} ms (201 only)`);
      log(`  non-2xx: ${shared.non2xx} (${describeStatuses(shared)}; 409 = refused because another connection already moved the project), errors ${shared.errors}`);
      log(`  requests answered/s incl. refusals: ${fmt((shared.accepted + shared.non2xx) / shared.seconds)}`);
    }
    log();
    log('targets:');
    log(`  transitions/s ÷ raw commits/s = ${fmt(main.acceptedPerSecond)} ÷ ${fmt(raw.commitsPerSecond)} = ${fmt(ratio, 3)}   target >= ${TARGET_RATIO}   ${ok(ratio >= TARGET_RATIO)}`);
    log(`  p99 latency = ${fmt(p99, 2)} ms   target <= ${TARGET_P99_MS} ms   ${ok(p99 <= TARGET_P99_MS)}`);
    const clean = main.non2xx === 0 && main.errors === 0;
    log(`  every measured request an accepted transition: ${clean ? 'yes' : `NO (${main.non2xx} non-2xx, ${main.errors} errors)`}`);
    return 0;
  } finally {
    progress('closing the service and removing the scratch dir ...');
    await stopService(service).catch((error: unknown) => progress(`stopping the service failed: ${String(error)}`));
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
