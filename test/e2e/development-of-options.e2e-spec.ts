import { STAGE_KEYS } from '../../workflows';
import { TestApp } from './support/test-app';

/**
 * Stage 6 through the API: options, appraisal (hand-worked NPSV and BCR), the five-case
 * business case, the assurance record, the board document, and the stage 6 gate.
 */
const STAGE6 = 'development-of-options';

const scores = {
  deliverability: { score: 4, rationale: 'Site owned by the trust' },
  operationalSustainability: { score: 3, rationale: 'Recurrent staffing agreed' },
  affordability: { score: 4, rationale: 'Within the capital envelope' },
};

/** The hand-worked example: £100,000 capital in year 0, £50,000 revenue in years 1 and 2; benefits £80,000 and £120,000. */
const handWorked = {
  scores,
  costs: [
    { year: 0, capital: 100000, revenue: 0, description: 'Refurbishment' },
    { year: 1, capital: 0, revenue: 50000 },
    { year: 2, capital: 0, revenue: 50000 },
  ],
  benefits: [
    { year: 1, amount: 80000 },
    { year: 2, amount: 120000 },
  ],
  unquantifiedBenefits: ['Care closer to home'],
};

const filter = (solution: string) => ({
  scope: 'Wantage and surrounding villages (OX12)',
  solution,
  delivery: 'Oxford Health NHS FT with the PCN',
  implementation: 'Phased over two years',
  funding: 'System capital plus a revenue shift',
});

describe('development of options (e2e): options, appraisal, business case, assurance, document', () => {
  let t: TestApp;
  const slug = 'stage6-basics';
  const api = (path = '') => `/api/projects/${slug}${path}`;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    const view = await t.workflow(slug);
    expect(view.stages.find((s: { key: string }) => s.key === STAGE6).status).toBe('in-progress');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses stage 6 records while stage 6 is not in progress', async () => {
    await t.createProject('stage6-too-early');
    const res = await t.as('pm').post('/api/projects/stage6-too-early/options').send({ title: 'Business as usual', kind: 'business-as-usual' }).expect(409);
    expect(res.body.blockers.map((b: { code: string }) => b.code)).toEqual(['STAGE_NOT_STARTED']);
    await t.as('pm').put('/api/projects/stage6-too-early/service-change-assurance').send({}).expect(409);
    expect((await t.as('pm').get('/api/projects/stage6-too-early/options').expect(200)).body.items).toEqual([]);
  });

  describe('options', () => {
    it('creates business as usual without proposals, described on the options framework filter', async () => {
      const res = await t
        .as('pm')
        .post(api('/options'))
        .send({ title: 'Business as usual', kind: 'business-as-usual', filter: filter('No change'), status: 'short-listed', statusReason: 'The baseline' })
        .expect(201);
      expect(res.body).toMatchObject({ id: 'business-as-usual', kind: 'business-as-usual', proposalIds: [], status: 'short-listed', preferred: false, appraised: false });
      expect(res.body.filter).toEqual(filter('No change'));
      const list = await t.as('pm').get(api('/options')).expect(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual(['business-as-usual']);
      expect(list.body.blockers.map((b: { code: string }) => b.code)).toEqual(
        expect.arrayContaining(['SHORT_LIST_NO_DO_MINIMUM', 'SHORT_LIST_NO_ALTERNATIVE', 'PREFERRED_OPTION_MISSING']),
      );
      await t.as('pm').get(api('/options/business-as-usual')).expect(200);
      await t.as('pm').get(api('/options/nope')).expect(404);
    });

    it('answers 400 for an option not built from stage 5 proposals, naming unknown ids, and changes nothing', async () => {
      const none = await t.as('pm').post(api('/options')).send({ title: 'Hub', kind: 'alternative' }).expect(400);
      expect(none.body.fields).toContainEqual({ field: 'proposalIds', message: expect.stringContaining('stage 5 proposal') });
      const unknown = await t.as('pm').post(api('/options')).send({ title: 'Hub', kind: 'alternative', proposalIds: ['prop-missing'] }).expect(400);
      expect(unknown.body.fields).toContainEqual({ field: 'proposalIds[0]', message: expect.stringContaining('"prop-missing"') });
      const badKind = await t.as('pm').post(api('/options')).send({ title: 'Hub', kind: 'grand-plan', extra: 1 }).expect(400);
      expect(badKind.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['kind', 'extra']));
      expect((await t.as('pm').get(api('/options')).expect(200)).body.items).toHaveLength(1);
    });

    it('needs a reason to short-list or discount, and only a short-listed option can be preferred', async () => {
      await t.as('pm').post(api('/options')).send({ id: 'bau-2', title: 'Second baseline', kind: 'business-as-usual' }).expect(201);
      const noReason = await t.as('pm').patch(api('/options/bau-2')).send({ status: 'discounted' }).expect(400);
      expect(noReason.body.fields.map((f: { field: string }) => f.field)).toEqual(['statusReason']);
      const notShort = await t.as('pm').patch(api('/options/bau-2')).send({ preferred: true }).expect(400);
      expect(notShort.body.fields.map((f: { field: string }) => f.field)).toEqual(['preferred']);
      const discounted = await t.as('pm').patch(api('/options/bau-2')).send({ status: 'discounted', statusReason: 'Duplicate of the baseline' }).expect(200);
      expect(discounted.body).toMatchObject({ status: 'discounted', statusReason: 'Duplicate of the baseline' });
      await t.as('pm').post(api('/options')).send({ id: 'bau-2', title: 'Again', kind: 'business-as-usual' }).expect(400);
      await t.as('pm').delete(api('/options/bau-2')).expect(204);
      await t.as('pm').delete(api('/options/bau-2')).expect(404);
    });

    it('records quick wins, the significant service change decision with its reason, and refinement notes', async () => {
      const res = await t
        .as('pm')
        .patch(api('/options/business-as-usual'))
        .send({
          quickWin: { flagged: true, description: 'Extend phlebotomy hours now' },
          significantServiceChange: { confirmed: false, reason: 'No change to services' },
          refinementNotes: [{ kind: 'engagement', summary: 'Town hall event, 120 residents', date: '2019-06-12' }],
        })
        .expect(200);
      expect(res.body.quickWin).toEqual({ flagged: true, description: 'Extend phlebotomy hours now' });
      expect(res.body.significantServiceChange).toEqual({ confirmed: false, reason: 'No change to services' });
      const noReason = await t.as('pm').patch(api('/options/business-as-usual')).send({ significantServiceChange: { confirmed: true, reason: ' ' } }).expect(400);
      expect(noReason.body.fields.map((f: { field: string }) => f.field)).toEqual(['significantServiceChange.reason']);
      const badDate = await t.as('pm').patch(api('/options/business-as-usual')).send({ refinementNotes: [{ kind: 'engagement', summary: 'x', date: '2019-02-30' }] }).expect(400);
      expect(badDate.body.fields[0].field).toBe('refinementNotes.0.date');
      const wins = await t.as('pm').get(api('/quick-wins')).expect(200);
      expect(wins.body.items).toEqual([{ optionId: 'business-as-usual', title: 'Business as usual', description: 'Extend phlebotomy hours now' }]);
      await t.as('pm').put(api('/quick-wins')).send({ noneIdentified: true }).expect(400);
    });
  });

  describe('appraisal', () => {
    it('computes PV costs and benefits, NPSV, BCR and the sensitivity cases for the hand-worked example', async () => {
      const res = await t.as('pm').put(api('/options/business-as-usual/appraisal')).send(handWorked).expect(200);
      const r = res.body.result;
      // Defaults: 10 years at the Green Book rate of 3.5%.
      expect(r.periodYears).toBe(10);
      expect(r.discountRate).toBe(0.035);
      expect(r.years).toHaveLength(10);
      // Discount factors: year 0 = 1, year 1 = 1/1.035 = 0.966184, year 2 = 1/1.035^2 = 0.933511.
      expect(r.years.slice(0, 3).map((y: { discountFactor: number }) => y.discountFactor)).toEqual([1, 0.966184, 0.933511]);
      // PV costs    = 100,000 + 50,000 x 0.966184 + 50,000 x 0.933511 = 100,000 + 48,309.18 + 46,675.54 = 194,984.71
      // PV benefits = 80,000 x 0.966184 + 120,000 x 0.933511 = 77,294.69 + 112,021.28 = 189,315.97
      // NPSV = 189,315.97 - 194,984.71 = -5,668.74;  BCR = 189,315.97 / 194,984.71 = 0.97
      expect(r.pvCosts).toBe(194984.71);
      expect(r.pvCapital).toBe(100000);
      expect(r.pvRevenue).toBe(94984.71);
      expect(r.pvBenefits).toBe(189315.97);
      expect(r.npsv).toBe(-5668.74);
      expect(r.bcr).toBe(0.97);
      expect(r.totalCost).toBe(200000);
      // Costs +20%: PV costs 233,981.66, NPSV -44,665.69, BCR 0.81
      // Benefits -20%: PV benefits 151,452.78, NPSV -43,531.94, BCR 0.78
      // Both: NPSV 151,452.78 - 233,981.66 = -82,528.88, BCR 0.65
      expect(r.sensitivity).toEqual([
        { key: 'costs-up', label: 'Costs +20%', pvCosts: 233981.66, pvBenefits: 189315.97, npsv: -44665.69, bcr: 0.81 },
        { key: 'benefits-down', label: 'Benefits -20%', pvCosts: 194984.71, pvBenefits: 151452.78, npsv: -43531.94, bcr: 0.78 },
        { key: 'costs-up-benefits-down', label: 'Costs +20% and benefits -20%', pvCosts: 233981.66, pvBenefits: 151452.78, npsv: -82528.88, bcr: 0.65 },
      ]);
      expect(r.unquantifiedBenefits).toEqual(['Care closer to home']);
      const got = await t.as('pm').get(api('/options/business-as-usual/appraisal')).expect(200);
      expect(got.body.result).toEqual(r);
      expect(got.body.input.costs).toHaveLength(3);
      const option = await t.as('pm').get(api('/options/business-as-usual')).expect(200);
      expect(option.body.appraisalSummary).toEqual({ pvCosts: 194984.71, pvBenefits: 189315.97, npsv: -5668.74, bcr: 0.97 });
    });

    it('uses the period and discount rate given', async () => {
      await t.as('pm').post(api('/options')).send({ id: 'bau-short', title: 'Short appraisal', kind: 'business-as-usual' }).expect(201);
      // 1,000 a year for years 0-4 at 5%: 1,000 x (1 + 0.952381 + 0.907029 + 0.863838 + 0.822702) = 4,545.95
      const costs = [0, 1, 2, 3, 4].map((year) => ({ year, capital: 0, revenue: 1000 }));
      const res = await t.as('pm').put(api('/options/bau-short/appraisal')).send({ scores, costs, benefits: [], periodYears: 5, discountRate: 0.05 }).expect(200);
      expect(res.body.result).toMatchObject({ periodYears: 5, discountRate: 0.05, pvCosts: 4545.95, pvBenefits: 0, npsv: -4545.95, bcr: 0 });
      await t.as('pm').delete(api('/options/bau-short')).expect(204);
    });

    it('answers 400 with field messages for invalid figures, and keeps the appraisal as it was', async () => {
      const bad = async (body: Record<string, unknown>) => {
        const res = await t.as('pm').put(api('/options/business-as-usual/appraisal')).send({ ...handWorked, ...body }).expect(400);
        return res.body.fields.map((f: { field: string }) => f.field);
      };
      expect(await bad({ periodYears: -1 })).toContain('periodYears');
      expect(await bad({ periodYears: 0 })).toContain('periodYears');
      expect(await bad({ discountRate: 0.5 })).toEqual(['discountRate']);
      expect(await bad({ discountRate: -0.01 })).toEqual(['discountRate']);
      expect(await bad({ costs: [{ year: 0, capital: -5, revenue: 0 }] })).toEqual(['costs[0].capital']);
      expect(await bad({ benefits: [{ year: 10, amount: 5 }] })).toEqual(['benefits[0].year']);
      expect(await bad({ scores: { deliverability: { score: 6, rationale: 'x' } } })).toEqual(
        expect.arrayContaining(['scores.deliverability.score', 'scores.operationalSustainability.score', 'scores.affordability.rationale']),
      );
      expect(await bad({ discountRate: 'high' })).toEqual(['discountRate']);
      const msg = await t.as('pm').put(api('/options/business-as-usual/appraisal')).send({ ...handWorked, discountRate: 0.5 }).expect(400);
      expect(msg.body).toMatchObject({ error: 'ValidationFailed', fields: [{ field: 'discountRate', message: expect.stringContaining('0.2') }] });
      const got = await t.as('pm').get(api('/options/business-as-usual/appraisal')).expect(200);
      expect(got.body.result.npsv).toBe(-5668.74);
      await t.as('pm').put(api('/options/nope/appraisal')).send(handWorked).expect(404);
    });

    it('summarises the short list\'s appraisals', async () => {
      const res = await t.as('pm').get(api('/appraisals')).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ optionId: 'business-as-usual', kind: 'business-as-usual', result: expect.objectContaining({ npsv: -5668.74 }) })]);
      expect(res.body.blockers).toEqual([]);
    });
  });

  describe('business case', () => {
    it('starts as five draft cases, each with its blockers', async () => {
      const res = await t.as('pm').get(api('/business-case')).expect(200);
      expect(res.body.started).toBe(false);
      expect(res.body.cases.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
        ['strategic', 'draft'],
        ['economic', 'draft'],
        ['commercial', 'draft'],
        ['financial', 'draft'],
        ['management', 'draft'],
      ]);
      const commercial = res.body.cases.find((c: { key: string }) => c.key === 'commercial');
      expect(commercial.blockers.map((b: { ref: string }) => b.ref)).toEqual(['procurementRoute', 'riskAllocation']);
    });

    it('refuses to mark a case complete while a required section is empty, naming the section', async () => {
      await t.as('pm').put(api('/business-case/commercial')).send({ procurementRoute: 'Existing NHS property, current contract' }).expect(200);
      const refused = await t.as('pm').post(api('/business-case/commercial/status')).send({ status: 'complete' }).expect(409);
      expect(refused.body.blockers).toEqual([
        expect.objectContaining({ code: 'CASE_SECTION_EMPTY', ref: 'riskAllocation', deliverable: 'outline-business-case', stage: STAGE6 }),
      ]);
      const history = await t.as('pm').get(`${api('/history')}?limit=200`).expect(200);
      expect(history.body.items.at(-1)).toMatchObject({ type: 'BUSINESS_CASE_STATUS_CHANGED', outcome: 'refused', blockers: [expect.objectContaining({ ref: 'riskAllocation' })] });

      await t.as('pm').put(api('/business-case/commercial')).send({ riskAllocation: 'Construction risk with the trust' }).expect(200);
      const done = await t.as('pm').post(api('/business-case/commercial/status')).send({ status: 'complete' }).expect(200);
      const commercial = done.body.cases.find((c: { key: string }) => c.key === 'commercial');
      expect(commercial).toMatchObject({ status: 'complete', blockers: [], content: { procurementRoute: 'Existing NHS property, current contract' } });
    });

    it('a case is approved only by the board: the status endpoint takes draft or complete; an edit returns an approved case to draft', async () => {
      const old = await t.as('pm').post(api('/business-case/commercial/status')).send({ status: 'approved', approvedBy: 'Programme board', approvedOn: '2023-03-14' }).expect(400);
      expect(old.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['status']));
      expect(JSON.stringify(old.body)).toContain("a case is approved only by the board's decision");
      // the board approves the whole business case once every case is complete: here only the commercial case is
      const early = await t.as('board').post(api('/business-case/board-decisions')).send({ decision: 'approved', meetingDate: '2023-03-14', minuteReference: 'ISDB 2023/07' }).expect(409);
      expect(early.body.blockers.map((b: { code: string; ref: string }) => `${b.code} ${b.ref}`)).toContain('CASE_NOT_COMPLETE strategic');
      expect((await t.as('pm').get(api('/business-case'))).body.cases.find((c: { key: string }) => c.key === 'commercial').status).toBe('complete');
      const edited = await t.as('pm').put(api('/business-case/commercial')).send({ riskAllocation: 'Shared through the system risk share' }).expect(200);
      expect(edited.body.cases.find((c: { key: string }) => c.key === 'commercial')).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
      await t.as('pm').post(api('/business-case/nonsense/status')).send({ status: 'complete' }).expect(400);
    });

    it('validates sections: at most six spending objectives, stage 2 needs only, real milestone dates', async () => {
      const seven = Array.from({ length: 7 }, (_, i) => ({ text: `Objective ${i}`, measure: 'x' }));
      const tooMany = await t.as('pm').put(api('/business-case/strategic')).send({ spendingObjectives: seven }).expect(400);
      expect(tooMany.body.fields[0].field).toBe('spendingObjectives');
      const unknownNeed = await t.as('pm').put(api('/business-case/strategic')).send({ businessNeeds: { summary: 'x', needIds: ['need-nowhere'] } }).expect(400);
      expect(unknownNeed.body.fields).toEqual([{ field: 'businessNeeds.needIds[0]', message: expect.stringContaining('"need-nowhere"') }]);
      const badDate = await t.as('pm').put(api('/business-case/management')).send({ deliveryPlan: { summary: 'x', milestones: [{ title: 'Opens', date: '2025-13-01' }] } }).expect(400);
      expect(badDate.body.fields[0].field).toBe('deliveryPlan.milestones.0.date');
    });

    it('renders the business case as HTML and Markdown with the appraisal table, escaping what users typed', async () => {
      await t.as('pm').put(api('/business-case/strategic')).send({ scope: 'OX12 <script>alert(1)</script>' }).expect(200);
      const html = await t.as('pm').get(api('/business-case/document?format=html')).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toMatch(/^<!DOCTYPE html>/);
      expect(html.text).toContain('<h1>Outline Business Case: Project stage6-basics</h1>');
      expect(html.text).toContain('<caption>Appraisal: present values, net present social value (NPSV) and benefit-cost ratio (BCR), with sensitivity</caption>');
      expect(html.text).toContain('<td>Business as usual</td><td>Central (10 years, Green Book declining schedule)</td><td class="num">£194,985</td><td class="num">£189,316</td><td class="num">-£5,669</td><td class="num">0.97</td>');
      expect(html.text).toContain('Costs +20% and benefits -20%');
      expect(html.text).not.toContain('<script>');
      expect(html.text).toContain('OX12 &lt;script&gt;');

      const md = await t.as('pm').get(api('/business-case/document?format=markdown')).expect(200);
      expect(md.headers['content-type']).toMatch(/^text\/markdown/);
      expect(md.text).toContain('# Outline Business Case: Project stage6-basics');
      expect(md.text).toContain('| Option | Case | PV costs | PV benefits | NPSV | BCR |');
      expect(md.text).toContain('| Business as usual | Central (10 years, Green Book declining schedule) | £194,985 | £189,316 | -£5,669 | 0.97 |');
      expect(md.text).toContain('| Business as usual | Costs +20% | £233,982 | £189,316 | -£44,666 | 0.81 |');
      expect(md.text).toContain('OX12 \\<script\\>');

      const defaults = await t.as('pm').get(api('/business-case/document')).expect(200);
      expect(defaults.headers['content-type']).toMatch(/^text\/html/);
      await t.as('pm').get(api('/business-case/document?format=pdf')).expect(400);
    });
  });

  describe('significant service change assurance', () => {
    it('keeps the record and says what it lacks; it is not required until a change is confirmed', async () => {
      const empty = await t.as('pm').get(api('/service-change-assurance')).expect(200);
      expect(empty.body).toMatchObject({ required: false, record: null, complete: false, blockers: [] });
      const res = await t
        .as('pm')
        .put(api('/service-change-assurance'))
        .send({ tests: { publicEngagement: 'Six public events' }, bedsClose: true, consultation: { periodWeeks: 8 } })
        .expect(200);
      expect(res.body.recordBlockers.map((b: { code: string }) => b.code)).toEqual([
        'SSC_TEST_EVIDENCE_MISSING',
        'SSC_TEST_EVIDENCE_MISSING',
        'SSC_TEST_EVIDENCE_MISSING',
        'SSC_BED_CLOSURE_EVIDENCE_MISSING',
        'SSC_CONSULTATION_TOO_SHORT',
        'SSC_CONSULTATION_INFORMATION_MISSING',
        'SSC_CONSULTATION_RESPONSES_MISSING',
        'SSC_CONSULTATION_FORMATIVE_MISSING',
        'SSC_SCRUTINY_NOT_CONSULTED',
      ]);
      expect(res.body.record.consultation.periodWeeks).toBe(8);
      const bad = await t.as('pm').put(api('/service-change-assurance')).send({ healthScrutinyConsultedOn: '26/01/2023' }).expect(400);
      expect(bad.body.fields[0].field).toBe('healthScrutinyConsultedOn');
    });
  });

  it('takes null for any field without failing: cleared where it may be absent, unchanged elsewhere', async () => {
    const before = (await t.as('pm').get(api('/options/business-as-usual')).expect(200)).body;
    const nulls = { title: null, description: null, kind: null, proposalIds: null, filter: null, status: null, statusReason: null, preferred: null, refinementNotes: null, significantServiceChange: null };
    const res = await t.as('pm').patch(api('/options/business-as-usual')).send(nulls).expect(200);
    expect(res.body).toMatchObject({ title: before.title, kind: before.kind, status: before.status, filter: before.filter, significantServiceChange: null });
    await t.as('pm').put(api('/business-case/strategic')).send({ spendingObjectives: null, businessNeeds: null, scope: null }).expect(200);
    await t.as('pm').put(api('/business-case/management')).send({ deliveryPlan: null, riskRegister: null }).expect(200);
    await t.as('pm').put(api('/service-change-assurance')).send({ tests: null, consultation: null, bedsClose: null, healthScrutinyConsultedOn: null }).expect(200);
    await t.as('pm').put(api('/options/business-as-usual/appraisal')).send({ ...handWorked, scores: null }).expect(400);
    await t.as('pm').put(api('/options/business-as-usual/appraisal')).send({ ...handWorked, costs: null, periodYears: null, discountRate: null }).expect(400);
    await t.as('pm').get(api('/business-case')).expect(200);
    const doc = await t.as('pm').get(api('/business-case/document?format=markdown')).expect(200);
    expect(doc.text).toContain('### Scope');
  });

  it('records every change in the project history', async () => {
    const history = await t.as('pm').get(`${api('/history')}?limit=200`).expect(200);
    const types = new Set(history.body.items.filter((h: { outcome: string }) => h.outcome === 'accepted').map((h: { type: string }) => h.type));
    for (const type of ['OPTION_CREATED', 'OPTION_UPDATED', 'OPTION_DELETED', 'APPRAISAL_RECORDED', 'BUSINESS_CASE_UPDATED', 'BUSINESS_CASE_STATUS_CHANGED', 'SERVICE_CHANGE_ASSURANCE_RECORDED']) {
      expect(types).toContain(type);
    }
  });
});
