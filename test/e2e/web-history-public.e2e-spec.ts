import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** History, publication and the public pages over HTTP, as a browser without JavaScript uses them. */
describe('web pages: history, publication and public pages', () => {
  let t: TestApp;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  beforeAll(async () => {
    t = await TestApp.start();
    // a manager whose name a spreadsheet would run as a formula
    await t.addUser('formula', 'programme-manager', '=HYPERLINK("http://evil.example","x")');
    await t.createProject('thame', { name: 'Thame and villages', area: 'Thame, OX9' });
    await t.event('thame', { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }); // refused: blockers
    await t.event('thame', { type: 'PUT_ON_HOLD', reason: 'Waiting for the ICB' });
    await t.event('thame', { type: 'RESUME' });
    await t.as('admin').put('/api/projects/thame/manager').send({ userId: t.user('formula').id });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the history page shows every command newest first, refusals with their blockers', async () => {
    const auditor = await as('auditor');
    const page = await auditor.get('/projects/thame/history');
    expect(page.status).toBe(200);
    const history = await t.history('thame', 'auditor');
    const sequences = [...page.text.matchAll(/<td class="nhsuk-table__cell">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(sequences).toEqual(history.map((h) => h.sequence).reverse());
    const refused = history.find((h) => h.outcome === 'refused')!;
    expect(page.text).toContain('Refused because:');
    for (const b of refused.blockers) expect(page.text).toContain(b.message.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    expect(page.text).toContain('Waiting for the ICB');
    // an auditor changes nothing: the only POST form is signing out
    expect([...page.text.matchAll(/<form[^>]*method="post"[^>]*>/g)].map((m) => m[0])).toEqual([expect.stringContaining('action="/sign-out"')]);
  });

  it('filters by outcome, type, person and dates; a bad date says so and shows no entries', async () => {
    const pm = await as('auditor');
    const refused = await pm.get('/projects/thame/history?outcome=refused');
    expect(refused.text).toContain('Showing 1 to 1 of 1 entry matching the filters');
    const hold = await pm.get('/projects/thame/history?type=PUT_ON_HOLD');
    expect(hold.text).toContain('Showing 1 to 1 of 1 entry');
    expect(hold.text).toMatch(/<option value="PUT_ON_HOLD" selected>/);
    const byAdmin = await pm.get(`/projects/thame/history?person=${t.user('admin').id}`);
    expect(byAdmin.text).toContain('Showing 1 to 1 of 1 entry');
    expect(byAdmin.text).toContain('Manager assigned');
    const future = await pm.get('/projects/thame/history?from=2999-01-01');
    expect(future.text).toContain('No entries match the filters.');
    const today = new Date().toISOString().slice(0, 10);
    const all = await pm.get(`/projects/thame/history?from=${today}&to=${today}`);
    expect(all.text).toContain('of 5 entries');
    const bad = await pm.get('/projects/thame/history?from=2026-02-30&outcome=maybe');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The from date must be a real date');
    expect(bad.text).toContain('Select accepted or refused');
    expect(bad.text).toContain('value="2026-02-30"');
    expect(bad.text).not.toContain('id="history"');
  });

  it('pages the history 25 at a time', async () => {
    for (let i = 0; i < 13; i++) {
      await t.event('thame', { type: 'PUT_ON_HOLD', reason: `Pause ${i}` }, 'formula');
      await t.event('thame', { type: 'RESUME' }, 'formula');
    }
    const pm = await as('auditor');
    const first = await pm.get('/projects/thame/history');
    expect(first.text).toContain('Showing 1 to 25 of 31 entries');
    expect(first.text).toContain('href="/projects/thame/history?page=2"');
    const second = await pm.get('/projects/thame/history?page=2');
    expect(second.text).toContain('Showing 26 to 31 of 31 entries');
    expect(second.text).toContain('<td class="nhsuk-table__cell">1</td>');
  });

  it('downloads the filtered history as CSV with formula cells neutralised', async () => {
    const auditor = await as('auditor');
    const res = await auditor.get('/projects/thame/history/download?type=MANAGER_ASSIGNED');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="thame-history.csv"');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('sequence,occurredAt,person,type,stage,outcome,blockers,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('MANAGER_ASSIGNED');
    // the assigned manager's name is in the details; a cell starting with = is prefixed with '
    const all = (await auditor.get('/projects/thame/history/download')).text;
    expect(all).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const refusedRow = (await auditor.get('/projects/thame/history/download?outcome=refused')).text.split('\r\n')[1];
    expect(refusedRow).toContain('SUBMIT_FOR_REVIEW');
    expect(refusedRow).toContain('refused');
  });

  it('a person whose name is a formula appears in the CSV as text', async () => {
    const formula = await as('formula');
    await formula.get('/projects/thame');
    await t.as('formula').post('/api/projects/thame/workflow/events').send({ type: 'PUT_ON_HOLD', reason: '-1+1' });
    const csv = (await formula.get('/projects/thame/history/download?type=PUT_ON_HOLD')).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('someone not on the project cannot read its history', async () => {
    const outsider = await as('outsider');
    expect((await outsider.get('/projects/thame/history')).status).toBe(403);
    expect((await outsider.get('/projects/thame/history/download')).status).toBe(403);
  });

  describe('publication and the public pages', () => {
    beforeAll(async () => {
      await t.createProject('didcot', { name: 'Didcot', area: 'Didcot; contact lead@didcot.example for details' });
      const member = await t.as('pm').post('/api/projects/didcot/groups/stakeholder-group/members').send({
        name: 'Harriet Volunteer', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Volunteer (harriet@healthwatch.example)',
      });
      expect(member.status).toBe(201);
      await t.event('didcot', { type: 'PUT_ON_HOLD', reason: 'Waiting for the estates review; ask estates@icb.example' });
    });

    it('an unpublished project has no public page (404) and is not listed', async () => {
      const anyone = new WebClient(t);
      const res = await anyone.get('/public/projects/didcot');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Didcot');
      expect((await anyone.get('/public')).text).toContain('No project has been published yet.');
      expect((await anyone.get('/public/projects/no-such-project')).status).toBe(404);
    });

    it('the manager publishes with the project page button: recorded in the history; the public page shows no email address', async () => {
      const pm = await as('pm');
      const page = await pm.get('/projects/didcot');
      expect(page.text).toContain('This project is not published');
      expect(page.text).toContain('Publish the project');
      const done = await pm.post('/projects/didcot/publication', { published: 'true' });
      expect(done.status).toBe(303);
      expect((await pm.get('/projects/didcot')).text).toContain('The project is published');
      const last = (await t.history('didcot')).at(-1)!;
      expect(last).toMatchObject({ type: 'PROJECT_PUBLISHED', outcome: 'accepted', actorName: 'Pat Manager', payload: { published: true } });
      expect((await t.as('pm').get('/api/projects/didcot')).body.published).toBe(true);

      const anyone = new WebClient(t);
      const list = await anyone.get('/public');
      expect(list.text).toContain('href="/public/projects/didcot"');
      const pub = await anyone.get('/public/projects/didcot');
      expect(pub.status).toBe(200);
      expect(pub.text).toContain('<h1>Didcot</h1>');
      expect(pub.text).toContain('Healthwatch Oxfordshire');
      expect(pub.text).toContain('Project put on hold: Waiting for the estates review');
      expect(pub.text).not.toContain('Harriet Volunteer');
      expect(pub.text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
      expect(pub.text).toContain('The business case will be published here once it is approved.');
      // no sign-in needed, and no account controls
      expect(pub.text).not.toContain('Sign out');
    });

    it('the API publishes and unpublishes too; only the project manager may (403 changes nothing)', async () => {
      expect((await t.as('stakeholder').put('/api/projects/didcot/publication').send({ published: false })).status).toBe(403);
      expect((await t.as('auditor').put('/api/projects/didcot/publication').send({ published: false })).status).toBe(403);
      expect((await t.as('pm').put('/api/projects/didcot/publication').send({ published: 'yes' })).status).toBe(400);
      expect((await t.as('pm').get('/api/projects/didcot')).body.published).toBe(true);
      const res = await t.as('pm').put('/api/projects/didcot/publication').send({ published: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ slug: 'didcot', published: false });
      expect((await t.history('didcot')).at(-1)).toMatchObject({ type: 'PROJECT_UNPUBLISHED', outcome: 'accepted' });
      expect((await new WebClient(t).get('/public/projects/didcot')).status).toBe(404);
    });

    it('a page form without the CSRF token is refused (403) and publishes nothing', async () => {
      const pm = await as('pm');
      await pm.get('/projects/didcot');
      const res = await pm.post('/projects/didcot/publication', { published: 'true' }, { csrf: false });
      expect(res.status).toBe(403);
      expect((await t.as('pm').get('/api/projects/didcot')).body.published).toBe(false);
    });
  });

  describe('the board report page', () => {
    it('shows the highlight report with its RAG in words, and prints without the page chrome', async () => {
      const auditor = await as('auditor');
      const res = await auditor.get('/projects/thame/report');
      expect(res.status).toBe(200);
      const report = (await t.as('auditor').get('/api/projects/thame/highlight-report')).body;
      expect(res.text).toContain(`RAG: ${report.rag.charAt(0).toUpperCase()}${report.rag.slice(1)}`);
      for (const r of report.reasons) expect(res.text).toContain(r.message.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
      expect(res.text).toContain('@media print');
      expect(res.text).toContain('@page { size: A4');
      expect(res.text).toContain('Recent decisions');
      expect((await (await as('outsider')).get('/projects/thame/report')).status).toBe(403);
    });
  });
});
