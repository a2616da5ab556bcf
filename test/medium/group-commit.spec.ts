import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource, EntityManager } from 'typeorm';
import { CommandRefusedError, ServiceUnavailableError } from '../../src/common/domain-errors';
import { AppConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transaction-runner';

/**
 * Group commit on SQLite (issue 9), the TransactionRunner alone on a database file: commands that
 * wait together share one transaction, each in its own savepoint, and are answered only after the
 * shared COMMIT. Correctness only; speed is the bench's.
 */
describe('group commit (TransactionRunner on a SQLite file)', () => {
  let dir: string;
  let path: string;
  let dataSource: DataSource;
  let runner: TransactionRunner;

  const open = async (maxQueued?: number) => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: path,
      enableWAL: true,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = FULL');
      },
    }).initialize();
    runner = new TransactionRunner(dataSource, maxQueued ? ({ MAX_QUEUED_COMMANDS: maxQueued } as AppConfig) : undefined);
  };
  const close = async () => {
    runner.onModuleDestroy();
    if (dataSource.isInitialized) await dataSource.destroy();
  };

  const insert = (m: EntityManager, label: string) => m.query('INSERT INTO probe (label) VALUES (?)', [label]);
  const labels = async (): Promise<string[]> => (await runner.read((m) => m.query('SELECT label FROM probe ORDER BY label'))).map((r: { label: string }) => r.label);
  /** What a fresh connection to the file sees: only what has committed. */
  const committedLabels = (): string[] => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT label FROM probe ORDER BY label').all() as Array<{ label: string }>).map((r) => r.label);
    } finally {
      db.close();
    }
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const commitSeam = () => runner as unknown as { commit: (r: unknown) => Promise<void> };

  /**
   * A command as ProjectCommandService runs one: a refusal is recorded (its history row is
   * written and kept) and the refusal is raised to the caller only after the write settled.
   */
  const command = async (label: string, outcome: 'accept' | 'refuse' | 'throw'): Promise<string> => {
    let refusal: CommandRefusedError | undefined;
    const result = await runner.write(async (m) => {
      if (outcome === 'throw') {
        await insert(m, `${label}-partial`);
        throw new Error(`${label} failed`);
      }
      // a refusal raised after some writes: its own nested savepoint undoes them, then the refusal is recorded
      try {
        await m.transaction(async (inner) => {
          await insert(inner, `${label}-work`);
          if (outcome === 'refuse') throw new CommandRefusedError(`${label} refused`, []);
        });
      } catch (error) {
        if (!(error instanceof CommandRefusedError)) throw error;
        refusal = error;
        await insert(m, `${label}-refused-entry`);
        return undefined;
      }
      await insert(m, `${label}-accepted-entry`);
      return label;
    });
    if (refusal) throw refusal;
    return result!;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phw-medium-'));
    path = join(dir, 'group-commit.sqlite');
    await open();
    await runner.write((m) => m.query('CREATE TABLE probe (label TEXT PRIMARY KEY)'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the rest of a batch in which one command is refused and another throws', async () => {
    const before = { ...runner.stats };
    // issued in one turn of the event loop: they wait together and form one batch
    const settled = await Promise.allSettled([command('a', 'accept'), command('b', 'refuse'), command('c', 'throw'), command('d', 'accept')]);

    expect(runner.stats.batches).toBe(before.batches + 1);
    expect(runner.stats.commands).toBe(before.commands + 4);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: expect.any(CommandRefusedError) });
    expect(settled[2]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'c failed' }) });
    expect(settled[3]).toEqual({ status: 'fulfilled', value: 'd' });
    // the refusal is recorded, its work undone; the failing command left nothing; the others are whole
    const expected = ['a-accepted-entry', 'a-work', 'b-refused-entry', 'd-accepted-entry', 'd-work'];
    expect(await labels()).toEqual(expected);
    expect(committedLabels()).toEqual(expected);
  });

  it('answers every command only after the shared COMMIT returned', async () => {
    const events: string[] = [];
    const real = commitSeam().commit.bind(runner);
    jest.spyOn(commitSeam(), 'commit').mockImplementationOnce(async (r) => {
      events.push('commit started');
      await sleep(50);
      await real(r);
      events.push('commit returned');
    });
    await Promise.all(['x', 'y', 'z'].map((l) => command(l, 'accept').then(() => events.push(`answered ${l}`))));
    expect(events).toEqual(['commit started', 'commit returned', 'answered x', 'answered y', 'answered z']);
  });

  it('fails every command of a batch with 503 CommitFailed, and keeps none of them, when the COMMIT fails', async () => {
    await command('kept', 'accept');
    jest.spyOn(commitSeam(), 'commit').mockRejectedValueOnce(new Error('disk I/O error'));

    const settled = await Promise.allSettled([command('p', 'accept'), command('q', 'refuse'), command('r', 'throw'), command('s', 'accept')]);
    for (const s of settled) {
      expect(s).toMatchObject({ status: 'rejected', reason: expect.any(ServiceUnavailableError) });
      const error = (s as PromiseRejectedResult).reason as ServiceUnavailableError;
      expect(error.error).toBe('CommitFailed');
      expect(error.headers()).toEqual({ 'Retry-After': '1' });
    }
    expect(runner.stats.failedCommits).toBe(1);
    const kept = ['kept-accepted-entry', 'kept-work'];
    expect(await labels()).toEqual(kept);
    expect(committedLabels()).toEqual(kept);

    // the next batch works again
    await command('after', 'accept');
    expect(await labels()).toEqual(['after-accepted-entry', 'after-work', ...kept]);
  });

  it('never lets a read see the rows of a batch that is still open', async () => {
    const order: string[] = [];
    let reached!: () => void;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    const undone = runner.write(async (m) => {
      await insert(m, 'uncommitted');
      reached();
      await sleep(50); // the event loop turns: reads asked for now must not run on the open batch
      order.push('batch');
      throw new Error('undo the uncommitted row');
    });
    const committed = runner.write((m) => insert(m, 'committed'));
    await inside;
    const read = labels().then((rows) => {
      order.push('read');
      return rows;
    });
    // a lookup runs at once on the query-only connection: committed rows only
    expect(await runner.lookup<{ label: string }>('SELECT label FROM probe WHERE label IN (?, ?)', ['uncommitted', 'committed'])).toEqual([]);
    await expect(undone).rejects.toThrow('undo the uncommitted row');
    await committed;
    expect(await read).toEqual(['committed']);
    expect(order).toEqual(['batch', 'read']);
    expect(await runner.lookup<{ label: string }>('SELECT label FROM probe WHERE label = ?', ['committed'])).toEqual([{ label: 'committed' }]);
  });

  it('keeps every acknowledged command when the database is reopened', async () => {
    const acknowledged: string[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => {
        const outcome = i % 10 === 3 ? 'throw' : i % 10 === 7 ? 'refuse' : 'accept';
        return command(`c${String(i).padStart(2, '0')}`, outcome).then((label) => {
          acknowledged.push(`${label}-accepted-entry`, `${label}-work`);
        });
      }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(48);
    expect(runner.stats.batches).toBeLessThan(runner.stats.commands);

    await close();
    await open();
    const rows = await labels();
    for (const label of acknowledged) expect(rows).toContain(label);
    expect(rows.filter((l) => l.endsWith('-refused-entry'))).toHaveLength(6);
    expect(rows.filter((l) => l.endsWith('-partial'))).toHaveLength(0);
    expect(rows).toHaveLength(acknowledged.length + 6);
  });

  it('answers 503 Overloaded beyond MAX_QUEUED_COMMANDS, changing nothing', async () => {
    await close();
    await open(3);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => runner.write((m) => insert(m, `o${i}`))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.slice(3)) {
      expect(r).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ error: 'Overloaded', retryAfterSeconds: 1 }) });
    }
    expect(await labels()).toEqual(['o0', 'o1', 'o2']);
    expect(runner.stats.overloaded).toBe(3);
    // once the queue drained, commands are taken again
    await runner.write((m) => insert(m, 'o9'));
    expect(await labels()).toEqual(['o0', 'o1', 'o2', 'o9']);
  });

  it('runs each command in its caller\'s async context, and atomically() as one command', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen = await Promise.all(['r1', 'r2'].map((id) => context.run(id, () => runner.write(async () => context.getStore()))));
    expect(seen).toEqual(['r1', 'r2']);

    const failing = runner.atomically(async () => {
      await runner.write((m) => insert(m, 'atomic-1'));
      // a read inside joins the unit and sees its own row
      expect(await runner.read((m) => m.query("SELECT label FROM probe WHERE label = 'atomic-1'"))).toHaveLength(1);
      await runner.write((m) => insert(m, 'atomic-2'));
      throw new Error('the unit fails after both writes');
    });
    const neighbour = runner.write((m) => insert(m, 'neighbour'));
    await expect(failing).rejects.toThrow('the unit fails');
    await neighbour;
    expect(await labels()).toEqual(['neighbour']);
    await runner.atomically(async () => {
      await runner.write((m) => insert(m, 'atomic-3'));
      await runner.write((m) => insert(m, 'atomic-4'));
    });
    expect(await labels()).toEqual(['atomic-3', 'atomic-4', 'neighbour']);
  });

  it('lets reads interleave with batches without losing or reordering commands', async () => {
    const writes = Array.from({ length: 30 }, (_, i) => runner.write((m) => insert(m, `w${String(i).padStart(2, '0')}`)));
    const reads = Array.from({ length: 10 }, () => labels());
    await Promise.all(writes);
    for (const seen of await Promise.all(reads)) {
      // each read saw a prefix of whole batches, never a row of an unfinished one
      expect(seen).toEqual(seen.slice().sort());
      expect(seen.every((label, i) => label === `w${String(i).padStart(2, '0')}`)).toBe(true);
    }
    expect(await labels()).toHaveLength(30);
  });
});
