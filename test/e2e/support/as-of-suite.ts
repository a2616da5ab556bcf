import request from 'supertest';
import { StageKey } from '../../../workflows';
import { Clock } from '../../../src/common/clock';
import { formGroups } from './people-work';
import { createShortList, fillBusinessCase, registerIds, setCaseStatuses } from './stage6-stage-work';
import { TestApp } from './test-app';

const HOUR = 3600_000;
/** Reads by the auditor, who may read every project throughout (the manager changes at the end). */
const READER = 'auditor';
const DAY = 24 * HOUR;

interface Answer {
  status: number;
  type: string | undefined;
  body: unknown;
}

interface Moment {
  label: string;
  at: string;
  answers: Record<string, Answer>;
}

/** Every read that takes `?at=` (with a register, group and stage of each kind that matters). */
function reads(slug: string): string[] {
  const p = `/api/projects/${slug}`;
  return [
    p,
    `${p}/workflow`,
    `${p}/history`,
    `${p}/history?limit=200`,
    `${p}/registers/segments`,
    `${p}/registers/needs`,
    `${p}/registers/proposals`,
    `${p}/traceability`,
    `${p}/segment-coverage`,
    `${p}/options`,
    `${p}/appraisals`,
    `${p}/business-case`,
    `${p}/business-case/document`,
    `${p}/business-case/document?format=markdown`,
    `${p}/service-change-assurance`,
    `${p}/groups/core-project-team/members`,
    `${p}/groups/stakeholder-group/members`,
    `${p}/stages/planning-and-codesign/reviews`,
    `${p}/stages/development-of-options/reviews`,
    `${p}/plan`,
    `${p}/highlight-report`,
    `${p}/highlight-report?format=markdown`,
    `${p}/stages/planning-and-codesign/discussion`,
    `${p}/board-decisions`,
  ];
}

const answerOf = (res: request.Response): Answer => ({
  status: res.status,
  type: res.headers['content-type'],
  body: /json/.test(res.headers['content-type'] ?? '') ? res.body : res.text,
});

const withAt = (url: string, at: string) => `${url}${url.includes('?') ? '&' : '?'}at=${encodeURIComponent(at)}`;

/**
 * A project run through commands of every kind on a clock the test moves (an hour between
 * moments, so "today" moves too); after each step every `?at=` read is answered and kept with
 * its moment. Afterwards each read asked `?at=` that moment answers exactly the same.
 */
export function asOfSuite(label: string, env: Record<string, string>, cleanup?: () => Promise<void>) {
  describe(`?at= answers as the project stood, on ${label} (e2e)`, () => {
    let t: TestApp;
    let fake = 0;
    let ticking = true;
    const slug = 'as-it-stood';
    const moments: Moment[] = [];
    let createdAt = '';

    beforeAll(async () => {
      t = await TestApp.start(env);
      fake = Date.now() - 9 * DAY;
      // commands move the clock a second each; the reads of a moment all see that moment
      jest.spyOn(t.app.get(Clock), 'wallClock').mockImplementation(() => {
        const now = new Date(fake);
        if (ticking) fake += 1000;
        return now;
      });
    }, 120_000);

    afterAll(async () => {
      jest.restoreAllMocks();
      await t?.stop();
      await cleanup?.();
    });

    const ok = async (res: request.Test | Promise<request.Response>, what: string) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const pm = () => t.as('pm');
    const p = `/api/projects/${slug}`;
    const dateIn = (days: number) => new Date(fake + days * DAY).toISOString().slice(0, 10);

    async function record(what: string) {
      ticking = false;
      fake += HOUR;
      const at = new Date(fake).toISOString();
      const answers: Record<string, Answer> = {};
      for (const url of reads(slug)) answers[url] = answerOf(await t.as(READER).get(url));
      moments.push({ label: what, at, answers });
      fake += 1000;
      ticking = true;
    }

    const stageRun = async (stage: StageKey) => {
      await t.prepareStage(slug, stage);
      await record(`${stage}: work done`);
      await t.submitAndApprove(slug, stage);
      await record(`${stage}: approved`);
    };

    it('runs a project through commands of every kind, keeping what each read answered at each moment', async () => {
      const created = await t.createProject(slug, { area: 'Wantage and Grove' });
      createdAt = created.createdAt ?? (await pm().get(p)).body.createdAt;
      await record('created');
      await ok(pm().patch(p).send({ name: 'As it stood', registeredPopulation: 30500 }), 'details');
      await record('details changed');
      await ok(pm().put(`${p}/stages/planning-and-codesign/plan`).send({ targetDate: dateIn(1) }), 'plan');
      await ok(pm().put(`${p}/stages/population-health-and-care-needs/plan`).send({ targetDate: dateIn(2) }), 'plan 2');
      await record('target dates set');
      await formGroups(t, slug);
      const extra = await ok(pm().post(`${p}/groups/core-project-team/members`).send({ name: 'Tem Porary', organisation: 'Locum', organisationType: 'nhs-trust', roleInGroup: 'Cover' }), 'member');
      await record('groups formed');
      const memberId = extra.member.id as string;
      await ok(pm().patch(`${p}/groups/core-project-team/members/${memberId}`).send({ roleInGroup: 'Cover (changed)' }), 'member update');
      await record('member changed');
      await ok(pm().delete(`${p}/groups/core-project-team/members/${memberId}`), 'member removal');
      await ok(pm().post(`${p}/stages/planning-and-codesign/comments`).send({ text: 'Scope agreed at the first meeting' }), 'comment');
      await record('member removed, comment added');
      const post = await ok(pm().post(`${p}/stages/planning-and-codesign/discussion`).send({ text: 'Is Grove in scope?' }), 'discussion post');
      await ok(t.as('stakeholder').post(`${p}/stages/planning-and-codesign/discussion`).send({ text: 'Yes', replyTo: post.post.id }), 'reply');
      await record('discussion started');
      await ok(pm().patch(`${p}/stages/planning-and-codesign/discussion/${post.post.id}`).send({ text: 'Is Grove in scope? And Crab Hill?' }), 'post edited');
      await ok(t.as('board').post(`${p}/stages/planning-and-codesign/board-decisions`).send({ decision: 'deferred', meetingDate: dateIn(0), minuteReference: 'ISDB 1' }), 'board decision');
      await record('post edited, board deferred');
      await ok(pm().delete(`${p}/stages/planning-and-codesign/discussion/${post.post.id}`), 'post removed');
      await record('post removed');
      await ok(t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Waiting for the ICB' }), 'hold');
      await record('on hold');
      await ok(t.event(slug, { type: 'RESUME' }), 'resume');
      await t.completeDeliverables(slug, 'planning-and-codesign');
      await record('resumed, deliverables done');
      await ok(t.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage: 'planning-and-codesign' }), 'submit');
      await ok(t.decide(slug, 'planning-and-codesign', 'stakeholder', { decision: 'request-changes', comment: 'Add the council' }), 'decision');
      await ok(t.as('stakeholder').post(`${p}/stages/planning-and-codesign/comments`).send({ text: 'In review comment' }), 'comment in review');
      await record('in review, one reviewer wants changes');
      await ok(t.event(slug, { type: 'REQUEST_CHANGES', stage: 'planning-and-codesign', reason: 'Reviewers asked' }), 'request changes');
      await record('changes requested');
      await t.submitAndApprove(slug, 'planning-and-codesign');
      await record('stage 1 approved');
      // a late target moved, with a reason
      fake += 3 * DAY;
      await ok(pm().put(`${p}/stages/population-health-and-care-needs/plan`).send({ targetDate: dateIn(5), reason: 'Data arrived late' }), 'move');
      await record('target moved');

      await t.prepareStage(slug, 'population-health-and-care-needs');
      await record('stage 2 records');
      const segments = (await pm().get(`${p}/registers/segments`)).body.items as Array<Record<string, unknown>>;
      const { id: _id, ...segment } = segments[0];
      await ok(pm().put(`${p}/registers/segments/${segments[0].id as string}`).send({ ...segment, trend: 'stable' }), 'register update');
      await ok(pm().post(`${p}/registers/segments`).send({ id: 'seg-gone', model: 'Bridges to Health', name: 'Short-lived', people: 10, sharePercent: 0.1, trend: 'stable' }), 'register create');
      await record('register record changed and created');
      await ok(pm().delete(`${p}/registers/segments/seg-gone`), 'register delete');
      await ok(
        pm().post(`${p}/registers/urgent-concerns/import?mode=append`).set('content-type', 'text/csv').send('id,what,whyUrgent,action,owner,status\r\nuc-csv-1,Pharmacy closing,Only one in town,Talk to the ICB,PCN manager,open\r\n'),
        'import',
      );
      await ok(pm().put(`${p}/segment-coverage`).send({ shortfallReason: 'Care home residents counted by the council' }), 'coverage reason');
      await record('register deleted, imported, coverage reason');
      for (const stage of ['review-of-services-and-assets', 'innovation-and-good-practice', 'population-health-and-care-needs', 'meeting-population-needs'] as StageKey[]) {
        await stageRun(stage);
      }

      const proposals = (await registerIds(t, slug, 'proposals')).slice(0, 1);
      await createShortList(t, slug, proposals);
      await record('options and appraisals');
      await ok(pm().patch(`${p}/options/do-minimum`).send({ preferred: true }), 'preferred moved');
      await record('preferred option moved');
      await ok(pm().post(`${p}/options`).send({ id: 'gone', title: 'Withdrawn idea', kind: 'alternative', proposalIds: proposals, status: 'long-list' }), 'option');
      await ok(pm().delete(`${p}/options/gone`), 'option delete');
      await ok(pm().patch(`${p}/options/hub`).send({ preferred: true }), 'preferred back');
      await fillBusinessCase(t, slug, (await registerIds(t, slug, 'needs')).slice(0, 1));
      await record('business case written');
      await ok(pm().put(`${p}/service-change-assurance`).send({ tests: { publicEngagement: 'Town hall events' } }), 'assurance');
      await record('assurance');
      await setCaseStatuses(t, slug, 'complete');
      await record('cases complete');
      await setCaseStatuses(t, slug, 'approved');
      await record('cases approved');
      await t.submitAndApprove(slug, 'development-of-options');
      await record('completed');
      await ok(pm().put(`${p}/publication`).send({ published: true }), 'publish');
      await ok(t.as('admin').put(`${p}/manager`).send({ userId: t.user('pm2').id }), 'manager');
      await record('published, new manager');
      expect(moments.length).toBeGreaterThan(20);
    }, 600_000);

    it('answers every read ?at= each recorded moment exactly as it answered then', async () => {
      expect(moments.length).toBeGreaterThan(20);
      const differences: string[] = [];
      for (const moment of moments) {
        for (const [url, then] of Object.entries(moment.answers)) {
          const now = answerOf(await t.as(READER).get(withAt(url, moment.at)));
          try {
            expect(now).toEqual(then);
          } catch {
            differences.push(`${moment.label} (${moment.at}) ${url}: ${JSON.stringify(now).slice(0, 400)} … was ${JSON.stringify(then).slice(0, 400)}`);
          }
        }
      }
      expect(differences).toEqual([]);
      // the moments differ: the reads changed over the run
      const workflows = new Set(moments.map((m) => JSON.stringify(m.answers[`${p}/workflow`].body)));
      expect(workflows.size).toBeGreaterThan(10);
    }, 600_000);

    it('answers 404 before the project existed, 400 for a future or malformed date, and the latest state for now', async () => {
      const before = new Date(Date.parse(createdAt) - 1000).toISOString();
      const early = await t.as(READER).get(`${p}/workflow?at=${before}`).expect(404);
      expect(early.body.message).toMatch(/did not exist yet/);
      const future = await t.as(READER).get(`${p}/workflow?at=${new Date(fake + DAY).toISOString()}`).expect(400);
      expect(future.body.message).toMatch(/future/);
      for (const bad of ['yesterday', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '12345']) {
        const res = await t.as(READER).get(`${p}/registers/segments?at=${encodeURIComponent(bad)}`).expect(400);
        expect(res.body.fields ?? res.body.errors ?? res.body.message).toBeTruthy();
      }
      await t.as(READER).get(`/api/projects/no-such-project/workflow?at=${new Date(fake).toISOString()}`).expect(404);
      // ?at= now: the latest state
      const latest = (await t.as(READER).get(`${p}/workflow`)).body;
      expect((await t.as(READER).get(`${p}/workflow?at=${new Date(fake).toISOString()}`).expect(200)).body).toEqual(latest);
      // access is checked as it is today
      await t.as('outsider').get(`${p}/workflow?at=${moments[3].at}`).expect(403);
    });
  });
}
