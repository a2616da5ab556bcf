import { addDays } from '../../workflows/board';
import { TestApp } from './support/test-app';

const S1 = 'planning-and-codesign';
const S2 = 'population-health-and-care-needs';
const today = () => new Date().toISOString().slice(0, 10);
type Entry = { type: string; stage: string | null; outcome: string; payload: Record<string, unknown>; actorName: string; blockers: { code: string }[] | null };
type Row = { slug: string; rag: string; status: string; reasons: { code: string; rag: string }[]; lateStages: { stage: string; daysLate: number }[] };

describe('board: stage plans, portfolio and highlight reports (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });
  const plan = (slug: string, stage: string, body: Record<string, unknown>, who = 'pm') => t.as(who).put(`/api/projects/${slug}/stages/${stage}/plan`).send(body);
  const version = async (slug: string) => (await t.workflow(slug)).version as number;
  const portfolio = async (who: string, query = '') => (await t.as(who).get(`/api/portfolio${query}`).expect(200)).body as { items: Row[]; total: number };

  it('the programme manager sets a target date (STAGE_PLAN_SET), then moves and clears it with reasons (STAGE_TARGET_MOVED), each entry with the old and new dates', async () => {
    const slug = 'plan-basics';
    await t.createProject(slug);
    const first = await plan(slug, S2, { targetDate: '2030-03-31' }).expect(200);
    expect(first.body).toMatchObject({ stage: S2, targetDate: '2030-03-31', previousTargetDate: null, version: 2 });
    await plan(slug, S2, { targetDate: '2030-04-30', expectedVersion: 2, reason: 'Data release moved' }).expect(200);
    let read = (await t.as('auditor').get(`/api/projects/${slug}/plan`).expect(200)).body;
    expect(read.stages.find((s: { stage: string }) => s.stage === S2)).toMatchObject({ targetDate: '2030-04-30', status: 'not-started', daysLate: null, setBy: 'Pat Manager' });
    await plan(slug, S2, { targetDate: null, reason: 'Replanning after the ICB review' }).expect(200);
    read = (await t.as('pm').get(`/api/projects/${slug}/plan`).expect(200)).body;
    expect(read.stages.every((s: { targetDate: string | null }) => s.targetDate === null)).toBe(true);

    const entries = ((await t.history(slug)) as Entry[]).filter((e) => e.type === 'STAGE_PLAN_SET' || e.type === 'STAGE_TARGET_MOVED');
    expect(entries.map((e) => [e.type, e.stage, e.outcome, e.payload.previousTargetDate, e.payload.targetDate, e.payload.reason ?? null, e.actorName])).toEqual([
      ['STAGE_PLAN_SET', S2, 'accepted', null, '2030-03-31', null, 'Pat Manager'],
      ['STAGE_TARGET_MOVED', S2, 'accepted', '2030-03-31', '2030-04-30', 'Data release moved', 'Pat Manager'],
      ['STAGE_TARGET_MOVED', S2, 'accepted', '2030-04-30', null, 'Replanning after the ICB review', 'Pat Manager'],
    ]);
  });

  it('bad dates and bad input answer 400 with field messages and change nothing', async () => {
    const slug = 'plan-bad-input';
    await t.createProject(slug);
    const before = await version(slug);
    const historyBefore = (await t.history(slug)).length;
    for (const body of [{}, { targetDate: '2030-02-30' }, { targetDate: '31/03/2030' }, { targetDate: 20300331 }, { targetDate: '' }, { targetDate: '1999-12-31' }]) {
      const res = await plan(slug, S2, body).expect(400);
      expect(res.body).toMatchObject({ error: 'ValidationFailed', fields: [{ field: 'targetDate', message: expect.any(String) }] });
    }
    await plan(slug, S2, { targetDate: '2030-03-31', colour: 'red' }).expect(400);
    await plan(slug, S2, { targetDate: '2030-03-31', expectedVersion: 0 }).expect(400);
    expect((await plan(slug, 'stage-7', { targetDate: '2030-03-31' }).expect(400)).body.fields[0].field).toBe('stage');
    await plan('no-such-project', S2, { targetDate: '2030-03-31' }).expect(404);
    expect(await version(slug)).toBe(before);
    expect((await t.history(slug)).length).toBe(historyBefore);
  });

  it('a stale expectedVersion and a closed project are refused with 409 and recorded; on hold is allowed', async () => {
    const slug = 'plan-refusals';
    await t.createProject(slug);
    const stale = await plan(slug, S1, { targetDate: '2030-01-31', expectedVersion: 9 }).expect(409);
    expect(stale.body.error).toBe('VersionConflict');

    await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Waiting for the ICB' }).expect(201);
    await plan(slug, S1, { targetDate: '2030-01-31' }).expect(200);
    await t.event(slug, { type: 'WITHDRAW', reason: 'Merged into the Didcot work' }).expect(201);
    const before = await version(slug);
    const refused = await plan(slug, S1, { targetDate: '2030-02-28' }).expect(409);
    expect(refused.body).toMatchObject({ error: 'CommandRefused', blockers: [{ code: 'PROJECT_CLOSED', stage: S1 }] });
    expect(await version(slug)).toBe(before);
    const plans = (await t.as('pm').get(`/api/projects/${slug}/plan`).expect(200)).body.stages;
    expect(plans.find((s: { stage: string }) => s.stage === S1).targetDate).toBe('2030-01-31');
    const entries = ((await t.history(slug)) as Entry[]).filter((e) => e.type === 'STAGE_PLAN_SET');
    expect(entries.map((e) => [e.outcome, e.blockers?.[0]?.code ?? null])).toEqual([
      ['refused', 'VERSION_CONFLICT'],
      ['accepted', null],
      ['refused', 'PROJECT_CLOSED'],
    ]);
  });

  it('only the project\'s programme manager sets plans: auditor, stakeholder and another pm get 403 and nothing changes', async () => {
    const slug = 'plan-access';
    await t.createProject(slug);
    await t.prepareStage(slug, S1); // forms the groups: the stakeholder and clinician are members
    const before = await version(slug);
    const historyBefore = (await t.history(slug)).length;
    for (const who of ['auditor', 'stakeholder', 'clinician', 'pm2', 'outsider']) {
      await plan(slug, S1, { targetDate: '2030-01-31' }, who).expect(403);
    }
    expect(await version(slug)).toBe(before);
    expect((await t.history(slug)).length).toBe(historyBefore);
    // reading the plan is a project read
    await t.as('stakeholder').get(`/api/projects/${slug}/plan`).expect(200);
    await t.as('pm2').get(`/api/projects/${slug}/plan`).expect(403);
    await t.http().get(`/api/projects/${slug}/plan`).expect(401);
  });

  describe('portfolio', () => {
    beforeAll(async () => {
      await t.createProject('pf-late');
      await plan('pf-late', S1, { targetDate: addDays(today(), -3) }).expect(200);
      await t.createProject('pf-held');
      await t.event('pf-held', { type: 'PUT_ON_HOLD', reason: 'Estates review pending' }).expect(201);
      await t.createProject('pf-fine');
      await plan('pf-fine', S1, { targetDate: addDays(today(), 60) }).expect(200);
      const res = await t.as('pm2').post('/api/projects').send({ name: 'Pam project', slug: 'pf-pam', scope: 'town', pcns: ['didcot'] });
      expect(res.status).toBe(201);
    });

    it('lists only the projects the caller may read', async () => {
      const pm = (await portfolio('pm')).items.map((r) => r.slug);
      expect(pm).toEqual(expect.arrayContaining(['pf-late', 'pf-held', 'pf-fine']));
      expect(pm).not.toContain('pf-pam');
      expect((await portfolio('pm2')).items.map((r) => r.slug)).toEqual(['pf-pam']);
      const all = (await portfolio('auditor')).items.map((r) => r.slug);
      expect(all).toEqual(expect.arrayContaining(['pf-late', 'pf-held', 'pf-fine', 'pf-pam']));
      expect((await portfolio('outsider')).items).toEqual([]);
      await t.http().get('/api/portfolio').expect(401);
    });

    it('rates a late stage and an on-hold project red, with reasons; a project on plan is green', async () => {
      const rows = Object.fromEntries((await portfolio('auditor')).items.map((r) => [r.slug, r]));
      expect(rows['pf-late']).toMatchObject({
        rag: 'red',
        status: 'active',
        lateStages: [{ stage: S1, daysLate: 3 }],
        currentStages: [{ stage: S1, status: 'in-progress', daysInStage: 0, targetDate: addDays(today(), -3), daysLate: 3, blockers: expect.any(Number) }],
        daysInStage: [{ stage: S1, days: 0 }],
        lastActivity: expect.any(String),
      });
      expect(rows['pf-late'].reasons).toEqual([expect.objectContaining({ code: 'STAGE_LATE', rag: 'red', message: expect.stringMatching(/3 days late/) })]);
      expect((rows['pf-late'] as unknown as { blockersCount: number }).blockersCount).toBeGreaterThan(0);
      expect(rows['pf-held']).toMatchObject({ rag: 'red', status: 'on-hold', reasons: [expect.objectContaining({ code: 'PROJECT_ON_HOLD', message: expect.stringMatching(/Estates review pending/) })] });
      expect(rows['pf-fine']).toMatchObject({ rag: 'green', reasons: [expect.objectContaining({ code: 'ON_TRACK' })], lateStages: [] });
    });

    it('filters by rag and status; bad filters answer 400', async () => {
      const red = (await portfolio('auditor', '?rag=red')).items;
      expect(red.every((r) => r.rag === 'red')).toBe(true);
      expect(red.map((r) => r.slug)).toEqual(expect.arrayContaining(['pf-late', 'pf-held']));
      expect((await portfolio('auditor', '?rag=green')).items.map((r) => r.slug)).toContain('pf-fine');
      expect((await portfolio('auditor', '?status=on-hold')).items.map((r) => r.slug)).toEqual(['pf-held']);
      expect((await portfolio('auditor', '?status=active&rag=red')).items.map((r) => r.slug)).toEqual(['pf-late']);
      await t.as('auditor').get('/api/portfolio?rag=purple').expect(400);
      await t.as('auditor').get('/api/portfolio?status=asleep').expect(400);
    });
  });

  describe('highlight report', () => {
    const slug = 'report-wantage';
    beforeAll(async () => {
      await t.createProject(slug, { name: 'Wantage | Grove <script>alert(1)</script>', area: 'OX12 & villages', pcns: ['wantage'] });
      await t.prepareStage(slug, S1);
      await plan(slug, S1, { targetDate: addDays(today(), -5) }).expect(200);
      await plan(slug, S2, { targetDate: addDays(today(), 90) }).expect(200);
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: S1 }).expect(201);
      await t.decide(slug, S1, 'clinician', { decision: 'request-changes', comment: 'Name | every <b>practice</b>' }).expect(201);
      await t.event(slug, { type: 'APPROVE_STAGE', stage: S1 }).expect(409); // a refusal for the report
    });

    it('JSON: project, area, PCNs and population, RAG with reasons, stages with targets and lateness, blockers, decisions, refusals', async () => {
      const r = (await t.as('auditor').get(`/api/projects/${slug}/highlight-report`).expect(200)).body;
      expect(r.project).toMatchObject({ slug, area: 'OX12 & villages', pcns: [{ code: 'wantage', name: 'Wantage', registeredPopulation: 30070 }], registeredPopulation: 30070, status: 'active' });
      expect(r.rag).toBe('red');
      expect(r.reasons.map((x: { code: string }) => x.code)).toEqual(['STAGE_LATE', 'CHANGES_REQUESTED']);
      const s1 = r.stages.find((s: { stage: string }) => s.stage === S1);
      expect(s1).toMatchObject({ status: 'in-review', targetDate: addDays(today(), -5), daysLate: 5, pendingReviewers: ['Sue Stakeholder'] });
      expect(r.stages.find((s: { stage: string }) => s.stage === S2)).toMatchObject({ status: 'not-started', targetDate: addDays(today(), 90), daysLate: null });
      expect(r.currentBlockers.map((b: { code: string }) => b.code)).toEqual(expect.arrayContaining(['REVIEW_NO_STAKEHOLDER_APPROVAL', 'REVIEW_CHANGES_REQUESTED']));
      expect(r.recentDecisions.map((d: { type: string; actorName: string }) => [d.type, d.actorName])).toEqual([
        ['REVIEW_DECISION_RECORDED', 'Dr Cal Clinician'],
        ['SUBMIT_FOR_REVIEW', 'Pat Manager'],
      ]);
      expect(r.refusals).toEqual([expect.objectContaining({ type: 'APPROVE_STAGE', actorName: 'Pat Manager', codes: expect.arrayContaining(['REVIEW_NO_STAKEHOLDER_APPROVAL']) })]);
    });

    it('Markdown: text/markdown, table pipes escaped', async () => {
      const res = await t.as('pm').get(`/api/projects/${slug}/highlight-report?format=markdown`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/markdown/);
      const md = res.text;
      expect(md).toContain('# Highlight report: Wantage \\| Grove \\<script\\>');
      expect(md).toContain('- **RAG status:** RED');
      expect(md).toContain('Name \\| every \\<b\\>practice\\</b\\>');
      const decisionRow = md.split('\n').find((l) => l.startsWith('|') && l.includes('asked for changes'))!;
      expect(decisionRow.split(/(?<!\\)\|/).length).toBe(6); // 4 cells
    });

    it('HTML: text/html, all user text escaped', async () => {
      const res = await t.as('stakeholder').get(`/api/projects/${slug}/highlight-report?format=html`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/^<!DOCTYPE html>/);
      expect(res.text).not.toContain('<script>');
      expect(res.text).not.toContain('<b>practice');
      expect(res.text).toContain('Wantage | Grove &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).toContain('OX12 &amp; villages');
    });

    it('is a project read: another pm gets 403, bad format 400', async () => {
      await t.as('pm2').get(`/api/projects/${slug}/highlight-report`).expect(403);
      await t.as('outsider').get(`/api/projects/${slug}/highlight-report?format=html`).expect(403);
      await t.as('auditor').get(`/api/projects/${slug}/highlight-report?format=pdf`).expect(400);
      await t.as('auditor').get('/api/projects/nobody/highlight-report').expect(404);
    });
  });
});

describe('board: demo data (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ DEMO_DATA: 'true' });
    await t.signIn('demo-pm', 'pm@example.org', 'demo-password-2019');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('Wantage has stage 2-4 plans relative to today, set by the demo pm; stage 2 is late, so it is red', async () => {
    const p = (await t.as('demo-pm').get('/api/projects/wantage/plan').expect(200)).body;
    const byStage = Object.fromEntries(p.stages.map((s: { stage: string }) => [s.stage, s]));
    expect(byStage[S2]).toMatchObject({ targetDate: addDays(today(), -7), daysLate: 7, setBy: 'Priya Manning' });
    expect(byStage['review-of-services-and-assets'].targetDate).toBe(addDays(today(), 10));
    expect(byStage['innovation-and-good-practice'].targetDate).toBe(addDays(today(), 42));
    const row = (await t.as('demo-pm').get('/api/portfolio').expect(200)).body.items.find((r: Row) => r.slug === 'wantage');
    expect(row.rag).toBe('red');
    expect(row.reasons.map((r: { code: string }) => r.code)).toEqual(['STAGE_LATE', 'STAGE_DUE_SOON']);
  });
});
