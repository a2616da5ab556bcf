import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { StageKey } from '../../workflows';
import { TestApp } from './support/test-app';

/**
 * The same migrations and commands on PostgreSQL, the database for deployments that outgrow one
 * machine: a local server (127.0.0.1:5432, trust auth, database `test`) in a schema of its own.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('PostgreSQL (e2e)', () => {
  const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: Client;
  let t: TestApp;

  beforeAll(async () => {
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    t = await TestApp.start({
      DATABASE_TYPE: 'postgres',
      DATABASE_URL: `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    });
  });

  afterAll(async () => {
    await t?.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('runs the migrations into its own schema', async () => {
    const tables = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['project', 'history_entry', 'deliverable_record', 'register_record', 'app_user', 'group_member', 'project_option', 'migrations']),
    );
  });

  it('takes a project from creation to completed', async () => {
    const slug = 'pg-full-run';
    await t.createProject(slug);
    const order: StageKey[] = [
      'planning-and-codesign',
      'population-health-and-care-needs',
      'review-of-services-and-assets',
      'innovation-and-good-practice',
      'meeting-population-needs',
      'development-of-options',
    ];
    for (const stage of order) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    const view = await t.workflow(slug);
    expect(view.status).toBe('completed');
    const history = await t.history(slug);
    expect(history.map((h) => h.sequence)).toEqual(history.map((_, i) => i + 1));
  });

  it('applies exactly one of 20 concurrent events at one version, with the pool running them in parallel', async () => {
    await t.createProject('pg-race');
    const { version } = await t.workflow('pg-race');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.event('pg-race', { type: 'PUT_ON_HOLD', reason: `hold ${i}`, expectedVersion: version })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect((await t.workflow('pg-race')).version).toBe(version + 1);
  });

  it('never applies two concurrent commands against the same version without expectedVersion either', async () => {
    await t.createProject('pg-race-2');
    const before = await t.workflow('pg-race-2');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.as('pm').put(`/api/projects/pg-race-2/stages/planning-and-codesign/deliverables/confirm-scope`).send({ status: 'done', evidence: `run ${i}` }),
      ),
    );
    const accepted = results.filter((r) => r.status === 200).length;
    // losers of a race answer 409 VersionConflict; every accepted one bumped the version once
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe('VersionConflict');
    expect((await t.workflow('pg-race-2')).version).toBe(before.version + accepted);
    const entries = (await t.history('pg-race-2')).filter((h) => h.type === 'DELIVERABLE_UPDATED' && h.outcome === 'accepted');
    expect(entries).toHaveLength(accepted);
  });

  it('creates a project once when the same slug is sent concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.as('pm').post('/api/projects').send({ name: 'Didcot', slug: 'pg-didcot', scope: 'town', pcns: ['didcot'] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    const list = await t.as('pm').get('/api/projects?limit=200').expect(200);
    expect(list.body.items.filter((p: { slug: string }) => p.slug === 'pg-didcot')).toHaveLength(1);
  });
});
