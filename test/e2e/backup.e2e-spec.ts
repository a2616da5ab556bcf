import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkDatabase } from '../../tools/check-database';
import { checkLedger, drive, LedgerEntry, LOAD_ENV, prepare } from '../../tools/load';
import { call, kill9, ROOT, RunningService, startService } from '../../tools/service';
import { ensureBuilt } from './support/built-service';

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
    await new Promise((r) => setTimeout(r, 300));
    release();
    await load;
    await kill9(service);
    service = undefined;

    expect(before.filter((e) => e.status >= 200 && e.status < 300).length).toBeGreaterThan(3);
    // the service kept taking commands while the copy was made
    expect(ledger.filter((e) => e.sentAt >= backupStarted && e.status >= 200 && e.status < 300).length).toBeGreaterThan(0);

    // restore: the backup file becomes the database of a new start
    const restored = join(dir, 'restored.sqlite');
    copyFileSync(copy, restored);
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
    await kill9(service);
    service = undefined;
    expect(checkDatabase(restored).problems).toEqual([]);
  }, 120_000);

  it('refuses to overwrite an existing file', async () => {
    const target = join(dir, 'exists.sqlite');
    copyFileSync(join(dir, 'backup.sqlite'), target);
    await expect(promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'tools', 'backup.js'), '--from', join(dir, 'live.sqlite'), '--to', target], { cwd: ROOT })).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists already/),
    });
  });
});
