/**
 * Crash test: `npm run crash-test -- --cycles N --seconds S [--workers W] [--seed X] [--keep]`.
 *
 * Starts the built service on a scratch SQLite file, drives a concurrent load of accepted
 * commands (workflow events with and without expectedVersion, group members, register records and
 * imports, comments), `kill -9`s it at a random moment of each cycle, restarts it on the same file
 * and checks, after every restart: every acknowledged change is present, nothing unanswered is
 * half-present, history sequences are contiguous, versions match accepted history, SQLite's
 * integrity check passes, and `npm run verify` passes when the project has that script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatabase, externalVerify } from './check-database';
import { checkLedger, drive, LedgerEntry, LOAD_ENV, prepare } from './load';
import { kill9, parseArgs, startService } from './service';

export interface CrashTestOptions {
  cycles: number;
  /** Longest load per cycle before the kill (the kill comes at a random moment within it). */
  seconds: number;
  workers?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Keep the scratch folder (for a post-mortem). */
  keep?: boolean;
}

export interface CrashTestResult {
  cycles: number;
  kills: number;
  sent: number;
  acknowledged: number;
  refusedRecorded: number;
  unanswered: number;
  unansweredLanded: number;
  unexpected: number;
  projects: number;
  historyEntries: number;
  verifyRan: boolean;
  problems: string[];
  seconds: number;
}

/** A small seeded generator (mulberry32), so a run's kill moments and command mix repeat. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = seeded(options.seed ?? Date.now());
  const dir = mkdtempSync(join(tmpdir(), 'phw-crash-'));
  const file = join(dir, 'crash.sqlite');
  const ledger: LedgerEntry[] = [];
  const problems: string[] = [];
  let kills = 0;
  let last = { projects: 0, historyEntries: 0 };
  let verifyRan = false;
  try {
    let service = await startService(file, LOAD_ENV);
    const session = await prepare(service.base);
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      session.base = service.base;
      const killAfter = random() * options.seconds * 1000;
      let release!: () => void;
      const until = new Promise<void>((r) => (release = r));
      const load = drive(session, options.workers ?? 6, cycle, ledger, until, random);
      // the random moment counts from the cycle's first answer, so that every kill lands under load
      // (a fresh process answers its first requests slowly, while it warms up)
      const firstOfCycle = ledger.length;
      const waitFrom = Date.now();
      while (!ledger.slice(firstOfCycle).some((e) => e.answeredAt !== undefined) && Date.now() - waitFrom < 15_000) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, killAfter));
      await kill9(service);
      kills++;
      release();
      await load;
      service = await startService(file, LOAD_ENV);
      const db = checkDatabase(file);
      const verify = externalVerify(file);
      verifyRan = verify.ran;
      const fromLedger = checkLedger(file, ledger, { completeLedger: true });
      const found = [...db.problems, ...(verify.problem ? [verify.problem] : []), ...fromLedger.problems].map((p) => `cycle ${cycle}: ${p}`);
      problems.push(...found);
      last = { projects: db.projects, historyEntries: db.historyEntries };
      if (cycle % 25 === 0 || cycle === options.cycles || found.length) {
        log(`cycle ${cycle}/${options.cycles}: ${ledger.length} sent, ${fromLedger.acknowledged} acknowledged, ${db.historyEntries} history entries, ${problems.length} problems`);
      }
      if (problems.length > 50) break;
    }
    await kill9(service);
    const final = checkLedger(file, ledger, { completeLedger: true });
    return {
      cycles: options.cycles,
      kills,
      sent: ledger.length,
      acknowledged: final.acknowledged,
      refusedRecorded: final.refusedRecorded,
      unanswered: final.unanswered,
      unansweredLanded: final.unansweredLanded,
      unexpected: final.unexpected,
      ...last,
      verifyRan,
      problems,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else log(`scratch folder kept: ${dir}`);
  }
}

export function formatResult(r: CrashTestResult): string {
  return [
    `crash test: ${r.cycles} cycles, ${r.kills} kill -9s, ${r.seconds} s`,
    `  commands sent:                  ${r.sent}`,
    `  acknowledged (2xx), all present: ${r.acknowledged}`,
    `  refused (409), recorded as such: ${r.refusedRecorded}`,
    `  unanswered at a kill:            ${r.unanswered} (${r.unansweredLanded} landed whole, ${r.unanswered - r.unansweredLanded} not at all)`,
    `  unexpected answers:              ${r.unexpected}`,
    `  projects / history entries:      ${r.projects} / ${r.historyEntries}`,
    `  npm run verify:                  ${r.verifyRan ? 'ran after every restart' : 'no such script yet'}`,
    `  problems:                        ${r.problems.length}`,
    ...r.problems.slice(0, 20).map((p) => `    - ${p}`),
  ].join('\n');
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  runCrashTest({
    cycles: Number(args.cycles ?? 20),
    seconds: Number(args.seconds ?? 1),
    workers: args.workers ? Number(args.workers) : undefined,
    seed: args.seed ? Number(args.seed) : undefined,
    keep: args.keep === 'true',
    log: (line) => console.log(line),
  }).then(
    (result) => {
      console.log(formatResult(result));
      process.exit(result.problems.length || result.unexpected ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
