import request from 'supertest';
import { StageKey } from '../../workflows';
import { appraisal, filter, STAGE6 } from './support/stage6-stage-work';
import { TestApp, Who } from './support/test-app';

/**
 * The evidence registers and the stage 6 records against every role: only the project's own
 * programme manager changes them; everyone else gets 403 and the project, its history and its
 * records stay as they were.
 */
const EVERYONE: Who[] = ['admin', 'pm', 'pm2', 'stakeholder', 'clinician', 'outsider', 'auditor'];
const DISCOVERY: StageKey[] = ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'];

describe('who may change registers and stage 6 records (e2e)', () => {
  let t: TestApp;
  const registers = 'matrix-registers';
  const options = 'matrix-options';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(registers);
    await t.prepareStage(registers, 'planning-and-codesign');
    await t.submitAndApprove(registers, 'planning-and-codesign');

    await t.createProject(options);
    for (const stage of ['planning-and-codesign', ...DISCOVERY, 'meeting-population-needs'] as StageKey[]) {
      await t.prepareStage(options, stage);
      await t.submitAndApprove(options, stage);
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  async function state(slug: string) {
    const get = async (url: string) => (await t.as('auditor').get(url).expect(200)).body;
    return {
      project: await get(`/api/projects/${slug}`),
      history: await get(`/api/projects/${slug}/history?limit=200`),
      segments: await get(`/api/projects/${slug}/registers/segments`),
      coverage: await get(`/api/projects/${slug}/segment-coverage`),
      options: await get(`/api/projects/${slug}/options`),
      businessCase: await get(`/api/projects/${slug}/business-case`),
      assurance: await get(`/api/projects/${slug}/service-change-assurance`),
    };
  }

  async function expectOnlyManager(slug: string, attempt: (who: Who) => request.Test, okStatus: number) {
    for (const who of EVERYONE.filter((w) => w !== 'pm')) {
      const before = await state(slug);
      const res = await attempt(who);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      expect(await state(slug)).toEqual(before);
    }
    const res = await attempt('pm');
    expect({ status: res.status, body: res.status === okStatus ? 'ok' : res.body }).toEqual({ status: okStatus, body: 'ok' });
  }

  const segment = (id: string) => ({ id, model: 'Bridges to Health', name: 'Frail older people', people: 1200, sharePercent: 4, trend: 'increasing' });

  it('register records: create, replace, delete, import and the coverage reason', async () => {
    const base = `/api/projects/${registers}/registers/segments`;
    await expectOnlyManager(registers, (who) => t.as(who).post(base).send(segment(`seg-${who}`)), 201);
    await expectOnlyManager(registers, (who) => t.as(who).put(`${base}/seg-pm`).send({ ...segment('seg-pm'), people: 1300 + who.length }), 200);
    await expectOnlyManager(
      registers,
      (who) => t.as(who).post(`${base}/import`).set('content-type', 'text/csv').send(`id,model,name,people,sharePercent,trend\r\nseg-csv-${who},Bridges to Health,Children,800,3,stable\r\n`),
      200,
    );
    await expectOnlyManager(registers, (who) => t.as(who).delete(`${base}/seg-csv-pm`), 200);
    await expectOnlyManager(registers, (who) => t.as(who).put(`/api/projects/${registers}/segment-coverage`).send({ shortfallReason: `Reason from ${who}` }), 200);
  });

  it('stage 6: options, appraisals, the business case, case status and the assurance record', async () => {
    const base = `/api/projects/${options}`;
    const option = (id: string) => ({ id, title: `Option ${id}`, kind: 'business-as-usual', proposalIds: [], filter: filter('No change') });
    await expectOnlyManager(options, (who) => t.as(who).post(`${base}/options`).send(option(`bau-${who}`)), 201);
    await expectOnlyManager(options, (who) => t.as(who).patch(`${base}/options/bau-pm`).send({ title: `Renamed by ${who}` }), 200);
    await expectOnlyManager(options, (who) => t.as(who).put(`${base}/options/bau-pm/appraisal`).send(appraisal(who.length)), 200);
    await expectOnlyManager(options, (who) => t.as(who).put(`${base}/business-case/commercial`).send({ procurementRoute: `Route by ${who}`, riskAllocation: 'Shared' }), 200);
    await expectOnlyManager(options, (who) => t.as(who).post(`${base}/business-case/commercial/status`).send({ status: 'complete' }), 200);
    await expectOnlyManager(
      options,
      (who) => t.as(who).put(`${base}/service-change-assurance`).send({ tests: { publicEngagement: `Evidence from ${who}` } }),
      200,
    );
    await expectOnlyManager(options, (who) => t.as(who).delete(`${base}/options/bau-pm`), 204);
    const stage6 = (await t.workflow(options)).stages.find((s: { key: string }) => s.key === STAGE6);
    expect(stage6.status).toBe('in-progress');
  });
});
