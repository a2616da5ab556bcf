import { PassThrough } from 'node:stream';
import { createApp } from '../../src/app.factory';
import { MIGRATION_NAMES } from '../../src/health/migrations.indicator';
import { logDestination } from '../../src/logging/logging.module';
import { TestApp } from './support/test-app';

// better-sqlite3 ships no types; the little used here, typed by hand
interface Sqlite {
  prepare(sql: string): { run(...args: unknown[]): unknown; all(): unknown[] };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (path: string) => Sqlite;

/** Health by @nestjs/terminus; JSON logs by nestjs-pino with one request id carried into the history. */
describe('health probes, request ids and structured logs (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject('probe');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('liveness /api/health and readiness /api/health/ready (database and migrations) answer 200 for anyone', async () => {
    const live = await t.http().get('/api/health').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await t.http().get('/api/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATION_NAMES.length } },
    });
  });

  it('readiness answers 503 naming a migration that is not applied; liveness stays 200', async () => {
    const missing = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];
    const db = new Database(t.databasePath);
    try {
      const [row] = db.prepare(`SELECT * FROM migrations WHERE name = '${missing}'`).all() as Array<{ id: number; timestamp: number; name: string }>;
      db.prepare('DELETE FROM migrations WHERE name = ?').run(missing);
      try {
        const ready = await t.http().get('/api/health/ready').expect(503);
        expect(ready.body).toMatchObject({ status: 'error', error: { migrations: { status: 'down', pending: [missing] } } });
        await t.http().get('/api/health').expect(200);
      } finally {
        db.prepare('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)').run(row.id, row.timestamp, row.name);
      }
    } finally {
      db.close();
    }
    await t.http().get('/api/health/ready').expect(200);
  });

  it('every answer carries X-Request-Id: the caller\'s when sane, else a new UUID', async () => {
    const generated = await t.http().get('/api/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const other = await t.http().get('/api/health');
    expect(other.headers['x-request-id']).not.toBe(generated.headers['x-request-id']);
    const kept = await t.as('pm').get('/api/projects/nowhere').set('X-Request-Id', 'trace-abc.123:x').expect(404);
    expect(kept.headers['x-request-id']).toBe('trace-abc.123:x');
    for (const insane of ['a b', 'x'.repeat(129), '<script>', 'line\tbreak']) {
      const res = await t.http().get('/api/health').set('X-Request-Id', insane).expect(200);
      expect(res.headers['x-request-id']).not.toBe(insane);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('the history entry a request writes carries its request id, accepted or refused', async () => {
    await t.as('pm').patch('/api/projects/probe').set('X-Request-Id', 'req-accepted-1').send({ area: 'Grove' }).expect(200);
    await t.event('probe', { type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }).set('X-Request-Id', 'req-refused-1').expect(409);
    await t.as('pm').post('/api/projects/probe/workflow/events').send({ type: 'PUT_ON_HOLD', reason: 'Paused for the budget round' }).expect(201);
    const history = await t.history('probe');
    const last3 = history.slice(-3);
    expect(last3.map((h) => [h.outcome, h.requestId])).toEqual([
      ['accepted', 'req-accepted-1'],
      ['refused', 'req-refused-1'],
      ['accepted', expect.stringMatching(/^[0-9a-f-]{36}$/)],
    ]);
    // the project's creation, made through the API, has one too
    expect(history[0].requestId).toEqual(expect.any(String));
  });

  it('concurrent requests queued on the database each record their own id', async () => {
    await t.createProject('probe-concurrent');
    const ids = Array.from({ length: 12 }, (_, i) => `concurrent-${i}`);
    const answers = await Promise.all(
      ids.map((id) => t.as('pm').put(`/api/projects/probe-concurrent/stages/planning-and-codesign/deliverables/confirm-scope`).set('X-Request-Id', id).send({ status: 'done', evidence: `evidence ${id}` })),
    );
    expect(answers.map((r) => [r.status, r.headers['x-request-id']])).toEqual(ids.map((id) => [200, id]));
    const history = await t.history('probe-concurrent');
    const byEvidence = new Map(history.filter((h) => typeof h.payload?.evidence === 'string').map((h) => [h.payload.evidence, h.requestId]));
    for (const id of ids) expect([id, byEvidence.get(`evidence ${id}`)]).toEqual([id, id]);
  });

  it('logs are JSON lines, one per request with its id, and never the bearer token', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    logDestination.stream = stream;
    const app = await createApp({ env: { ...t.env, LOG_LEVEL: 'info' } });
    try {
      const http = (await import('supertest')).default(app.getHttpServer());
      await http.get('/api/projects').set('X-Request-Id', 'log-probe-1').set('Authorization', `Bearer ${t.user('pm').token}`).expect(200);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await app.close();
      logDestination.stream = undefined;
    }
    const records = lines.map((l) => JSON.parse(l) as Record<string, any>);
    const request = records.find((r) => r.req?.id === 'log-probe-1');
    expect(request).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/api/projects' }, res: { statusCode: 200 } });
    expect(typeof request!.responseTime).toBe('number');
    expect(request!.req.headers.authorization).toBe('[redacted]');
    expect(lines.join('\n')).not.toContain(t.user('pm').token);
  });
});
