/**
 * Verifiable history: what hashing costs a command, and how fast `npm run verify` checks a long
 * history.
 *
 *   npm run bench:history    (= npm run build && node dist/bench/history.bench.js)
 *
 * 1. Hashing per command: the work newEntry() adds (JSON round trip of the payload, canonical
 *    JSON, SHA-256) timed over BENCH_HASH_N typical entries, set beside the in-process service
 *    time of an accepted command (createApp on a scratch SQLite file, Fastify inject, so no
 *    network: a deliverable update, median of BENCH_COMMANDS). Target: at most 5% of it.
 * 3. `?at=` on a project with BENCH_AS_OF_ENTRIES (10,000) entries: p95 of GET /workflow?at=,
 *    for moments not asked before and asked again. Target: p95 at most 50 ms.
 * 2. `npm run verify` over BENCH_VERIFY_ENTRIES (1,000,000) chained entries in BENCH_VERIFY_PROJECTS
 *    projects, written straight into a migrated scratch database, then runVerify() as the CLI
 *    runs it. Target: at most 10 s.
 *
 * BENCH_ONLY=verify runs part 2 alone; BENCH_VERIFY_DATABASE=FILE writes the long history into FILE
 * the first time and reuses it afterwards (for profiling verify: `node --cpu-prof`).
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH, initialSnapshot, MACHINE_VERSION, persist } from '../workflows';
import { createApp } from '../src/app.factory';
import { MIGRATIONS } from '../src/database/migrations';
import { runVerify } from '../src/history/verify-cli';
import { BENCH_ADMIN } from './bench-admin';

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const HASH_N = envInt('BENCH_HASH_N', 20000);
const COMMANDS = envInt('BENCH_COMMANDS', 300);
const VERIFY_ENTRIES = envInt('BENCH_VERIFY_ENTRIES', 1_000_000);
const VERIFY_PROJECTS = envInt('BENCH_VERIFY_PROJECTS', 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function typicalEntry(i: number, projectId = 'p') {
  return {
    projectId,
    sequence: i,
    occurredAt: new Date(1_760_000_000_000 + i * 1000).toISOString(),
    type: 'DELIVERABLE_UPDATED',
    stage: 'planning-and-codesign',
    payload: { deliverable: 'confirm-scope', status: 'in-progress', evidence: `Scope agreed at the board meeting, minute ${i}`, before: { status: 'in-progress', evidence: 'draft' }, expectedVersion: i },
    outcome: 'accepted',
    blockers: null,
    resultingState: {
      status: 'active',
      version: i + 1,
      stages: {
        'planning-and-codesign': 'in-progress',
        'population-health-and-care-needs': 'not-started',
        'review-of-services-and-assets': 'not-started',
        'innovation-and-good-practice': 'not-started',
        'meeting-population-needs': 'not-started',
        'development-of-options': 'not-started',
      },
    },
    actorId: '6f1c2a9e-3b1d-4c57-9a55-2f0d4b1e8c11',
    actorName: 'Pat Manager',
  };
}

function hashingCost(): number {
  const entries = Array.from({ length: HASH_N }, (_, i) => typicalEntry(i + 1));
  let previous = GENESIS_HASH;
  const start = performance.now();
  for (const e of entries) {
    // what newEntry() does: the stored JSON round trip, then the chained hash
    const payload = JSON.parse(JSON.stringify(e.payload));
    previous = entryHash(previous, { ...e, payload });
  }
  return ((performance.now() - start) * 1000) / HASH_N; // µs per entry
}

async function serviceTime(dir: string): Promise<number> {
  const app = await createApp({
    env: {
      DATABASE_TYPE: 'better-sqlite3',
      DATABASE_PATH: join(dir, 'service.sqlite'),
      DEMO_DATA: 'false',
      NODE_ENV: 'production',
      AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
      HISTORY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
    logger: false,
  });
  try {
    const fastify = app.getHttpAdapter().getInstance();
    const login = await fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password } });
    const adminToken = login.json().token as string;
    const pm = { email: 'bench.pm@bench.example', password: 'copper-meadow-signal-58' };
    await fastify.inject({ method: 'POST', url: '/api/users', headers: { authorization: `Bearer ${adminToken}` }, payload: { ...pm, name: 'Bench PM', role: 'programme-manager' } });
    const token = (await fastify.inject({ method: 'POST', url: '/api/auth/login', payload: pm })).json().token as string;
    const headers = { authorization: `Bearer ${token}` };
    await fastify.inject({ method: 'POST', url: '/api/projects', headers, payload: { slug: 'bench', name: 'Bench', scope: 'town', pcns: ['wantage'] } });
    const times: number[] = [];
    for (let i = 0; i < COMMANDS; i++) {
      const start = performance.now();
      const res = await fastify.inject({
        method: 'PUT',
        url: '/api/projects/bench/stages/planning-and-codesign/deliverables/confirm-scope',
        headers,
        payload: { status: 'in-progress', evidence: `Minute ${i}` },
      });
      times.push(performance.now() - start);
      if (res.statusCode !== 200) throw new Error(`command ${i}: ${res.statusCode} ${res.body}`);
    }
    return median(times.slice(Math.floor(COMMANDS / 5))); // ms, after warm-up
  } finally {
    await app.close();
  }
}

async function verifyLongHistory(dir: string): Promise<{ seconds: number; cpuSeconds: number; entries: number; writeSeconds: number }> {
  const kept = process.env.BENCH_VERIFY_DATABASE;
  const database = kept ?? join(dir, 'verify.sqlite');
  const total = kept && existsSync(kept) ? { entries: Math.ceil(VERIFY_ENTRIES / VERIFY_PROJECTS) * VERIFY_PROJECTS, seconds: 0 } : await writeLongHistory(database);
  return verifyRun(database, total, performance.now());
}

/** The long history written straight into a migrated database: VERIFY_PROJECTS projects of equal length. */
async function writeLongHistory(database: string): Promise<{ entries: number; seconds: number }> {
  const migrate = new DataSource({ type: 'better-sqlite3', database, migrations: MIGRATIONS });
  await migrate.initialize();
  await migrate.runMigrations();
  await migrate.destroy();
  const writeStart = performance.now();
  const db = new Database(database);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const project = db.prepare(
    "INSERT INTO project (id, slug, name, scope, area, districts, pcns, snapshot, machineVersion, version, createdAt, updatedAt, headSequence, headHash) VALUES (?, ?, 'Bench', 'town', NULL, '[]', '[]', ?, ?, ?, ?, ?, ?, ?)",
  );
  const insert = db.prepare(
    'INSERT INTO history_entry (projectId, sequence, occurredAt, type, stage, payload, outcome, blockers, resultingState, actorId, actorName, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const perProject = Math.ceil(VERIFY_ENTRIES / VERIFY_PROJECTS);
  let total = 0;
  for (let p = 0; p < VERIFY_PROJECTS; p++) {
    const id = randomUUID();
    let previous = GENESIS_HASH;
    // the project's first entry creates it (the records check rebuilds the project row from it)
    const created = { ...typicalEntry(1, id), type: 'PROJECT_CREATED', stage: null, payload: { slug: `bench-${p}`, name: 'Bench', scope: 'town', area: null, districts: [], pcns: [] } };
    const first = created.occurredAt;
    project.run(id, `bench-${p}`, JSON.stringify(persist(initialSnapshot())), MACHINE_VERSION, perProject, first, typicalEntry(perProject, id).occurredAt, 0, null);
    db.transaction(() => {
      for (let i = 1; i <= perProject; i++) {
        const e = i === 1 ? created : typicalEntry(i, id);
        previous = entryHash(previous, e);
        insert.run(id, i, e.occurredAt, e.type, e.stage, canonicalJson(e.payload), e.outcome, null, canonicalJson(e.resultingState), e.actorId, e.actorName, previous);
      }
    })();
    // the deliverable the replayed events leave behind, so the records check passes too
    const last = typicalEntry(perProject, id);
    db.prepare("INSERT INTO deliverable_record (id, projectId, stage, deliverable, status, evidence, updatedAt) VALUES (?, ?, 'planning-and-codesign', 'confirm-scope', 'in-progress', ?, ?)").run(
      randomUUID(),
      id,
      last.payload.evidence,
      last.occurredAt,
    );
    db.prepare('UPDATE project SET headSequence = ?, headHash = ? WHERE id = ?').run(perProject, previous, id);
    total += perProject;
  }
  db.close();
  return { entries: total, seconds: (performance.now() - writeStart) / 1000 };
}

async function verifyRun(database: string, total: { entries: number; seconds: number }, start: number): Promise<{ seconds: number; cpuSeconds: number; entries: number; writeSeconds: number }> {
  const cpu = process.cpuUsage();
  // as `npm run verify` runs: worker threads share the projects
  const report = await runVerify({ database, jobs: Number(process.env.BENCH_VERIFY_JOBS ?? Math.min(4, availableParallelism())) }, {});
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.projects.find((p) => !p.valid))}`);
  // CPU time as well as wall time: on a shared machine the wall time mostly measures the queue for a core
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, entries: total.entries, writeSeconds: total.seconds };
}

const AS_OF_ENTRIES = envInt('BENCH_AS_OF_ENTRIES', 10_000);
const AS_OF_READS = envInt('BENCH_AS_OF_READS', 60);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/**
 * `?at=` on a project with AS_OF_ENTRIES history entries: the project is created through the
 * service, its long history (deliverable updates, register records created and updated,
 * comments, member changes) appended straight to the database with a correct chain, then the
 * service reopened and GET /workflow?at= asked at moments spread over the history. Cold: a
 * moment not asked before (its shadow built: history read and replayed); warm: asked again.
 */
async function asOfReads(dir: string): Promise<{ cold: number[]; warm: number[]; live: number[]; entries: number; cpu: { cold: number; warm: number; live: number } }> {
  const database = join(dir, 'as-of.sqlite');
  const env = {
    DATABASE_TYPE: 'better-sqlite3',
    DATABASE_PATH: database,
    DEMO_DATA: 'false',
    NODE_ENV: 'production',
    AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
    HISTORY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
  };
  const signIn = async (fastify: { inject(options: object): Promise<{ json(): { token: string } }> }) => {
    const login = await fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password } });
    return { authorization: `Bearer ${login.json().token}` };
  };
  let app = await createApp({ env, logger: false });
  const first = app.getHttpAdapter().getInstance();
  const pm = { email: 'long.pm@bench.example', password: 'amber-orchard-beacon-31' };
  await first.inject({ method: 'POST', url: '/api/users', headers: await signIn(first), payload: { ...pm, name: 'Long PM', role: 'programme-manager' } });
  const pmToken = (await first.inject({ method: 'POST', url: '/api/auth/login', payload: pm })).json().token as string;
  const created = await first.inject({ method: 'POST', url: '/api/projects', headers: { authorization: `Bearer ${pmToken}` }, payload: { slug: 'long', name: 'Long history', scope: 'town', pcns: ['wantage'] } });
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  await app.close();

  const db = new Database(database);
  const row = db.prepare('SELECT id, headSequence, headHash, createdAt FROM project WHERE slug = ?').get('long') as { id: string; headSequence: number; headHash: string; createdAt: string };
  const insert = db.prepare(
    'INSERT INTO history_entry (projectId, sequence, occurredAt, type, stage, payload, outcome, blockers, resultingState, actorId, actorName, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const start = Date.parse(row.createdAt);
  const span = Math.max(1, Date.now() - 60_000 - start);
  let previous = row.headHash;
  const member = (m: number) => ({ id: `00000000-0000-4000-8000-${String(m).padStart(12, '0')}`, group: 'core-project-team', name: `Member ${m}`, organisation: 'ICB', organisationType: 'commissioner-or-icb', roleInGroup: 'Lead', isLead: false, userId: null, createdAt: row.createdAt, updatedAt: row.createdAt });
  const registerCreated = new Set<number>();
  db.transaction(() => {
    for (let i = 1; i <= AS_OF_ENTRIES - row.headSequence; i++) {
      const sequence = row.headSequence + i;
      // spread over the time since the project was created (a few ms apart at most)
      const occurredAt = new Date(start + Math.floor((span * i) / AS_OF_ENTRIES)).toISOString();
      const base = typicalEntry(sequence, row.id);
      let type = 'DELIVERABLE_UPDATED';
      let stage: string | null = 'planning-and-codesign';
      let payload: Record<string, unknown> = { ...base.payload, deliverable: ['confirm-scope', 'codesign-approach', 'communication-plan'][i % 3] };
      const kind = i % 10;
      if (kind >= 5 && kind <= 7) {
        const n = i % 300;
        const record = { id: `seg-${n}`, model: 'Bridges to Health', name: `Segment ${n}`, people: 100 + i, sharePercent: 0.3, trend: 'stable' };
        type = registerCreated.has(n) ? 'REGISTER_RECORD_UPDATED' : 'REGISTER_RECORD_CREATED';
        registerCreated.add(n);
        stage = 'population-health-and-care-needs';
        payload = { register: 'segments', recordType: 'segment', id: record.id, record };
      } else if (kind === 8) {
        type = 'STAGE_COMMENT_ADDED';
        payload = { text: `Comment ${i}`, round: null, commentId: 1_000_000 + i };
      } else if (kind === 9) {
        type = i < 100 ? 'GROUP_MEMBER_ADDED' : 'GROUP_MEMBER_UPDATED';
        const m = { ...member(i % 10), roleInGroup: `Role ${i}`, updatedAt: occurredAt };
        payload = { group: m.group, memberId: m.id, member: m, changes: { roleInGroup: m.roleInGroup }, before: m };
      }
      const e = { ...base, sequence, occurredAt, type, stage, payload };
      previous = entryHash(previous, e);
      insert.run(row.id, sequence, occurredAt, type, stage, canonicalJson(payload), 'accepted', null, canonicalJson(e.resultingState), e.actorId, e.actorName, previous);
    }
    db.prepare('UPDATE project SET headSequence = ?, headHash = ? WHERE id = ?').run(AS_OF_ENTRIES, previous, row.id);
  })();
  const moments = (db.prepare('SELECT occurredAt FROM history_entry WHERE projectId = ? ORDER BY sequence').all(row.id) as Array<{ occurredAt: string }>).map((r) => r.occurredAt);
  db.close();

  app = await createApp({ env, logger: false });
  try {
    const fastify = app.getHttpAdapter().getInstance();
    const headers = await signIn(fastify);
    const ask = async (at: string | null) => {
      const t0 = performance.now();
      const res = await fastify.inject({ method: 'GET', url: at === null ? '/api/projects/long/workflow' : `/api/projects/long/workflow?at=${encodeURIComponent(at)}`, headers });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`?at=${at}: ${res.statusCode} ${res.body}`);
      return ms;
    };
    await ask(moments[moments.length - 1]); // warm-up: the schema template, the first shadow
    // the latest moments replay the whole history: the costly end of the range
    const picks = Array.from({ length: AS_OF_READS }, (_, k) => moments[moments.length - 1 - k * Math.floor(moments.length / (4 * AS_OF_READS))]);
    // CPU time per read as well: on a shared machine the wall time mostly measures the queue for a core
    const cpuMs = (from: NodeJS.CpuUsage, n: number) => {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000 / n;
    };
    const cold: number[] = [];
    let cpu = process.cpuUsage();
    for (const at of picks.slice(1)) cold.push(await ask(at));
    const coldCpu = cpuMs(cpu, picks.length - 1);
    const warm: number[] = [];
    cpu = process.cpuUsage();
    for (let k = 0; k < AS_OF_READS; k++) warm.push(await ask(picks[1 + (k % 8)]));
    const warmCpu = cpuMs(cpu, AS_OF_READS);
    const live: number[] = [];
    cpu = process.cpuUsage();
    for (let k = 0; k < AS_OF_READS; k++) live.push(await ask(null));
    const liveCpu = cpuMs(cpu, AS_OF_READS);
    return { cold, warm, live, entries: moments.length, cpu: { cold: coldCpu, warm: warmCpu, live: liveCpu } };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phw-history-bench-'));
  try {
    console.log(`history bench: ${cpus().length} cpu(s) ${cpus()[0]?.model ?? ''}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (process.env.BENCH_ONLY === 'verify') return printVerify(await verifyLongHistory(dir));
    const hashUs = hashingCost();
    // (per-entry figures are wall time too: under load they are upper bounds)
    const serviceMs = await serviceTime(dir);
    const share = (hashUs / 1000 / serviceMs) * 100;
    console.log(`hashing per command: ${hashUs.toFixed(1)} µs (JSON round trip + canonical JSON + SHA-256, ${HASH_N} entries)`);
    console.log(`service time of an accepted command (in-process, median of ${COMMANDS}): ${serviceMs.toFixed(2)} ms`);
    console.log(`hashing share of service time: ${share.toFixed(2)}%   target ≤ 5%   ${share <= 5 ? 'met' : 'NOT met'}`);
    const a = await asOfReads(dir);
    const coldP95 = percentile(a.cold, 95);
    const warmP95 = percentile(a.warm, 95);
    console.log(`?at= on a project with ${a.entries.toLocaleString('en-GB')} entries, a moment not asked before (shadow built): p50 ${percentile(a.cold, 50).toFixed(1)} ms, p95 ${coldP95.toFixed(1)} ms (CPU ${a.cpu.cold.toFixed(1)} ms a read)   target p95 ≤ 50 ms   ${coldP95 <= 50 ? 'met' : 'NOT met'}`);
    console.log(`?at= asked again (shadow cached): p50 ${percentile(a.warm, 50).toFixed(1)} ms, p95 ${warmP95.toFixed(1)} ms (CPU ${a.cpu.warm.toFixed(1)} ms a read)   target p95 ≤ 50 ms   ${warmP95 <= 50 ? 'met' : 'NOT met'}`);
    console.log(`the same read without ?at= (live tables), for comparison: p50 ${percentile(a.live, 50).toFixed(1)} ms, p95 ${percentile(a.live, 95).toFixed(1)} ms (CPU ${a.cpu.live.toFixed(1)} ms a read)`);
    if (process.env.BENCH_SKIP_VERIFY === 'true') return;
    printVerify(await verifyLongHistory(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printVerify(v: { seconds: number; cpuSeconds: number; entries: number; writeSeconds: number }): void {
    console.log(`npm run verify: ${v.entries.toLocaleString('en-GB')} entries in ${VERIFY_PROJECTS} projects in ${v.seconds.toFixed(2)} s wall, ${v.cpuSeconds.toFixed(2)} s CPU (${Math.round(v.entries / v.seconds).toLocaleString('en-GB')} entries/s wall; written in ${v.writeSeconds.toFixed(1)} s)   target ≤ 10 s for 1,000,000   ${v.entries >= 1_000_000 && v.seconds <= 10 ? 'met' : v.entries < 1_000_000 ? 'not measured at 1,000,000' : 'NOT met'}`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
