import { STAGE_KEYS } from '../../workflows';
import { appraisal, CASES, createShortList, fillBusinessCase, filter, registerIds, send, setCaseStatuses, STAGE6 } from './support/stage6-stage-work';
import { TestApp } from './support/test-app';

interface Blocker {
  code: string;
  ref?: string;
  stage?: string;
}

/** The stage 6 gate through the API: each criterion refuses with its own blocker, and the data that meets it satisfies it. */
describe('development of options (e2e): the stage 6 gate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function toStage6(slug: string) {
    await t.createProject(slug);
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    return { proposalIds: (await registerIds(t, slug, 'proposals')).slice(0, 1), needIds: (await registerIds(t, slug, 'needs')).slice(0, 1) };
  }

  /** SUBMIT_FOR_REVIEW of stage 6: its blockers when refused (409), [] when accepted. */
  async function submit(slug: string): Promise<Blocker[]> {
    const res = await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE6 });
    if (res.status === 201) return [];
    expect(res.status).toBe(409);
    const blockers: Blocker[] = res.body.blockers;
    // Every blocker is stage 6's, and none is said twice (derived deliverables and extra rules do not overlap).
    for (const b of blockers) expect(b.stage).toBe(STAGE6);
    const keys = blockers.map((b) => `${b.code}|${b.ref ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    return blockers;
  }
  const codes = (blockers: Blocker[]) => blockers.map((b) => b.code);
  const refsOf = (blockers: Blocker[], code: string) => blockers.filter((b) => b.code === code).map((b) => b.ref);

  it('refuses each unmet criterion with its own blocker until the data meets it, then completes the project (no significant service change)', async () => {
    const slug = 'gate-walk';
    const { proposalIds, needIds } = await toStage6(slug);
    const options = `/api/projects/${slug}/options`;
    const noChange = { confirmed: false, reason: 'Services stay where they are' };

    let b = await submit(slug);
    expect(codes(b)).toEqual(expect.arrayContaining(['LONG_LIST_EMPTY', 'BUSINESS_CASE_MISSING', 'OPTIONS_NOT_REFINED', 'SSC_NO_SHORT_LIST']));

    // Business as usual on the short list.
    await send(t, 'post', options, { id: 'bau', title: 'Business as usual', kind: 'business-as-usual', filter: filter('No change') });
    b = await submit(slug);
    expect(codes(b)).not.toContain('LONG_LIST_EMPTY');
    expect(refsOf(b, 'OPTION_NOT_DECIDED')).toEqual(['bau']);
    expect(codes(b)).toContain('SHORT_LIST_NO_BUSINESS_AS_USUAL');
    await send(t, 'patch', `${options}/bau`, { status: 'short-listed', statusReason: 'The baseline', significantServiceChange: noChange });
    b = await submit(slug);
    expect(codes(b)).not.toContain('SHORT_LIST_NO_BUSINESS_AS_USUAL');
    expect(codes(b)).not.toContain('OPTION_NOT_DECIDED');
    expect(refsOf(b, 'OPTION_NOT_APPRAISED')).toEqual(['bau']);
    expect(codes(b)).toEqual(expect.arrayContaining(['SHORT_LIST_NO_DO_MINIMUM', 'SHORT_LIST_NO_ALTERNATIVE', 'PREFERRED_OPTION_MISSING']));

    // Every short-listed option appraised.
    await send(t, 'put', `${options}/bau/appraisal`, appraisal(0.5));
    expect(codes(await submit(slug))).not.toContain('OPTION_NOT_APPRAISED');

    // Do minimum: on the filter, decided, appraised, and decided on significant service change.
    const { funding: _funding, ...noFunding } = filter('Longer opening hours');
    await send(t, 'post', options, { id: 'do-minimum', title: 'Do minimum', kind: 'do-minimum', proposalIds, filter: noFunding, status: 'short-listed', statusReason: 'Cheapest change' });
    b = await submit(slug);
    expect(codes(b)).not.toContain('SHORT_LIST_NO_DO_MINIMUM');
    expect(refsOf(b, 'OPTION_FILTER_INCOMPLETE')).toEqual(['do-minimum']);
    expect(refsOf(b, 'OPTION_NOT_APPRAISED')).toEqual(['do-minimum']);
    expect(refsOf(b, 'SSC_NOT_DECIDED')).toEqual(['do-minimum']);
    await send(t, 'patch', `${options}/do-minimum`, { filter: { funding: 'Existing revenue' } });
    await send(t, 'put', `${options}/do-minimum/appraisal`, appraisal(0.8));
    await send(t, 'patch', `${options}/do-minimum`, { significantServiceChange: noChange });
    b = await submit(slug);
    for (const code of ['OPTION_FILTER_INCOMPLETE', 'OPTION_NOT_APPRAISED', 'SSC_NOT_DECIDED']) expect(codes(b)).not.toContain(code);

    // A viable alternative, the preferred way forward.
    await send(t, 'post', options, {
      id: 'hub', title: 'Integrated care hub', kind: 'alternative', proposalIds, filter: filter('Hub'),
      status: 'short-listed', statusReason: 'Best fit', significantServiceChange: noChange,
    });
    await send(t, 'put', `${options}/hub/appraisal`, appraisal());
    b = await submit(slug);
    expect(codes(b)).not.toContain('SHORT_LIST_NO_ALTERNATIVE');
    expect(codes(b)).toContain('PREFERRED_OPTION_MISSING');
    await send(t, 'patch', `${options}/hub`, { preferred: true });
    b = await submit(slug);
    expect(codes(b)).not.toContain('PREFERRED_OPTION_MISSING');

    // A discounted option needs no appraisal.
    await send(t, 'post', options, { id: 'new-build', title: 'New-build campus', kind: 'alternative', proposalIds, filter: filter('New build'), status: 'discounted', statusReason: 'Unaffordable' });

    // Options refined by engagement or modelling.
    expect(codes(b)).toContain('OPTIONS_NOT_REFINED');
    await send(t, 'patch', `${options}/hub`, { refinementNotes: [{ kind: 'modelling', summary: 'Activity model of the hub' }] });
    b = await submit(slug);
    expect(codes(b)).not.toContain('OPTIONS_NOT_REFINED');
    expect(codes(b)).not.toContain('SSC_NO_SHORT_LIST');
    const view = await t.workflow(slug);
    const deliverables = view.stages.find((s: { key: string }) => s.key === STAGE6).deliverables;
    expect(deliverables.filter((d: { derived: boolean }) => d.derived).map((d: { key: string }) => d.key)).toEqual([
      'refine-options', 'test-options', 'outline-business-case', 'quick-wins', 'significant-service-change',
    ]);
    for (const key of ['refine-options', 'test-options', 'significant-service-change']) {
      expect(deliverables.find((d: { key: string }) => d.key === key).status).toBe('done');
    }

    // The five cases, complete.
    expect(codes(b)).toEqual(['BUSINESS_CASE_MISSING']);
    await fillBusinessCase(t, slug, needIds);
    b = await submit(slug);
    expect(refsOf(b, 'CASE_NOT_COMPLETE')).toEqual([...CASES]);

    // Affordability: a funding gap needs the plan to close it; an unconfirmed source does not close it.
    await send(t, 'put', `/api/projects/${slug}/business-case/financial`, {
      fundingSources: [
        { source: 'System capital', amount: 150000, confirmed: true },
        { source: 'Developer contributions (not yet agreed)', amount: 100000, confirmed: false },
      ],
    });
    const gap = await t.as('pm').post(`/api/projects/${slug}/business-case/financial/status`).send({ status: 'complete' }).expect(409);
    expect(gap.body.blockers).toEqual([expect.objectContaining({ code: 'CASE_SECTION_INVALID', ref: 'affordability', message: expect.stringContaining('£50,000') })]);
    await send(t, 'put', `/api/projects/${slug}/business-case/financial`, { fundingGapPlan: 'Bid to the community diagnostic fund' });
    const financial = await t.as('pm').get(`/api/projects/${slug}/business-case`).expect(200);
    expect(financial.body.affordability).toMatchObject({ preferredOptionId: 'hub', totalCost: 200000, totalFunding: 150000, unconfirmedFunding: 100000, gap: 50000, withinFunding: false });

    await setCaseStatuses(t, slug, 'complete');
    b = await submit(slug);
    expect(b).toEqual([]);

    // In review: records are frozen, but the board's approval of the cases may be recorded.
    const frozen = await t.as('pm').patch(`${options}/hub`).send({ statusReason: 'Changed' }).expect(409);
    expect(codes(frozen.body.blockers)).toEqual(['STAGE_IN_REVIEW']);
    await t.as('pm').post(`/api/projects/${slug}/business-case/strategic/status`).send({ status: 'draft' }).expect(409);

    const approve = await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE6 }).expect(409);
    expect(refsOf(approve.body.blockers, 'CASE_NOT_APPROVED')).toEqual([...CASES]);
    await setCaseStatuses(t, slug, 'approved');
    await t.reviewersApprove(slug, STAGE6);
    await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE6 }).expect(201);
    const done = await t.workflow(slug);
    expect(done.status).toBe('completed');
    expect(done.stages.find((s: { key: string }) => s.key === STAGE6).status).toBe('approved');
    const doc = await t.as('pm').get(`/api/projects/${slug}/business-case/document?format=markdown`).expect(200);
    expect(doc.text).toContain('| Strategic case | approved | Bo Ardmember, for the Integrated System Delivery Board (minute ISDB 2023/07) | 2023-03-14 |');
    expect(doc.text).toContain('exceeds the identified (confirmed) funding of £150,000: a gap of £50,000');
  });

  it('completes stage 6 with a significant service change once the assurance record is complete', async () => {
    const slug = 'gate-ssc';
    const { proposalIds, needIds } = await toStage6(slug);
    await createShortList(t, slug, proposalIds);
    await fillBusinessCase(t, slug, needIds);
    await setCaseStatuses(t, slug, 'complete');

    await send(t, 'patch', `/api/projects/${slug}/options/hub`, { significantServiceChange: { confirmed: true, reason: 'Outpatient clinics move from two sites to one' } });
    let b = await submit(slug);
    expect(codes(b)).toEqual(['SSC_ASSURANCE_MISSING']);
    const required = await t.as('pm').get(`/api/projects/${slug}/service-change-assurance`).expect(200);
    expect(required.body).toMatchObject({ required: true, confirmedFor: [{ optionId: 'hub', reason: 'Outpatient clinics move from two sites to one' }] });

    const url = `/api/projects/${slug}/service-change-assurance`;
    const tests = {
      publicEngagement: 'Six public events and a survey of 800 residents',
      patientChoice: 'Outpatients keep a choice of site',
      clinicalEvidence: 'Clinical senate review, March 2023',
      commissionerSupport: 'ICB board support, February 2023',
    };
    const consultation = {
      periodWeeks: 12,
      informationProvided: 'Consultation document, easy-read version and data pack',
      responsesTakenIntoAccount: 'Independent analysis reported to the board before it decides',
      formativeStage: 'No decision taken; options remain open',
    };
    await send(t, 'put', url, { tests: { publicEngagement: tests.publicEngagement }, bedsClose: true, consultation: { ...consultation, periodWeeks: 8, informationProvided: '' } });
    b = await submit(slug);
    expect(refsOf(b, 'SSC_TEST_EVIDENCE_MISSING')).toEqual(['tests.patientChoice', 'tests.clinicalEvidence', 'tests.commissionerSupport']);
    expect(codes(b)).toEqual(
      expect.arrayContaining(['SSC_BED_CLOSURE_EVIDENCE_MISSING', 'SSC_CONSULTATION_TOO_SHORT', 'SSC_CONSULTATION_INFORMATION_MISSING', 'SSC_SCRUTINY_NOT_CONSULTED']),
    );
    expect(codes(b)).not.toContain('SSC_CONSULTATION_RESPONSES_MISSING');

    // Where beds close the bed-closure test needs evidence; the consultation runs at least 12 weeks.
    await send(t, 'put', url, { tests, bedsClose: true, bedClosureEvidence: 'Alternative provision in the hub', consultation, healthScrutinyConsultedOn: null });
    b = await submit(slug);
    expect(codes(b)).toEqual(['SSC_SCRUTINY_NOT_CONSULTED']);
    await send(t, 'put', url, { tests, bedsClose: false, consultation, healthScrutinyConsultedOn: '2023-01-26' });
    expect(await submit(slug)).toEqual([]);

    await setCaseStatuses(t, slug, 'approved');
    await t.reviewersApprove(slug, STAGE6);
    await t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE6 }).expect(201);
    expect((await t.workflow(slug)).status).toBe('completed');
    const doc = await t.as('pm').get(`/api/projects/${slug}/business-case/document?format=html`).expect(200);
    expect(doc.text).toContain('<caption>NHS England assurance: the four tests</caption>');
    expect(doc.text).toContain('Clinical senate review, March 2023');
  });
});
