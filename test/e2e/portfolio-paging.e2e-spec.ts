import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { addDays } from '../../workflows/board';
import { TEST_ADMIN, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const S1 = 'planning-and-codesign';
const today = () => new Date().toISOString().slice(0, 10);
type Row = { slug: string; rag: string; status: string; reasons: Array<{ code: string; message: string }>; refusalsLast30Days: number; currentStages: Array<{ stage: string }> };
type Page = { items: Row[]; total: number; limit: number; offset: number; today: string };

/**
 * The portfolio over the summary rows (issue 9): paged and filtered in SQL, kept current by every
 * command, and never disagreeing with the project's own highlight report.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** SQLite, and PostgreSQL in a throw-away schema (the same SQL must hold on both). */
const DATABASES: Array<[string, () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>]> = [
  ['SQLite', async () => ({ env: {}, drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin = new Client({ connectionString: SERVER });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      return {
        env: { DATABASE_TYPE: 'postgres', DATABASE_URL: url },
        drop: async () => {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  ],
];

describe.each(DATABASES)('portfolio: paged and filtered from the summary rows (e2e, %s)', (_name, database) => {
  let t: TestApp;
  let drop: () => Promise<void>;
  const page = async (query: string, who = 'auditor') => (await t.as(who).get(`/api/portfolio${query}`).expect(200)).body as Page;
  const plan = (slug: string, body: Record<string, unknown>) => t.as('pm').put(`/api/projects/${slug}/stages/${S1}/plan`).send(body);

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    t = await TestApp.start(db.env);
    await t.createProject('pp-late', { name: 'Late Lane' });
    await plan('pp-late', { targetDate: addDays(today(), -3) }).expect(200);
    await t.createProject('pp-held', { name: 'Held House' });
    await t.event('pp-held', { type: 'PUT_ON_HOLD', reason: 'Estates review' }).expect(201);
    await t.createProject('pp-soon', { name: 'Soon Street' });
    await plan('pp-soon', { targetDate: addDays(today(), 5) }).expect(200);
    // moved: the new target is far off, but the first baseline has passed (amber, with the move)
    await t.createProject('pp-moved', { name: 'Moved Mews' });
    await plan('pp-moved', { targetDate: addDays(today(), -2) }).expect(200);
    await plan('pp-moved', { targetDate: addDays(today(), 80), reason: 'The estates survey moved' }).expect(200);
    for (let i = 0; i < 5; i++) await t.createProject(`pp-fine-${i}`, { name: `Fine ${i} Farm`, pcns: ['banbury-town'] });
  });
  afterAll(async () => {
    await t?.stop();
    await drop?.();
  });

  it('pages with limit and offset: every project once, total counted in SQL', async () => {
    const all = await page('?limit=200');
    expect(all.total).toBe(9);
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 4) {
      const p = await page(`?limit=4&offset=${offset}`);
      expect(p).toMatchObject({ total: 9, limit: 4, offset });
      seen.push(...p.items.map((r) => r.slug));
    }
    expect(seen).toEqual(all.items.map((r) => r.slug));
    expect(new Set(seen).size).toBe(9);
    expect((await page('?limit=4&offset=40')).items).toEqual([]);
  });

  it('filters by RAG in SQL exactly as each project’s highlight report rates it (one rule, two faces)', async () => {
    const all = (await page('?limit=200')).items;
    for (const row of all) {
      const report = (await t.as('auditor').get(`/api/projects/${row.slug}/highlight-report`).expect(200)).body;
      expect([row.slug, row.rag, row.reasons.map((r) => r.message)]).toEqual([row.slug, report.rag, report.reasons.map((r: { message: string }) => r.message)]);
    }
    const byRag = (rag: string) => all.filter((r) => r.rag === rag).map((r) => r.slug).sort();
    expect(byRag('red')).toEqual(['pp-held', 'pp-late']);
    expect(byRag('amber')).toEqual(['pp-moved', 'pp-soon']);
    for (const rag of ['red', 'amber', 'green']) {
      const filtered = await page(`?rag=${rag}&limit=200`);
      expect(filtered.items.map((r) => r.slug).sort()).toEqual(byRag(rag));
      expect(filtered.total).toBe(byRag(rag).length);
    }
    const moved = all.find((r) => r.slug === 'pp-moved')!;
    expect(moved.reasons).toEqual([expect.objectContaining({ code: 'STAGE_LATE_AGAINST_BASELINE', message: expect.stringMatching(/target moved from .* because The estates survey moved/) })]);
  });

  it('filters by status, current stage, district and text; sorts by RAG', async () => {
    expect((await page('?status=on-hold')).items.map((r) => r.slug)).toEqual(['pp-held']);
    expect((await page(`?stage=${S1}&limit=200`)).total).toBe(9); // on hold too: the board counts its stage as current
    expect((await page('?stage=population-health-and-care-needs')).total).toBe(0);
    expect((await page('?district=Cherwell&limit=200')).items.map((r) => r.slug).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `pp-fine-${i}`));
    expect((await page('?q=MEWS')).items.map((r) => r.slug)).toEqual(['pp-moved']);
    expect((await page('?q=pp-fine&limit=2&offset=2')).items.map((r) => r.slug)).toEqual(['pp-fine-2', 'pp-fine-3']);
    expect((await page('?q=100%25')).total).toBe(0); // % is text, not a wildcard
    const ragOrder = (await page('?sort=rag&limit=200')).items.map((r) => r.rag);
    expect(ragOrder).toEqual([...ragOrder].sort((a, b) => ['red', 'amber', 'green'].indexOf(a) - ['red', 'amber', 'green'].indexOf(b)));
  });

  it('every command keeps the row current in its own transaction: a refusal is counted, a resume changes the RAG', async () => {
    const before = (await page('?q=pp-soon')).items[0];
    await t.event('pp-soon', { type: 'APPROVE_STAGE', stage: S1 }).expect(409);
    expect((await page('?q=pp-soon')).items[0].refusalsLast30Days).toBe(before.refusalsLast30Days + 1);
    await t.event('pp-held', { type: 'RESUME' }).expect(201);
    const held = (await page('?q=pp-held')).items[0];
    expect(held).toMatchObject({ status: 'active', rag: 'green' });
  });

  it('bad paging and filters answer 400 with one message per field', async () => {
    for (const q of ['limit=0', 'limit=201', 'offset=-1', 'limit=ten', 'stage=stage-9', 'district=Atlantis', 'sort=colour', 'order=up', `q=${'x'.repeat(101)}`, 'q=%07bell']) {
      const res = await t.as('auditor').get(`/api/portfolio?${q}`).expect(400);
      expect(res.body.message ?? res.body.error).toBeDefined();
    }
  });

  it('the portfolio page filters by name and current stage and pages in SQL', async () => {
    const web = new WebClient(t);
    await web.signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    const res = await web.get('/portfolio?q=moved');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Moved Mews');
    expect(res.text).not.toContain('Late Lane');
    expect(res.text).toMatch(/1 project\b/);
    const stage = await web.get(`/portfolio?stage=${S1}&sort=rag`);
    expect(stage.text).toContain('Late Lane');
    expect((await web.get('/portfolio?stage=population-health-and-care-needs')).text).toContain('No projects match these filters.');
  });
});
