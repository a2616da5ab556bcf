import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { OutboxService } from '../../src/outbox/outbox.service';
import { SmtpSink } from './support/smtp-sink';
import { TEST_TOKEN_SECRET } from './support/test-app';

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** On PostgreSQL several instances share the outbox: a claimed message is skipped by the others, so it is sent once. */
describe('the outbox on PostgreSQL (e2e)', () => {
  const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: Client;
  let sink: SmtpSink;
  const apps: Awaited<ReturnType<typeof createApp>>[] = [];

  beforeAll(async () => {
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    sink = await SmtpSink.start();
    const env = {
      NODE_ENV: 'test',
      DATABASE_TYPE: 'postgres',
      DATABASE_URL: `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      DEMO_DATA: 'false',
      AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
      SMTP_URL: sink.url,
      OUTBOX_INTERVAL_MS: '0',
    };
    apps.push(await createApp({ env, logger: false }));
    apps.push(await createApp({ env, logger: false }));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await sink.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  const email = (i: number) => ({ to: `person${i}@example.org`, subject: `s${i}`, text: 't', html: '<p>t</p>', kind: 'test', summary: 's' });

  it('a claim held open by one worker is skipped by another (FOR UPDATE SKIP LOCKED)', async () => {
    const [a, b] = apps.map((app) => app.get(TransactionRunner));
    const repo = apps[0].get(OutboxRepository);
    const outbox = apps[0].get(OutboxService);
    await a.write(async (m) => {
      for (let i = 0; i < 6; i++) await outbox.enqueue(m, email(i));
    });
    const lease = new Date(Date.now() + 300_000);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first: string[] = [];
    const claimA = a.write(async (m) => {
      first = (await repo.claimDue(m, new Date(), lease, 3)).map((r) => r.id);
      await held;
    });
    while (first.length === 0) await new Promise((r) => setTimeout(r, 20));
    const second = (await b.write((m) => apps[1].get(OutboxRepository).claimDue(m, new Date(), lease, 10))).map((r) => r.id);
    release();
    await claimA;
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await admin.query(`DELETE FROM ${schema}.outbox`);
  });

  it('two instances working at once send every email exactly once', async () => {
    const outbox = apps[0].get(OutboxService);
    await apps[0].get(TransactionRunner).write(async (m) => {
      for (let i = 0; i < 30; i++) await outbox.enqueue(m, email(100 + i));
    });
    const passes = await Promise.all([apps[0].get(OutboxService).runOnce(), apps[1].get(OutboxService).runOnce()]);
    const more = await Promise.all([apps[0].get(OutboxService).runOnce(), apps[1].get(OutboxService).runOnce()]);
    const sent = [...passes, ...more].reduce((n, p) => n + p.sent, 0);
    expect(sent).toBe(30);
    const subjects = sink.received.map((m) => m.subject);
    expect(subjects).toHaveLength(30);
    expect(new Set(subjects).size).toBe(30);
  });
});
