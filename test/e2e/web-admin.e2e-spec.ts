import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** /admin/users over HTTP: list, create, change role, deactivate, assign who runs a project. */
describe('web pages: admin of accounts and project managers', () => {
  let t: TestApp;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  const users = async () => (await t.as('admin').get('/api/users?limit=200')).body.items as Array<{ id: string; email: string; role: string; active: boolean; name: string }>;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject('thame');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists every account; only an admin may open the page', async () => {
    const admin = await as('admin');
    const page = await admin.get('/admin/users');
    expect(page.status).toBe(200);
    for (const u of await users()) expect(page.text).toContain(u.email);
    expect(page.text).toContain('Project thame');
    for (const who of ['pm', 'stakeholder', 'auditor']) expect((await (await as(who)).get('/admin/users')).status).toBe(403);
  });

  it('creating an account with errors says what to fix once per field, keeps what was typed (not the password) and creates nothing', async () => {
    const admin = await as('admin');
    await admin.get('/admin/users');
    const before = (await users()).length;
    const res = await admin.post('/admin/users', { name: 'Gill GP', email: 'not-an-email', role: '', password: 'short-secret' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Error: Users');
    expect(res.text.match(/Enter the email address in the correct format, like name@example.com/g)).toHaveLength(2);
    expect(res.text.match(/Select the role/g)).toHaveLength(2);
    expect(res.text).toContain('value="Gill GP"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).not.toContain('short-secret');
    const weak = await admin.post('/admin/users', { name: 'Gill GP', email: 'gill@e2e.test', role: 'stakeholder', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('href="#password"');
    expect((await users()).length).toBe(before);
  });

  it('creates an account, changes its role, deactivates it (it cannot sign in) and reactivates it', async () => {
    const admin = await as('admin');
    await admin.get('/admin/users');
    const created = await admin.post('/admin/users', { name: 'Gill GP', email: 'Gill@e2e.test', role: 'stakeholder', password: 'a long enough passphrase' });
    expect(created.status).toBe(303);
    expect((await admin.get('/admin/users')).text).toContain('Account created for Gill GP');
    const gill = (await users()).find((u) => u.email === 'gill@e2e.test')!;
    expect(gill).toMatchObject({ role: 'stakeholder', active: true });
    const taken = await admin.post('/admin/users', { name: 'Gill Again', email: 'gill@e2e.test', role: 'stakeholder', password: 'a long enough passphrase' });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('There is already an account for gill@e2e.test.');

    expect((await admin.post(`/admin/users/${gill.id}/role`, { role: 'programme-manager' })).status).toBe(303);
    expect((await users()).find((u) => u.id === gill.id)!.role).toBe('programme-manager');
    const badRole = await admin.post(`/admin/users/${gill.id}/role`, { role: 'king' });
    expect(badRole.status).toBe(400);
    expect(badRole.text).toContain(`href="#role-${gill.id}"`);

    const gillWeb = new WebClient(t);
    expect((await gillWeb.signIn('gill@e2e.test', 'a long enough passphrase')).status).toBe(303);
    await admin.get('/admin/users');
    expect((await admin.post(`/admin/users/${gill.id}/active`, { active: 'false' })).status).toBe(303);
    expect((await users()).find((u) => u.id === gill.id)!.active).toBe(false);
    // her session ends at once
    expect((await gillWeb.get('/')).status).toBe(303);
    expect((await new WebClient(t).signIn('gill@e2e.test', 'a long enough passphrase')).status).toBe(401);
    expect((await admin.post(`/admin/users/${gill.id}/active`, { active: 'true' })).status).toBe(303);
    expect((await users()).find((u) => u.id === gill.id)!.active).toBe(true);
  });

  it('the only admin cannot demote or deactivate themselves: the page says why and nothing changes', async () => {
    const admin = await as('admin');
    await admin.get('/admin/users');
    const self = t.user('admin').id;
    const res = await admin.post(`/admin/users/${self}/active`, { active: 'false' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This is the only active admin');
    const demote = await admin.post(`/admin/users/${self}/role`, { role: 'auditor' });
    expect(demote.status).toBe(409);
    expect((await users()).find((u) => u.id === self)).toMatchObject({ role: 'admin', active: true });
  });

  it('assigns who runs a project (recorded in its history); a choice that cannot run it is refused', async () => {
    const admin = await as('admin');
    await admin.get('/admin/users');
    const missing = await admin.post('/admin/projects/thame/manager', { userId: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Select the programme manager who runs the project');
    const stakeholder = await admin.post('/admin/projects/thame/manager', { userId: t.user('stakeholder').id });
    expect(stakeholder.status).toBe(400);
    expect((await t.as('pm').get('/api/projects/thame')).body.managerUserId).toBe(t.user('pm').id);
    const done = await admin.post('/admin/projects/thame/manager', { userId: t.user('pm2').id });
    expect(done.status).toBe(303);
    expect((await admin.get('/admin/users')).text).toContain('Pam Other now runs Project thame');
    expect((await t.as('pm2').get('/api/projects/thame')).body.managerUserId).toBe(t.user('pm2').id);
    expect((await t.history('thame', 'pm2')).at(-1)).toMatchObject({ type: 'MANAGER_ASSIGNED', outcome: 'accepted', payload: { userId: t.user('pm2').id } });
  });

  it('an admin form posted without the CSRF token is refused (403) and creates nothing', async () => {
    const admin = await as('admin');
    await admin.get('/admin/users');
    const before = (await users()).length;
    const res = await admin.post('/admin/users', { name: 'No Token', email: 'notoken@e2e.test', role: 'stakeholder', password: 'a long enough passphrase' }, { csrf: false });
    expect(res.status).toBe(403);
    expect((await users()).length).toBe(before);
  });
});
