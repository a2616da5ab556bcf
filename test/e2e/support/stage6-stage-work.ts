import { registerStageWork } from './stage-work';
import type { TestApp } from './test-app';

/**
 * Stage 6 records that pass its gate, created through the API: a short list of business as
 * usual, do minimum and a preferred alternative built from the stage 5 proposals, each
 * appraised and decided on significant service change; the five cases filled in, complete
 * and approved. No significant service change, so no assurance record is needed.
 */

export const STAGE6 = 'development-of-options';

export async function send(t: TestApp, method: 'post' | 'put' | 'patch', url: string, body: Record<string, unknown>) {
  const res = await t.as('pm')[method](url).send(body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function registerIds(t: TestApp, slug: string, register: 'needs' | 'proposals'): Promise<string[]> {
  const res = await t.as('pm').get(`/api/projects/${slug}/registers/${register}`);
  if (res.status !== 200) throw new Error(`list ${register}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items.map((r: { id: string }) => r.id);
}

export const SCORES = {
  deliverability: { score: 4, rationale: 'Site owned by the trust' },
  operationalSustainability: { score: 4, rationale: 'Recurrent staffing agreed' },
  affordability: { score: 3, rationale: 'Within the capital envelope' },
};

export const filter = (solution: string) => ({
  scope: 'The project area',
  solution,
  delivery: 'Community trust with the PCN',
  implementation: 'Phased over two years',
  funding: 'System capital and a revenue shift',
});

/** £100k capital, £50k revenue a year for years 1-2 (cash £200k); benefits £80k and £120k. */
export const appraisal = (scale = 1) => ({
  scores: SCORES,
  costs: [
    { year: 0, capital: 100000 * scale, revenue: 0 },
    { year: 1, capital: 0, revenue: 50000 * scale },
    { year: 2, capital: 0, revenue: 50000 * scale },
  ],
  benefits: [
    { year: 1, amount: 80000 * scale },
    { year: 2, amount: 120000 * scale },
  ],
  unquantifiedBenefits: ['Care closer to home'],
});

const noChange = { confirmed: false, reason: 'Services stay where they are' };

/** The short list: BAU, do minimum and the preferred alternative "hub", appraised, each with a service change decision. */
export async function createShortList(t: TestApp, slug: string, proposalIds: string[]): Promise<void> {
  const url = `/api/projects/${slug}/options`;
  const options = [
    { id: 'bau', title: 'Business as usual', kind: 'business-as-usual', proposalIds: [], filter: filter('No change') },
    { id: 'do-minimum', title: 'Do minimum: longer opening', kind: 'do-minimum', proposalIds, filter: filter('Longer opening hours') },
    {
      id: 'hub',
      title: 'Integrated care hub',
      kind: 'alternative',
      proposalIds,
      filter: filter('Integrated care hub'),
      preferred: true,
      quickWin: { flagged: true, description: 'Phlebotomy clinic can open now' },
      refinementNotes: [{ kind: 'engagement', summary: 'Town hall event with 120 residents', date: '2019-06-12' }],
    },
  ];
  for (const o of options) {
    await send(t, 'post', url, { ...o, status: 'short-listed', statusReason: 'Meets the critical success factors', significantServiceChange: noChange });
    await send(t, 'put', `${url}/${o.id}/appraisal`, appraisal(o.kind === 'business-as-usual' ? 0.5 : 1));
  }
}

/** Every required section of the five cases, filled in. */
export async function fillBusinessCase(t: TestApp, slug: string, needIds: string[]): Promise<void> {
  const url = `/api/projects/${slug}/business-case`;
  await send(t, 'put', `${url}/strategic`, {
    spendingObjectives: [{ text: 'Reduce emergency admissions of over-75s', measure: '10% fewer by 2025 (SUS data)' }],
    existingArrangements: 'Services spread across two practices and the community hospital',
    businessNeeds: { summary: 'The needs found in stage 2', needIds },
    scope: 'The project area',
    benefits: 'Care closer to home',
    risks: 'Workforce',
    constraints: 'Capital envelope',
    dependencies: 'Housing growth deal',
  });
  await send(t, 'put', `${url}/economic`, {
    criticalSuccessFactors: ['Strategic fit', 'Affordability'],
    preferredOptionRationale: 'Highest net present social value of the short list',
  });
  await send(t, 'put', `${url}/commercial`, { procurementRoute: 'Existing NHS property', riskAllocation: 'Construction risk with the trust' });
  await send(t, 'put', `${url}/financial`, { fundingSources: [{ source: 'System capital', amount: 250000, confirmed: true }] });
  await send(t, 'put', `${url}/management`, {
    seniorResponsibleOwner: 'Director of Strategy',
    deliveryPlan: { summary: 'Two phases', milestones: [{ title: 'Hub opens', date: '2025-04-01' }] },
    governance: 'Project board reporting to the programme board',
    benefitsRealisationPlan: 'Quarterly dashboard',
    riskRegister: [{ description: 'Recruitment of nurses', owner: 'HR', mitigation: 'Rotational posts', rating: 'Amber' }],
    postImplementationEvaluation: 'Evaluation at 12 months',
  });
}

export const CASES = ['strategic', 'economic', 'commercial', 'financial', 'management'] as const;

/**
 * Complete: the programme manager marks each case complete. Approved: a board member records the
 * board's decision on the business case (the only way a case is approved), which approves all five.
 */
export async function setCaseStatuses(t: TestApp, slug: string, status: 'complete' | 'approved'): Promise<void> {
  if (status === 'approved') {
    await approveBusinessCase(t, slug);
    return;
  }
  for (const c of CASES) await send(t, 'post', `/api/projects/${slug}/business-case/${c}/status`, { status });
}

/** The board's decision "approved" on the business case, recorded by the test board member. */
export async function approveBusinessCase(t: TestApp, slug: string, meetingDate = '2023-03-14', minuteReference = 'ISDB 2023/07') {
  const res = await t.as('board').post(`/api/projects/${slug}/business-case/board-decisions`).send({ decision: 'approved', meetingDate, minuteReference });
  if (res.status !== 201) throw new Error(`board decision on the business case of ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

registerStageWork(STAGE6, async (t, slug) => {
  await createShortList(t, slug, (await registerIds(t, slug, 'proposals')).slice(0, 1));
  await fillBusinessCase(t, slug, (await registerIds(t, slug, 'needs')).slice(0, 1));
  await setCaseStatuses(t, slug, 'complete');
  await setCaseStatuses(t, slug, 'approved');
});
