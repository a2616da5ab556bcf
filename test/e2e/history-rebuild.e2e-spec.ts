import { RECORD_KINDS, StageKey } from '../../workflows';

/** Every record table a project's reads depend on is rebuilt and compared. */
const ALL_KINDS = [...RECORD_KINDS];
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

  it('the demo projects verify, every record table rebuilt row by row', async () => {
    for (const slug of ['wantage', 'banbury']) {
      const v = await verification(slug);
      expect(v).toMatchObject({ valid: true, records: { notRebuildable: [] } });
      expect(v.records.checked.sort()).toEqual([...ALL_KINDS].sort());
    }
    const wantage = await verification('wantage');
    expect(wantage.checkpoint).not.toBeNull();
  });

  it('a project taken through all six stages to completed verifies, with a checkpoint at its last approval', async () => {
    const slug = 'rebuilt-full-run';
    await t.createProject(slug);
    // approved too early: refused, and shown beside the approval that follows
    await t.event(slug, { type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }).expect(409);
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
    expect(v).toMatchObject({ valid: true, records: { checked: ALL_KINDS, notRebuildable: [] } });
    const history = await t.history(slug);
    const approvals = history.filter((h) => h.type === 'APPROVE_STAGE' && h.outcome === 'accepted');
    expect(approvals).toHaveLength(6);
    expect(v.checkpoint.sequence).toBeGreaterThanOrEqual(approvals.at(-1)!.sequence);

    // the decision record: every approval with who decided, its review round and its checkpoint
    const decisions = (await t.as('auditor').get(`/api/projects/${slug}/decisions`).expect(200)).body;
    const stageApprovals = decisions.items.filter((d: { type: string }) => d.type === 'APPROVE_STAGE');
    expect(stageApprovals.map((d: { sequence: number }) => d.sequence)).toEqual(approvals.map((a) => a.sequence));
    for (const d of stageApprovals) {
      expect(d).toMatchObject({ decidedBy: { name: t.user('pm').name }, review: { round: 1, approvals: { 'stakeholder-group': 1, 'clinical-professional-group': 1 } } });
      expect(d.checkpoint).toMatchObject({ sequence: d.sequence, headHash: history.find((h) => h.sequence === d.sequence)!.hash });
    }
    expect(stageApprovals[0].lastRefusal).toMatchObject({ blockers: [{ code: 'STAGE_NOT_IN_REVIEW' }] });
    expect(stageApprovals[1].lastRefusal).toBeNull();
    // the business case is approved by the board's own decision (one record, all five cases), with a checkpoint
    const cases = decisions.items.filter((d: { type: string }) => d.type === 'BOARD_DECISION_RECORDED');
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ decidedBy: { name: 'Bo Ardmember' }, board: { target: 'business-case', decision: 'approved', meetingDate: '2023-03-14', minuteReference: 'ISDB 2023/07' } });
    expect(cases[0].businessCase).toEqual({ case: 'all', approvedBy: 'Bo Ardmember, for the Integrated System Delivery Board (minute ISDB 2023/07)', approvedAt: '2023-03-14' });
    expect(cases[0].checkpoint).not.toBeNull();
    // each decision links to the evidence as it stood then: the workflow at the stage 1 approval shows only stage 1 approved
    const first = stageApprovals[0];
    expect(first.evidence.workflow).toBe(`/api/projects/${slug}/workflow?at=${encodeURIComponent(first.occurredAt)}`);
    const then = (await t.as('auditor').get(first.evidence.workflow).expect(200)).body;
    expect(then.stages.map((s: { status: string }) => s.status)).toEqual(['approved', 'in-progress', 'in-progress', 'in-progress', 'not-started', 'not-started']);
    expect(then.version).toBe(history.find((h) => h.sequence === first.sequence)!.resultingState.version);
    const reviews = (await t.as('auditor').get(first.evidence.reviews).expect(200)).body;
    expect(reviews.rounds.at(-1)).toMatchObject({ round: 1, outcome: 'approved' });
    const segmentsThen = (await t.as('auditor').get(first.evidence.registers.segments).expect(200)).body;
    expect(segmentsThen.items).toEqual([]);
    const lastCase = cases.at(-1);
    const caseThen = (await t.as('auditor').get(lastCase.evidence.businessCase).expect(200)).body;
    expect(caseThen.cases.every((c: { status: string }) => c.status === 'approved')).toBe(true);
    for (const link of [first.evidence.highlightReport, first.evidence.plan, first.evidence.traceability, first.evidence.businessCaseDocument]) await t.as('auditor').get(link).expect(200);
    const csv = await t.as('auditor').get(`/api/projects/${slug}/decisions?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(decisions.total + 1);
    expect(csv.text.split('\r\n')[0]).toContain('evidenceWorkflow');
    expect(csv.text).toContain(first.evidence.workflow);
    await t.as('outsider').get(`/api/projects/${slug}/decisions`).expect(403);
  });
});
