import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { runVerify } from '../../src/history/verify-cli';
import { TestApp } from './support/test-app';

/**
 * PostgreSQL backups as docs/reliability.md describes them: `pg_dump --format=custom` of the
 * service's schema while it runs, `pg_restore` into another database, and `npm run verify`'s
 * check of the restored copy: every chain, checkpoint and record table intact, nothing missing.
 */
const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const id = randomUUID().replace(/-/g, '').slice(0, 12);
const schema = `e2e_${id}`;
const restoredDatabase = `e2e_restore_${id}`;
const withSchema = (server: string) => `${server}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const restoredServer = SERVER.replace(/\/[^/]*$/, `/${restoredDatabase}`);

describe('PostgreSQL backup with pg_dump, restored with pg_restore and verified (e2e)', () => {
  const admin = new Client({ connectionString: SERVER });
  let t: TestApp;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE DATABASE ${restoredDatabase}`);
    t = await TestApp.start({ DATABASE_TYPE: 'postgres', DATABASE_URL: withSchema(SERVER) });
  });
  afterAll(async () => {
    await t?.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP DATABASE IF EXISTS ${restoredDatabase}`);
    await admin.end();
  });

  it('a dump taken while the service runs restores into a history that verifies, with every entry of the source', async () => {
    await t.createProject('backup-pg');
    await t.prepareStage('backup-pg', 'planning-and-codesign');
    await t.event('backup-pg', { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(201);
    await t.reviewersApprove('backup-pg', 'planning-and-codesign');
    // a stage decision: the history gets a signed checkpoint the copy must carry too
    await t.event('backup-pg', { type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }).expect(201);
    const before = (await admin.query(`SELECT COUNT(*)::int AS n FROM ${schema}.history_entry`)).rows[0].n as number;

    const dump = join(t.dir, 'phw.dump');
    // commands keep landing while pg_dump runs: its snapshot is consistent however they interleave
    const load = Promise.all(
      Array.from({ length: 6 }, (_, i) => t.event('backup-pg', { type: i % 2 === 0 ? 'PUT_ON_HOLD' : 'RESUME', reason: 'Budget review' })),
    );
    // asynchronously: the service in this process answers the load while pg_dump runs
    await promisify(execFile)('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, SERVER]);
    await load;
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredServer}`, dump], { stdio: 'pipe' });

    const key = await t.http().get('/api/history/public-key').expect(200);
    const publicKeyFile = join(t.dir, 'history-public-key.pem');
    writeFileSync(publicKeyFile, key.body.publicKey);
    const report = await runVerify({ url: withSchema(restoredServer), publicKeyFile }, {});
    expect(report.ok).toBe(true);
    const project = report.projects.find((p) => p.slug === 'backup-pg')!;
    expect(project.valid).toBe(true);
    // every entry acknowledged before the dump began is in the copy
    expect(project.entries).toBeGreaterThanOrEqual(before);

    // and the copy is not a rubber stamp: an edited entry in it is caught at its sequence
    const copy = new Client({ connectionString: withSchema(restoredServer) });
    await copy.connect();
    try {
      await copy.query(`UPDATE history_entry SET "actorName" = 'Someone else' WHERE sequence = 2`);
    } finally {
      await copy.end();
    }
    const tampered = await runVerify({ url: withSchema(restoredServer), publicKeyFile }, {});
    expect(tampered.ok).toBe(false);
    expect(tampered.projects.find((p) => p.slug === 'backup-pg')!.firstInvalidSequence).toBe(2);
  });
});
