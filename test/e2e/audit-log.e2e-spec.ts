import Database from 'better-sqlite3';
import { runVerify } from '../../src/history/verify-cli';
import { TestApp } from './support/test-app';

describe('account audit log (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const log = async (query = '') => (await t.as('auditor').get(`/api/audit-log${query}`).expect(200)).body;

  it('records every account change with who made it, chained, readable by admins and auditors only', async () => {
    // the bootstrap admin and the test users were created at start-up
    const start = await log('?limit=200');
    expect(start.items[0]).toMatchObject({ sequence: 1, type: 'USER_CREATED', payload: { email: 'admin@e2e.test', role: 'admin' }, actorName: expect.stringMatching(/start-up/) });
    expect(start.items.filter((e: { type: string }) => e.type === 'USER_CREATED')).toHaveLength(start.items.length);
    const after = start.items.at(-1).sequence;

    const created = await t.as('admin').post('/api/users').send({ email: 'new.pm@e2e.test', name: 'New PM', role: 'stakeholder', password: 'a-long-enough-password' }).expect(201);
    const id = created.body.id;
    await t.as('admin').patch(`/api/users/${id}`).send({ role: 'programme-manager' }).expect(200);
    await t.as('admin').patch(`/api/users/${id}`).send({ password: 'another-long-password' }).expect(200);
    await t.createProject('audited');
    await t.as('admin').put('/api/projects/audited/manager').send({ userId: id }).expect(200);
    await t.as('admin').patch(`/api/users/${t.user('pm2').id}`).send({ active: false }).expect(200);

    const page = await log(`?after=${after}`);
    const admin = t.user('admin');
    expect(page.items.map((e: Record<string, unknown>) => [e.type, e.subjectUserId, e.actorId])).toEqual([
      ['USER_CREATED', id, admin.id],
      ['USER_ROLE_CHANGED', id, admin.id],
      ['USER_PASSWORD_RESET', id, admin.id],
      ['MANAGER_ASSIGNED', id, admin.id],
      ['USER_DEACTIVATED', t.user('pm2').id, admin.id],
    ]);
    expect(page.items[1].payload).toEqual({ from: 'stakeholder', to: 'programme-manager' });
    expect(page.items[3].payload).toEqual({ project: 'audited', userId: id, previousUserId: t.user('pm').id });
    expect(page.items.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(page.next).toBeNull();

    // filters and keyset pages
    expect((await log(`?type=USER_ROLE_CHANGED&user=${id}`)).items).toHaveLength(1);
    const first = await log('?limit=2');
    expect(first.items.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2]);
    expect((await log(`?limit=2&after=${first.next}`)).items[0].sequence).toBe(3);
    await t.as('auditor').get('/api/audit-log?type=NOPE').expect(400);

    // only admins and auditors
    await t.as('admin').get('/api/audit-log').expect(200);
    await t.as('pm').get('/api/audit-log').expect(403);
    await t.as('stakeholder').get('/api/audit-log').expect(403);

    expect((await t.as('auditor').get('/api/audit-log/verification').expect(200)).body).toMatchObject({ valid: true, headSequence: page.items.at(-1).sequence });
    expect((await runVerify({ database: t.databasePath }, {})).auditLog).toMatchObject({ valid: true });
  });

  it('an edited or deleted audit entry is reported at its sequence, by the endpoint and npm run verify', async () => {
    const db = new Database(t.databasePath);
    try {
      db.prepare("UPDATE audit_log_entry SET payload = '{\"from\":\"stakeholder\",\"to\":\"admin\"}' WHERE type = 'USER_ROLE_CHANGED'").run();
      const seq = (db.prepare("SELECT sequence FROM audit_log_entry WHERE type = 'USER_ROLE_CHANGED'").get() as { sequence: number }).sequence;
      expect((await t.as('auditor').get('/api/audit-log/verification').expect(200)).body).toMatchObject({ valid: false, firstInvalidSequence: seq });
      const report = await runVerify({ database: t.databasePath }, {});
      expect(report).toMatchObject({ ok: false, auditLog: { valid: false, firstInvalidSequence: seq } });
      db.prepare('DELETE FROM audit_log_entry WHERE sequence = 2').run();
      expect((await t.as('auditor').get('/api/audit-log/verification').expect(200)).body).toMatchObject({ valid: false, firstInvalidSequence: 2 });
    } finally {
      db.close();
    }
  });
});
