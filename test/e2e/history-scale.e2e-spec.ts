import { TestApp } from './support/test-app';

const STAGE1 = 'planning-and-codesign';

/** History at scale: keyset pages, filters, and the streamed CSV export. */
describe('history paging, filters and CSV (e2e)', () => {
  let t: TestApp;
  const slug = 'long-history';
  beforeAll(async () => {
    t = await TestApp.start();
    await t.addUser('formula', 'programme-manager', '=HYPERLINK("http://evil.example","x")');
    await t.createProject(slug);
    // a second manager with a formula-like name runs part of the project
    await t.as('admin').put(`/api/projects/${slug}/manager`).send({ userId: t.user('formula').id }).expect(200);
    for (let i = 0; i < 30; i++) {
      await t.as('formula').put(`/api/projects/${slug}/stages/${STAGE1}/deliverables/confirm-scope`).send({ status: 'in-progress', evidence: `-note ${i}` }).expect(200);
    }
    for (let i = 0; i < 5; i++) await t.event(slug, { type: 'RESUME' }, 'formula').expect(409);
  });
  afterAll(async () => {
    await t.stop();
  });

  const page = async (query: string) => (await t.as('auditor').get(`/api/projects/${slug}/history?${query}`).expect(200)).body;

  it('pages by sequence with after= and next, up to 200 a page', async () => {
    const all: number[] = [];
    let after = 0;
    for (;;) {
      const p = await page(`limit=10&after=${after}`);
      all.push(...p.items.map((e: { sequence: number }) => e.sequence));
      expect(p.total).toBe(37);
      if (p.next === null) break;
      after = p.next;
    }
    expect(all).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    await t.as('auditor').get(`/api/projects/${slug}/history?limit=201`).expect(400);
    await t.as('auditor').get(`/api/projects/${slug}/history?after=-1`).expect(400);
    // the offset form still works
    expect((await page('limit=5&offset=5')).items[0].sequence).toBe(6);
  });

  it('filters by type, stage, actor, outcome and time', async () => {
    expect((await page('type=DELIVERABLE_UPDATED&limit=200')).total).toBe(30);
    expect((await page(`stage=${STAGE1}&limit=200`)).total).toBe(30);
    const refused = await page('outcome=refused');
    expect(refused.total).toBe(5);
    expect(refused.items.every((e: { type: string; outcome: string }) => e.type === 'RESUME' && e.outcome === 'refused')).toBe(true);
    expect((await page(`actor=${t.user('formula').id}&limit=200`)).total).toBe(35);
    expect((await page(`actor=${t.user('pm').id}`)).items.map((e: { type: string }) => e.type)).toEqual(['PROJECT_CREATED']);
    const fifth = (await page('limit=1&offset=4')).items[0];
    const from = await page(`from=${encodeURIComponent(fifth.occurredAt)}&limit=200`);
    expect(from.items[0].sequence).toBeLessThanOrEqual(5);
    expect(from.items.every((e: { occurredAt: string }) => e.occurredAt >= fifth.occurredAt)).toBe(true);
    expect((await page('to=2000-01-01')).total).toBe(0);
    expect((await page(`from=${new Date().toISOString().slice(0, 10)}`)).total).toBe(37);
    const bad = await t.as('auditor').get(`/api/projects/${slug}/history?from=yesterday&type=NOPE&outcome=maybe`).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/from must be an ISO 8601/);
    await t.as('auditor').get(`/api/projects/${slug}/history?from=2026-02-01&to=2026-01-01`).expect(400);
  });

  it('exports every matching entry as CSV, streamed, with formula-like cells neutralised', async () => {
    const res = await t.as('auditor').get(`/api/projects/${slug}/history.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${slug}-history.csv`);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('sequence,occurredAt,type,stage,outcome,actorId,actorName,version,projectStatus,payload,blockers,hash');
    expect(lines).toHaveLength(38);
    // the manager's name starts with "=": a spreadsheet would run it, so it is prefixed with '
    expect(lines[3]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines.some((l) => l.includes(',=HYPERLINK') || l.includes(',"=HYPERLINK'))).toBe(false);
    const filtered = await t.as('auditor').get(`/api/projects/${slug}/history?format=csv&outcome=refused`).expect(200);
    expect(filtered.text.trim().split('\r\n')).toHaveLength(6);
    await t.as('outsider').get(`/api/projects/${slug}/history.csv`).expect(403);
    await t.as('auditor').get('/api/projects/no-such-project/history.csv').expect(404);
  });
});
