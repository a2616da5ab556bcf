import { StageKey } from '../../workflows';
import { TestApp } from './support/test-app';

/** Record tables rebuilt from the history equal the live tables: the demo data, and a project taken to completion. */
describe('records rebuilt from the history (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ DEMO_DATA: 'true' });
  });
  afterAll(async () => {
    await t.stop();
  });

  const verification = async (slug: string) => (await t.as('admin').get(`/api/projects/${slug}/history/verification`).expect(200)).body;

  it('the demo projects verify, their registers, groups and deliverables rebuilt row by row', async () => {
    for (const slug of ['wantage', 'banbury']) {
      const v = await verification(slug);
      expect(v).toMatchObject({ valid: true, records: { notRebuildable: [] } });
      expect(v.records.checked.sort()).toEqual(['deliverable', 'member', 'register']);
    }
    const wantage = await verification('wantage');
    expect(wantage.checkpoint).not.toBeNull();
  });

  it('a project taken through all six stages to completed verifies, with a checkpoint at its last approval', async () => {
    const slug = 'rebuilt-full-run';
    await t.createProject(slug);
    const order: StageKey[] = [
      'planning-and-codesign',
      'population-health-and-care-needs',
      'review-of-services-and-assets',
      'innovation-and-good-practice',
      'meeting-population-needs',
      'development-of-options',
    ];
    for (const stage of order) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    expect((await t.workflow(slug)).status).toBe('completed');
    const v = await verification(slug);
    expect(v).toMatchObject({ valid: true, records: { checked: ['register', 'member', 'deliverable'], notRebuildable: [] } });
    const history = await t.history(slug);
    const approvals = history.filter((h) => h.type === 'APPROVE_STAGE' && h.outcome === 'accepted');
    expect(approvals).toHaveLength(6);
    expect(v.checkpoint.sequence).toBeGreaterThanOrEqual(approvals.at(-1)!.sequence);
  });
});
