/**
 * The built service (`node dist/src/main.js`, exactly what `npm start` runs) as a child process
 * on a given SQLite file and a free port, for the crash, backup and shutdown tools and tests.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository root, whether this runs compiled (dist/tools) or from source (tools). */
export const ROOT = resolve(__dirname, existsSync(join(__dirname, '..', 'package.json')) ? '..' : '../..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** The first admin every tool's service starts with; the token secret stays the same across restarts. */
export const TOOL_ADMIN = { email: 'admin@tools.test', password: 'reliability-lantern-2019' };
export const TOOL_SECRET = 'reliability-tools-token-secret-of-at-least-32-bytes';

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  port: number;
  base: string;
  /** Resolves with the exit code (or signal name) once the process has gone. */
  exited: Promise<number | string>;
  /** The tail of what the service printed (kept for failure messages). */
  stderr(): string;
}

export async function startService(databasePath: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningService> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_TYPE: 'better-sqlite3',
      DATABASE_PATH: databasePath,
      DEMO_DATA: 'false',
      AUTH_TOKEN_SECRET: TOOL_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: TOOL_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: TOOL_ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // both streams' tails, for failure messages (Nest's logger writes to stdout)
  let err = '';
  const keep = (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  const base = `http://127.0.0.1:${port}`;
  const service: RunningService = { child, port, base, exited, stderr: () => err };
  const deadline = Date.now() + timeoutMs;
  let gone: number | string | undefined;
  void exited.then((code) => (gone = code));
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`service exited (${gone}) during start: ${err}`);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`service did not answer /api/health within ${timeoutMs} ms: ${err}`);
}

export async function kill9(service: RunningService): Promise<void> {
  service.child.kill('SIGKILL');
  await service.exited;
}

/** A JSON (or CSV) request that never throws: status 0 when there was no answer. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; csv?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: any; error?: string }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = options.csv;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (CSV exports, HTML)
    }
    return { status: res.status, body: parsed };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, body: undefined, error: cause?.code ?? (error as Error).message };
  }
}

export async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await call(base, 'POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign in ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** Parses `--name value` pairs. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) out[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[name] = argv[++i];
    else out[name] = 'true';
  }
  return out;
}
