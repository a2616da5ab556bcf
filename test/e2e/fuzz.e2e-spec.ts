import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { STAGE_KEYS, STAGES } from '../../workflows';
import { operations } from '../../tools/fuzz/openapi';
import { anyRequest, FuzzRequest } from '../../tools/fuzz/requests';
import { TestApp } from './support/test-app';

/**
 * Property-based fuzzing with fast-check over every operation of the OpenAPI document: bodies
 * derived from the documented schemas, then mutated (tools/fuzz/requests.ts). For every request:
 * no 5xx and no crash; and a request that is not a success changes nothing: no domain table
 * moves, no project's version moves, and the only history it may write is a refusal (refused
 * workflow commands are recorded as refused; validation 400s record nothing).
 *
 * npm test runs a bounded count with a fixed seed; `npm run fuzz -- --count N --seed S` more.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

/** Tables whose rows are the service's state (sign-in bookkeeping aside). */
const DOMAIN_TABLES = [
  'project',
  'deliverable_record',
  'register_record',
  'register_setting',
  'group_member',
  'review_round',
  'review_decision',
  'stage_comment',
  'project_option',
  'business_case',
  'service_change_assurance',
  'stage_plan',
  'app_user',
];

describe(`fuzzing every documented operation (fast-check, ${COUNT} requests, seed ${SEED})`, () => {
  let t: TestApp;
  let db: Database.Database;

  beforeAll(async () => {
    t = await TestApp.start();
    // one project with work in it (stage 1 approved, stage 2 records), one new
    await t.createProject('fuzz-a');
    await t.prepareStage('fuzz-a', 'planning-and-codesign');
    await t.submitAndApprove('fuzz-a', 'planning-and-codesign');
    await t.prepareStage('fuzz-a', 'population-health-and-care-needs');
    await t.createProject('fuzz-b');
    db = new Database(t.databasePath, { readonly: true, fileMustExist: true });
  }, 120_000);
  afterAll(async () => {
    db?.close();
    await t.stop();
  });

  const tables = () => new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  function fingerprint(skipUsers: boolean): string {
    const present = tables();
    const hash = createHash('sha256');
    for (const table of DOMAIN_TABLES) {
      if (!present.has(table) || (skipUsers && table === 'app_user')) continue;
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Array<Record<string, unknown>>;
      // a recorded refusal moves the history's head on the project row: that is the history, not the state
      const state = table === 'project' ? rows.map(({ headSequence: _sequence, headHash: _hash, ...rest }) => rest) : rows;
      hash.update(table).update(JSON.stringify(state));
    }
    hash.update(JSON.stringify(db.prepare("SELECT COUNT(*) FROM history_entry WHERE outcome = 'accepted'").raw().get()));
    return hash.digest('hex');
  }
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  const lastHistoryId = () => (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM history_entry').get() as { id: number }).id;

  it('never answers 5xx, keeps running, and changes nothing when it refuses', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const document = JSON.parse((await fastify.inject({ method: 'GET', url: '/api/docs/openapi.json' })).body);
    const ops = operations(document);
    expect(ops.length).toBeGreaterThan(50);

    const records = db.prepare('SELECT recordId FROM register_record').all() as Array<{ recordId: string }>;
    const members = db.prepare('SELECT id FROM group_member').all() as Array<{ id: string }>;
    const pools = {
      slug: ['fuzz-a', 'fuzz-b'],
      stage: [...STAGE_KEYS],
      deliverable: STAGES.flatMap((s) => s.deliverables.map((d) => d.key)),
      // not the fuzzing callers' own accounts: an admin deactivating them would leave the rest of the run at 401
      id: [...records.map((r) => r.recordId), ...['stakeholder', 'outsider', 'auditor', 'pm2'].map((w) => t.user(w).id)],
      memberId: members.map((m) => String(m.id)),
      optionId: ['opt-1'],
    };
    const tokens: Record<FuzzRequest['who'], string | undefined> = {
      pm: t.user('pm').token,
      admin: t.user('admin').token,
      anonymous: undefined,
      'bad-token': 'eyJhbGciOiJIUzI1NiJ9.e30.bm90LWEtc2lnbmF0dXJl',
    };

    const perOperation = new Map<string, number>();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let cachedVersion = -1;
    let cached = { fingerprint: '', fingerprintNoUsers: '', history: 0 };

    await fc.assert(
      fc.asyncProperty(anyRequest(ops, document, pools), async (req) => {
        const before = dataVersion();
        if (before !== cachedVersion) {
          cached = { fingerprint: fingerprint(false), fingerprintNoUsers: fingerprint(true), history: lastHistoryId() };
          cachedVersion = before;
        }
        const headers: Record<string, string> = {};
        if (tokens[req.who]) headers.authorization = `Bearer ${tokens[req.who]}`;
        if (req.contentType) headers['content-type'] = req.contentType;
        let status: number;
        let body = '';
        try {
          const res = await fastify.inject({ method: req.method, url: req.url, headers, payload: req.payload });
          status = res.statusCode;
          body = res.body;
        } catch (error) {
          status = -1;
          body = String(error);
        }
        perOperation.set(req.operation, (perOperation.get(req.operation) ?? 0) + 1);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const show = () => `${req.method} ${req.url.slice(0, 200)} as ${req.who} body ${JSON.stringify((req.payload ?? '').slice(0, 300))} -> ${status} ${body.slice(0, 300)}`;
        if (status < 0 || status >= 500) failures.push(show());
        if (status >= 300 && dataVersion() !== before) {
          // something was committed: it may only be refusals in the history
          const skipUsers = req.url.startsWith('/api/auth/');
          if (fingerprint(skipUsers) !== (skipUsers ? cached.fingerprintNoUsers : cached.fingerprint)) failures.push(`refused but changed the state: ${show()}`);
          const written = db.prepare('SELECT type, outcome FROM history_entry WHERE id > ?').all(cached.history) as Array<{ type: string; outcome: string }>;
          if (written.some((h) => h.outcome !== 'refused')) failures.push(`refused but wrote accepted history ${JSON.stringify(written)}: ${show()}`);
        }
      }),
      { numRuns: COUNT, seed: SEED, endOnFailure: true },
    );

    expect(failures.slice(0, 15)).toEqual([]);
    // still up, and every documented operation was exercised
    expect((await fastify.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(ops.filter((op) => !perOperation.has(op.key)).map((op) => op.key)).toEqual([]);
    // the fuzz reached past validation: some requests succeeded and some were refused as commands
    expect([...statuses.keys()].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0);
    console.log(`fuzz: ${COUNT} requests over ${ops.length} operations, seed ${SEED}; answers ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, Math.max(120_000, COUNT * 60));
});
