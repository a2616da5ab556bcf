import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { runMigrationsOnce } from '../../src/database/migrate';
import { MIGRATIONS } from '../../src/database/migrations';
import { TEST_ADMIN, TEST_TOKEN_SECRET } from './support/test-app';

/**
 * Issue 12, property 2: three instances of the service started at once on one PostgreSQL
 * database (here one throw-away schema), each with its own Nest container and connection pool,
 * as three processes behind a load balancer would be. Migrations run once under an advisory lock;
 * sign-in throttling, sign-out and revocation hold across instances; exactly one of many
 * concurrent commands at one version wins, wherever each lands.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const urlFor = (schema: string) => `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const newSchema = () => `e2e_multi_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('three instances on one PostgreSQL database (e2e)', () => {
  const schema = newSchema();
  const lockSchema = newSchema();
  let admin: Client;
  let apps: NestFastifyApplication[] = [];
  const env = {
    NODE_ENV: 'test',
    DATABASE_TYPE: 'postgres',
    DATABASE_URL: urlFor(schema),
    DEMO_DATA: 'false',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    BOOTSTRAP_ADMIN_EMAIL: TEST_ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
    LOGIN_FREE_FAILURES_PER_PAIR: '3',
    // a first delay of a minute: no wait runs out while a test is still looking at it
    LOGIN_BASE_DELAY_SECONDS: '60',
    LOGIN_MAX_DELAY_SECONDS: '120',
  };
  const http = (i: number) => request(apps[i % apps.length].getHttpServer());
  const login = (i: number, email: string, password: string) => http(i).post('/api/auth/login').send({ email, password });
  const as = (i: number, token: string) => {
    const h = http(i);
    const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`);
    return { get: (u: string) => auth(h.get(u)), post: (u: string) => auth(h.post(u)), patch: (u: string) => auth(h.patch(u)), delete: (u: string) => auth(h.delete(u)) };
  };
  let adminToken: string;
  const users: Record<string, { id: string; email: string; password: string }> = {};

  async function addUser(who: string, role: string) {
    const email = `${who}@e2e.test`;
    const password = `e2e-lantern-orchard-${Object.keys(users).length}`;
    const res = await as(0, adminToken).post('/api/users').send({ email, name: `Person ${Object.keys(users).length}`, role, password });
    if (res.status !== 201) throw new Error(`create ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    users[who] = { id: res.body.id, email, password };
    return users[who];
  }

  beforeAll(async () => {
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE SCHEMA ${lockSchema}`);
    // all three at once on an empty schema: each runs migrations and the bootstrap admin at start
    apps = await Promise.all([0, 1, 2].map(() => createApp({ env, logger: false })));
    const signedIn = await login(1, TEST_ADMIN.email, TEST_ADMIN.password).expect(200);
    adminToken = signedIn.body.token;
    await addUser('pm', 'programme-manager');
    await addUser('victim', 'stakeholder');
    await addUser('leaver', 'stakeholder');
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${lockSchema} CASCADE`);
    await admin.end();
  });

  describe('migrations', () => {
    it('ran each migration exactly once although three instances started together, and made one bootstrap admin', async () => {
      const rows = await admin.query(`SELECT name FROM ${schema}.migrations ORDER BY id`);
      expect(rows.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const admins = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.app_user WHERE email = $1`, [TEST_ADMIN.email]);
      expect(admins.rows[0].n).toBe(1);
      for (let i = 0; i < 3; i++) await http(i).get('/api/health').expect(200);
    });

    it('under the advisory lock, three concurrent runs split the work: one applies every migration, the others none', async () => {
      const sources = [0, 1, 2].map(() => new DataSource({ type: 'postgres', url: urlFor(lockSchema), migrations: MIGRATIONS, logging: false }));
      await Promise.all(sources.map((s) => s.initialize()));
      try {
        const silent = { log: () => undefined } as never;
        const executed = await Promise.all(sources.map((s) => runMigrationsOnce(s, silent)));
        expect(executed.map((e) => e.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
        const rows = await admin.query(`SELECT name, count(*)::int AS n FROM ${lockSchema}.migrations GROUP BY name`);
        expect(rows.rows).toHaveLength(MIGRATIONS.length);
        expect(rows.rows.every((r) => r.n === 1)).toBe(true);
      } finally {
        await Promise.all(sources.map((s) => s.destroy()));
      }
    });
  });

  describe('sign-in throttling', () => {
    it('counts failures against one pair on every instance: a guesser gains nothing by spreading attempts', async () => {
      const victim = users.victim;
      for (let i = 0; i < 3; i++) await login(i, victim.email, 'wrong-password-xyz').expect(401);
      for (let i = 0; i < 3; i++) await login(i, victim.email, 'wrong-password-xyz').expect(429);
    });

    it('lets only the free allowance through when parallel guesses land on all three at once', async () => {
      const pm = users.pm;
      const results = await Promise.all(Array.from({ length: 15 }, (_, i) => login(i, pm.email, 'wrong-password-xyz')));
      expect(results.filter((r) => r.status === 401)).toHaveLength(3);
      expect(results.filter((r) => r.status === 429)).toHaveLength(12);
    });

    it('keys odd emails safely: a NUL or text that grows when lower-cased answers 401, not 500', async () => {
      for (const email of ['nul\u0000@e2e.test', `${'\u0130'.repeat(200)}@e2e.test`]) {
        const res = await login(0, email, 'wrong-password-xyz');
        expect(res.status).toBe(401);
      }
    });

    it('an admin clearing the throttle on one instance lets the account in on another', async () => {
      const victim = users.victim;
      await login(2, victim.email, victim.password).expect(429);
      await as(0, adminToken).delete(`/api/users/${victim.id}/sign-in-throttle`).expect(200);
      await login(2, victim.email, victim.password).expect(200);
      const pm = users.pm;
      await as(1, adminToken).delete(`/api/users/${pm.id}/sign-in-throttle`).expect(200);
      await login(0, pm.email, pm.password).expect(200);
    });
  });

  describe('token revocation', () => {
    it('a sign-out on one instance ends the token on all three', async () => {
      const pm = users.pm;
      const token = (await login(0, pm.email, pm.password).expect(200)).body.token;
      for (let i = 0; i < 3; i++) await as(i, token).get('/api/me').expect(200);
      await as(1, token).post('/api/auth/logout').expect(204);
      for (let i = 0; i < 3; i++) await as(i, token).get('/api/me').expect(401);
    });

    it('a deactivation on one instance ends the tokens on all three, and reactivation revives none', async () => {
      const leaver = users.leaver;
      const token = (await login(2, leaver.email, leaver.password).expect(200)).body.token;
      await as(0, adminToken).patch(`/api/users/${leaver.id}`).send({ active: false }).expect(200);
      for (let i = 0; i < 3; i++) await as(i, token).get('/api/me').expect(401);
      await as(1, adminToken).patch(`/api/users/${leaver.id}`).send({ active: true }).expect(200);
      for (let i = 0; i < 3; i++) await as(i, token).get('/api/me').expect(401);
      const fresh = (await login(0, leaver.email, leaver.password).expect(200)).body.token;
      for (let i = 0; i < 3; i++) await as(i, fresh).get('/api/me').expect(200);
    });
  });

  describe('exactly one wins', () => {
    it('applies exactly one of 21 concurrent events at one version spread over three instances', async () => {
      const pmToken = (await login(0, users.pm.email, users.pm.password).expect(200)).body.token;
      await as(0, pmToken).post('/api/projects').send({ name: 'Multi', slug: 'multi-race', scope: 'town', pcns: ['wantage'] }).expect(201);
      const { version } = (await as(1, pmToken).get('/api/projects/multi-race/workflow').expect(200)).body;
      const results = await Promise.all(
        Array.from({ length: 21 }, (_, i) =>
          as(i, pmToken).post('/api/projects/multi-race/workflow/events').send({ type: 'PUT_ON_HOLD', reason: `hold ${i}`, expectedVersion: version }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(20);
      for (let i = 0; i < 3; i++) expect((await as(i, pmToken).get('/api/projects/multi-race/workflow').expect(200)).body.version).toBe(version + 1);
      const history = (await as(2, pmToken).get('/api/projects/multi-race/history?limit=200').expect(200)).body.items;
      expect(history.filter((h: { type: string; outcome: string }) => h.type === 'PUT_ON_HOLD' && h.outcome === 'accepted')).toHaveLength(1);
      expect(history.map((h: { sequence: number }) => h.sequence)).toEqual(history.map((_: unknown, i: number) => i + 1));
    });
  });
});
