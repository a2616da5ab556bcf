import { STAGE_KEYS, StageKey } from '../../workflows';
import { TestApp } from './support/test-app';

describe('engine (e2e): framework, projects, workflow, history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('reference data', () => {
    it('serves the framework with its six stages and their deliverables', async () => {
      const res = await t.http().get('/api/framework').expect(200);
      expect(res.body.version).toBeDefined();
      expect(res.body.stages.map((s: { key: string }) => s.key)).toEqual([...STAGE_KEYS]);
      for (const stage of res.body.stages) {
        expect(stage).toEqual(expect.objectContaining({ order: expect.any(Number), title: expect.any(String), summary: expect.any(String) }));
        expect(stage.deliverables.length).toBeGreaterThan(0);
        for (const d of stage.deliverables) expect(d).toEqual({ key: expect.any(String), title: expect.any(String), mandatory: expect.any(Boolean) });
      }
    });

    it('lists the 19 Oxfordshire PCNs of June 2019', async () => {
      const res = await t.http().get('/api/pcns').expect(200);
      expect(res.body.total).toBe(19);
      expect(res.body.items).toContainEqual({ code: 'wantage', name: 'Wantage', practices: 2, registeredPopulation: 30070, districts: ['Vale of White Horse'] });
      expect(res.body.items).toContainEqual(expect.objectContaining({ code: 'banbury-town', registeredPopulation: 66154 }));
    });

    it('documents the API at /api/docs (OpenAPI from the DTOs)', async () => {
      await t.http().get('/api/docs').expect(200);
      const spec = await t.http().get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/api/projects', '/api/projects/{slug}/workflow/events', '/api/projects/{slug}/stages/{stage}/deliverables/{deliverable}', '/api/projects/{slug}/history']),
      );
      expect(spec.body.components.schemas.WorkflowEventDto.properties.type.example).toBe('SUBMIT_FOR_REVIEW');
      // the docs page can sign requests: a bearer scheme, used by the protected operations
      expect(spec.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const path of ['/api/projects', '/api/projects/{slug}/registers/{register}', '/api/projects/{slug}/options']) {
        expect(spec.body.paths[path].get.security).toEqual([{ bearer: [] }]);
      }
      // the page's own assets are served too
      const page = await t.http().get('/api/docs').expect(200);
      const assets = [...page.text.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) await t.http().get(`/api/docs/${asset.replace(/^.*\//, '')}`).expect(200);
    });
  });

  describe('projects', () => {
    it('creates a project at stage 1 in progress, with its registered population from its PCNs', async () => {
      const res = await t
        .as('pm')
        .post('/api/projects')
        .send({ name: 'Abingdon', slug: 'abingdon', scope: 'locality', pcns: ['abingdon-district', 'abingdon-central'] })
        .expect(201);
      expect(res.body).toMatchObject({ slug: 'abingdon', registeredPopulation: 30043 + 33657, districts: ['Vale of White Horse'], version: 1 });
      expect(res.body.workflow.stages[0]).toMatchObject({ key: 'planning-and-codesign', status: 'in-progress' });
      const got = await t.as('pm').get('/api/projects/abingdon').expect(200);
      expect(got.body.workflow.status).toBe('active');
      await t.as('pm').post('/api/projects').send({ name: 'Again', slug: 'abingdon', scope: 'town' }).expect(409);
    });

    it('pages the project list', async () => {
      await t.createProject('list-a');
      await t.createProject('list-b');
      const all = await t.as('pm').get('/api/projects').expect(200);
      expect(all.body.total).toBeGreaterThanOrEqual(3);
      const page = await t.as('pm').get('/api/projects?limit=1&offset=1').expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.items[0].slug).toBe(all.body.items[1].slug);
    });
  });

  describe('a project from creation to completed, through the API only', () => {
    it('runs stage 1, stages 2-4 in parallel, stage 5 and stage 6', async () => {
      const slug = 'full-run';
      await t.createProject(slug);
      await t.prepareStage(slug, 'planning-and-codesign');
      await t.submitAndApprove(slug, 'planning-and-codesign');

      let view = await t.workflow(slug);
      expect(view.stages.slice(1, 4).map((s: { status: string }) => s.status)).toEqual(['in-progress', 'in-progress', 'in-progress']);
      expect(view.stages[4].status).toBe('not-started');

      const parallel: StageKey[] = ['innovation-and-good-practice', 'population-health-and-care-needs', 'review-of-services-and-assets'];
      for (const stage of parallel) await t.prepareStage(slug, stage);
      // a returned stage goes back to work, then through review again
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'innovation-and-good-practice' }).expect(201);
      await t.event(slug, { type: 'REQUEST_CHANGES', stage: 'innovation-and-good-practice', reason: 'Add early-adopter results' }).expect(201);
      view = await t.workflow(slug);
      expect(view.stages[3].status).toBe('in-progress');
      for (const stage of parallel) await t.submitAndApprove(slug, stage);

      for (const stage of ['meeting-population-needs', 'development-of-options'] as const) {
        expect((await t.workflow(slug)).stages.find((s: { key: string }) => s.key === stage).status).toBe('in-progress');
        await t.prepareStage(slug, stage);
        await t.submitAndApprove(slug, stage);
      }
      view = await t.workflow(slug);
      expect(view.status).toBe('completed');
      expect(view.stages.every((s: { status: string }) => s.status === 'approved')).toBe(true);
      expect(view.allowedEvents).toEqual([]);

      const history = await t.as('pm').get(`/api/projects/${slug}/history?limit=200`).expect(200);
      const types = history.body.items.map((h: { type: string }) => h.type);
      expect(types[0]).toBe('PROJECT_CREATED');
      expect(types.at(-1)).toBe('APPROVE_STAGE');
      expect(history.body.items.map((h: { sequence: number }) => h.sequence)).toEqual(history.body.items.map((_: unknown, i: number) => i + 1));
      expect(history.body.items.at(-1).resultingState.status).toBe('completed');
    });
  });

  describe('refusals answer 409 with blockers and change nothing', () => {
    const slug = 'refusals';
    beforeAll(async () => {
      await t.createProject(slug);
    });

    async function expectRefused(body: Record<string, unknown>, code: string) {
      const before = await t.workflow(slug);
      const res = await t.event(slug, body).expect(409);
      expect(res.body.error).toBeDefined();
      expect(res.body.message).toEqual(expect.any(String));
      expect(res.body.blockers.map((b: { code: string }) => b.code)).toContain(code);
      const after = await t.workflow(slug);
      expect(after).toEqual(before);
      const history = await t.as('pm').get(`/api/projects/${slug}/history?limit=200`).expect(200);
      const last = history.body.items.at(-1);
      expect(last).toMatchObject({ type: body.type, outcome: 'refused' });
      expect(last.blockers.map((b: { code: string }) => b.code)).toContain(code);
      return res.body;
    }

    it('refuses submission while mandatory deliverables are not done, listing each', async () => {
      const body = await expectRefused({ type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }, 'DELIVERABLE_NOT_DONE');
      expect(body.blockers.length).toBeGreaterThanOrEqual(3);
      expect(body.blockers[0].message).toMatch(/must be done/);
    });

    it('refuses a stage that has not started, approval outside review, and resume when not held', async () => {
      await expectRefused({ type: 'SUBMIT_FOR_REVIEW', stage: 'meeting-population-needs' }, 'STAGE_NOT_IN_PROGRESS');
      await expectRefused({ type: 'APPROVE_STAGE', stage: 'planning-and-codesign' }, 'STAGE_NOT_IN_REVIEW');
      await expectRefused({ type: 'REQUEST_CHANGES', stage: 'planning-and-codesign', reason: 'x' }, 'STAGE_NOT_IN_REVIEW');
      await expectRefused({ type: 'RESUME' }, 'NOT_ON_HOLD');
    });

    it('refuses a stale expectedVersion with VersionConflict', async () => {
      await t.as('pm').put(`/api/projects/${slug}/stages/planning-and-codesign/deliverables/confirm-scope`).send({ status: 'in-progress' }).expect(200);
      const { version } = await t.workflow(slug);
      expect(version).toBe(2);
      const body = await expectRefused({ type: 'PUT_ON_HOLD', reason: 'x', expectedVersion: version - 1 }, 'VERSION_CONFLICT');
      expect(body.error).toBe('VersionConflict');
    });

    it('refuses stage events while on hold, and resumes exactly where the project was', async () => {
      await t.prepareStage(slug, 'planning-and-codesign');
      await t.submitAndApprove(slug, 'planning-and-codesign');
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'review-of-services-and-assets' }).expect(409);
      await t.prepareStage(slug, 'review-of-services-and-assets');
      await t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'review-of-services-and-assets' }).expect(201);
      const before = await t.workflow(slug);

      await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Awaiting the growth deal figures' }).expect(201);
      const held = await t.workflow(slug);
      expect(held.status).toBe('on-hold');
      expect(held.stages.map((s: { status: string }) => s.status)).toEqual(before.stages.map((s: { status: string }) => s.status));
      expect(held.allowedEvents).toEqual([{ type: 'RESUME' }, { type: 'WITHDRAW' }]);
      await expectRefused({ type: 'APPROVE_STAGE', stage: 'review-of-services-and-assets' }, 'PROJECT_ON_HOLD');
      await t
        .as('pm')
        .put(`/api/projects/${slug}/stages/population-health-and-care-needs/deliverables/key-leads`)
        .send({ status: 'in-progress' })
        .expect(409);

      await t.event(slug, { type: 'RESUME' }).expect(201);
      const resumed = await t.workflow(slug);
      expect({ ...resumed, version: 0 }).toEqual({ ...before, version: 0 });
      expect(resumed.version).toBe(before.version + 2);
    });

    it('ends a withdrawn project for good', async () => {
      await t.createProject('withdrawn');
      await t.event('withdrawn', { type: 'WITHDRAW', reason: 'Merged into the Abingdon project' }).expect(201);
      const res = await t.event('withdrawn', { type: 'RESUME' }).expect(409);
      expect(res.body.blockers[0].code).toBe('PROJECT_CLOSED');
      expect((await t.workflow('withdrawn')).status).toBe('withdrawn');
    });
  });

  describe('deliverables', () => {
    const slug = 'deliverables';
    beforeAll(async () => {
      await t.createProject(slug);
    });
    const url = (stage: string, d: string) => `/api/projects/${slug}/stages/${stage}/deliverables/${d}`;

    it('needs evidence to be done, and only optional deliverables can be not-applicable', async () => {
      const noEvidence = await t.as('pm').put(url('planning-and-codesign', 'confirm-scope')).send({ status: 'done' }).expect(400);
      expect(noEvidence.body.fields).toContainEqual(expect.objectContaining({ field: 'evidence' }));
      const mandatory = await t.as('pm').put(url('planning-and-codesign', 'confirm-scope')).send({ status: 'not-applicable' }).expect(400);
      expect(mandatory.body.fields[0].field).toBe('status');
      const ok = await t.as('pm').put(url('planning-and-codesign', 'confirm-scope')).send({ status: 'done', evidence: 'Scope paper v2' }).expect(200);
      expect(ok.body.entry).toMatchObject({ type: 'DELIVERABLE_UPDATED', outcome: 'accepted', payload: { deliverable: 'confirm-scope', status: 'done' } });
      expect(ok.body.workflow.stages[0].deliverables).toContainEqual(expect.objectContaining({ key: 'confirm-scope', status: 'done', evidence: 'Scope paper v2' }));
    });

    it('changes only while the stage is in progress', async () => {
      const res = await t.as('pm').put(url('development-of-options', 'quick-wins')).send({ status: 'not-applicable' }).expect(409);
      expect(res.body.blockers[0].code).toBe('STAGE_NOT_STARTED');
    });
  });

  describe('bad input', () => {
    beforeAll(async () => {
      await t.createProject('bad-input');
    });

    it.each([
      ['unknown field', '/api/projects', { name: 'X', slug: 'x', scope: 'town', colour: 'red' }, 'colour'],
      ['wrong type', '/api/projects', { name: 42, slug: 'x', scope: 'town' }, 'name'],
      ['bad slug', '/api/projects', { name: 'X', slug: 'Not A Slug', scope: 'town' }, 'slug'],
      ['bad scope', '/api/projects', { name: 'X', slug: 'x', scope: 'county' }, 'scope'],
      ['unknown PCN', '/api/projects', { name: 'X', slug: 'x', scope: 'town', pcns: ['nowhere'] }, 'pcns'],
      ['unknown event type', '/api/projects/bad-input/workflow/events', { type: 'TELEPORT' }, 'type'],
      ['unknown stage in an event', '/api/projects/bad-input/workflow/events', { type: 'SUBMIT_FOR_REVIEW', stage: 'stage-9' }, 'stage'],
      ['stage event without stage', '/api/projects/bad-input/workflow/events', { type: 'APPROVE_STAGE' }, 'stage'],
      ['hold without reason', '/api/projects/bad-input/workflow/events', { type: 'PUT_ON_HOLD' }, 'reason'],
      ['expectedVersion not a number', '/api/projects/bad-input/workflow/events', { type: 'RESUME', expectedVersion: 'one' }, 'expectedVersion'],
    ])('%s answers 400 with field messages', async (_name, url, body, field) => {
      const res = await t.as('pm').post(url).send(body).expect(400);
      expect(res.body.error).toBe('ValidationFailed');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    });

    it('bad slugs, unknown stages and deliverables in the path answer 400; unknown projects 404', async () => {
      await t.as('pm').get('/api/projects/Bad_Slug').expect(400);
      await t.as('pm').put('/api/projects/bad-input/stages/stage-9/deliverables/x').send({ status: 'in-progress' }).expect(400);
      await t.as('pm').put('/api/projects/bad-input/stages/planning-and-codesign/deliverables/nope').send({ status: 'in-progress' }).expect(400);
      const missing = await t.as('pm').get('/api/projects/no-such-project').expect(404);
      expect(missing.body.error).toBe('NotFound');
      await t.event('no-such-project', { type: 'RESUME' }).expect(404);
    });

    it('rejects malformed JSON with 400 and oversized bodies with 413, and keeps serving', async () => {
      await t.as('pm').post('/api/projects').set('content-type', 'application/json').send('{"name": ').expect(400);
      const huge = { name: 'x'.repeat(2 * 1024 * 1024), slug: 'huge', scope: 'town' };
      await t.as('pm').post('/api/projects').send(huge).expect(413);
      await t.http().get('/api/framework').expect(200);
      expect((await t.workflow('bad-input')).version).toBe(1);
    });

    it('offers no way to edit or delete history', async () => {
      await t.as('pm').delete('/api/projects/bad-input/history').expect(404);
      await t.as('pm').put('/api/projects/bad-input/history').send({}).expect(404);
    });
  });

  describe('concurrency', () => {
    it('applies exactly one of 20 concurrent events sent at the same version', async () => {
      await t.createProject('race');
      const { version } = await t.workflow('race');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.event('race', i % 2 ? { type: 'PUT_ON_HOLD', reason: `hold ${i}`, expectedVersion: version } : { type: 'WITHDRAW', reason: `stop ${i}`, expectedVersion: version }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.error).toBe('VersionConflict');
      const after = await t.workflow('race');
      expect(after.version).toBe(version + 1);
      const history = await t.as('pm').get('/api/projects/race/history?limit=200').expect(200);
      expect(history.body.items.filter((h: { outcome: string }) => h.outcome === 'accepted')).toHaveLength(2);
      expect(history.body.items.filter((h: { outcome: string }) => h.outcome === 'refused')).toHaveLength(19);
    });

    it('serialises concurrent commands without a version on different projects and on one project', async () => {
      await Promise.all(['c1', 'c2', 'c3'].map((s) => t.createProject(s)));
      const results = await Promise.all(
        ['c1', 'c2', 'c3', 'c1', 'c2', 'c3'].map((s, i) =>
          t.as('pm').put(`/api/projects/${s}/stages/planning-and-codesign/deliverables/confirm-scope`).send({ status: 'done', evidence: `run ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const s of ['c1', 'c2', 'c3']) expect((await t.workflow(s)).version).toBe(3);
    });
  });
});

describe('durability (e2e)', () => {
  it('keeps state and history across closing and reopening the app on the same file', async () => {
    const t = await TestApp.start();
    try {
      await t.createProject('durable');
      await t.prepareStage('durable', 'planning-and-codesign');
      await t.event('durable', { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }).expect(201);
      await t.event('durable', { type: 'PUT_ON_HOLD', reason: 'Purdah' }).expect(201);
      const before = await t.workflow('durable');
      const historyBefore = await t.as('pm').get('/api/projects/durable/history?limit=200').expect(200);

      await t.restart();

      expect(await t.workflow('durable')).toEqual(before);
      const historyAfter = await t.as('pm').get('/api/projects/durable/history?limit=200').expect(200);
      expect(historyAfter.body).toEqual(historyBefore.body);
      await t.event('durable', { type: 'RESUME' }).expect(201);
      expect((await t.workflow('durable')).stages[0].status).toBe('in-review');
    } finally {
      await t.stop();
    }
  });
});

describe('demo data (e2e)', () => {
  it('loads Wantage (stage 1 approved, stages 2-4 under way) and Banbury (start of stage 1) into a new database, once', async () => {
    const t = await TestApp.start({ DEMO_DATA: 'true' });
    try {
      // the demo programme manager runs both demo projects; they sign in with the default DEMO_PASSWORD
      await t.signIn('demo-pm', 'pm@example.org', 'demo-password-2019');
      const list = await t.as('demo-pm').get('/api/projects').expect(200);
      expect(list.body.items.map((p: { slug: string }) => p.slug)).toEqual(['wantage', 'banbury']);
      const wantage = await t.as('demo-pm').get('/api/projects/wantage').expect(200);
      expect(wantage.body).toMatchObject({ pcns: ['wantage'], registeredPopulation: 30070, districts: ['Vale of White Horse'] });
      expect(wantage.body.workflow.stages.map((s: { status: string }) => s.status).slice(0, 5)).toEqual([
        'approved',
        'in-progress',
        'in-progress',
        'in-progress',
        'not-started',
      ]);
      const banbury = await t.as('demo-pm').get('/api/projects/banbury').expect(200);
      expect(banbury.body.area).toMatch(/Horton/);
      expect(banbury.body.workflow.stages[0].status).toBe('in-progress');
      const history = await t.as('demo-pm').get('/api/projects/wantage/history?limit=200').expect(200);
      expect(history.body.items.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['PROJECT_CREATED', 'SUBMIT_FOR_REVIEW', 'APPROVE_STAGE']));
      await t.restart();
      expect((await t.as('demo-pm').get('/api/projects').expect(200)).body.total).toBe(2);
    } finally {
      await t.stop();
    }
  });
});
