import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { BoardService } from '../../src/board/board.service';
import { RegistersService } from '../../src/registers/registers.service';

/**
 * Issue 12, defect 5: a crash during the first start used to leave the demo data half-loaded for
 * good (Wantage without Banbury, and later starts skipped the load). The load is one
 * transaction now: a failure part way leaves nothing, and the next start loads it all.
 */
// better-sqlite3 ships no types; the little used here, typed by hand
interface Sqlite {
  prepare(sql: string): { get(): unknown; all(): unknown[] };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (path: string, options?: { readonly?: boolean }) => Sqlite;

describe('demo data load is all or nothing (e2e)', () => {
  const dirs: string[] = [];
  const envFor = () => {
    const dir = mkdtempSync(join(tmpdir(), 'phw-demo-'));
    dirs.push(dir);
    return { NODE_ENV: 'test', DATABASE_PATH: join(dir, 'demo.sqlite'), DEMO_DATA: 'true', AUTH_TOKEN_SECRET: 'demo-load-test-secret-of-at-least-32-bytes' };
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** What a load left in the file, read straight from SQLite (not through the app). */
  const contents = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      const historyByProject = db
        .prepare('SELECT p.slug AS slug, COUNT(h.id) AS n FROM project p LEFT JOIN history_entry h ON h.projectId = p.id GROUP BY p.slug ORDER BY p.slug')
        .all();
      return { projects: count('project'), history: count('history_entry'), records: count('register_record'), members: count('group_member'), users: count('app_user'), historyByProject };
    } finally {
      db.close();
    }
  };

  it.each([
    ["after Wantage's registers, at its stage plans", BoardService.prototype, 'setPlan'],
    ["in the middle of Wantage's register records", RegistersService.prototype, 'create'],
  ] as const)('a failure %s leaves nothing; the next start on the same file loads all of it', async (_where, proto, method) => {
    const reference = envFor();
    const clean = await createApp({ env: reference, logger: false });
    await clean.close();
    const complete = contents(reference.DATABASE_PATH);
    expect(complete.projects).toBe(2);
    expect(complete.historyByProject).toEqual([
      { slug: 'banbury', n: expect.any(Number) },
      { slug: 'wantage', n: expect.any(Number) },
    ]);

    const env = envFor();
    type Method = (...args: unknown[]) => Promise<unknown>;
    const target = proto as unknown as Record<string, Method>;
    const real = target[method];
    let calls = 0;
    // the third call fails, after real writes of the load; the others do their real work
    const spy = jest.spyOn(target, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (++calls === 3) return Promise.reject(new Error('simulated crash during the demo load'));
      return real.apply(this, args);
    });
    try {
      await expect(createApp({ env, logger: false })).rejects.toThrow('simulated crash during the demo load');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(contents(env.DATABASE_PATH)).toMatchObject({ projects: 0, history: 0, records: 0, members: 0, users: 0 });

    const restarted = await createApp({ env, logger: false });
    await restarted.close();
    expect(contents(env.DATABASE_PATH)).toEqual(complete);
    // and a later start leaves the loaded data alone
    const again = await createApp({ env, logger: false });
    await again.close();
    expect(contents(env.DATABASE_PATH)).toEqual(complete);
  });
});
