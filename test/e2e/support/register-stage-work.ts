import { registerStageWork } from './stage-work';
import type { TestApp } from './test-app';

/**
 * The minimal register records that pass the stage 2-5 gates, created through the API.
 * Stage 4 may run before stage 2 (the three run in parallel), so it makes a need when none
 * exists; stage 2 tops the segments up to the registered population; stage 5 answers every
 * need and urgent concern the project has.
 */

async function send(t: TestApp, method: 'post' | 'put', url: string, body: Record<string, unknown>) {
  const res = await t.as('pm')[method](url).send(body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function list(t: TestApp, slug: string, register: string): Promise<Record<string, unknown>[]> {
  const res = await t.as('pm').get(`/api/projects/${slug}/registers/${register}`);
  if (res.status !== 200) throw new Error(`list ${register}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

const add = (t: TestApp, slug: string, register: string, body: Record<string, unknown>) =>
  send(t, 'post', `/api/projects/${slug}/registers/${register}`, body).then((b) => b.record as Record<string, unknown>);

/** A segment covering whoever the existing segments leave out, with a main need. */
async function ensureCoverageAndNeeds(t: TestApp, slug: string): Promise<void> {
  const project = (await t.as('pm').get(`/api/projects/${slug}`)).body;
  const registered: number = project.registeredPopulation;
  const segments = await list(t, slug, 'segments');
  const covered = segments.reduce((sum, s) => sum + Number(s.people), 0);
  if (covered < registered * 0.9 || segments.length === 0) {
    const people = Math.max(registered - covered, 1);
    segments.push(
      await add(t, slug, 'segments', {
        model: 'Bridges to Health',
        name: 'Whole registered population',
        people,
        sharePercent: registered ? Math.min(100, Math.round((people / registered) * 1000) / 10) : 100,
        trend: 'increasing',
      }),
    );
  }
  const needs = await list(t, slug, 'needs');
  for (const s of segments) {
    if (!needs.some((n) => n.segmentId === s.id)) await add(t, slug, 'needs', { segmentId: s.id, description: `Main need of ${s.name}` });
  }
}

registerStageWork('population-health-and-care-needs', async (t, slug) => {
  await ensureCoverageAndNeeds(t, slug);
  await add(t, slug, 'projections', {
    year: new Date().getUTCFullYear() + 6,
    population: 38500,
    source: 'District local plan housing trajectory',
    assumptions: 'Housing growth and the growth deal',
  });
  await add(t, slug, 'urgent-concerns', { what: 'GP access', whyUrgent: 'Lists growing faster than staff', action: 'Extended-access hub', owner: 'PCN clinical director', status: 'in-hand' });
});

registerStageWork('review-of-services-and-assets', async (t, slug) => {
  const asset = await add(t, slug, 'assets', { name: 'Health centre', type: 'health-centre', postcode: 'OX12 9BN', owner: 'NHS Property Services', condition: 'B', backlogRisk: 'low' });
  await add(t, slug, 'services', {
    name: 'District nursing',
    provider: 'Community health trust',
    assetId: asset.id,
    when: 'Mon-Sun 08:00-22:00',
    segmentIds: [],
    annualActivity: 50000,
    funding: 'recurrent',
  });
  // "capture sustainability issues" is done only with one on the record (no evidence, not done)
  await add(t, slug, 'sustainability-issues', { category: 'workforce', severity: 'medium', assetId: asset.id, description: 'Two district nurse vacancies unfilled for a year' });
});

registerStageWork('innovation-and-good-practice', async (t, slug) => {
  let needs = await list(t, slug, 'needs');
  if (!needs.length) {
    await ensureCoverageAndNeeds(t, slug);
    needs = await list(t, slug, 'needs');
  }
  const needIds = [needs[0].id];
  const records: [string, string][] = [
    ['innovation', 'Virtual ward'],
    ['clinical-good-practice', 'Integrated diabetes clinic'],
    ['local-idea', 'Shared reception across practices'],
    ['wellbeing-and-prevention', 'Social prescribing'],
  ];
  for (const [kind, title] of records) await add(t, slug, 'good-practice', { title, kind, source: 'Published evaluation', needIds, concernIds: [] });
});

registerStageWork('meeting-population-needs', async (t, slug) => {
  const trace = (await t.as('pm').get(`/api/projects/${slug}/traceability`)).body;
  const open = trace.unaccounted as { kind: string; id: string }[];
  await add(t, slug, 'solution-events', { date: '2019-06-12', format: 'accelerated-event', attendees: 40, organisations: ['CCG', 'Community trust'] });
  await add(t, slug, 'proposals', {
    title: 'Integrated care hub',
    description: 'Care closer to home for every need found in stage 2',
    needIds: open.filter((e) => e.kind === 'need').map((e) => e.id),
    concernIds: open.filter((e) => e.kind === 'urgent-concern').map((e) => e.id),
    localDelivery: 'yes',
    affordabilityChallenge: 'Within the system envelope',
    challengeOutcome: 'passed',
    preventionEffect: 'Fewer emergency admissions',
    status: 'active',
  });
});
