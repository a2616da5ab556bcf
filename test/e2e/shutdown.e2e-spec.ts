import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatabase } from '../../tools/check-database';
import { checkLedger, drive, LedgerEntry, LOAD_ENV, prepare } from '../../tools/load';
import { kill9, RunningService, startService } from '../../tools/service';
import { ensureBuilt } from './support/built-service';

/**
 * SIGTERM under load (what a container platform sends before it stops the service): it stops
 * accepting, finishes what it has started, closes the database and exits. Every request is
 * answered with success (and durable), a recorded refusal, or refused cleanly (503 or connection
 * refused) without having changed anything.
 */
describe('graceful shutdown on SIGTERM (built service)', () => {
  let dir: string;
  let service: RunningService | undefined;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'phw-shutdown-'));
  }, 180_000);
  afterAll(async () => {
    if (service) await kill9(service);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([1, 2])('round %i: nothing acknowledged is lost, nothing refused is applied', async (round) => {
    const file = join(dir, 'shutdown.sqlite');
    service = await startService(file, LOAD_ENV);
    const session = await prepare(service.base);
    const ledger: LedgerEntry[] = [];
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    const load = drive(session, 8, round, ledger, until);
    await new Promise((r) => setTimeout(r, 400 + round * 300));
    const inFlight = ledger.filter((e) => e.answeredAt === undefined).length;
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    release();
    await load;
    service = undefined;

    const answers = ledger.map((e) => (e.status === 0 ? `no answer: ${e.error?.replace('reading the version: ', '')}` : e.status >= 200 && e.status < 300 ? '2xx' : String(e.status)));
    const counts: Record<string, number> = {};
    for (const a of answers) counts[a] = (counts[a] ?? 0) + 1;
    const clean = ['2xx', '409', '503', 'no answer: ECONNREFUSED'];
    // Nest is not in the way here: graceful-shutdown.ts exits 0 once everything is closed
    expect({ exit, inFlightAtSigterm: inFlight > 0, unclean: Object.keys(counts).filter((a) => !clean.includes(a)), acknowledged: (counts['2xx'] ?? 0) > 0, counts }).toEqual({
      exit: 0,
      inFlightAtSigterm: true,
      unclean: [],
      acknowledged: true,
      counts,
    });

    // closed cleanly: the WAL was checkpointed into the file and the restart finds everything
    service = await startService(file, LOAD_ENV);
    await kill9(service);
    service = undefined;
    expect(checkDatabase(file).problems).toEqual([]);
    const check = checkLedger(file, ledger, { unansweredMustBeAbsent: true });
    expect(check.problems).toEqual([]);
  }, 90_000);
});
