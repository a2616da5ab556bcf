import { STAGE_KEYS } from '../../workflows';
import { registerIds } from './support/stage6-stage-work';
import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** Stage 6 pages over HTTP, as a browser without JavaScript uses them: errors keep what was typed and save nothing. */
describe('web pages: stage 6, development of options', () => {
  let t: TestApp;
  const slug = 'wallingford';
  let proposal: string;
  let need: string;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  const options = async () => (await t.as('pm').get(`/api/projects/${slug}/options`)).body.items as Array<Record<string, any>>;
  const history = async () => (await t.history(slug)).length;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug, { name: 'Wallingford' });
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    [proposal] = await registerIds(t, slug, 'proposals');
    [need] = await registerIds(t, slug, 'needs');
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('the project page links to the stage 6 pages; the options page starts empty', async () => {
    const pm = await as('pm');
    const project = await pm.get(`/projects/${slug}`);
    expect(project.text).toContain(`href="/projects/${slug}/options"`);
    expect(project.text).toContain(`href="/projects/${slug}/service-change-assurance"`);
    const page = await pm.get(`/projects/${slug}/options`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('There are no options yet.');
    expect(page.text).toContain('Add an option');
  });

  it('an option form with errors says what to fix once per field, keeps what was typed and saves nothing', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/${slug}/options/new`);
    const before = await history();
    const res = await pm.post(`/projects/${slug}/options`, { title: '', description: 'A hub in the old surgery', filter_scope: 'OX10', status: 'long-list' });
    expect(res.status).toBe(400);
    expect(res.text.match(/Enter the option title/g)).toHaveLength(2);
    expect(res.text.match(/Select the kind of option/g)).toHaveLength(2);
    expect(res.text).toContain('A hub in the old surgery');
    expect(res.text).toContain('OX10');
    // the service's rule: a short-listed option needs a reason
    const refused = await pm.post(`/projects/${slug}/options`, { title: 'Hub', kind: 'alternative', proposalIds: proposal, status: 'short-listed', statusReason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Say why the option is short-listed.');
    expect(refused.text).toContain('href="#statusReason"');
    expect(refused.text).toMatch(new RegExp(`value="${proposal}"\\s+checked`));
    expect(await options()).toHaveLength(0);
    expect(await history()).toBe(before);
  });

  it('adds options, short-lists them and marks one preferred; the filter shows the five dimensions', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/${slug}/options/new`);
    const dims = (solution: string) => ({ filter_scope: 'Wallingford (OX10)', filter_solution: solution, filter_delivery: 'Community trust', filter_implementation: 'One phase', filter_funding: 'System capital' });
    expect((await pm.post(`/projects/${slug}/options`, { title: 'Business as usual', kind: 'business-as-usual', status: 'short-listed', statusReason: 'The baseline', ssc: 'no', sscReason: 'Nothing changes', ...dims('No change') })).status).toBe(303);
    expect(
      (await pm.post(`/projects/${slug}/options`, { title: 'Integrated care hub', kind: 'alternative', proposalIds: [proposal], status: 'short-listed', statusReason: 'Meets the success factors', preferred: 'true', ssc: 'no', sscReason: 'Same sites', ...dims('Integrated hub') })).status,
    ).toBe(303);
    expect((await pm.post(`/projects/${slug}/options`, { title: 'New hospital', kind: 'alternative', proposalIds: [proposal], status: 'discounted', statusReason: 'Unaffordable', ...dims('New build') })).status).toBe(303);
    const saved = await options();
    expect(saved.map((o) => [o.id, o.status, o.preferred])).toEqual([
      ['business-as-usual', 'short-listed', false],
      ['integrated-care-hub', 'short-listed', true],
      ['new-hospital', 'discounted', false],
    ]);
    expect(saved[1].filter).toEqual({ scope: 'Wallingford (OX10)', solution: 'Integrated hub', delivery: 'Community trust', implementation: 'One phase', funding: 'System capital' });
    const page = await pm.get(`/projects/${slug}/options`);
    for (const d of ['Scope', 'Solution', 'Delivery', 'Implementation', 'Funding']) expect(page.text).toContain(`>${d}</th>`);
    expect(page.text).toContain('Preferred way forward');
    const short = await pm.get(`/projects/${slug}/options?show=discounted`);
    expect(short.text).toContain('New hospital');
    expect(short.text).not.toContain('>Integrated care hub</a><br>');
  });

  it('changes an option; a refused change keeps what was typed and changes nothing', async () => {
    const pm = await as('pm');
    const form = await pm.get(`/projects/${slug}/options/new-hospital`);
    expect(form.text).toContain('value="New hospital"');
    const bad = await pm.post(`/projects/${slug}/options/new-hospital`, { title: 'New hospital', kind: 'alternative', proposalIds: [proposal], status: 'discounted', statusReason: 'Unaffordable', preferred: 'true' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Only a short-listed option can be the preferred way forward.');
    expect((await options()).find((o) => o.id === 'new-hospital')!.preferred).toBe(false);
    const ok = await pm.post(`/projects/${slug}/options/new-hospital`, { title: 'New community hospital', kind: 'alternative', proposalIds: [proposal], status: 'discounted', statusReason: 'Unaffordable' });
    expect(ok.status).toBe(303);
    expect((await options()).find((o) => o.id === 'new-hospital')!.title).toBe('New community hospital');
  });

  it('records an appraisal through the form; the appraisals page shows PV, NPSV, BCR and the sensitivity cases as a table and an SVG chart', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/${slug}/options/integrated-care-hub/appraisal`);
    const scores = { score_deliverability: '4', rationale_deliverability: 'Site owned', score_operationalSustainability: '4', rationale_operationalSustainability: 'Staffed', score_affordability: '3', rationale_affordability: 'Within envelope' };
    const bad = await pm.post(`/projects/${slug}/options/integrated-care-hub/appraisal`, { ...scores, costs: '0 | 100000 | 0\n1 | lots | 50000', benefits: '1 | 80000' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Cost line 2 is not in the right form.');
    expect(bad.text).toContain('1 | lots | 50000');
    const noScore = await pm.post(`/projects/${slug}/options/integrated-care-hub/appraisal`, { ...scores, score_affordability: '', costs: '0 | 100000 | 0', benefits: '1 | 80000' });
    expect(noScore.status).toBe(400);
    expect((await options()).find((o) => o.id === 'integrated-care-hub')!.appraised).toBe(false);
    const ok = await pm.post(`/projects/${slug}/options/integrated-care-hub/appraisal`, { ...scores, costs: '0 | 100000 | 0 | Refurbishment\n1 | 0 | 50000\n2 | 0 | 50000', benefits: '1 | 80000\n2 | 120000' });
    expect(ok.status).toBe(303);
    const api = (await t.as('pm').get(`/api/projects/${slug}/options/integrated-care-hub/appraisal`)).body.result;
    const page = await pm.get(`/projects/${slug}/appraisals`);
    expect(page.status).toBe(200);
    const money = (v: number) => `${v < 0 ? '-' : ''}£${Math.round(Math.abs(v)).toLocaleString('en-GB')}`;
    expect(page.text).toContain(money(api.pvCosts));
    expect(page.text).toContain(money(api.npsv));
    expect(page.text).toContain(api.bcr.toFixed(2));
    for (const s of api.sensitivity) expect(page.text).toContain(s.label);
    expect(page.text).toContain('<svg class="app-chart"');
    expect(page.text).toMatch(/<title id="chart-integrated-care-hub-title">/);
    // the chart writes the values as text, not by colour alone
    expect(page.text).toMatch(new RegExp(`<text[^>]*>${money(api.npsv).replace('£', '£')}</text>`));
    expect(page.text).toContain('Not appraised yet.');
  });

  it("a reviewer's page for stage 6 gathers its outputs: the short list, each appraisal's central figures and the five cases", async () => {
    const api = (await t.as('pm').get(`/api/projects/${slug}/options/integrated-care-hub/appraisal`)).body.result;
    const shortListed = (await options()).filter((o) => o.status === 'short-listed');
    expect(shortListed.length).toBeGreaterThan(0);
    const stakeholder = await as('stakeholder');
    const page = await stakeholder.get(`/projects/${slug}/reviews/development-of-options`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Options, appraisal and business case');
    for (const o of shortListed) expect(page.text).toContain(o.title);
    const money = (v: number) => `${v < 0 ? '-' : ''}£${Math.round(Math.abs(v)).toLocaleString('en-GB')}`;
    expect(page.text).toContain(money(api.pvCosts));
    expect(page.text).toContain(money(api.npsv));
    for (const title of ['Strategic case', 'Economic case', 'Commercial case', 'Financial case', 'Management case']) expect(page.text).toContain(title);
    expect(page.text).toContain(`href="/projects/${slug}/business-case/document"`);
    // other stages' review pages have no such section
    expect((await stakeholder.get(`/projects/${slug}/reviews/planning-and-codesign`)).text).not.toContain('Options, appraisal and business case');
  });

  it('edits a case on its own page; bad lines keep what was typed and save nothing; marking complete too early shows the blockers', async () => {
    const pm = await as('pm');
    const form = await pm.get(`/projects/${slug}/business-case/strategic`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('case 1 of 5');
    const before = await history();
    const bad = await pm.post(`/projects/${slug}/business-case/strategic`, { spendingObjectives: 'Fewer admissions', scope: 'Wallingford' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Spending objective 1 needs a measure');
    expect(bad.text).toContain('Fewer admissions');
    expect(await history()).toBe(before);
    const ok = await pm.post(`/projects/${slug}/business-case/strategic`, {
      spendingObjectives: 'Fewer admissions of over-75s | 10% fewer by 2028', existingArrangements: 'Two practices', businessNeedsSummary: 'Stage 2 needs', needIds: [need],
      scope: 'Wallingford', benefits: 'Care closer to home', risks: 'Workforce', constraints: 'Capital', dependencies: 'Housing',
    });
    expect(ok.status).toBe(303);
    const bc = (await t.as('pm').get(`/api/projects/${slug}/business-case`)).body;
    const strategic = bc.cases.find((c: { key: string }) => c.key === 'strategic');
    expect(strategic.content.spendingObjectives).toEqual([{ text: 'Fewer admissions of over-75s', measure: '10% fewer by 2028' }]);
    expect(strategic.content.businessNeeds).toEqual({ summary: 'Stage 2 needs', needIds: [need] });
    // the saved form shows what was saved
    expect((await pm.get(`/projects/${slug}/business-case/strategic`)).text).toContain('Fewer admissions of over-75s | 10% fewer by 2028');

    const overview = await pm.get(`/projects/${slug}/business-case`);
    expect(overview.text).toContain('Mark as complete');
    const early = await pm.post(`/projects/${slug}/business-case/economic/status`, { status: 'complete' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('nhsuk-error-summary');
    const economic = bc.cases.find((c: { key: string }) => c.key === 'economic');
    for (const b of economic.blockers) expect(early.text).toContain(b.message.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    expect((await t.as('pm').get(`/api/projects/${slug}/business-case`)).body.cases.find((c: { key: string }) => c.key === 'economic').status).toBe('draft');
    expect((await pm.post(`/projects/${slug}/business-case/strategic/status`, { status: 'complete' })).status).toBe(303);
    // the programme manager cannot approve a case: that is the board's decision
    const approve = await pm.post(`/projects/${slug}/business-case/strategic/status`, { status: 'approved', approvedBy: 'Programme board' });
    expect(approve.status).toBe(400);
    expect((await t.as('pm').get(`/api/projects/${slug}/business-case`)).body.cases[0]).toMatchObject({ status: 'complete', approvedBy: null });
  });

  it('the business case document is a printable page', async () => {
    const auditor = await as('auditor');
    const res = await auditor.get(`/projects/${slug}/business-case/document`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Outline Business Case: Wallingford</h1>');
    expect(res.text).toContain('Fewer admissions of over-75s');
    expect(res.text).toContain('@media print');
    expect(res.text.match(/<h1>/g)).toHaveLength(1);
    // the auditor sees no control that changes anything
    const overview = await auditor.get(`/projects/${slug}/business-case`);
    expect(overview.text).not.toContain('Mark as complete');
  });

  it('the service change assurance form: a bad date keeps what was typed and saves nothing; a good record is saved', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/${slug}/service-change-assurance`);
    const bad = await pm.post(`/projects/${slug}/service-change-assurance`, { publicEngagement: 'Six events', bedsClose: 'no', periodWeeks: '12', healthScrutinyConsultedOn: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#healthScrutinyConsultedOn"');
    expect(bad.text).toContain('Six events');
    expect((await t.as('pm').get(`/api/projects/${slug}/service-change-assurance`)).body.record).toBeNull();
    const ok = await pm.post(`/projects/${slug}/service-change-assurance`, { publicEngagement: 'Six events', patientChoice: 'Choice kept', bedsClose: 'no', periodWeeks: '12', healthScrutinyConsultedOn: '2026-01-26' });
    expect(ok.status).toBe(303);
    const record = (await t.as('pm').get(`/api/projects/${slug}/service-change-assurance`)).body.record;
    expect(record).toMatchObject({ tests: { publicEngagement: 'Six events', patientChoice: 'Choice kept' }, bedsClose: false, consultation: { periodWeeks: 12 }, healthScrutinyConsultedOn: '2026-01-26' });
  });

  it('a stage 6 form without the CSRF token is refused (403) and saves nothing; others cannot post', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/${slug}/options`);
    const before = (await options()).length;
    expect((await pm.post(`/projects/${slug}/options`, { title: 'Sneaky', kind: 'do-minimum', proposalIds: proposal }, { csrf: false })).status).toBe(403);
    const stakeholder = await as('stakeholder');
    await stakeholder.get(`/projects/${slug}/options`);
    expect((await stakeholder.post(`/projects/${slug}/options`, { title: 'Sneaky', kind: 'do-minimum', proposalIds: proposal })).status).toBe(403);
    expect((await options()).length).toBe(before);
  });
});
