/**
 * npm run seed:scale -- --projects 5000 --history 1000000 [--deep 100000] [--path data/scale.sqlite]
 *
 * A scale database for the bench: projects through the real commands, most history in bulk
 * exactly as the commands write it (src/scale/seed-scale.ts). The file is replaced.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createApp } from '../src/app.factory';
import { seedScale } from '../src/scale/seed-scale';
import { BENCH_ADMIN } from './bench-admin';

export interface SeedArgs {
  projects: number;
  history: number;
  deep: number;
  path: string;
}

export const SCALE_DEFAULTS: SeedArgs = { projects: 5000, history: 1_000_000, deep: 100_000, path: 'data/scale.sqlite' };

export function parseSeedArgs(argv: string[]): SeedArgs {
  const args: SeedArgs = { ...SCALE_DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof SeedArgs;
    if (!(key in args)) throw new Error(`unknown option ${argv[i]} (use --projects, --history, --deep, --path)`);
    const value = argv[i + 1];
    if (key === 'path') args.path = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${argv[i]} needs a positive whole number`);
      args[key] = n;
    }
  }
  return args;
}

/** The signing key the scale database's service runs with (production needs one), kept beside the file. */
export function signingKeyPath(path: string): string {
  return `${path}.signing-key.pem`;
}

export async function buildScaleDatabase(args: SeedArgs, log: (line: string) => void): Promise<{ projects: number; history: number; bytes: number; seconds: number }> {
  const started = performance.now();
  mkdirSync(dirname(args.path), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${args.path}${suffix}`, { force: true });
  const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(signingKeyPath(args.path), key, { mode: 0o600 });
  const app = await createApp({
    env: {
      DATABASE_TYPE: 'better-sqlite3',
      DATABASE_PATH: args.path,
      DEMO_DATA: 'false',
      NODE_ENV: 'production',
      AUTH_TOKEN_SECRET: randomBytes(48).toString('base64'),
      HISTORY_SIGNING_KEY: key,
      BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
    logger: false,
  });
  try {
    const done = await seedScale(app, { projects: args.projects, history: args.history, deep: Math.min(args.deep, args.history), log });
    await app.close();
    const bytes = statSync(args.path).size + (statSync(`${args.path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    return { ...done, bytes, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await app.close();
    throw error;
  }
}

if (require.main === module) {
  const args = parseSeedArgs(process.argv.slice(2));
  buildScaleDatabase(args, (line) => process.stderr.write(`[seed] ${line}\n`))
    .then((r) => {
      process.stdout.write(`${args.path}: ${r.projects} projects, ${r.history} history entries, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(1)} s\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
