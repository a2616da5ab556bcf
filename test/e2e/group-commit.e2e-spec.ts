import { TransactionRunner } from '../../src/database/transaction-runner';
import { TestApp } from './support/test-app';

type CommitSeam = { commit: (runner: unknown) => Promise<void> };

/**
 * Group commit on SQLite over HTTP (issue 9): concurrent commands share batches and are all
 * acknowledged and in the history; a failed COMMIT answers 503; beyond MAX_QUEUED_COMMANDS a
 * command answers 503 Overloaded with Retry-After. The runner alone: test/medium/group-commit.spec.ts.
 */
describe('group commit (e2e)', () => {
  let t: TestApp;
  const slugs = Array.from({ length: 6 }, (_, i) => `gc-${i}`);

  beforeAll(async () => {
    t = await TestApp.start();
    for (const slug of slugs) await t.createProject(slug);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.stop();
  });

  it('acknowledges concurrent commands across projects, each once in its history, and keeps them across a restart', async () => {
    const runner = t.app.get(TransactionRunner);
    const before = { ...runner.stats };
    // four commands per project, all sent at once (in any order they are accepted, but the approval)
    const sent = await Promise.all(
      slugs.flatMap((slug) => [
        t.as('pm').put(`/api/projects/${slug}/stages/planning-and-codesign/deliverables/codesign-approach`).send({ status: 'in-progress' }),
        t.as('pm').put(`/api/projects/${slug}/stages/planning-and-codesign/deliverables/confirm-scope`).send({ status: 'in-progress' }),
        t.as('pm').put(`/api/projects/${slug}/stages/planning-and-codesign/plan`).send({ targetDate: '2030-01-31' }),
        t.event(slug, { type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }),
      ]),
    );
    const statuses = sent.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // the approval is refused (not in review): a 409, recorded in the history all the same
    expect(sent.filter((_, i) => i % 4 === 3).every((r) => r.status === 409)).toBe(true);
    expect(sent.filter((_, i) => i % 4 !== 3).every((r) => r.status === 200 || r.status === 201)).toBe(true);
    // every command went through the group-commit runner (how many shared a batch is timing: the bench's)
    expect(runner.stats.commands - before.commands).toBe(sent.length);

    const histories = await Promise.all(slugs.map((s) => t.history(s)));
    for (const history of histories) {
      const types = history.map((e) => `${e.type}:${e.outcome}`);
      expect(types.filter((x) => x === 'PROJECT_CREATED:accepted')).toHaveLength(1);
      expect(types.filter((x) => x === 'DELIVERABLE_UPDATED:accepted')).toHaveLength(2);
      expect(types.filter((x) => x === 'STAGE_PLAN_SET:accepted')).toHaveLength(1);
      expect(types.filter((x) => x === 'APPROVE_STAGE:refused')).toHaveLength(1);
      expect(history).toHaveLength(5);
      // one chain, no gaps: each sequence follows the one before
      expect(history.map((e) => Number(e.sequence)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    }
    // the version counts the accepted commands
    for (const slug of slugs) expect((await t.workflow(slug)).version).toBe(4);

    await t.restart();
    expect(await Promise.all(slugs.map((s) => t.history(s)))).toEqual(histories);
  });

  it('answers 503 CommitFailed with Retry-After when the batch\'s COMMIT fails, and keeps nothing of it', async () => {
    const runner = t.app.get(TransactionRunner);
    const historyBefore = await t.history('gc-0');
    jest.spyOn(runner as unknown as CommitSeam, 'commit').mockRejectedValueOnce(new Error('disk I/O error'));
    const res = await t.event('gc-0', { type: 'PUT_ON_HOLD', reason: 'Commit failure' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ error: 'CommitFailed' });
    expect((await t.workflow('gc-0')).status).toBe('active');
    expect(await t.history('gc-0')).toEqual(historyBefore);
    // the next command goes through
    await t.event('gc-0', { type: 'PUT_ON_HOLD', reason: 'Commit failure' }).expect(201);
    expect((await t.workflow('gc-0')).status).toBe('on-hold');
  });
});

describe('overload (e2e)', () => {
  let t: TestApp;
  const slugs = ['ov-a', 'ov-b', 'ov-c', 'ov-d', 'ov-e', 'ov-f'];

  beforeAll(async () => {
    t = await TestApp.start({ MAX_QUEUED_COMMANDS: '2' });
    for (const slug of slugs) await t.createProject(slug);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.stop();
  });

  it('answers 503 Overloaded with Retry-After beyond MAX_QUEUED_COMMANDS, and an overloaded command changes nothing', async () => {
    const runner = t.app.get(TransactionRunner);
    const real = (runner as unknown as CommitSeam).commit.bind(runner);
    let slowStarted!: () => void;
    const started = new Promise<void>((resolve) => (slowStarted = resolve));
    // one batch holds its COMMIT while the other commands arrive
    jest.spyOn(runner as unknown as CommitSeam, 'commit').mockImplementationOnce(async (r) => {
      slowStarted();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return real(r);
    });
    const first = t.event('ov-a', { type: 'PUT_ON_HOLD', reason: 'Slow commit' }).then((r) => r);
    await started;
    const others = await Promise.all(slugs.slice(1).map((s) => t.event(s, { type: 'PUT_ON_HOLD', reason: 'Overload' })));
    expect((await first).status).toBe(201);
    expect(others.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    const overloaded = others.filter((r) => r.status === 503);
    // the first holds one place and the next batch one more: at least three of the five are turned away
    expect(overloaded.length).toBeGreaterThanOrEqual(3);
    for (const r of overloaded) {
      expect(r.headers['retry-after']).toBe('1');
      expect(r.body).toMatchObject({ error: 'Overloaded', retryAfterSeconds: 1 });
    }
    // exactly the acknowledged commands are on hold and in the history
    const statuses = await Promise.all(slugs.map(async (s) => (await t.workflow(s)).status));
    expect(statuses.filter((s) => s === 'on-hold')).toHaveLength(1 + others.length - overloaded.length);
    for (const [i, r] of others.entries()) {
      const history = await t.history(slugs[i + 1]);
      expect(history.filter((e) => e.type === 'PUT_ON_HOLD')).toHaveLength(r.status === 201 ? 1 : 0);
    }
    // once the queue drained, commands are taken again
    for (const [i, r] of others.entries()) if (r.status === 503) await t.event(slugs[i + 1], { type: 'PUT_ON_HOLD', reason: 'Retried' }).expect(201);
  });
});
