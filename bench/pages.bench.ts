/**
 * Server-side render time of the web pages on the demo data.
 *
 *   npm run bench          (runs this after the transitions benchmark)
 *   npm run bench:pages    (this one only)
 *
 * The real application (createApp, logger off) on a scratch SQLite database with the demo data
 * (Wantage, Banbury, the demo users). A demo user signs in through the sign-in form; then each
 * page is requested BENCH_PAGE_REQUESTS times in turn through Fastify's inject (no socket: the
 * time is routing, guards, services, presenter and template), after BENCH_PAGE_WARMUP warm-up
 * requests. Prints p50/p95/max per page beside the target (p95 <= 30 ms). Exit code 0 for a
 * completed run whether or not the targets are met, 1 on an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { DEFAULT_DEMO_PASSWORD } from '../src/config/app-config';

const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const WARMUP = Number(process.env.BENCH_PAGE_WARMUP ?? 20);
const TARGET_P95_MS = 30;

async function signIn(app: NestFastifyApplication, email: string): Promise<string> {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const cookie = String(form.headers['set-cookie']).split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email, password: DEFAULT_DEMO_PASSWORD }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`sign in ${email}: ${res.statusCode}`);
  return String(res.headers['set-cookie']).split(';')[0];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(app: NestFastifyApplication, cookie: string, url: string) {
  const once = async () => {
    const start = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phw-bench-pages-'));
  const app = await createApp({ env: { NODE_ENV: 'test', DATABASE_PATH: join(dir, 'bench.sqlite'), DEMO_DATA: 'true' }, logger: false });
  try {
    const pm = await signIn(app, 'pm@example.org');
    const auditor = await signIn(app, 'auditor@example.org');
    const pages: Array<[string, string, string]> = [
      ['project page (Wantage, as its manager)', pm, '/projects/wantage'],
      ['portfolio (auditor: every project)', auditor, '/portfolio'],
      ['home (programme manager)', pm, '/'],
      ['stage page (Wantage stage 2, registers)', pm, '/projects/wantage/stages/population-health-and-care-needs'],
    ];
    const history = await app.inject({ method: 'GET', url: '/projects/wantage/history', headers: { cookie: auditor } });
    if (history.statusCode === 200) pages.push(['history page (Wantage)', auditor, '/projects/wantage/history']);
    console.log(`Web pages, server-side render on the demo data (${REQUESTS} requests each after ${WARMUP} warm-up, one at a time)`);
    // the figures scale with the machine's load: print it beside them
    console.log(`  machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
    for (const [name, cookie, url] of pages) {
      const r = await measure(app, cookie, url);
      const verdict = r.p95 <= TARGET_P95_MS ? 'meets' : 'MISSES';
      console.log(`  ${name.padEnd(44)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms   target p95 <= ${TARGET_P95_MS} ms: ${verdict}`);
    }
    if (history.statusCode !== 200) console.log(`  history page: not built yet (GET /projects/wantage/history answered ${history.statusCode})`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
