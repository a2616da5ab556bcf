import { TestApp } from './support/test-app';

describe('demo people (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ DEMO_DATA: 'true' });
    for (const who of ['admin', 'pm', 'stakeholder', 'clinician', 'auditor']) {
      await t.signIn(`demo-${who}`, `${who}@example.org`, 'demo-password-2019');
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  it('has one user per role, signing in with DEMO_PASSWORD', async () => {
    const roles = await Promise.all(['admin', 'pm', 'stakeholder', 'clinician', 'auditor'].map(async (w) => (await t.as(`demo-${w}`).get('/api/me').expect(200)).body.role));
    expect(roles).toEqual(['admin', 'programme-manager', 'stakeholder', 'stakeholder', 'auditor']);
  });

  it('Wantage stage 1 was approved through a real review round by the stakeholder and the clinician', async () => {
    const reviews = (await t.as('demo-auditor').get('/api/projects/wantage/stages/planning-and-codesign/reviews').expect(200)).body;
    expect(reviews.rounds).toHaveLength(1);
    expect(reviews.rounds[0]).toMatchObject({ round: 1, outcome: 'approved', openedBy: 'Priya Manning', closedBy: 'Priya Manning' });
    expect(reviews.rounds[0].decisions.map((d: { reviewerName: string; decision: string }) => [d.reviewerName, d.decision])).toEqual([
      ['Sam Holder', 'approve'],
      ['Dr Chris Lin', 'approve'],
    ]);
    expect(reviews.comments).toHaveLength(1);
    const history = await t.history('wantage', 'demo-auditor');
    expect(history.every((h) => typeof h.actorId === 'string')).toBe(true);
    const stage1 = (await t.as('demo-pm').get('/api/projects/wantage/workflow').expect(200)).body.stages[0];
    expect(stage1.deliverables.filter((d: { derived: boolean }) => d.derived).map((d: { status: string }) => d.status)).toEqual(['done', 'done', 'done']);
  });

  it('Banbury\'s groups are partly formed, and its blockers say what is missing', async () => {
    const stage1 = (await t.as('demo-pm').get('/api/projects/banbury/workflow').expect(200)).body.stages[0];
    const groupCodes = stage1.blockers.filter((b: { code: string }) => b.code.startsWith('GROUP_')).map((b: { code: string }) => b.code);
    expect(groupCodes).toEqual(expect.arrayContaining(['GROUP_TOO_SMALL', 'GROUP_TOO_FEW_ORG_TYPES']));
    expect(stage1.deliverables.filter((d: { derived: boolean }) => d.derived).map((d: { status: string }) => d.status)).toEqual(['in-progress', 'in-progress', 'in-progress']);
  });

  it('the demo stakeholder and clinician read both demo projects; the pm runs them; the admin runs neither', async () => {
    for (const who of ['demo-stakeholder', 'demo-clinician', 'demo-pm', 'demo-auditor', 'demo-admin']) {
      const list = (await t.as(who).get('/api/projects').expect(200)).body.items.map((p: { slug: string }) => p.slug);
      expect({ who, list }).toEqual({ who, list: ['wantage', 'banbury'] });
    }
    await t.as('demo-admin').put('/api/projects/banbury/stages/planning-and-codesign/deliverables/confirm-scope').send({ status: 'in-progress' }).expect(403);
    await t.as('demo-pm').put('/api/projects/banbury/stages/planning-and-codesign/deliverables/confirm-scope').send({ status: 'in-progress' }).expect(200);
  });
});
