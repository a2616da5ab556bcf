import { TestApp } from './support/test-app';

/** Project details after creation, and a registered population for places outside the PCN list. */
describe('project details and registered population (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const segment = { id: 'seg-all', model: 'Bridges to Health', name: 'Everyone', people: 40000, sharePercent: 95, trend: 'stable' };

  async function advanceToStage2(slug: string) {
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.submitAndApprove(slug, 'planning-and-codesign');
  }

  it('records a registered population for a place outside the PCN list, and the stage 2 coverage rule uses it', async () => {
    const created = await t.as('pm').post('/api/projects').send({ name: 'Leominster', slug: 'leominster', scope: 'town', registeredPopulation: 42000 }).expect(201);
    expect(created.body).toMatchObject({ pcns: [], registeredPopulation: 42000, registeredPopulationSource: 'recorded' });
    await advanceToStage2('leominster');
    await t.as('pm').post('/api/projects/leominster/registers/segments').send(segment).expect(201);
    const coverage = await t.as('pm').get('/api/projects/leominster/segment-coverage').expect(200);
    expect(coverage.body).toMatchObject({ registeredPopulation: 42000, segmentedPeople: 40000 });
    const stage2 = (await t.workflow('leominster')).stages[1];
    expect(stage2.blockers.map((b: { code: string }) => b.code)).not.toContain('SEGMENT_COVERAGE_LOW');
  });

  it('blocks stage 2 until a project without PCNs has a registered population, then accepts one recorded later', async () => {
    await t.as('pm').post('/api/projects').send({ name: 'Bromyard', slug: 'bromyard', scope: 'town' }).expect(201);
    await advanceToStage2('bromyard');
    await t.as('pm').post('/api/projects/bromyard/registers/segments').send(segment).expect(201);
    let codes = (await t.workflow('bromyard')).stages[1].blockers.map((b: { code: string }) => b.code);
    expect(codes).toContain('REGISTERED_POPULATION_MISSING');

    const { version } = await t.workflow('bromyard');
    const patched = await t.as('pm').patch('/api/projects/bromyard').send({ registeredPopulation: 41000, expectedVersion: version }).expect(200);
    expect(patched.body).toMatchObject({ registeredPopulation: 41000, registeredPopulationSource: 'recorded', version: version + 1 });
    codes = patched.body.workflow.stages[1].blockers.map((b: { code: string }) => b.code);
    expect(codes).not.toContain('REGISTERED_POPULATION_MISSING');
    expect(codes).not.toContain('SEGMENT_COVERAGE_LOW');

    const history = await t.history('bromyard');
    expect(history.at(-1)).toMatchObject({ type: 'PROJECT_DETAILS_UPDATED', outcome: 'accepted', payload: { registeredPopulation: 41000 }, actorName: t.user('pm').name });
  });

  it('corrects name, area and PCNs; null goes back to the PCNs\' sum', async () => {
    await t.as('pm').post('/api/projects').send({ name: 'Didcot', slug: 'didcot', scope: 'town', pcns: ['didcot'], registeredPopulation: 45000 }).expect(201);
    const res = await t.as('pm').patch('/api/projects/didcot').send({ name: 'Didcot and Great Western Park', area: null, pcns: ['didcot', 'wallingford-surrounds'], registeredPopulation: null }).expect(200);
    expect(res.body).toMatchObject({
      name: 'Didcot and Great Western Park',
      area: null,
      pcns: ['didcot', 'wallingford-surrounds'],
      registeredPopulation: 41902 + 32052,
      registeredPopulationSource: 'pcns',
    });
  });

  it('refuses bad input with 400, other people with 403, and closed projects with 409, changing nothing', async () => {
    await t.as('pm').post('/api/projects').send({ name: 'Thame', slug: 'thame', scope: 'town', pcns: ['thame'] }).expect(201);
    const before = await t.as('pm').get('/api/projects/thame').expect(200);
    for (const body of [{}, { name: null }, { name: '' }, { registeredPopulation: 0 }, { registeredPopulation: 1.5 }, { pcns: ['nowhere'] }, { slug: 'renamed' }, { scope: 'locality' }]) {
      const res = await t.as('pm').patch('/api/projects/thame').send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    for (const who of ['pm2', 'auditor', 'stakeholder', 'admin']) await t.as(who).patch('/api/projects/thame').send({ name: `By ${who}` }).expect(403);
    expect((await t.as('pm').get('/api/projects/thame').expect(200)).body).toEqual(before.body);

    await t.event('thame', { type: 'WITHDRAW', reason: 'Merged into Didcot' }).expect(201);
    const closed = await t.as('pm').patch('/api/projects/thame').send({ name: 'Thame again' }).expect(409);
    expect(closed.body.blockers[0].code).toBe('PROJECT_CLOSED');
    expect((await t.as('pm').get('/api/projects/thame').expect(200)).body.name).toBe('Thame');
  });
});
