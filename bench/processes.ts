/** Built processes for the start-up, memory, scale and PostgreSQL figures: spawn, wait for the first answer, RSS. */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Spawned {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** From spawn to the first 200 of GET /api/health. */
  firstResponseMs: number;
  /** CPU time (user + system) the process had used by then: the start's cost without the machine's queueing. */
  cpuMsAtFirstResponse: number;
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The flags `npm start` runs the service with (package.json): a 4 MB young generation keeps idle RSS down. */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=4'];

/** Starts `node <script>` with `env` and PORT, and times it until GET /api/health answers 200. */
export async function spawnTimed(script: string, env: Record<string, string>, timeoutMs = 60_000, nodeFlags: string[] = script === MAIN_JS ? SERVICE_NODE_FLAGS : []): Promise<Spawned> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, script], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} before answering`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) {
        await res.text();
        return { child, port, baseUrl, firstResponseMs: performance.now() - started, cpuMsAtFirstResponse: cpuMs(child.pid) };
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export const MAIN_JS = join(__dirname, '..', 'src', 'main.js');
export const MINIMAL_JS = join(__dirname, 'minimal-app.js');

/** Sequential GETs (keep-alive): sorted latencies in ms. Throws on a non-200. */
export async function timeGets(baseUrl: string, token: string, path: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: token } });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  }
  return times.sort((a, b) => a - b);
}

/** Sequential requests with a JSON body: sorted latencies (ms) of those answered `expect`. */
export async function timeWrites(baseUrl: string, token: string, requests: Array<{ method: string; path: string; body: unknown }>, expect: number[]): Promise<number[]> {
  const times: number[] = [];
  for (const r of requests) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${r.path}`, { method: r.method, headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify(r.body) });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (!expect.includes(res.status)) throw new Error(`${r.method} ${r.path} answered ${res.status}: ${text.slice(0, 300)}`);
    times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

export async function signInAt(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return `Bearer ${body.token}`;
}
