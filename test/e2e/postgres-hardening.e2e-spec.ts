import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { BoardService } from '../../src/board/board.service';
import { MIGRATION_NAMES } from '../../src/health/migrations.indicator';
import { TestApp } from './support/test-app';

/**
 * Issue 12 on PostgreSQL (local server, a throw-away schema): readiness reads the migrations table,
 * request ids reach the history, and the demo data loads all or nothing.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('PostgreSQL: readiness, request ids, atomic demo load (e2e)', () => {
  const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let admin: Client;
  let t: TestApp;

  beforeAll(async () => {
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    t = await TestApp.start({ DATABASE_TYPE: 'postgres', DATABASE_URL: url });
  });

  afterAll(async () => {
    await t?.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('readiness: 200 with every migration applied, 503 naming one that is not', async () => {
    const ready = await t.http().get('/api/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATION_NAMES.length } });
    const missing = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];
    const { rows } = await admin.query(`SELECT id, timestamp, name FROM ${schema}.migrations WHERE name = $1`, [missing]);
    await admin.query(`DELETE FROM ${schema}.migrations WHERE name = $1`, [missing]);
    try {
      const down = await t.http().get('/api/health/ready').expect(503);
      expect(down.body.error.migrations).toMatchObject({ status: 'down', pending: [missing] });
    } finally {
      await admin.query(`INSERT INTO ${schema}.migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [rows[0].id, rows[0].timestamp, rows[0].name]);
    }
    await t.http().get('/api/health/ready').expect(200);
  });

  it('a history entry carries the request id of the request that wrote it', async () => {
    await t.as('pm').post('/api/projects').set('X-Request-Id', 'pg-create-1').send({ name: 'PG ids', slug: 'pg-ids', scope: 'town', pcns: ['wantage'] }).expect(201);
    const history = await t.history('pg-ids');
    expect(history.map((h) => h.requestId)).toEqual(['pg-create-1']);
  });

  it('the demo data load fails part way leaving nothing, and the next start loads it all', async () => {
    const demoSchema = `${schema}_demo`;
    await admin.query(`CREATE SCHEMA ${demoSchema}`);
    const dir = mkdtempSync(join(tmpdir(), 'phw-pg-demo-'));
    const env = {
      NODE_ENV: 'test',
      DATABASE_TYPE: 'postgres',
      DATABASE_URL: `${SERVER}?options=${encodeURIComponent(`-c search_path=${demoSchema}`)}`,
      DATABASE_PATH: join(dir, 'unused.sqlite'),
      DEMO_DATA: 'true',
      AUTH_TOKEN_SECRET: 'pg-demo-load-test-secret-of-at-least-32-bytes',
    };
    const count = async (table: string) => Number((await admin.query(`SELECT COUNT(*) AS n FROM ${demoSchema}.${table}`)).rows[0].n);
    try {
      const real = BoardService.prototype.setPlan;
      let calls = 0;
      const spy = jest.spyOn(BoardService.prototype, 'setPlan').mockImplementation(function (this: BoardService, ...args: Parameters<BoardService['setPlan']>) {
        if (++calls === 2) return Promise.reject(new Error('simulated crash during the demo load'));
        return real.apply(this, args);
      });
      try {
        await expect(createApp({ env, logger: false })).rejects.toThrow('simulated crash during the demo load');
      } finally {
        spy.mockRestore();
      }
      expect({ projects: await count('project'), history: await count('history_entry'), users: await count('app_user') }).toEqual({ projects: 0, history: 0, users: 0 });
      const app = await createApp({ env, logger: false });
      await app.close();
      expect(await count('project')).toBe(2);
      const slugs = (await admin.query(`SELECT slug FROM ${demoSchema}.project ORDER BY slug`)).rows.map((r) => r.slug);
      expect(slugs).toEqual(['banbury', 'wantage']);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${demoSchema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
