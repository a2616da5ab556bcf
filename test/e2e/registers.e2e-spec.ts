import { StageKey } from '../../workflows';
import { TestApp } from './support/test-app';

type Rec = Record<string, unknown>;
type Blocker = { code: string; message: string; ref?: string; deliverable?: string };

describe('registers (e2e): stages 2-5 evidence, CSV, links, traceability', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const url = (slug: string, register: string, rest = '') => `/api/projects/${slug}/registers/${register}${rest}`;
  const add = async (slug: string, register: string, body: Rec) => {
    const res = await t.as('pm').post(url(slug, register)).send(body);
    if (res.status !== 201) throw new Error(`${register}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.record as Rec;
  };
  const items = async (slug: string, register: string) => (await t.as('pm').get(url(slug, register)).expect(200)).body.items as Rec[];
  const history = async (slug: string) => (await t.as('pm').get(`/api/projects/${slug}/history?limit=200`).expect(200)).body.items as Rec[];
  const stageView = async (slug: string, stage: StageKey) => (await t.workflow(slug)).stages.find((s: { key: string }) => s.key === stage);
  const deliverable = async (slug: string, stage: StageKey, key: string) =>
    (await stageView(slug, stage)).deliverables.find((d: { key: string }) => d.key === key);
  const submitBlockers = async (slug: string, stage: StageKey): Promise<Blocker[]> => {
    const res = await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage }).expect(409);
    return res.body.blockers;
  };
  /** A project with stage 1 approved, so stages 2-4 are in progress. */
  const projectAtStages2to4 = async (slug: string, extra: Rec = {}) => {
    await t.createProject(slug, extra);
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.submitAndApprove(slug, 'planning-and-codesign');
  };

  describe('a project whose stages 2-5 are decided by the registers', () => {
    const slug = 'registers-run';
    beforeAll(async () => {
      await projectAtStages2to4(slug);
    });

    it('stage 2: segments, needs, projections and urgent concerns; blockers name what is missing', async () => {
      const stage: StageKey = 'population-health-and-care-needs';
      const view = await stageView(slug, stage);
      for (const key of ['population-segmentation', 'urgent-concerns', 'future-population-modelling']) {
        expect(view.deliverables.find((d: { key: string }) => d.key === key).derived).toBe(true);
      }
      expect(view.deliverables.find((d: { key: string }) => d.key === 'key-leads').derived).toBe(false);
      // a derived deliverable cannot be ticked by hand
      const ticked = await t.as('pm').put(`/api/projects/${slug}/stages/${stage}/deliverables/urgent-concerns`).send({ status: 'done', evidence: 'x' }).expect(409);
      expect(ticked.body.blockers[0].code).toBe('DELIVERABLE_DERIVED');

      let codes = (await submitBlockers(slug, stage)).map((b) => b.code);
      expect(codes).toEqual(expect.arrayContaining(['SEGMENTS_MISSING', 'PROJECTION_MISSING']));

      await add(slug, 'segments', { id: 'seg-healthy', model: 'Bridges to Health', name: 'Healthy', people: 18000, sharePercent: 59.9, trend: 'stable' });
      await add(slug, 'segments', { id: 'seg-ltc', model: 'Bridges to Health', name: 'Long-term conditions', people: 6000, sharePercent: 20, trend: 'increasing' });
      await add(slug, 'needs', { id: 'need-prevention', segmentId: 'seg-healthy', description: 'Healthy lifestyles for new families' });
      await add(slug, 'projections', { id: 'proj-near', year: new Date().getUTCFullYear() + 2, population: 32000, source: 'ONS' });
      await add(slug, 'urgent-concerns', { id: 'uc-access', what: 'GP access', whyUrgent: 'Lists growing', status: 'open' });

      let blockers = await submitBlockers(slug, stage);
      const byCode = (code: string) => blockers.filter((b) => b.code === code);
      expect(byCode('SEGMENT_COVERAGE_LOW')[0].message).toMatch(/79% of the 30,070 registered population/);
      expect(byCode('SEGMENT_WITHOUT_NEED')).toEqual([expect.objectContaining({ ref: 'seg-ltc', deliverable: 'population-segmentation' })]);
      expect(byCode('SEGMENT_WITHOUT_NEED')[0].message).toContain('"Long-term conditions" (seg-ltc)');
      expect(byCode('URGENT_CONCERN_WITHOUT_OWNER')).toEqual([expect.objectContaining({ ref: 'uc-access' })]);
      expect(byCode('URGENT_CONCERN_WITHOUT_ACTION')).toEqual([expect.objectContaining({ ref: 'uc-access' })]);
      expect(byCode('PROJECTION_MISSING')).toHaveLength(1);

      // coverage below 90% passes once a reason is recorded
      const coverage = await t.as('pm').put(`/api/projects/${slug}/segment-coverage`).send({ shortfallReason: 'Care-home residents are segmented by the county, not the PCN' }).expect(200);
      expect(coverage.body.coverage).toMatchObject({ registeredPopulation: 30070, segmentedPeople: 24000, coveragePercent: 79.8, minimumPercent: 90 });
      await add(slug, 'needs', { id: 'need-ltc', segmentId: 'seg-ltc', description: 'Diabetes care closer to home' });
      await add(slug, 'projections', { id: 'proj-2031', year: new Date().getUTCFullYear() + 5, population: 38500, source: 'Local plan', assumptions: 'Housing growth' });
      await t
        .as('pm')
        .put(url(slug, 'urgent-concerns', '/uc-access'))
        .send({ what: 'GP access', whyUrgent: 'Lists growing', action: 'Extended-access hub', owner: 'PCN clinical director', status: 'in-hand' })
        .expect(200);

      blockers = await submitBlockers(slug, stage);
      codes = blockers.map((b) => b.code);
      expect(codes.every((c) => c === 'DELIVERABLE_NOT_DONE')).toBe(true);
      expect(blockers.map((b) => b.deliverable).sort()).toEqual(['build-on-existing-work', 'key-leads']);
      const segmentation = await deliverable(slug, stage, 'population-segmentation');
      expect(segmentation).toMatchObject({ derived: true, status: 'done' });
      expect(segmentation.evidence).toMatch(/2 segments \(Bridges to Health\) covering 79% of 30,070 registered; 2 main needs; below 90% because: Care-home/);
    });

    it('stage 3: assets and services; a C/D asset and non-recurrent service need a sustainability issue', async () => {
      const stage: StageKey = 'review-of-services-and-assets';
      expect((await submitBlockers(slug, stage)).map((b) => b.code)).toEqual(expect.arrayContaining(['SERVICES_MISSING', 'ASSETS_MISSING']));
      await add(slug, 'assets', { id: 'asset-hospital', name: 'Community hospital', type: 'community-hospital', postcode: 'ox127as', owner: 'Oxford Health', condition: 'D', backlogRisk: 'high' });
      const stored = (await t.as('pm').get(url(slug, 'assets', '/asset-hospital')).expect(200)).body;
      expect(stored.postcode).toBe('OX12 7AS');
      await add(slug, 'services', { id: 'svc-mlu', name: 'Midwifery', provider: 'OUH', assetId: 'asset-hospital', funding: 'non-recurrent' });

      const blockers = await submitBlockers(slug, stage);
      expect(blockers.filter((b) => b.code !== 'DELIVERABLE_NOT_DONE').map((b) => [b.code, b.ref])).toEqual(
        expect.arrayContaining([
          ['SERVICE_WITHOUT_TIME', 'svc-mlu'],
          ['ASSET_CONDITION_WITHOUT_ISSUE', 'asset-hospital'],
          ['NON_RECURRENT_SERVICE_WITHOUT_ISSUE', 'svc-mlu'],
        ]),
      );
      await t
        .as('pm')
        .put(url(slug, 'services', '/svc-mlu'))
        .send({ name: 'Midwifery', provider: 'OUH', assetId: 'asset-hospital', when: 'Tue, Thu 09:00-17:00', segmentIds: ['seg-healthy'], funding: 'non-recurrent' })
        .expect(200);
      await add(slug, 'sustainability-issues', { category: 'building-condition', severity: 'high', assetId: 'asset-hospital', description: 'Ward closed' });
      await add(slug, 'sustainability-issues', { category: 'non-recurrent-funding', severity: 'medium', serviceId: 'svc-mlu', description: 'Funded year to year' });
      const left = await submitBlockers(slug, stage);
      expect(left.map((b) => b.deliverable)).toEqual(['review-team']);
      // service-activity is optional: it shows as not done but does not block
      expect(await deliverable(slug, stage, 'service-activity')).toMatchObject({ derived: true, mandatory: false, status: 'not-started' });
    });

    it('stage 4: one good-practice record of each kind, linked to a need', async () => {
      const stage: StageKey = 'innovation-and-good-practice';
      const missing = await submitBlockers(slug, stage);
      expect(missing.map((b) => [b.code, b.deliverable])).toEqual([
        ['GOOD_PRACTICE_MISSING', 'innovative-approaches'],
        ['GOOD_PRACTICE_MISSING', 'clinical-good-practice'],
        ['GOOD_PRACTICE_MISSING', 'local-delivery-views'],
        ['GOOD_PRACTICE_MISSING', 'wellbeing-and-prevention'],
      ]);
      await add(slug, 'good-practice', { id: 'gp-innov', title: 'Virtual ward', kind: 'early-adopter-site', source: 'NHS England', needIds: ['need-ltc'] });
      await add(slug, 'good-practice', { id: 'gp-clin', title: 'Diabetes clinic', kind: 'clinical-good-practice', source: 'NICE', needIds: ['need-ltc'] });
      await add(slug, 'good-practice', { id: 'gp-local', title: 'Shared reception', kind: 'local-idea', source: 'Practice managers', concernIds: ['uc-access'] });
      await add(slug, 'good-practice', { id: 'gp-well', title: 'Social prescribing', kind: 'wellbeing-and-prevention', source: 'Age UK', needIds: [] });
      const unlinked = await submitBlockers(slug, stage);
      expect(unlinked).toEqual([expect.objectContaining({ code: 'GOOD_PRACTICE_NOT_LINKED', ref: 'gp-well', deliverable: 'wellbeing-and-prevention' })]);
      await t
        .as('pm')
        .put(url(slug, 'good-practice', '/gp-well'))
        .send({ title: 'Social prescribing', kind: 'wellbeing-and-prevention', source: 'Age UK', needIds: ['need-prevention'], concernIds: [] })
        .expect(200);
      // nothing in stage 4 is ticked by hand
      for (const s of ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'] as StageKey[]) {
        await t.completeDeliverables(slug, s);
        await t.submitAndApprove(slug, s);
      }
      expect((await stageView(slug, 'meeting-population-needs')).status).toBe('in-progress');
    });

    it('stage 5: every need and urgent concern answered or recorded as not met; proposals challenged', async () => {
      const stage: StageKey = 'meeting-population-needs';
      let blockers = await submitBlockers(slug, stage);
      expect(blockers.map((b) => b.code)).toEqual(expect.arrayContaining(['SOLUTION_EVENT_MISSING', 'PROPOSALS_MISSING']));
      expect(blockers.filter((b) => b.code === 'NEED_NOT_ADDRESSED').map((b) => b.ref).sort()).toEqual(['need-ltc', 'need-prevention']);
      expect(blockers.filter((b) => b.code === 'URGENT_CONCERN_NOT_ADDRESSED').map((b) => b.ref)).toEqual(['uc-access']);

      await add(slug, 'solution-events', { date: '2019-06-12', format: 'accelerated-event', attendees: 64, organisations: ['Oxford Health', 'OCCG'] });
      await add(slug, 'proposals', {
        id: 'prop-hub',
        title: 'Integrated care hub',
        description: 'Hub at the community hospital',
        needIds: ['need-ltc'],
        concernIds: ['uc-access'],
        localDelivery: 'partly',
        routeBeyondLocality: 'OCCG capital bid',
        challengeOutcome: 'pending',
        preventionEffect: 'Fewer admissions',
        status: 'active',
      });
      blockers = await submitBlockers(slug, stage);
      expect(blockers.map((b) => [b.code, b.ref])).toEqual(
        expect.arrayContaining([
          ['PROPOSAL_CHALLENGE_PENDING', 'prop-hub'],
          ['NEED_NOT_ADDRESSED', 'need-prevention'],
        ]),
      );
      await add(slug, 'not-met', { needId: 'need-prevention', reason: 'Commissioned county-wide by public health' });
      await t
        .as('pm')
        .put(url(slug, 'proposals', '/prop-hub'))
        .send({
          title: 'Integrated care hub',
          description: 'Hub at the community hospital',
          needIds: ['need-ltc'],
          concernIds: ['uc-access'],
          localDelivery: 'partly',
          routeBeyondLocality: 'OCCG capital bid',
          affordabilityChallenge: 'Within the system envelope',
          challengeOutcome: 'passed',
          preventionEffect: 'Fewer admissions',
          status: 'active',
        })
        .expect(200);
      const view = await stageView(slug, stage);
      expect(view.deliverables.every((d: { derived: boolean; status: string }) => d.derived && d.status === 'done')).toBe(true);
      await t.submitAndApprove(slug, stage);
      const after = await t.workflow(slug);
      expect(after.stages.slice(1, 5).map((s: { status: string }) => s.status)).toEqual(['approved', 'approved', 'approved', 'approved']);
      expect(after.stages[5].status).toBe('in-progress');

      // hand-ticked deliverables in stages 2-5 are only those the registers do not prove
      const ticked = (await history(slug)).filter((h) => h.type === 'DELIVERABLE_UPDATED' && h.outcome === 'accepted' && h.stage !== 'planning-and-codesign');
      expect(ticked.map((h) => (h.payload as Rec).deliverable).sort()).toEqual(['build-on-existing-work', 'key-leads', 'review-team']);
    });

    it('keeps approved registers read-only, and still readable', async () => {
      const res = await t.as('pm').post(url(slug, 'segments')).send({ model: 'x', name: 'Late', people: 1, sharePercent: 0, trend: 'stable' }).expect(409);
      expect(res.body.blockers[0]).toMatchObject({ code: 'STAGE_APPROVED', stage: 'population-health-and-care-needs' });
      expect(res.body.message).toMatch(/is approved/);
      const list = (await t.as('pm').get(url(slug, 'segments')).expect(200)).body;
      expect(list).toMatchObject({ register: 'segments', stage: 'population-health-and-care-needs', writable: false, total: 2 });
    });
  });

  describe('writes only while the stage is in progress', () => {
    const slug = 'registers-closed';
    beforeAll(async () => {
      await t.createProject(slug);
    });

    it('refuses every kind of write with 409 before the stage starts and while it is in review, and records the refusal', async () => {
      const segment = { id: 'seg-a', model: 'Bridges to Health', name: 'Healthy', people: 100, sharePercent: 1, trend: 'stable' };
      const before = (await t.workflow(slug)).version;
      const early = await t.as('pm').post(url(slug, 'segments')).send(segment).expect(409);
      expect(early.body).toMatchObject({ error: 'CommandRefused', blockers: [expect.objectContaining({ code: 'STAGE_NOT_STARTED' })] });
      expect(early.body.message).toMatch(/Stage 2 \(Population health and care needs\) has not started/);
      await t.as('pm').post(url(slug, 'segments', '/import')).set('content-type', 'text/csv').send('id,model,name,people,sharePercent,trend\r\n').expect(409);
      expect((await t.workflow(slug)).version).toBe(before);
      expect((await history(slug)).at(-1)).toMatchObject({ type: 'REGISTER_IMPORTED', outcome: 'refused' });

      await t.prepareStage(slug, 'planning-and-codesign');
      await t.submitAndApprove(slug, 'planning-and-codesign');
      await t.prepareStage(slug, 'review-of-services-and-assets');
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'review-of-services-and-assets' }).expect(201);
      const [asset] = await items(slug, 'assets');
      const version = (await t.workflow(slug)).version;
      const refusals = [
        await t.as('pm').post(url(slug, 'assets')).send({ name: 'X', type: 'other', postcode: 'OX12 9BN', owner: 'x', condition: 'A', backlogRisk: 'low' }),
        await t.as('pm').put(url(slug, 'assets', `/${asset.id}`)).send({ ...asset, name: 'Renamed' }),
        await t.as('pm').delete(url(slug, 'services', `/${(await items(slug, 'services'))[0].id}`)),
        await t.as('pm').post(url(slug, 'sustainability-issues', '/import')).set('content-type', 'text/csv').send('id,category,severity,assetId,serviceId,description\r\n'),
      ];
      for (const r of refusals) {
        expect(r.status).toBe(409);
        expect(r.body.blockers[0]).toMatchObject({ code: 'STAGE_IN_REVIEW', stage: 'review-of-services-and-assets' });
        expect(r.body.message).toMatch(/in review/);
      }
      expect((await t.workflow(slug)).version).toBe(version);
      expect((await items(slug, 'assets'))[0]).toEqual(asset);
      // the stage 2 registers of the same project are still open
      await add(slug, 'segments', segment);
      const list = (await t.as('pm').get(url(slug, 'assets')).expect(200)).body;
      expect(list.writable).toBe(false);
    });
  });

  describe('bad input', () => {
    const slug = 'registers-bad';
    beforeAll(async () => {
      await projectAtStages2to4(slug);
      await add(slug, 'segments', { id: 'seg-1', model: 'Bridges to Health', name: 'Healthy', people: 100, sharePercent: 50, trend: 'stable' });
    });

    it.each([
      ['a required field missing', 'segments', { model: 'B2H', people: 1, sharePercent: 1, trend: 'stable' }, 'name', /is required/],
      ['a value not in the list', 'segments', { model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'up' }, 'trend', /must be one of: increasing/],
      ['a share over 100', 'segments', { model: 'B2H', name: 'x', people: 1, sharePercent: 120, trend: 'stable' }, 'sharePercent', /at most 100/],
      ['a fraction of people', 'segments', { model: 'B2H', name: 'x', people: 1.5, sharePercent: 1, trend: 'stable' }, 'people', /whole number/],
      ['a number as text', 'projections', { year: '2031', population: 1, source: 'x' }, 'year', /must be a number/],
      ['an unknown field', 'needs', { segmentId: 'seg-1', description: 'x', colour: 'red' }, 'colour', /not a field of a need/],
      ['a link to nothing', 'needs', { segmentId: 'seg-nope', description: 'x' }, 'segmentId', /no segment with id "seg-nope"/],
      ['a bad postcode', 'assets', { name: 'x', type: 'other', postcode: 'WANTAGE', owner: 'x', condition: 'A', backlogRisk: 'low' }, 'postcode', /UK postcode/],
      ['a grade outside A-D', 'assets', { name: 'x', type: 'other', postcode: 'OX12 9BN', owner: 'x', condition: 'E', backlogRisk: 'low' }, 'condition', /one of: A, B, C, D/],
      ['an issue about nothing', 'sustainability-issues', { category: 'other', severity: 'low', description: 'x' }, 'assetId', /asset or the service/],
      ['a list that is not a list', 'good-practice', { title: 'x', kind: 'innovation', source: 'x', needIds: 'need-1' }, 'needIds', /must be a list/],
      ['an id with a semicolon', 'segments', { id: 'a;b', model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'stable' }, 'id', /';'/],
      ['a reserved id', 'segments', { id: 'export', model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'stable' }, 'id', /reserved/],
      ['blank text', 'urgent-concerns', { what: '  ', whyUrgent: 'y', status: 'open' }, 'what', /is required/],
    ])('%s answers 400 with a field message and changes nothing', async (_name, register, body, field, message) => {
      const version = (await t.workflow(slug)).version;
      const res = await t.as('pm').post(url(slug, register)).send(body).expect(400);
      expect(res.body.error).toBe('ValidationFailed');
      expect(res.body.fields).toContainEqual({ field, message: expect.stringMatching(message) });
      expect((await t.workflow(slug)).version).toBe(version);
    });

    it('rejects a body that is not an object, an id change, unknown registers and unknown records', async () => {
      const notObject = await t.as('pm').post(url(slug, 'segments')).send([1, 2]).expect(400);
      expect(notObject.body.fields[0].message).toMatch(/JSON object/);
      const renamed = await t
        .as('pm')
        .put(url(slug, 'segments', '/seg-1'))
        .send({ id: 'seg-2', model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'stable' })
        .expect(400);
      expect(renamed.body.fields).toEqual([{ field: 'id', message: expect.stringMatching(/ids cannot change/) }]);
      const unknown = await t.as('pm').get(url(slug, 'widgets')).expect(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: 'register', message: expect.stringMatching(/segments, needs/) });
      const missing = await t.as('pm').get(url(slug, 'segments', '/seg-nope')).expect(404);
      expect(missing.body.message).toBe('Segment "seg-nope" was not found.');
      await t.as('pm').put(url(slug, 'segments', '/seg-nope')).send({ model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'stable' }).expect(404);
      await t.as('pm').delete(url(slug, 'segments', '/seg-nope')).expect(404);
      const duplicate = await t.as('pm').post(url(slug, 'segments')).send({ id: 'seg-1', model: 'B2H', name: 'x', people: 1, sharePercent: 1, trend: 'stable' }).expect(409);
      expect(duplicate.body.error).toBe('RecordExists');
      await t.as('pm').get('/api/projects/no-such/registers/segments').expect(404);
      const { version } = await t.workflow(slug);
      const stale = await t.as('pm').post(url(slug, 'needs', `?expectedVersion=${version - 1}`)).send({ segmentId: 'seg-1', description: 'x' }).expect(409);
      expect(stale.body.error).toBe('VersionConflict');
      await t.as('pm').post(url(slug, 'needs', `?expectedVersion=${version}`)).send({ segmentId: 'seg-1', description: 'x' }).expect(201);
      const badReason = await t.as('pm').put(`/api/projects/${slug}/segment-coverage`).send({}).expect(400);
      expect(badReason.body.fields[0].field).toBe('shortfallReason');
    });

    it('an import that is not CSV, or too big, answers 400, 415 or 413 and imports nothing', async () => {
      const json = await t.as('pm').post(url(slug, 'segments', '/import')).send({ rows: [] }).expect(400);
      expect(json.body.fields[0].message).toMatch(/text\/csv/);
      await t.as('pm').post(url(slug, 'segments', '/import')).set('content-type', 'application/xml').send('<x/>').expect(415);
      await t.as('pm').post(url(slug, 'segments', '/import?mode=merge')).set('content-type', 'text/csv').send('id\r\n').expect(400);
      const huge = 'id,model,name,people,sharePercent,trend\r\n' + 'seg-x,B2H,Healthy,1,1,stable\r\n'.repeat(50000);
      await t.as('pm').post(url(slug, 'segments', '/import')).set('content-type', 'text/csv').send(huge).expect(413);
      expect((await items(slug, 'segments')).map((x) => x.id)).toEqual(['seg-1']);
    });
  });

  describe('CSV import and export', () => {
    const slug = 'registers-csv';
    const other = 'registers-csv-copy';
    beforeAll(async () => {
      await projectAtStages2to4(slug);
      await projectAtStages2to4(other);
    });

    it('a bad row imports nothing and names its row, line, column and problem', async () => {
      await add(slug, 'segments', { id: 'seg-keep', model: 'Bridges to Health', name: 'Healthy', people: 100, sharePercent: 50, trend: 'stable' });
      const before = await items(slug, 'segments');
      const { version } = await t.workflow(slug);
      const historyBefore = await history(slug);
      const csv = [
        'id,model,name,people,sharePercent,trend',
        'seg-a,Bridges to Health,Maternal,"1,420",4.7,increasing',
        'seg-b,Bridges to Health,"Chronic conditions,',
        'stable",7300,150,stable',
        'seg-c,Bridges to Health,Frailty,lots,5.2,increasing',
      ].join('\r\n');
      const res = await t.as('pm').post(url(slug, 'segments', '/import')).set('content-type', 'text/csv').send(csv).expect(400);
      expect(res.body.error).toBe('ValidationFailed');
      expect(res.body.message).toMatch(/Nothing was imported/);
      expect(res.body.rows).toEqual([
        { row: 2, line: 3, column: 'sharePercent', message: 'must be at most 100' },
        { row: 3, line: 5, column: 'people', message: '"lots" is not a number' },
      ]);
      expect(await items(slug, 'segments')).toEqual(before);
      expect((await t.workflow(slug)).version).toBe(version);
      expect(await history(slug)).toEqual(historyBefore);

      const dangling = await t
        .as('pm')
        .post(url(slug, 'needs', '/import'))
        .set('content-type', 'text/csv')
        .send('id,segmentId,description\nneed-1,seg-keep,ok\nneed-2,seg-gone,no segment\n')
        .expect(400);
      expect(dangling.body.rows).toEqual([{ row: 2, line: 3, column: 'segmentId', message: 'no segment with id "seg-gone"' }]);
      const header = await t.as('pm').post(url(slug, 'needs', '/import')).set('content-type', 'text/csv').send('id,segment,description\n').expect(400);
      expect(header.body.rows).toEqual(expect.arrayContaining([expect.objectContaining({ row: 0, column: 'segment', message: expect.stringMatching(/unknown column/) })]));
      const existing = await t
        .as('pm')
        .post(url(slug, 'segments', '/import'))
        .set('content-type', 'text/csv')
        .send('id,model,name,people,sharePercent,trend\nseg-keep,B2H,Again,1,1,stable\n')
        .expect(400);
      expect(existing.body.rows[0]).toMatchObject({ row: 1, column: 'id', message: expect.stringMatching(/already has a record with id "seg-keep".*mode=replace/) });
      expect(await items(slug, 'needs')).toEqual([]);
    });

    it('exports CSV that imports back to the same register, here and into another project', async () => {
      await add(slug, 'segments', { id: 'seg-frail', model: 'Bridges to Health', name: 'Frailty, "complex" needs', people: 1560, sharePercent: 5.2, trend: 'increasing' });
      await add(slug, 'needs', { id: 'need-falls', segmentId: 'seg-frail', description: 'Falls prevention\nand dementia support' });
      await add(slug, 'urgent-concerns', { id: 'uc-1', what: 'GP access', whyUrgent: 'Lists growing', status: 'open' });
      await add(slug, 'good-practice', { id: 'gp-1', title: 'Falls clinic', kind: 'clinical-good-practice', source: 'NICE', needIds: ['need-falls'], concernIds: ['uc-1'] });
      await add(slug, 'good-practice', { id: 'gp-2', title: 'Strength and balance classes', kind: 'wellbeing-and-prevention', source: 'Age UK', needIds: [], concernIds: [] });

      const exported = await t.as('pm').get(url(slug, 'good-practice', '/export')).expect(200);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      expect(exported.headers['content-disposition']).toBe(`attachment; filename="${slug}-good-practice.csv"`);
      expect(exported.text).toBe(
        'id,title,kind,source,evidenceOfImpact,needIds,concernIds\r\n' +
          'gp-1,Falls clinic,clinical-good-practice,NICE,,need-falls,uc-1\r\n' +
          'gp-2,Strength and balance classes,wellbeing-and-prevention,Age UK,,,\r\n',
      );

      // into another project: segments, then needs, urgent concerns and good practice that link to them
      const copied: Record<string, string> = {};
      for (const register of ['segments', 'needs', 'urgent-concerns', 'good-practice']) {
        copied[register] = (await t.as('pm').get(url(slug, register, '/export')).expect(200)).text;
        const res = await t.as('pm').post(url(other, register, '/import')).set('content-type', 'text/csv').send(copied[register]).expect(200);
        expect(res.body).toMatchObject({ register, mode: 'append', created: (await items(slug, register)).length, updated: 0, removed: 0 });
        expect(await items(other, register)).toEqual(await items(slug, register));
        expect((await t.as('pm').get(url(other, register, '/export')).expect(200)).text).toBe(copied[register]);
      }
      expect((await t.as('pm').get(url(other, 'segments', '/seg-frail')).expect(200)).body.name).toBe('Frailty, "complex" needs');

      // replace with the file just exported: the same register, in the same order
      const before = await items(slug, 'segments');
      const replaced = await t.as('pm').post(url(slug, 'segments', '/import?mode=replace')).set('content-type', 'text/csv').send(copied.segments).expect(200);
      expect(replaced.body).toMatchObject({ mode: 'replace', created: 0, updated: 2, removed: 0, total: 2 });
      expect(await items(slug, 'segments')).toEqual(before);
    });

    it('replace removes records missing from the file, unless other records link to them', async () => {
      const header = 'id,model,name,people,sharePercent,trend\r\n';
      const inUse = await t
        .as('pm')
        .post(url(slug, 'segments', '/import?mode=replace'))
        .set('content-type', 'text/csv')
        .send(`${header}seg-new,B2H,New,10,1,stable\r\n`)
        .expect(409);
      expect(inUse.body).toMatchObject({ error: 'RecordInUse', links: [{ recordType: 'need', id: 'need-falls', field: 'segmentId', target: 'seg-frail' }] });
      const ok = await t
        .as('pm')
        .post(url(slug, 'segments', '/import?mode=replace'))
        .set('content-type', 'text/csv')
        .send(`${header}seg-frail,B2H,Frailty,1560,5.2,increasing\r\nseg-new,B2H,New,10,1,stable\r\n`)
        .expect(200);
      expect(ok.body).toMatchObject({ created: 1, updated: 1, removed: 1, total: 2 });
      expect((await items(slug, 'segments')).map((s) => s.id)).toEqual(['seg-frail', 'seg-new']);
      const entry = (await history(slug)).at(-1)!;
      expect(entry).toMatchObject({ type: 'REGISTER_IMPORTED', stage: 'population-health-and-care-needs', outcome: 'accepted', payload: { register: 'segments', mode: 'replace', counts: { created: 1, updated: 1, removed: 1, total: 2 } } });
    });
  });

  describe('links, traceability and history', () => {
    const slug = 'registers-links';
    beforeAll(async () => {
      await projectAtStages2to4(slug);
    });

    it('refuses to delete a linked record with 409 naming the links, and deletes it once unlinked', async () => {
      await add(slug, 'segments', { id: 'seg-1', model: 'B2H', name: 'Healthy', people: 10, sharePercent: 1, trend: 'stable' });
      await add(slug, 'needs', { id: 'need-1', segmentId: 'seg-1', description: 'Prevention' });
      await add(slug, 'assets', { id: 'asset-1', name: 'Health centre', type: 'health-centre', postcode: 'OX12 9BN', owner: 'NHSPS', condition: 'B', backlogRisk: 'low' });
      await add(slug, 'services', { id: 'svc-1', name: 'Nursing', provider: 'OH', assetId: 'asset-1', when: 'Mon-Fri', segmentIds: ['seg-1'], funding: 'recurrent' });
      const { version } = await t.workflow(slug);

      const res = await t.as('pm').delete(url(slug, 'segments', '/seg-1')).expect(409);
      expect(res.body.error).toBe('RecordInUse');
      expect(res.body.message).toMatch(/need-1, svc-1/);
      expect(res.body.links).toEqual([
        { recordType: 'need', id: 'need-1', field: 'segmentId', target: 'seg-1' },
        { recordType: 'service', id: 'svc-1', field: 'segmentIds', target: 'seg-1' },
      ]);
      expect(res.body.blockers.map((b: Blocker) => [b.code, b.ref])).toEqual([
        ['RECORD_IN_USE', 'need-1'],
        ['RECORD_IN_USE', 'svc-1'],
      ]);
      expect((await t.workflow(slug)).version).toBe(version);
      expect((await history(slug)).at(-1)).toMatchObject({ type: 'REGISTER_RECORD_DELETED', outcome: 'refused', payload: { register: 'segments', id: 'seg-1' } });
      expect((await items(slug, 'segments')).map((s) => s.id)).toEqual(['seg-1']);

      await t.as('pm').delete(url(slug, 'needs', '/need-1')).expect(200);
      await t.as('pm').put(url(slug, 'services', '/svc-1')).send({ name: 'Nursing', provider: 'OH', assetId: 'asset-1', when: 'Mon-Fri', funding: 'recurrent' }).expect(200);
      await t.as('pm').delete(url(slug, 'segments', '/seg-1')).expect(200);
      expect(await items(slug, 'segments')).toEqual([]);
    });

    it('traceability shows a need unanswered until a proposal answers it', async () => {
      const slug2 = 'registers-trace';
      await projectAtStages2to4(slug2);
      await add(slug2, 'segments', { id: 'seg-1', model: 'B2H', name: 'Frailty', people: 10, sharePercent: 1, trend: 'stable' });
      await add(slug2, 'needs', { id: 'need-1', segmentId: 'seg-1', description: 'Step-up care at home' });
      await add(slug2, 'good-practice', { id: 'gp-1', title: 'Virtual ward', kind: 'innovation', source: 'NHSE', needIds: ['need-1'] });
      let trace = (await t.as('pm').get(`/api/projects/${slug2}/traceability`).expect(200)).body;
      expect(trace.entries).toEqual([
        expect.objectContaining({ kind: 'need', id: 'need-1', segmentName: 'Frailty', goodPracticeIds: ['gp-1'], proposalIds: [], answered: false, notMet: null }),
      ]);
      expect(trace.unanswered.map((e: Rec) => e.id)).toEqual(['need-1']);
      expect(trace.unaccounted.map((e: Rec) => e.id)).toEqual(['need-1']);

      await t.prepareStage(slug2, 'population-health-and-care-needs');
      await t.prepareStage(slug2, 'review-of-services-and-assets');
      await t.prepareStage(slug2, 'innovation-and-good-practice');
      for (const s of ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'] as StageKey[]) await t.submitAndApprove(slug2, s);
      trace = (await t.as('pm').get(`/api/projects/${slug2}/traceability`).expect(200)).body;
      expect(trace.unaccounted.map((e: Rec) => e.id)).toContain('need-1');

      await add(slug2, 'proposals', { id: 'prop-1', title: 'Virtual ward', description: 'x', needIds: ['need-1'], challengeOutcome: 'pending', status: 'active' });
      trace = (await t.as('pm').get(`/api/projects/${slug2}/traceability`).expect(200)).body;
      expect(trace.entries.find((e: Rec) => e.id === 'need-1')).toMatchObject({ proposalIds: ['prop-1'], goodPracticeIds: expect.arrayContaining(['gp-1']), answered: true });
      expect(trace.unanswered.map((e: Rec) => e.id)).not.toContain('need-1');
    });

    it('puts every record change in the history', async () => {
      const slug3 = 'registers-history';
      await projectAtStages2to4(slug3);
      const before = (await history(slug3)).length;
      await add(slug3, 'projections', { id: 'proj-1', year: 2031, population: 38500, source: 'Local plan' });
      await t.as('pm').put(url(slug3, 'projections', '/proj-1')).send({ year: 2031, population: 39000, source: 'Local plan', assumptions: 'Crab Hill' }).expect(200);
      await t.as('pm').delete(url(slug3, 'projections', '/proj-1')).expect(200);
      await t.as('pm').post(url(slug3, 'projections', '/import')).set('content-type', 'text/csv').send('id,year,population,source,assumptions\r\nproj-2,2032,40000,ONS,\r\n').expect(200);
      const auto = await add(slug3, 'projections', { year: 2035, population: 41000, source: 'ONS' });
      expect(auto.id).toMatch(/^proj-[0-9a-f]{8}$/);
      const entries = (await history(slug3)).slice(before);
      expect(entries.map((h) => [h.type, h.stage, h.outcome])).toEqual([
        ['REGISTER_RECORD_CREATED', 'population-health-and-care-needs', 'accepted'],
        ['REGISTER_RECORD_UPDATED', 'population-health-and-care-needs', 'accepted'],
        ['REGISTER_RECORD_DELETED', 'population-health-and-care-needs', 'accepted'],
        ['REGISTER_IMPORTED', 'population-health-and-care-needs', 'accepted'],
        ['REGISTER_RECORD_CREATED', 'population-health-and-care-needs', 'accepted'],
      ]);
      expect(entries[1].payload).toMatchObject({ register: 'projections', id: 'proj-1', record: { population: 39000, assumptions: 'Crab Hill' } });
      expect(entries[3].payload).toMatchObject({ register: 'projections', mode: 'append', counts: { created: 1, total: 1 } });
      expect(entries[4].payload).toMatchObject({ id: auto.id });
      const versions = entries.map((h) => (h.resultingState as { version: number }).version);
      expect(versions).toEqual(versions.map((_, i) => versions[0] + i));
    });
  });

  it('documents every register endpoint with an example body per register', async () => {
    const spec = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/projects/{slug}/registers/{register}',
        '/api/projects/{slug}/registers/{register}/{id}',
        '/api/projects/{slug}/registers/{register}/export',
        '/api/projects/{slug}/registers/{register}/import',
        '/api/projects/{slug}/traceability',
        '/api/projects/{slug}/segment-coverage',
      ]),
    );
    const body = spec.paths['/api/projects/{slug}/registers/{register}'].post.requestBody.content['application/json'];
    expect(Object.keys(body.examples)).toEqual([
      'segments',
      'needs',
      'projections',
      'urgent-concerns',
      'assets',
      'services',
      'sustainability-issues',
      'good-practice',
      'solution-events',
      'proposals',
      'not-met',
    ]);
    expect(body.schema.oneOf).toHaveLength(11);
    expect(body.examples.projections.value).toMatchObject({ year: 2031, assumptions: expect.stringMatching(/Grove Airfield and Crab Hill/) });
  });
});

describe('registers demo data (e2e)', () => {
  it('fills Wantage stage 2-4 registers partly, leaving stages 2-4 in progress with blockers naming what is missing', async () => {
    const t = await TestApp.start({ DEMO_DATA: 'true' });
    try {
      await t.signIn('demo-pm', 'pm@example.org', 'demo-password-2019');
      const segments = (await t.as('demo-pm').get('/api/projects/wantage/registers/segments').expect(200)).body.items as Rec[];
      expect(segments.reduce((sum, s) => sum + Number(s.people), 0)).toBe(30070);
      const projections = (await t.as('demo-pm').get('/api/projects/wantage/registers/projections').expect(200)).body.items as Rec[];
      expect(projections.map((p) => p.year)).toEqual([2019, 2031]);
      expect(projections[1].assumptions).toMatch(/Grove Airfield.*Crab Hill/);
      for (const register of ['urgent-concerns', 'assets', 'services', 'good-practice']) {
        expect((await t.as('demo-pm').get(`/api/projects/wantage/registers/${register}`).expect(200)).body.total).toBeGreaterThan(0);
      }
      const view = await t.workflow('wantage', 'demo-pm');
      expect(view.stages.slice(1, 4).map((s: { status: string }) => s.status)).toEqual(['in-progress', 'in-progress', 'in-progress']);
      const stage2 = view.stages[1];
      expect(stage2.deliverables.find((d: { key: string }) => d.key === 'population-segmentation').evidence).toMatch(/7 segments \(Bridges to Health\) covering 100% of 30,070 registered/);
      const refused = await t.event('wantage', { type: 'SUBMIT_FOR_REVIEW', stage: 'population-health-and-care-needs' }, 'demo-pm').expect(409);
      expect(refused.body.blockers.filter((b: Blocker) => b.code === 'SEGMENT_WITHOUT_NEED').map((b: Blocker) => b.ref)).toEqual(['seg-disability', 'seg-end-of-life']);
      const stage4 = await t.event('wantage', { type: 'SUBMIT_FOR_REVIEW', stage: 'innovation-and-good-practice' }, 'demo-pm').expect(409);
      expect(stage4.body.blockers.map((b: Blocker) => b.deliverable)).toEqual(['innovative-approaches', 'clinical-good-practice', 'local-delivery-views']);
      const history = (await t.as('demo-pm').get('/api/projects/wantage/history?limit=200').expect(200)).body.items as Rec[];
      expect(history.filter((h) => h.type === 'REGISTER_RECORD_CREATED').length).toBeGreaterThanOrEqual(20);
    } finally {
      await t.stop();
    }
  });
});
