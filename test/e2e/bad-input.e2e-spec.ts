import { MAX_INPUT_DEPTH } from '../../src/common/validation';
import { TestApp } from './support/test-app';

/**
 * Input that used to answer 500 (issue 12, defects 3 and 4): every such request is a 400 with a
 * plain message per field, and it changes nothing.
 */
describe('bad input answers 400, never 500 (e2e)', () => {
  let t: TestApp;
  const slug = 'bad-input';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.submitAndApprove(slug, 'planning-and-codesign');
  });
  afterAll(async () => {
    await t.stop();
  });

  const version = async () => (await t.as('pm').get(`/api/projects/${slug}`).expect(200)).body.version as number;
  const historyTotal = async () => (await t.as('pm').get(`/api/projects/${slug}/history?limit=1`).expect(200)).body.total as number;

  it('JSON nested 3,000 deep: 400 naming the limit on every mutating operation, including the unauthenticated sign-in', async () => {
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    const deepList = '['.repeat(3000) + ']'.repeat(3000);
    const spec = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    const before = { version: await version(), history: await historyTotal() };
    let operations = 0;
    for (const [template, methods] of Object.entries<Record<string, unknown>>(spec.paths)) {
      for (const method of Object.keys(methods)) {
        if (!['post', 'put', 'patch'].includes(method)) continue;
        const url = template
          .replace('{slug}', slug)
          .replace('{stage}', 'population-health-and-care-needs')
          .replace('{register}', 'segments')
          .replace(/\{[^}]+\}/g, 'x');
        for (const body of [deep, deepList]) {
          const res = await t.as('pm')[method as 'post' | 'put' | 'patch'](url).set('content-type', 'application/json').send(body);
          // the route's own access and path checks may answer first (401/403/404); never 5xx
          expect({ op: `${method} ${template}`, status: res.status }).toEqual({ op: `${method} ${template}`, status: expect.any(Number) });
          expect(res.status).toBeLessThan(500);
          // signing out ignores its body, and is a documented operation too: sign back in to carry on
          if (res.status === 204 && template === '/api/auth/logout') await t.signIn('pm', t.user('pm').email, t.user('pm').password);
          if (res.status === 400) expect(JSON.stringify(res.body).length).toBeLessThan(2000);
        }
        operations++;
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect({ version: await version(), history: await historyTotal() }).toEqual(before);

    const login = await t.http().post('/api/auth/login').set('content-type', 'application/json').send(deep).expect(400);
    expect(login.body.message).toContain(`at most ${MAX_INPUT_DEPTH} levels`);
    const created = await t.as('pm').post('/api/projects').set('content-type', 'application/json').send(deep).expect(400);
    expect(created.body.message).toContain('nested too deeply');
    const event = await t.as('pm').post(`/api/projects/${slug}/workflow/events`).set('content-type', 'application/json').send(deep).expect(400);
    expect(event.body.error).toBe('ValidationFailed');
    // a register record is validated by the register rules, not class-validator: bounded too
    await t.as('pm').post(`/api/projects/${slug}/registers/segments`).set('content-type', 'application/json').send(deep).expect(400);
    // a legitimately nested body (a few levels) still passes the depth check
    await t.as('pm').post('/api/projects').send({ name: 'Nested ok', slug: 'nested-ok', scope: 'town', pcns: ['wantage'] }).expect(201);
  });

  it('offset and limit beyond their documented ranges: 400 on /api/projects, /history and /users', async () => {
    for (const q of ['offset=1e30', 'offset=99999999999999999999999', 'offset=2147483648', 'limit=1e30', 'limit=0', 'offset=-1', 'offset=1.5']) {
      for (const [who, url] of [
        ['pm', '/api/projects'],
        ['pm', `/api/projects/${slug}/history`],
        ['admin', '/api/users'],
      ] as const) {
        const res = await t.as(who).get(`${url}?${q}`);
        expect({ url, q, status: res.status }).toEqual({ url, q, status: 400 });
        expect(res.body.fields[0].field).toBe(q.split('=')[0]);
      }
    }
    // a blank parameter is not given: its default applies
    const blank = await t.as('pm').get('/api/projects?limit=%20%20&offset=%09').expect(200);
    expect(blank.body).toMatchObject({ limit: 20, offset: 0 });
    // the largest documented offset is accepted (an empty page)
    const last = await t.as('pm').get('/api/projects?offset=2147483647').expect(200);
    expect(last.body.items).toEqual([]);
  });

  it('expectedVersion beyond its range is a 400, not a comparison', async () => {
    const res = await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'x', expectedVersion: 1e30 }).expect(400);
    expect(res.body.fields).toEqual([{ field: 'expectedVersion', message: expect.stringContaining('must not be greater than') }]);
    await t.as('pm').post(`/api/projects/${slug}/registers/segments?expectedVersion=1e300`).send({}).expect(400);
  });

  it('PATCH /api/users/:id with null fields: 400, the account unchanged', async () => {
    const id = t.user('pm2').id;
    for (const field of ['name', 'role', 'active', 'password']) {
      const res = await t.as('admin').patch(`/api/users/${id}`).send({ [field]: null }).expect(400);
      expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set([field]));
    }
    const user = (await t.as('admin').get('/api/users?limit=200').expect(200)).body.items.find((u: { id: string }) => u.id === id);
    expect(user).toMatchObject({ name: 'Pam Other', role: 'programme-manager', active: true });
  });

  it('a lone surrogate in any text: 400 naming the field', async () => {
    const body = '{"email":"a\\ud800@x.test","name":"Lone","role":"stakeholder","password":"a long enough password"}';
    const res = await t.as('admin').post('/api/users').set('content-type', 'application/json').send(body).expect(400);
    expect(res.body.fields).toEqual([{ field: 'email', message: 'email must be valid Unicode text (it contains a lone surrogate character)' }]);
    const login = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":"\\udc00","password":"x"}').expect(400);
    expect(login.body.fields[0].field).toBe('email');
    // a proper pair (an emoji) is fine
    await t.as('pm').patch(`/api/projects/${slug}`).send({ area: 'Wantage \ud83c\udfe5' }).expect(200);
  });

  it('text that is only whitespace counts as missing: a required field refuses it with 400', async () => {
    const created = await t.as('pm').post('/api/projects').send({ name: '   ', slug: 'blank-name', scope: 'town', pcns: ['wantage'] }).expect(400);
    expect(created.body.fields).toEqual([{ field: 'name', message: 'name must not be blank' }]);
    await t.as('pm').get('/api/projects/blank-name').expect(404);
    const renamed = await t.as('pm').patch(`/api/projects/${slug}`).send({ name: '\t \n' }).expect(400);
    expect(renamed.body.fields).toEqual([{ field: 'name', message: 'name must not be blank' }]);

    const before = { version: await version(), history: await historyTotal() };
    for (const type of ['PUT_ON_HOLD', 'WITHDRAW']) {
      const res = await t.event(slug, { type, reason: '    ' }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'reason', message: 'reason is required for REQUEST_CHANGES, PUT_ON_HOLD, WITHDRAW and REOPEN_STAGE' }]);
    }
    const member = await t.as('pm').post(`/api/projects/${slug}/groups/stakeholder-group/members`).send({ name: ' ', organisation: 'Org', organisationType: 'gp-practice-or-pcn', roleInGroup: 'GP' });
    expect(member.status).toBe(400);
    expect({ version: await version(), history: await historyTotal() }).toEqual(before);
  });

  it('an optional text field of only whitespace is stored as absent', async () => {
    const res = await t.as('pm')
      .post(`/api/projects/${slug}/registers/urgent-concerns`)
      .send({ id: 'uc-blank-owner', what: 'Pharmacy closing', whyUrgent: 'Closes in March', owner: '   ', status: 'open' })
      .expect(201);
    expect(res.body.record.owner ?? null).toBeNull();
    const blankWhat = await t.as('pm')
      .post(`/api/projects/${slug}/registers/urgent-concerns`)
      .send({ id: 'uc-blank-what', what: '  ', whyUrgent: 'x', status: 'open' })
      .expect(400);
    expect(blankWhat.body.fields).toEqual([{ field: 'what', message: 'is required' }]);
  });

  describe('every number has a documented range (defect 4)', () => {
    it('register counts refuse 1e308 and values beyond their maximum', async () => {
      const segment = { model: 'Bridges to Health', name: 'Huge', sharePercent: 10, trend: 'stable' };
      for (const people of [1e308, 10_000_001, -1, 1.5]) {
        const res = await t.as('pm').post(`/api/projects/${slug}/registers/segments`).send({ ...segment, people }).expect(400);
        expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['people']);
      }
      await t.as('pm').post(`/api/projects/${slug}/registers/projections`).send({ year: 2030, population: 1e308, source: 'ONS' }).expect(400);
      // stage 5 registers are closed until stage 4 is approved (409 first): the bound is checked by the unit tests
      const big = await t.as('pm').post(`/api/projects/${slug}/registers/services`).send({ name: 'S', segmentIds: [], annualActivity: 1e308, funding: 'recurrent' });
      expect(big.status).toBe(400);
      expect(big.body.fields.map((f: { field: string }) => f.field)).toContain('annualActivity');
    });

    it('two segments at the largest count keep the coverage a number', async () => {
      for (const id of ['seg-max-1', 'seg-max-2']) {
        await t.as('pm')
          .post(`/api/projects/${slug}/registers/segments`)
          .send({ id, model: 'Bridges to Health', name: id, people: 10_000_000, sharePercent: 50, trend: 'stable' })
          .expect(201);
      }
      const coverage = (await t.as('pm').get(`/api/projects/${slug}/segment-coverage`).expect(200)).body;
      expect(typeof coverage.coveragePercent).toBe('number');
      expect(Number.isFinite(coverage.coveragePercent)).toBe(true);
      // each person is counted once: a model adding up past the registered population is capped at it
      expect(coverage.segmentedPeople).toBe(coverage.registeredPopulation);
      expect(coverage.coveragePercent).toBe(100);
    });

    it('the OpenAPI document states the range of the paging and version numbers', async () => {
      const spec = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
      const params = spec.paths['/api/projects'].get.parameters as Array<{ name: string; schema: { minimum?: number; maximum?: number } }>;
      expect(params.find((p) => p.name === 'offset')!.schema).toMatchObject({ minimum: 0, maximum: 2147483647 });
      expect(params.find((p) => p.name === 'limit')!.schema).toMatchObject({ minimum: 1, maximum: 200 });
      const event = spec.components.schemas.WorkflowEventDto.properties.expectedVersion;
      expect(event).toMatchObject({ maximum: 2147483647 });
    });
  });
});
