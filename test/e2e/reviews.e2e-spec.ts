import { TestApp } from './support/test-app';

const STAGE1 = 'planning-and-codesign';
type Blocker = { code: string; message: string };

describe('reviews of stage outputs (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });
  const reviews = async (slug: string, who = 'auditor') => (await t.as(who).get(`/api/projects/${slug}/stages/${STAGE1}/reviews`).expect(200)).body;
  const waiting = async (who: string) => (await t.as(who).get('/api/me/reviews').expect(200)).body;

  it('a full cycle: submit, one request for changes, rework, resubmit, quorum, approve; the history shows who decided what', async () => {
    const slug = 'review-cycle';
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
    expect((await waiting('stakeholder')).items).toEqual([]);

    // round 1
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    const pending = await waiting('stakeholder');
    expect(pending.items).toEqual([
      { project: { slug, name: `Project ${slug}` }, stage: STAGE1, stageTitle: 'Planning and co-design', round: 1, openedAt: expect.any(String), groups: ['stakeholder-group'] },
    ]);
    expect((await waiting('clinician')).items.map((i: { groups: string[] }) => i.groups)).toEqual([['clinical-professional-group']]);

    let refused = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(409);
    expect(refused.body.blockers.map((b: Blocker) => b.code)).toEqual(['REVIEW_NO_STAKEHOLDER_APPROVAL', 'REVIEW_NO_CLINICAL_APPROVAL']);
    expect(refused.body.blockers[0].message).toMatch(/Waiting for a decision from the stakeholder group: Sue Stakeholder \(Healthwatch Oxfordshire\)/);

    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve' }).expect(201);
    await t.decide(slug, STAGE1, 'clinician', { decision: 'request-changes' }).expect(400);
    const asked = await t.decide(slug, STAGE1, 'clinician', { decision: 'request-changes', comment: 'Name the GP practices in the clinical group.' }).expect(201);
    expect(asked.body.decision).toMatchObject({ round: 1, group: 'clinical-professional-group', decision: 'request-changes', reviewerName: 'Dr Cal Clinician' });
    expect((await waiting('stakeholder')).items).toEqual([]);

    refused = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(409);
    expect(refused.body.blockers.map((b: Blocker) => b.code)).toEqual(['REVIEW_NO_CLINICAL_APPROVAL', 'REVIEW_CHANGES_REQUESTED']);
    expect(refused.body.blockers[1].message).toMatch(/Dr Cal Clinician .* asked for changes: "Name the GP practices/);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/${STAGE1}/comments`).send({ text: 'Agree with the clinical group.' }).expect(201);
    await t.event(slug, { type: 'REQUEST_CHANGES', stage: STAGE1, reason: 'Clinical group asked for changes' }).expect(201);

    // while in progress there is nothing to decide on
    const early = await t.decide(slug, STAGE1, 'clinician', { decision: 'approve' }).expect(409);
    expect(early.body.blockers[0].code).toBe('STAGE_NOT_IN_REVIEW');
    expect((await waiting('clinician')).items).toEqual([]);

    // rework, then round 2
    await t.as('pm').put(`/api/projects/${slug}/stages/${STAGE1}/deliverables/codesign-approach`).send({ status: 'done', evidence: 'Approach v2 names every practice' }).expect(200);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    expect((await waiting('stakeholder')).items[0].round).toBe(2);
    await t.decide(slug, STAGE1, 'clinician', { decision: 'approve', comment: 'Thanks, all practices named.' }).expect(201);
    // the stakeholder changes their mind within the round: the later decision replaces the earlier one
    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'request-changes', comment: 'Add the kick-off write-up link.' }).expect(201);
    refused = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(409);
    expect(refused.body.blockers.map((b: Blocker) => b.code)).toEqual(['REVIEW_NO_STAKEHOLDER_APPROVAL', 'REVIEW_CHANGES_REQUESTED']);
    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve', comment: 'Link found; approved.' }).expect(201);
    const approved = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(201);
    expect(approved.body.workflow.stages[0].status).toBe('approved');

    // every round with its decisions, and the comments
    const view = await reviews(slug);
    expect(view.status).toBe('approved');
    expect(view.rounds.map((r: { round: number; outcome: string; closedBy: string }) => [r.round, r.outcome, r.closedBy])).toEqual([
      [1, 'changes-requested', 'Pat Manager'],
      [2, 'approved', 'Pat Manager'],
    ]);
    const [r1, r2] = view.rounds;
    expect(r1.decisions.map((d: { reviewerName: string; decision: string }) => [d.reviewerName, d.decision])).toEqual([
      ['Sue Stakeholder', 'approve'],
      ['Dr Cal Clinician', 'request-changes'],
    ]);
    expect(r2.decisions.map((d: { reviewerName: string; decision: string; current: boolean }) => [d.reviewerName, d.decision, d.current])).toEqual([
      ['Dr Cal Clinician', 'approve', true],
      ['Sue Stakeholder', 'request-changes', false],
      ['Sue Stakeholder', 'approve', true],
    ]);
    expect(r2.currentDecisions.map((d: { decision: string }) => d.decision)).toEqual(['approve', 'approve']);
    expect(r2.pendingReviewers).toEqual([]);
    expect(view.comments).toEqual([expect.objectContaining({ round: 1, authorName: 'Sue Stakeholder', text: 'Agree with the clinical group.' })]);

    // the history names each person and their decision
    const history = await t.history(slug, 'auditor');
    const decisions = history.filter((h) => h.type === 'REVIEW_DECISION_RECORDED' && h.outcome === 'accepted');
    expect(decisions.map((h) => [h.actorName, h.payload.round, h.payload.group, h.payload.decision])).toEqual([
      ['Sue Stakeholder', 1, 'stakeholder-group', 'approve'],
      ['Dr Cal Clinician', 1, 'clinical-professional-group', 'request-changes'],
      ['Dr Cal Clinician', 2, 'clinical-professional-group', 'approve'],
      ['Sue Stakeholder', 2, 'stakeholder-group', 'request-changes'],
      ['Sue Stakeholder', 2, 'stakeholder-group', 'approve'],
    ]);
    expect(decisions[1].payload.comment).toBe('Name the GP practices in the clinical group.');
    const lifecycle = history.filter((h) => ['SUBMIT_FOR_REVIEW', 'REQUEST_CHANGES', 'APPROVE_STAGE'].includes(h.type));
    expect(lifecycle.map((h) => [h.type, h.outcome, h.actorName])).toEqual([
      ['SUBMIT_FOR_REVIEW', 'accepted', 'Pat Manager'],
      ['APPROVE_STAGE', 'refused', 'Pat Manager'],
      ['APPROVE_STAGE', 'refused', 'Pat Manager'],
      ['REQUEST_CHANGES', 'accepted', 'Pat Manager'],
      ['SUBMIT_FOR_REVIEW', 'accepted', 'Pat Manager'],
      ['APPROVE_STAGE', 'refused', 'Pat Manager'],
      ['APPROVE_STAGE', 'accepted', 'Pat Manager'],
    ]);
    expect(history.find((h) => h.type === 'STAGE_COMMENT_ADDED')).toMatchObject({ actorName: 'Sue Stakeholder', payload: { text: 'Agree with the clinical group.', round: 1 } });
  });

  it('shows the quorum in the workflow view and allowed events while in review', async () => {
    const slug = 'review-view';
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    let view = await t.workflow(slug);
    expect(view.stages[0].blockers.map((b: Blocker) => b.code)).toEqual(['REVIEW_NO_STAKEHOLDER_APPROVAL', 'REVIEW_NO_CLINICAL_APPROVAL']);
    expect(view.allowedEvents).not.toContainEqual({ type: 'APPROVE_STAGE', stage: STAGE1 });
    expect(view.allowedEvents).toContainEqual({ type: 'REQUEST_CHANGES', stage: STAGE1 });
    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve' }).expect(201);
    await t.decide(slug, STAGE1, 'clinician', { decision: 'approve' }).expect(201);
    view = await t.workflow(slug);
    expect(view.stages[0].blockers).toEqual([]);
    expect(view.allowedEvents).toContainEqual({ type: 'APPROVE_STAGE', stage: STAGE1 });
    const open = (await reviews(slug)).rounds[0];
    expect(open).toMatchObject({ round: 1, outcome: 'open', openedBy: 'Pat Manager', closedAt: null, pendingReviewers: [], approvalBlockers: [] });
  });

  it('reviewers cannot be unlinked while their stage is in review; a deactivated reviewer no longer counts', async () => {
    const slug = 'review-membership';
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve' }).expect(201);
    await t.decide(slug, STAGE1, 'clinician', { decision: 'approve' }).expect(201);
    // unlinking the clinician's account while the stage is with its reviewers is refused (the quorum stands as submitted)
    const members = (await t.as('pm').get(`/api/projects/${slug}/groups/clinical-professional-group/members`).expect(200)).body.members;
    const linked = members.find((m: { userId: string | null }) => m.userId === t.user('clinician').id);
    const version = (await t.workflow(slug)).version;
    const unlink = await t.as('pm').patch(`/api/projects/${slug}/groups/clinical-professional-group/members/${linked.id}`).send({ userId: null }).expect(409);
    expect(unlink.body.blockers).toEqual([expect.objectContaining({ code: 'STAGE_IN_REVIEW', stage: STAGE1 })]);
    expect((await t.workflow(slug)).version).toBe(version);
    // a deactivated account does not count either (nor is anyone waiting for it)
    await t.as('admin').patch(`/api/users/${t.user('clinician').id}`).send({ active: false }).expect(200);
    const deactivated = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(409);
    expect(deactivated.body.blockers.map((b: Blocker) => b.code)).toEqual(['REVIEW_NO_REVIEWERS']);
    await t.as('admin').patch(`/api/users/${t.user('clinician').id}`).send({ active: true }).expect(200);
    await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }).expect(201);
  });

  it('refuses decisions and comments that make no sense, and changes nothing', async () => {
    const slug = 'review-bad';
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    const before = await reviews(slug);
    const version = (await t.workflow(slug)).version;
    for (const body of [{ decision: 'maybe' }, { decision: 'request-changes', comment: '   ' }, {}, { decision: 'approve', comment: 'x'.repeat(4001) }, { decision: 'approve', group: 'core-project-team' }]) {
      const res = await t.decide(slug, STAGE1, 'stakeholder', body).expect(400);
      expect(res.body.error).toBe('ValidationFailed');
    }
    await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve', group: 'clinical-professional-group' }).expect(400);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/${STAGE1}/comments`).send({ text: '' }).expect(400);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/stage-9/comments`).send({ text: 'x' }).expect(400);
    await t.as('pm').post(`/api/projects/${slug}/stages/meeting-population-needs/comments`).send({ text: 'Too early' }).expect(409);
    await t.decide(slug, 'meeting-population-needs', 'stakeholder', { decision: 'approve' }).expect(409);
    expect(await reviews(slug)).toEqual(before);
    // refusals are recorded (as history) but change no state
    expect((await t.workflow(slug)).version).toBe(version);
    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Purdah' }).expect(201);
    const held = await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve' }).expect(409);
    expect(held.body.blockers[0].code).toBe('PROJECT_ON_HOLD');
    expect((await waiting('stakeholder')).items.filter((i: { project: { slug: string } }) => i.project.slug === slug)).toEqual([]);
  });

  it('a reviewer in both groups says which group they decide for', async () => {
    const slug = 'review-both';
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
    await t
      .as('pm')
      .post(`/api/projects/${slug}/groups/clinical-professional-group/members`)
      .send({ name: 'Sue Stakeholder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Patient voice', userId: t.user('stakeholder').id })
      .expect(201);
    await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }).expect(201);
    const res = await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve' }).expect(400);
    expect(res.body.fields[0].field).toBe('group');
    const ok = await t.decide(slug, STAGE1, 'stakeholder', { decision: 'approve', group: 'clinical-professional-group' }).expect(201);
    expect(ok.body.decision.group).toBe('clinical-professional-group');
  });
});
