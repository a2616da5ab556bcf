/**
 * `npm run fuzz -- [--count N] [--seed S]`: the fuzz property of test/e2e/fuzz.e2e-spec.ts with
 * more requests (default 10,000) and a seed of your choice (default: random, printed), against the
 * real application on a scratch SQLite file. The same property `npm test` runs with a fixed seed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, ROOT } from './service';

const args = parseArgs(process.argv.slice(2));
const count = Number(args.count ?? 10_000);
const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${count} requests, seed ${seed} (repeat with --seed ${seed})`);
const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', 'test/e2e/fuzz.e2e-spec.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_COUNT: String(count), FUZZ_SEED: String(seed) },
});
process.exit(run.status ?? 1);
