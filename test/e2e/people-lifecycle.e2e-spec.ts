import { STAGE_KEYS, StageKey } from '../../workflows';
import { TestApp } from './support/test-app';

/**
 * A new project from creation to completed, through the API only, with real users in each role:
 * the admin who created the accounts (and assigns cover), the programme managers, the two
 * reviewers and the auditor who reads it all afterwards.
 */
describe('a project from creation to completed with real people (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('runs every stage through review by its stakeholders, and the record shows who did what', async () => {
    const slug = 'lifecycle';
    const created = await t.createProject(slug);
    expect(created.managerUserId).toBe(t.user('pm').id);
    await t.as('stakeholder').get(`/api/projects/${slug}`).expect(403);

    // stage 1: the groups are formed (with the reviewers' accounts), then one round with changes, one approved
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.as('stakeholder').get(`/api/projects/${slug}`).expect(200);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(201);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/planning-and-codesign/comments`).send({ text: 'Please add the parish councils.' }).expect(201);
    await t.decide(slug, 'planning-and-codesign', 'clinician', { decision: 'request-changes', comment: 'Add the community hospital.' }).expect(201);
    await t.event(slug, { type: 'REQUEST_CHANGES', stage: 'planning-and-codesign', reason: 'Reviewers asked for changes' }).expect(201);
    await t
      .as('pm')
      .post(`/api/projects/${slug}/groups/clinical-professional-group/members`)
      .send({ name: 'Dr Hosp', organisation: 'Wantage Community Hospital', organisationType: 'nhs-trust', roleInGroup: 'Consultant' })
      .expect(201);
    await t.submitAndApprove(slug, 'planning-and-codesign');

    // stages 2-4 in parallel
    const parallel: StageKey[] = ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'];
    for (const stage of parallel) await t.prepareStage(slug, stage);
    for (const stage of parallel) await t.submitAndApprove(slug, stage);

    // the admin hands the project to another programme manager for a while, then back
    await t.as('admin').put(`/api/projects/${slug}/manager`).send({ userId: t.user('pm2').id }).expect(200);
    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Awaiting the growth deal figures' }).expect(403);
    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Awaiting the growth deal figures' }, 'pm2').expect(201);
    await t.event(slug, { type: 'RESUME' }, 'pm2').expect(201);
    await t.as('admin').put(`/api/projects/${slug}/manager`).send({ userId: t.user('pm').id }).expect(200);
    await t.as('pm2').get(`/api/projects/${slug}`).expect(403);

    for (const stage of ['meeting-population-needs', 'development-of-options'] as const) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }

    // the auditor reads it all, and can change nothing
    const view = (await t.as('auditor').get(`/api/projects/${slug}/workflow`).expect(200)).body;
    expect(view.status).toBe('completed');
    expect(view.stages.every((s: { status: string }) => s.status === 'approved')).toBe(true);
    await t.event(slug, { type: 'WITHDRAW', reason: 'x' }, 'auditor').expect(403);
    await t.as('auditor').post(`/api/projects/${slug}/stages/development-of-options/comments`).send({ text: 'x' }).expect(403);

    const history = await t.history(slug, 'auditor');
    const accounts = new Map(((await t.as('admin').get('/api/users?limit=200').expect(200)).body.items as Array<{ id: string; name: string }>).map((u) => [u.id, u.name]));
    for (const entry of history) {
      expect(accounts.get(entry.actorId)).toBe(entry.actorName);
    }
    // the board member records the board's approval of the business case (the only way a case is approved)
    expect(new Set(history.map((h) => h.actorName))).toEqual(new Set(['Pat Manager', 'Pam Other', 'Administrator', 'Sue Stakeholder', 'Dr Cal Clinician', 'Bo Ardmember']));
    for (const stage of STAGE_KEYS) {
      const approvals = history.filter((h) => h.stage === stage && h.type === 'REVIEW_DECISION_RECORDED' && h.payload.decision === 'approve');
      expect(new Set(approvals.map((h) => h.actorName))).toEqual(new Set(['Sue Stakeholder', 'Dr Cal Clinician']));
      const reviews = (await t.as('auditor').get(`/api/projects/${slug}/stages/${stage}/reviews`).expect(200)).body;
      expect(reviews.rounds.at(-1)).toMatchObject({ outcome: 'approved', closedBy: 'Pat Manager' });
    }
    expect(history.filter((h) => h.type === 'MANAGER_ASSIGNED').map((h) => [h.actorName, h.payload.name])).toEqual([
      ['Administrator', 'Pam Other'],
      ['Administrator', 'Pat Manager'],
    ]);
    expect(history.filter((h) => h.type === 'PUT_ON_HOLD').map((h) => h.actorName)).toEqual(['Pam Other']);
    expect(history.at(-1)).toMatchObject({ type: 'APPROVE_STAGE', actorName: 'Pat Manager', resultingState: { status: 'completed' } });

    // nothing is left waiting for the reviewers
    expect((await t.as('stakeholder').get('/api/me/reviews').expect(200)).body.items).toEqual([]);
    expect((await t.as('clinician').get('/api/me/reviews').expect(200)).body.items).toEqual([]);
  });
});
