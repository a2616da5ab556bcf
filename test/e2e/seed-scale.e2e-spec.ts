import { DataSource } from 'typeorm';
import { boardEntry } from '../../src/board/project-summary.service';
import { ProjectSummaryRepository } from '../../src/board/project-summary.repository';
import { runVerify } from '../../src/history/verify-cli';
import { ProjectEntity } from '../../src/projects/project.entity';
import { SCALE_HOLD_REASON, SCALE_PM, seedScale } from '../../src/scale/seed-scale';
import { emptyHistoryFacts, foldHistoryEntry } from '../../workflows/board';
import { TestApp } from './support/test-app';

/** The scale loader on a small size: the same code path `npm run seed:scale` runs. */
describe('scale seeding (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('builds projects and history exactly as the commands write them: chains verify, summaries agree, the next command follows on', async () => {
    const done = await seedScale(t.app, { projects: 12, history: 700, deep: 300 });
    expect(done).toEqual({ projects: 12, history: 700 });

    // npm run verify's check: every chain recomputes to its head
    const report = await runVerify({ database: t.env.DATABASE_PATH }, {});
    expect(report.ok).toBe(true);
    expect(report.projects).toHaveLength(12);
    expect(report.projects.every((p) => p.valid)).toBe(true);

    const portfolio = (await t.as('auditor').get('/api/portfolio?limit=200').expect(200)).body;
    expect(portfolio.total).toBe(12);
    const manager = t.app.get(DataSource).manager;
    const summaries = t.app.get(ProjectSummaryRepository);
    for (const row of portfolio.items as Array<{ slug: string; lastActivity: string; status: string }>) {
      const project = await manager.findOneOrFail(ProjectEntity, { where: { slug: row.slug } });
      // the summary row folded in bulk equals the fold of the history as stored
      let facts = emptyHistoryFacts();
      await summaries.eachEntry(manager, project.id, (e) => {
        facts = foldHistoryEntry(facts, boardEntry(e));
      });
      expect((await summaries.parts(manager, project.id))!.facts).toEqual(JSON.parse(JSON.stringify(facts)));
      const view = await t.workflow(row.slug, 'auditor');
      const last = (await t.as('auditor').get(`/api/projects/${row.slug}/history?after=${project.headSequence - 1}`).expect(200)).body.items[0];
      expect(last.resultingState).toMatchObject({ status: view.status, version: view.version });
      expect(row.lastActivity).toBe(last.occurredAt);
      expect(row.status).toBe(view.status);
    }
    const deep = (await t.as('auditor').get('/api/projects/scale-deep/history?after=250&limit=5').expect(200)).body;
    expect(deep.items.map((e: { sequence: number }) => e.sequence)).toEqual([251, 252, 253, 254, 255]);
    expect(deep.total).toBeGreaterThanOrEqual(300);

    // what the real commands write next has the shape of the bulk rows, and chains on from them
    const slug = 'scale-3';
    const [a1, b1] = (await t.as('auditor').get(`/api/projects/${slug}/history?limit=2&offset=1`).expect(200)).body.items;
    await t.signIn('scale-pm', SCALE_PM.email, SCALE_PM.password);
    const body = (type: string) => (type === 'PUT_ON_HOLD' ? { type, reason: SCALE_HOLD_REASON } : { type });
    const view = await t.workflow(slug, 'auditor');
    const next = view.status === 'on-hold' ? 'RESUME' : 'PUT_ON_HOLD';
    const a = (await t.event(slug, body(next), 'scale-pm').expect(201)).body.entry;
    const bulkSame = [a1, b1].find((e) => e.type === next);
    const shape = (e: Record<string, unknown>) => ({ ...e, id: undefined, sequence: undefined, occurredAt: undefined, hash: undefined, requestId: undefined, resultingState: { ...(e.resultingState as object), version: undefined } });
    expect(shape(a)).toEqual(shape(bulkSame));
    expect(a.sequence).toBe((await manager.findOneOrFail(ProjectEntity, { where: { slug } })).headSequence);
    expect((await runVerify({ database: t.env.DATABASE_PATH }, {})).ok).toBe(true);
  });
});
