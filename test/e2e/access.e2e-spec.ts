import request from 'supertest';
import { TestApp, Who } from './support/test-app';

/**
 * Every role against every mutating endpoint: the allowed ones succeed; everyone else gets 403
 * and nothing changes (workflow, version, history, groups, reviews, users all compared).
 */
const EVERYONE: Who[] = ['admin', 'pm', 'pm2', 'stakeholder', 'clinician', 'outsider', 'auditor'];
const STAGE1 = 'planning-and-codesign';

describe('who may do what (e2e)', () => {
  let t: TestApp;
  const slug = 'matrix';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    await t.prepareStage(slug, STAGE1);
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Everything a refused request could have changed, read as the auditor (who reads everything). */
  async function state() {
    const get = async (url: string) => (await t.as('auditor').get(url).expect(200)).body;
    const groups = await Promise.all(
      ['core-project-team', 'stakeholder-group', 'clinical-professional-group'].map((g) => get(`/api/projects/${slug}/groups/${g}/members`)),
    );
    return {
      project: await get(`/api/projects/${slug}`),
      history: await get(`/api/projects/${slug}/history?limit=200`),
      groups,
      reviews: await get(`/api/projects/${slug}/stages/${STAGE1}/reviews`),
      users: (await t.as('admin').get('/api/users?limit=200').expect(200)).body,
      projects: (await t.as('admin').get('/api/projects?limit=200').expect(200)).body.total,
    };
  }

  async function expectOnly(allowed: Who[], attempt: (who: Who) => request.Test, okStatus: number) {
    for (const who of EVERYONE.filter((w) => !allowed.includes(w))) {
      const before = await state();
      const res = await attempt(who);
      expect({ who, status: res.status, error: res.body.error }).toEqual({ who, status: 403, error: 'Forbidden' });
      expect(await state()).toEqual(before);
    }
    for (const who of allowed) {
      const res = await attempt(who);
      expect({ who, status: res.status, body: res.status === okStatus ? 'ok' : res.body }).toEqual({ who, status: okStatus, body: 'ok' });
    }
  }

  it('creating a project: programme managers only (each becomes its manager)', async () => {
    await expectOnly(['pm', 'pm2'], (who) => t.as(who).post('/api/projects').send({ name: `By ${who}`, slug: `by-${who}`, scope: 'town' }), 201);
    expect((await t.as('pm2').get('/api/projects/by-pm2').expect(200)).body.managerUserId).toBe(t.user('pm2').id);
    await t.as('pm').get('/api/projects/by-pm2').expect(403);
  });

  it('recording a deliverable: the project\'s own programme manager only', async () => {
    await expectOnly(['pm'], (who) => t.as(who).put(`/api/projects/${slug}/stages/${STAGE1}/deliverables/confirm-scope`).send({ status: 'done', evidence: `by ${who}` }), 200);
  });

  it('adding, changing and removing group members: the project\'s own programme manager only', async () => {
    const member = { name: 'Extra Person', organisation: 'Age UK Oxfordshire', organisationType: 'voluntary-and-community-sector', roleInGroup: 'Volunteer' };
    await expectOnly(['pm'], (who) => t.as(who).post(`/api/projects/${slug}/groups/stakeholder-group/members`).send({ ...member, name: `Extra ${who}` }), 201);
    const list = await t.as('pm').get(`/api/projects/${slug}/groups/stakeholder-group/members`).expect(200);
    const extra = list.body.members.find((m: { name: string }) => m.name === 'Extra pm');
    await expectOnly(['pm'], (who) => t.as(who).patch(`/api/projects/${slug}/groups/stakeholder-group/members/${extra.id}`).send({ roleInGroup: `changed by ${who}` }), 200);
    await expectOnly(['pm'], (who) => t.as(who).delete(`/api/projects/${slug}/groups/stakeholder-group/members/${extra.id}`), 200);
  });

  it('commenting on a stage: its programme manager and its group members with accounts', async () => {
    await expectOnly(['pm', 'stakeholder', 'clinician'], (who) => t.as(who).post(`/api/projects/${slug}/stages/${STAGE1}/comments`).send({ text: `A comment from ${who}` }), 201);
  });

  it('workflow events: the project\'s own programme manager only', async () => {
    await expectOnly(['pm'], (who) => t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 }, who), 201);
  });

  it('review decisions: members with accounts of the stakeholder and clinical/professional groups only', async () => {
    await expectOnly(['stakeholder', 'clinician'], (who) => t.decide(slug, STAGE1, who, { decision: 'approve', comment: `approved by ${who}` }), 201);
    await expectOnly(['pm'], (who) => t.event(slug, { type: 'APPROVE_STAGE', stage: STAGE1 }, who), 201);
  });

  it('assigning the programme manager: admins only; the new manager runs the project, the old one no longer can', async () => {
    await expectOnly(['admin'], (who) => t.as(who).put(`/api/projects/${slug}/manager`).send({ userId: t.user('pm2').id }), 200);
    const history = await t.history(slug, 'auditor');
    expect(history.at(-1)).toMatchObject({ type: 'MANAGER_ASSIGNED', actorName: t.user('admin').name, payload: { userId: t.user('pm2').id, previousUserId: t.user('pm').id } });
    await t.as('pm').put(`/api/projects/${slug}/stages/population-health-and-care-needs/deliverables/key-leads`).send({ status: 'in-progress' }).expect(403);
    await t.as('pm2').put(`/api/projects/${slug}/stages/population-health-and-care-needs/deliverables/key-leads`).send({ status: 'in-progress' }).expect(200);
    await t.as('admin').put(`/api/projects/${slug}/manager`).send({ userId: t.user('stakeholder').id }).expect(400);
    await t.as('admin').put(`/api/projects/${slug}/manager`).send({ userId: t.user('pm').id }).expect(200);
  });

  it('creating and changing accounts: admins only', async () => {
    await expectOnly(['admin'], (who) => t.as(who).post('/api/users').send({ email: `made-by-${who}@e2e.test`, name: 'Made', role: 'auditor', password: 'a-long-enough-password' }), 201);
    await expectOnly(['admin'], (who) => t.as(who).patch(`/api/users/${t.user('outsider').id}`).send({ name: `Renamed by ${who}` }), 200);
  });

  describe('reading', () => {
    it('a project, its history and its reviews: its manager, its members, auditors and admins', async () => {
      for (const url of [`/api/projects/${slug}`, `/api/projects/${slug}/workflow`, `/api/projects/${slug}/history`, `/api/projects/${slug}/stages/${STAGE1}/reviews`, `/api/projects/${slug}/groups/core-project-team/members`]) {
        for (const who of EVERYONE) {
          const res = await t.as(who).get(url);
          const expected = ['pm2', 'outsider'].includes(who) ? 403 : 200;
          expect({ who, url, status: res.status }).toEqual({ who, url, status: expected });
        }
      }
    });

    it('the project list shows each caller only what they may read', async () => {
      const slugs = async (who: Who) => (await t.as(who).get('/api/projects?limit=200').expect(200)).body.items.map((p: { slug: string }) => p.slug);
      expect(await slugs('pm')).toEqual(['matrix', 'by-pm']);
      expect(await slugs('pm2')).toEqual(['by-pm2']);
      expect(await slugs('stakeholder')).toEqual(['matrix']);
      expect(await slugs('clinician')).toEqual(['matrix']);
      expect(await slugs('outsider')).toEqual([]);
      expect(await slugs('auditor')).toEqual(['matrix', 'by-pm', 'by-pm2']);
      expect(await slugs('admin')).toEqual(['matrix', 'by-pm', 'by-pm2']);
      expect((await t.as('outsider').get('/api/projects').expect(200)).body.total).toBe(0);
    });

    it('an unknown project is 404 for everyone allowed to ask', async () => {
      for (const who of EVERYONE) await t.as(who).get('/api/projects/no-such-project').expect(404);
    });
  });

  it('every accepted command names the person who issued it', async () => {
    const history = await t.history(slug, 'auditor');
    const names = new Set(EVERYONE.map((w) => t.user(w).name));
    for (const entry of history) {
      expect(entry.actorId).toEqual(expect.any(String));
      expect(names.has(entry.actorName)).toBe(true);
    }
    const decisions = history.filter((h) => h.type === 'REVIEW_DECISION_RECORDED' && h.outcome === 'accepted');
    expect(decisions.map((d) => d.actorName)).toEqual([t.user('stakeholder').name, t.user('clinician').name]);
  });
});
