import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkDatabase } from '../../tools/check-database';
import { checkLedger, drive, LedgerEntry, LOAD_ENV, prepare } from '../../tools/load';
import { call, kill9, ROOT, RunningService, startService } from '../../tools/service';
import { ensureBuilt } from './support/built-service';
import { runVerify } from '../../src/history/verify-cli';

/** An evidence file attached through the API (multipart), as the pages and clients do. */
async function attach(base: string, token: string, path: string, bytes: Buffer, filename: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), filename);
  const res = await fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');

/**
 * `npm run backup` while the built service is under load, then a restore exactly as
 * docs/reliability.md describes it (the copy becomes the database file of a fresh start).
 */
describe('online backup under load, and restoring it (built service)', () => {
  let dir: string;
  let service: RunningService | undefined;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'phw-backup-'));
  }, 180_000);
  afterAll(async () => {
    if (service) await kill9(service);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every change acknowledged before it started, consistently, while commands keep landing', async () => {
    const live = join(dir, 'live.sqlite');
    service = await startService(live, LOAD_ENV);
    const session = await prepare(service.base);
    // evidence files: two attached before the backup (the files folder beside the database holds them)
    const filesPath = '/api/projects/wantage/stages/population-health-and-care-needs/deliverables/key-leads/files';
    const files = [pdf('minutes of the leads meeting'), pdf('needs pack, draft 2')];
    const attached = [];
    for (const [i, bytes] of files.entries()) {
      const res = await attach(service.base, session.token, filesPath, bytes, `evidence-${i}.pdf`);
      expect([res.status, res.body.message]).toEqual([201, undefined]);
      expect(res.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      attached.push(res.body as { id: string; sha256: string });
    }
    const ledger: LedgerEntry[] = [];
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    const load = drive(session, 4, 1, ledger, until);
    await new Promise((r) => setTimeout(r, 1500));

    const backupStarted = Date.now();
    const before = ledger.filter((e) => e.answeredAt !== undefined && e.answeredAt < backupStarted);
    const copy = join(dir, 'backup.sqlite');
    // a separate process on the same file, exactly as an operator runs it
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'tools', 'backup.js'), '--from', live, '--to', copy], { cwd: ROOT });
    expect(stdout).toMatch(/integrity ok/);
    expect(stdout).toMatch(/evidence files: 2 named by the backup, 2 copied/);
    // the files beside the backup, in the same content-addressed layout, byte for byte
    for (const [i, a] of attached.entries()) expect(readFileSync(join(`${copy}.files`, a.sha256.slice(0, 2), a.sha256))).toEqual(files[i]);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await load;
    await kill9(service);
    service = undefined;

    expect(before.filter((e) => e.status >= 200 && e.status < 300).length).toBeGreaterThan(3);
    // the service kept taking commands while the copy was made
    expect(ledger.filter((e) => e.sentAt >= backupStarted && e.status >= 200 && e.status < 300).length).toBeGreaterThan(0);

    // restore as docs/reliability.md says: the backup file becomes the database, its files folder the files beside it
    mkdirSync(join(dir, 'restore'));
    const restored = join(dir, 'restore', 'phw.sqlite');
    copyFileSync(copy, restored);
    cpSync(`${copy}.files`, join(dir, 'restore', 'files'), { recursive: true });
    // the development signing key too (production has HISTORY_SIGNING_KEY): the old checkpoints keep verifying
    copyFileSync(`${copy}.history-signing-key.pem`, join(dir, 'restore', 'history-signing-key.pem'));
    expect(checkDatabase(restored).problems).toEqual([]);
    const fromLedger = checkLedger(restored, before);
    expect(fromLedger.problems).toEqual([]);
    expect(fromLedger.acknowledged).toBe(before.filter((e) => e.status >= 200 && e.status < 300).length);

    service = await startService(restored, LOAD_ENV);
    const again = await prepare(service.base);
    const history = await call(service.base, 'GET', '/api/projects/wantage/history?limit=200', { token: again.token });
    expect(history.status).toBe(200);
    const accepted = await call(service.base, 'POST', '/api/projects/wantage/stages/population-health-and-care-needs/comments', { token: again.token, body: { text: 'After the restore' } });
    expect(accepted.status).toBe(201);
    // the restored service serves the evidence files, byte for byte
    for (const [i, a] of attached.entries()) {
      const download = await fetch(`${service.base}/api/files/${a.id}`, { headers: { authorization: `Bearer ${again.token}` } });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(files[i]);
    }
    await kill9(service);
    service = undefined;
    expect(checkDatabase(restored).problems).toEqual([]);
    // and npm run verify finds every file the restored history names, with the bytes it recorded
    const report = await runVerify({ database: restored, jobs: 1 }, {});
    expect(report.files).toBe(join(dir, 'restore', 'files'));
    const wantage = report.projects.find((p) => p.slug === 'wantage')!;
    expect(wantage.reason).toBeUndefined();
    expect(report.publicKey).toBe(join(dir, 'restore', 'history-signing-key.pem'));
    expect(wantage).toMatchObject({ valid: true, files: { checked: 2, missing: [], altered: [] } });
  }, 120_000);

  it('a second backup into the same files folder copies only what is new; a file missing from the source is reported and fails the backup', async () => {
    const shared = join(dir, 'shared-files');
    const run = (to: string) =>
      promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'tools', 'backup.js'), '--from', join(dir, 'live.sqlite'), '--to', to, '--files-to', shared], { cwd: ROOT });
    const first = await run(join(dir, 'b1.sqlite'));
    expect(first.stdout).toMatch(/2 named by the backup, 2 copied/);
    expect(existsSync(`${join(dir, 'b1.sqlite')}.files`)).toBe(false);
    const second = await run(join(dir, 'b2.sqlite'));
    expect(second.stdout).toMatch(/2 named by the backup, 0 copied .* 2 already there/);
    // a file gone from the live folder (and from the shared copy): the backup says so and exits 1
    const one = (await runVerify({ database: join(dir, 'b2.sqlite'), jobs: 1 }, {})).projects.find((p) => p.slug === 'wantage')!;
    expect(one.files).toMatchObject({ checked: 2 });
    const prefix = readdirSync(join(dir, 'files')).find((d) => /^[0-9a-f]{2}$/.test(d))!;
    const sha = readdirSync(join(dir, 'files', prefix))[0];
    rmSync(join(dir, 'files', prefix, sha));
    rmSync(join(shared, prefix, sha));
    await expect(run(join(dir, 'b3.sqlite'))).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`backup INCOMPLETE: 1 evidence file.*${sha} is named by the database but missing`, 's')) });
  });

  it('refuses to overwrite an existing file', async () => {
    const target = join(dir, 'exists.sqlite');
    copyFileSync(join(dir, 'backup.sqlite'), target);
    await expect(promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'tools', 'backup.js'), '--from', join(dir, 'live.sqlite'), '--to', target], { cwd: ROOT })).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists already/),
    });
  });
});
