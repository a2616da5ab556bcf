import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** The create-project and project pages over HTTP, as a browser without JavaScript uses them. */
describe('web pages: create a project, the project page and its actions', () => {
  let t: TestApp;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a form with errors says what to fix once per field, keeps what was typed and creates nothing', async () => {
    const pm = await as('pm');
    expect((await pm.get('/projects/new')).status).toBe(200);
    const res = await pm.post('/projects', { name: '', slug: 'Not A Slug', area: 'Thame and villages', pcns: 'thame' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Error: Create a project');
    expect(res.text.match(/Enter the project name/g)).toHaveLength(2);
    expect(res.text).toContain('Select the scope: neighbourhood, town or locality');
    expect(res.text).toContain('value="Not A Slug"');
    expect(res.text).toContain('Thame and villages');
    expect(res.text).toMatch(/value="thame"\s+checked/);
    expect((await t.as('pm').get('/api/projects')).body.total).toBe(0);
  });

  it('a programme manager creates Thame and sees stage 1 in progress with its blockers', async () => {
    const pm = await as('pm');
    await pm.get('/projects/new');
    const res = await pm.post('/projects', { name: 'Thame and surrounding villages', slug: 'thame', scope: 'town', districts: 'South Oxfordshire', pcns: 'thame' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/projects/thame');
    const page = await pm.get('/projects/thame');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Thame and surrounding villages was created');
    expect(page.text).toContain('<svg class="app-diagram"');
    expect(page.text).toContain('Stage 1 (current)');
    expect(page.text).toContain('Submit for review');
    const api = (await t.as('pm').get('/api/projects/thame')).body;
    expect(api).toMatchObject({ name: 'Thame and surrounding villages', scope: 'town', districts: ['South Oxfordshire'], pcns: ['thame'], managerUserId: t.user('pm').id });
  });

  it('a refused action shows the engine’s blockers in the error summary and changes nothing', async () => {
    const pm = await as('pm');
    const before = (await t.as('pm').get('/api/projects/thame/workflow')).body;
    await pm.get('/projects/thame');
    const res = await pm.post('/projects/thame/events', { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign', expectedVersion: String(before.version) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('nhsuk-error-summary');
    for (const b of before.stages[0].blockers) expect(res.text).toContain(b.message.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    const after = (await t.as('pm').get('/api/projects/thame/workflow')).body;
    expect(after.stages[0].status).toBe('in-progress');
    expect(after.status).toBe(before.status);
  });

  it('an action needing a reason asks for one; with it, the project is put on hold and resumed', async () => {
    const pm = await as('pm');
    let page = await pm.get('/projects/thame');
    const version = () => /name="expectedVersion" value="(\d+)"/.exec(page.text)![1];
    const missing = await pm.post('/projects/thame/events', { type: 'PUT_ON_HOLD', reason: '', expectedVersion: version() });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#reason-PUT_ON_HOLD"');
    expect((await t.as('pm').get('/api/projects/thame')).body.status).toBe('active');
    const held = await pm.post('/projects/thame/events', { type: 'PUT_ON_HOLD', reason: 'Waiting for the new ICB structure', expectedVersion: version() });
    expect(held.status).toBe(303);
    expect((await t.as('pm').get('/api/projects/thame')).body.status).toBe('on-hold');
    page = await pm.get('/projects/thame');
    expect(page.text).toContain('Resume the project');
    expect((await pm.post('/projects/thame/events', { type: 'RESUME', expectedVersion: version() })).status).toBe(303);
    expect((await t.as('pm').get('/api/projects/thame')).body.status).toBe('active');
  });

  it('a stale page (someone changed the project since) is refused and changes nothing', async () => {
    const pm = await as('pm');
    await pm.get('/projects/thame');
    const res = await pm.post('/projects/thame/events', { type: 'PUT_ON_HOLD', reason: 'Stale form', expectedVersion: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('someone else changed it first');
    expect((await t.as('pm').get('/api/projects/thame')).body.status).toBe('active');
  });

  it('the same access rules as the API: others cannot act, outsiders cannot see, auditors only read', async () => {
    const auditor = await as('auditor');
    const seen = await auditor.get('/projects/thame');
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('Submit for review');
    expect((await auditor.post('/projects/thame/events', { type: 'PUT_ON_HOLD', reason: 'x' })).status).toBe(403);
    expect((await auditor.get('/projects/new')).status).toBe(403);

    const other = await as('pm2');
    expect((await other.get('/projects/thame')).status).toBe(403);
    await other.get('/');
    expect((await other.post('/projects/thame/events', { type: 'PUT_ON_HOLD', reason: 'x' })).status).toBe(403);

    const outsider = await as('outsider');
    const refused = await outsider.get('/projects/thame');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You are not on this project');
    expect((await t.as('pm').get('/api/projects/thame')).body.status).toBe('active');
    expect((await outsider.get('/projects/no-such-project')).status).toBe(404);
    expect((await outsider.get('/projects/Bad_Slug')).status).toBe(404);
  });
});
