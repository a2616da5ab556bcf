import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { NotificationSchedule } from '../../src/notifications/notification-schedule';
import { TestApp } from './support/test-app';

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * On PostgreSQL, two instances run the notification schedule at the same moment: a passed target
 * date is told once, and each person's digest of a day is queued once, whichever instance wins.
 */
describe('the notification schedule on PostgreSQL, two instances (e2e)', () => {
  const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: Client;
  let t: TestApp;
  let second: Awaited<ReturnType<typeof createApp>>;
  let db: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    t = await TestApp.start({
      DATABASE_TYPE: 'postgres',
      DATABASE_URL: `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      OUTBOX_INTERVAL_MS: '0',
      NOTIFICATIONS_INTERVAL_MS: '0',
    });
    second = await createApp({ env: t.env, logger: false });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await second?.close();
    await t?.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('a passed target date and a day\'s digests are each queued once', async () => {
    await t.createProject('pg-late');
    await t.as('admin').put('/api/projects/pg-late/follow').expect(200);
    await t.as('pm').put('/api/projects/pg-late/stages/planning-and-codesign/plan').send({ targetDate: '2030-03-02' }).expect(200);
    await t.event('pg-late', { type: 'PUT_ON_HOLD', reason: 'Budget' }).expect(201);
    await t.event('pg-late', { type: 'RESUME' }).expect(201);
    const [a, b] = [t.app.get(NotificationSchedule), second.get(NotificationSchedule)];

    let digestsQueued = 0;
    for (const at of ['2030-03-03T09:00:00Z', '2030-03-03T09:00:01Z']) {
      const results = await Promise.all([a.runOnce(new Date(at)), b.runOnce(new Date(at))]);
      expect(results.reduce((n, r) => n + r.overdue, 0)).toBe(at.endsWith('00Z') ? 1 : 0);
      // these passes also send the admin's digest of today's hold and resume (today is before 2030)
      digestsQueued += results.reduce((n, r) => n + r.digests, 0);
    }
    const overdue = await db.query(`SELECT "userId" FROM notification WHERE kind = 'stage-overdue'`);
    // the manager and the admin (a follower), once each
    expect(overdue.map((r: { userId: string }) => r.userId).sort()).toEqual([t.user('pm').id, t.user('admin').id].sort());

    const later = new Date('2030-03-05T09:00:00Z');
    const results = await Promise.all([a.runOnce(later), b.runOnce(later)]);
    digestsQueued += results.reduce((n, r) => n + r.digests, 0);
    // the admin's day of hold and resume, the admin's and the manager's day of the late stage
    expect(digestsQueued).toBe(3);
    expect((await Promise.all([a.runOnce(later), b.runOnce(later)])).reduce((n, r) => n + r.digests, 0)).toBe(0);
    const digests = await db.query(`SELECT recipient, COUNT(*) AS n FROM outbox WHERE kind = 'daily-digest' GROUP BY recipient ORDER BY recipient`);
    expect(digests.map((r: { recipient: string; n: string }) => [r.recipient, Number(r.n)])).toEqual([
      [t.user('admin').email, 2],
      [t.user('pm').email, 1],
    ]);
    expect(Number((await db.query(`SELECT COUNT(*) AS n FROM notification WHERE delivery = 'daily-digest' AND "digestId" IS NULL`))[0].n)).toBe(0);
  });
});
