import { TestApp } from './support/test-app';

/** "The record cannot be weakened" (issue 11): each rule refused with its own code and message, changing nothing. */
const S1 = 'planning-and-codesign' as const;
const S2 = 'population-health-and-care-needs' as const;
const S3 = 'review-of-services-and-assets' as const;
const S4 = 'innovation-and-good-practice' as const;
type Blocker = { code: string; message: string; stage?: string };
type StageView = { key: string; status: string; reopened?: Record<string, unknown>; blockers: Blocker[]; deliverables: Array<{ key: string; status: string }> };

describe('the record cannot be weakened (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const statuses = async (slug: string) => Object.fromEntries((await t.workflow(slug)).stages.map((s: StageView) => [s.key, s.status]));
  const members = async (slug: string, group: string) =>
    (await t.as('pm').get(`/api/projects/${slug}/groups/${group}/members`).expect(200)).body.members as Array<{ id: string; name: string }>;

  /** Runs `attempt`, expects 409 with `code` naming `stage`, and that neither the version nor `snapshot()` changed. */
  async function refusedUnchanged(slug: string, attempt: () => Promise<{ status: number; body: any }>, code: string, stage: string, snapshot: () => Promise<unknown>) {
    const version = (await t.workflow(slug)).version;
    const before = await snapshot();
    const res = await attempt();
    expect(res.status).toBe(409);
    expect(res.body.blockers[0]).toMatchObject({ code, stage });
    expect((await t.workflow(slug)).version).toBe(version);
    expect(await snapshot()).toEqual(before);
    const last = (await t.history(slug)).at(-1)!;
    expect(last).toMatchObject({ outcome: 'refused', blockers: [expect.objectContaining({ code })] });
    return res.body as { message: string; blockers: Blocker[] };
  }

  describe('once a stage is approved, what its approval rested on is frozen', () => {
    const slug = 'frozen';
    beforeAll(async () => {
      await t.createProject(slug);
      await t.prepareStage(slug, S1);
      await t.submitAndApprove(slug, S1);
    });

    it('refuses removing or editing a group member of approved stage 1, naming the stage', async () => {
      const [first] = await members(slug, 'stakeholder-group');
      const removal = await refusedUnchanged(
        slug,
        () => t.as('pm').delete(`/api/projects/${slug}/groups/stakeholder-group/members/${first.id}`),
        'STAGE_APPROVED',
        S1,
        () => members(slug, 'stakeholder-group'),
      );
      expect(removal.message).toBe(
        'A member of the stakeholder group changes only while Stage 1 (Planning and co-design) is in progress and the project is active or on hold; Stage 1 (Planning and co-design) is approved: its approval rested on this record; reopen the stage, with a reason, to change it.',
      );
      const [core] = await members(slug, 'core-project-team');
      await refusedUnchanged(
        slug,
        () => t.as('pm').patch(`/api/projects/${slug}/groups/core-project-team/members/${core.id}`).send({ name: 'Someone else' }),
        'STAGE_APPROVED',
        S1,
        () => members(slug, 'core-project-team'),
      );
    });

    it('refuses changing a deliverable of an approved stage', async () => {
      await refusedUnchanged(
        slug,
        () => t.as('pm').put(`/api/projects/${slug}/stages/${S1}/deliverables/confirm-scope`).send({ status: 'in-progress' }),
        'STAGE_APPROVED',
        S1,
        async () => (await t.workflow(slug)).stages[0].deliverables,
      );
    });

    it("fixes the registered population once stage 2's coverage has been submitted on it", async () => {
      await t.prepareStage(slug, S2);
      await t.submitAndApprove(slug, S2);
      await refusedUnchanged(slug, () => t.as('pm').patch(`/api/projects/${slug}`).send({ registeredPopulation: 99000 }), 'STAGE_APPROVED', S2, async () => (await t.as('pm').get(`/api/projects/${slug}`).expect(200)).body.registeredPopulation);
      await refusedUnchanged(slug, () => t.as('pm').patch(`/api/projects/${slug}`).send({ pcns: ['didcot'] }), 'STAGE_APPROVED', S2, async () => (await t.as('pm').get(`/api/projects/${slug}`).expect(200)).body.pcns);
      // the name is not evidence: it may still be corrected
      await t.as('pm').patch(`/api/projects/${slug}`).send({ name: 'Frozen (renamed)' }).expect(200);
    });

    it('still lets a new member join (adding does not weaken the approval)', async () => {
      await t.as('pm').post(`/api/projects/${slug}/groups/core-project-team/members`).send({ name: 'New Starter', organisation: 'ICB', organisationType: 'commissioner-or-icb', roleInGroup: 'Analyst' }).expect(201);
    });
  });

  describe('reopening an approved stage', () => {
    it('needs a reason (400) and an approved stage (409 STAGE_NOT_APPROVED), changing nothing', async () => {
      const slug = 'reopen-bad';
      await t.createProject(slug);
      const version = (await t.workflow(slug)).version;
      const blank = await t.as('pm').post(`/api/projects/${slug}/stages/${S1}/reopen`).send({ reason: '   ' }).expect(400);
      expect(blank.body.fields).toEqual([{ field: 'reason', message: 'reason is required: say why the approved stage is reopened' }]);
      const early = await t.as('pm').post(`/api/projects/${slug}/stages/${S1}/reopen`).send({ reason: 'Scope changed' }).expect(409);
      expect(early.body.blockers).toEqual([{ code: 'STAGE_NOT_APPROVED', message: 'Stage 1 (Planning and co-design) is in progress; only an approved stage can be reopened.', stage: S1 }]);
      expect((await t.workflow(slug)).version).toBe(version);
      // a stakeholder cannot reopen (the programme manager runs the project)
      await t.as('stakeholder').post(`/api/projects/${slug}/stages/${S1}/reopen`).send({ reason: 'x' }).expect(403);
    });

    it('sends stage 1 back to in progress and stages 2-4 back to not started, recorded and shown in the view', async () => {
      const slug = 'reopen-s1';
      await t.createProject(slug);
      await t.prepareStage(slug, S1);
      await t.submitAndApprove(slug, S1);
      await t.prepareStage(slug, S3);
      await t.submitAndApprove(slug, S3);
      await t.prepareStage(slug, S2);
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: S2 }).expect(201);
      expect(await statuses(slug)).toMatchObject({ [S1]: 'approved', [S2]: 'in-review', [S3]: 'approved', [S4]: 'in-progress' });

      const res = await t.as('pm').post(`/api/projects/${slug}/stages/${S1}/reopen`).send({ reason: 'Two stakeholder members have left; the group must be rebuilt.' }).expect(201);
      expect(res.body.entry).toMatchObject({
        type: 'STAGE_REOPENED',
        stage: S1,
        outcome: 'accepted',
        payload: { reason: 'Two stakeholder members have left; the group must be rebuilt.', invalidated: [S2, S3, S4] },
      });
      const view = res.body.workflow;
      expect(Object.fromEntries(view.stages.map((s: StageView) => [s.key, s.status]))).toMatchObject({ [S1]: 'in-progress', [S2]: 'not-started', [S3]: 'not-started', [S4]: 'not-started' });
      expect(view.reopenings).toEqual([expect.objectContaining({ stage: S1, by: 'Pat Manager', reason: 'Two stakeholder members have left; the group must be rebuilt.', invalidated: [S2, S3, S4] })]);
      expect(view.stages.find((s: StageView) => s.key === S3).reopened).toMatchObject({ stage: S1, invalidated: true });
      expect(view.stages[0].reopened).toMatchObject({ stage: S1, invalidated: false });
      // the review open on stage 2 has nothing left to decide
      const rounds = (await t.as('pm').get(`/api/projects/${slug}/stages/${S2}/reviews`).expect(200)).body.rounds;
      expect(rounds.map((r: { outcome: string }) => r.outcome)).toEqual(['superseded']);
      // stage 1's records can change again
      const [first] = await members(slug, 'stakeholder-group');
      await t.as('pm').delete(`/api/projects/${slug}/groups/stakeholder-group/members/${first.id}`).expect(200);
    });

    it('reopening one of stages 2-4 while in discovery leaves the other two where they stand', async () => {
      const slug = 'reopen-s3';
      await t.createProject(slug);
      await t.prepareStage(slug, S1);
      await t.submitAndApprove(slug, S1);
      await t.prepareStage(slug, S3);
      await t.submitAndApprove(slug, S3);
      const res = await t.event(slug, { type: 'REOPEN_STAGE', stage: S3, reason: 'The asset list missed the community hospital.' }).expect(201);
      expect(res.body.entry).toMatchObject({ type: 'STAGE_REOPENED', payload: { invalidated: [] } });
      expect(await statuses(slug)).toMatchObject({ [S1]: 'approved', [S2]: 'in-progress', [S3]: 'in-progress', [S4]: 'in-progress' });
    });
  });

  describe("a stage's target date", () => {
    const slug = 'targets';
    const plan = (stage: string, body: Record<string, unknown>) => t.as('pm').put(`/api/projects/${slug}/stages/${stage}/plan`).send(body);
    const plans = async () => (await t.as('pm').get(`/api/projects/${slug}/plan`).expect(200)).body.stages;
    beforeAll(async () => {
      await t.createProject(slug);
      await plan(S1, { targetDate: '2030-01-31' }).expect(200);
      await t.prepareStage(slug, S1);
      await t.submitAndApprove(slug, S1);
    });

    it("is closed once the stage is approved (an approved stage's plan cannot be set afterwards)", async () => {
      const body = await refusedUnchanged(slug, () => plan(S1, { targetDate: '2030-03-31', reason: 'tidying up' }), 'STAGE_APPROVED', S1, plans);
      expect(body.message).toMatch(/^The target date of Stage 1 \(Planning and co-design\) changes only while .* is approved: /);
    });

    it('moves only with a reason, and every move is in the history, the plan, the report and the portfolio', async () => {
      const first = await plan(S2, { targetDate: '2030-06-30' }).expect(200);
      expect(first.body.entry).toMatchObject({ type: 'STAGE_PLAN_SET', payload: { targetDate: '2030-06-30', previousTargetDate: null } });
      const refused = await refusedUnchanged(slug, () => plan(S2, { targetDate: '2030-09-30', reason: '  ' }), 'TARGET_MOVE_NEEDS_REASON', S2, plans);
      expect(refused.message).toBe(
        'The target date of Stage 2 (Population health and care needs) is 2030-06-30; moving it to 2030-09-30 needs a reason, which the board will see beside the move.',
      );
      const moved = await plan(S2, { targetDate: '2030-09-30', reason: 'The JSNA refresh moved to the summer.' }).expect(200);
      expect(moved.body.entry).toMatchObject({
        type: 'STAGE_TARGET_MOVED',
        payload: { targetDate: '2030-09-30', previousTargetDate: '2030-06-30', reason: 'The JSNA refresh moved to the summer.' },
      });
      const s2 = (await plans()).find((s: { stage: string }) => s.stage === S2);
      expect(s2).toMatchObject({ targetDate: '2030-09-30', baselineDate: '2030-06-30', targetMoves: [expect.objectContaining({ from: '2030-06-30', to: '2030-09-30', by: 'Pat Manager' })] });
      const words = 'target moved from 2030-06-30 to 2030-09-30 on ';
      const md = (await t.as('pm').get(`/api/projects/${slug}/highlight-report?format=markdown`).expect(200)).text;
      expect(md).toContain(`Stage 2 (Population health and care needs): ${words}`);
      expect(md).toContain(', by Pat Manager, because The JSNA refresh moved to the summer.');
      const row = (await t.as('pm').get('/api/portfolio').expect(200)).body.items.find((p: { slug: string }) => p.slug === slug);
      const current = row.currentStages.find((s: { stage: string }) => s.stage === S2);
      expect(current.baselineDate).toBe('2030-06-30');
      expect(current.targetMoves).toEqual([expect.stringContaining(words)]);
    });
  });

  describe('decisions, reviewers and managers', () => {
    const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    // the board's day is London's: two UTC days ahead is in the future there at any hour
    const dayAfterTomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

    it('refuses a business-case approval or a scrutiny consultation dated in the future (400, nothing changes)', async () => {
      const slug = 'future-dates';
      await t.createProject(slug);
      const version = (await t.workflow(slug)).version;
      const historyLength = (await t.history(slug)).length;
      // a business case is approved by the board's own decision (test/e2e/board-decisions.e2e-spec.ts): its meeting date cannot be in the future either
      const approval = await t.as('board').post(`/api/projects/${slug}/business-case/board-decisions`).send({ decision: 'approved', meetingDate: dayAfterTomorrow(), minuteReference: 'ISDB 1' }).expect(400);
      expect(approval.body.fields).toEqual([{ field: 'meetingDate', message: expect.stringMatching(/^The meeting date \d{4}-\d{2}-\d{2} is after today \(\d{4}-\d{2}-\d{2}, in London\): the board's decision can be recorded only once the board has met$/) }]);
      const scrutiny = await t.as('pm').put(`/api/projects/${slug}/service-change-assurance`).send({ healthScrutinyConsultedOn: tomorrow() }).expect(400);
      expect(scrutiny.body.fields).toEqual([{ field: 'healthScrutinyConsultedOn', message: expect.stringContaining('a scrutiny consultation can be recorded only once it has been taken') }]);
      expect((await t.workflow(slug)).version).toBe(version);
      expect((await t.history(slug)).length).toBe(historyLength);
    });

    it('refuses changing the reviewers while their stage is in review', async () => {
      const slug = 'reviewers-locked';
      await t.createProject(slug);
      await t.prepareStage(slug, S1);
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: S1 }).expect(201);
      const body = await refusedUnchanged(
        slug,
        () => t.as('pm').post(`/api/projects/${slug}/groups/stakeholder-group/members`).send({ name: 'Late Joiner', organisation: 'Age UK', organisationType: 'voluntary-and-community-sector', roleInGroup: 'Member' }),
        'REVIEWERS_IN_REVIEW',
        S1,
        () => members(slug, 'stakeholder-group'),
      );
      expect(body.message).toMatch(/^The stakeholder group changes only while no stage is in review; Stage 1 \(Planning and co-design\) is in review/);
    });

    it('refuses a submission for review when a reviewing group has nobody able to decide, with a blocker that says so', async () => {
      const slug = 'no-reviewer';
      await t.createProject(slug);
      await t.prepareStage(slug, S1);
      const clinician = (await members(slug, 'clinical-professional-group')).find((m: any) => m.userId === t.user('clinician').id)!;
      await t.as('pm').patch(`/api/projects/${slug}/groups/clinical-professional-group/members/${clinician.id}`).send({ userId: null }).expect(200);
      const stage1 = (await t.workflow(slug)).stages[0];
      expect(stage1.blockers).toEqual([expect.objectContaining({ code: 'REVIEW_NO_REVIEWER_TO_DECIDE', stage: S1, ref: 'clinical-professional-group' })]);
      const body = await refusedUnchanged(slug, () => t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: S1 }), 'REVIEW_NO_REVIEWER_TO_DECIDE', S1, () => statuses(slug));
      expect(body.blockers[0].message).toBe(
        "Nobody in the clinical/professional group can review Stage 1 (Planning and co-design): no member has an active reviewer account. Link a member's account before submitting it for review, or it could never be approved.",
      );
    });

    it('refuses a role change or deactivation that would leave a project without a manager, unless a replacement is named', async () => {
      const leaving = await t.addUser('leaving', 'programme-manager', 'Lee Leaving');
      const res = await t.as('leaving').post('/api/projects').send({ name: 'Handover', slug: 'handover', scope: 'town', pcns: ['wantage'] });
      expect(res.status).toBe(201);
      for (const change of [{ role: 'stakeholder' }, { active: false }]) {
        const refused = await t.as('admin').patch(`/api/users/${leaving.id}`).send(change).expect(409);
        expect(refused.body).toMatchObject({ error: 'ProjectsNeedManager', projects: ['handover'] });
        expect(refused.body.message).toMatch(/^Lee Leaving runs an open project \(handover\); name who takes over/);
      }
      const project = (await t.as('admin').get('/api/projects/handover').expect(200)).body;
      expect(project.managerUserId).toBe(leaving.id);
      const account = (await t.as('admin').get('/api/users?limit=200').expect(200)).body.items.find((u: { id: string }) => u.id === leaving.id);
      expect(account).toMatchObject({ role: 'programme-manager', active: true });
      const bad = await t.as('admin').patch(`/api/users/${leaving.id}`).send({ active: false, replacementManagerId: t.user('stakeholder').id }).expect(400);
      expect(bad.body.fields[0].field).toBe('replacementManagerId');
      await t.as('admin').patch(`/api/users/${leaving.id}`).send({ active: false, replacementManagerId: t.user('pm').id }).expect(200);
      const after = (await t.as('admin').get('/api/projects/handover').expect(200)).body;
      expect(after.managerUserId).toBe(t.user('pm').id);
      expect((await t.history('handover')).at(-1)).toMatchObject({ type: 'MANAGER_ASSIGNED', outcome: 'accepted', payload: { userId: t.user('pm').id, previousUserId: leaving.id } });
    });
  });

  describe('deliverables need evidence', () => {
    it('refuses a deliverable marked done with whitespace-only evidence (400, nothing changes)', async () => {
      const slug = 'blank-evidence';
      await t.createProject(slug);
      const version = (await t.workflow(slug)).version;
      const res = await t.as('pm').put(`/api/projects/${slug}/stages/${S1}/deliverables/confirm-scope`).send({ status: 'done', evidence: '   ' }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'evidence', message: 'evidence is required when a deliverable is done: say what was done and where the output is' }]);
      const view = await t.workflow(slug);
      expect(view.version).toBe(version);
      expect(view.stages[0].deliverables.find((d: { key: string }) => d.key === 'confirm-scope')).toMatchObject({ status: 'not-started', evidence: null });
    });

    it('shows no deliverable of a stage that has not started as done', async () => {
      const view = await t.workflow('blank-evidence');
      for (const stage of view.stages.filter((s: StageView) => s.status === 'not-started')) {
        expect(stage.deliverables.filter((d: { status: string }) => d.status !== 'not-started')).toEqual([]);
      }
    });
  });
});
