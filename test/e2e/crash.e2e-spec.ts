import { formatResult, runCrashTest } from '../../tools/crash-test';
import { ensureBuilt } from './support/built-service';

/**
 * `npm run crash-test` in small: the built service under concurrent load, `kill -9`ed at random
 * moments and restarted on the same file; every acknowledged change survives, nothing unanswered
 * is half there, histories stay contiguous. The long run's figures are in docs/reliability.md.
 */
describe('crash test: kill -9 under load (built service)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('loses no acknowledged change over 10 kills', async () => {
    const result = await runCrashTest({ cycles: 10, seconds: 0.4, seed: 12 });
    expect(result.problems).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.kills).toBe(10);
    // the load really ran and really was cut off mid-flight
    expect(result.acknowledged).toBeGreaterThan(20);
    expect(result.unanswered).toBeGreaterThan(0);
    expect(result.historyEntries).toBeGreaterThan(result.acknowledged);
    console.log(formatResult(result));
  }, 120_000);
});
