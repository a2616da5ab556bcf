import { StageKey } from '../../../workflows';
import { createShortList, fillBusinessCase, registerIds, setCaseStatuses, STAGE6 } from './stage6-stage-work';
import { TestApp, Who } from './test-app';

const S1: StageKey = 'planning-and-codesign';
const BEFORE_6: StageKey[] = ['planning-and-codesign', 'population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice', 'meeting-population-needs'];
const DAY = 86_400_000;
/** Two UTC days ahead is after today in London at any hour. */
const future = () => new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
const APPROVER = 'Bo Ardmember, for the Integrated System Delivery Board (minute ISDB 2026/14)';

/**
 * The board's own decisions, end to end: on a stage and on the business case (the only way a
 * case is approved), each refusal with its code changing nothing, access for every role, a
 * meeting date in the future, the history, verification with the rebuilt tables, and `?at=`.
 * Run on SQLite and on PostgreSQL.
 */
export function boardDecisionsSuite(label: string, env: Record<string, string>, extra?: { tamper?: (t: TestApp, sql: string) => void; cleanup?: () => Promise<void> }) {
  describe(`the board's own decisions, on ${label} (e2e)`, () => {
    let t: TestApp;
    const slug = 'board-run';
    const p = `/api/projects/${slug}`;
    const valid = { decision: 'approved', meetingDate: '2026-03-12', minuteReference: 'ISDB 2026/14' };

    beforeAll(async () => {
      t = await TestApp.start(env);
      await t.createProject(slug);
    }, 120_000);
    afterAll(async () => {
      await t?.stop();
      await extra?.cleanup?.();
    });

    const state = async () => ({ version: (await t.workflow(slug)).version, decisions: (await t.as('pm').get(`${p}/board-decisions`).expect(200)).body.items.length });
    const lastEntry = async () => (await t.history(slug)).at(-1)!;

    it('refuses a decision on a stage that has not started (409 STAGE_NOT_STARTED, recorded as refused, nothing else changes)', async () => {
      const before = await state();
      const res = await t.as('board').post(`${p}/stages/${STAGE6}/board-decisions`).send(valid).expect(409);
      expect(res.body.blockers[0].code).toBe('STAGE_NOT_STARTED');
      expect(await lastEntry()).toMatchObject({ type: 'BOARD_DECISION_RECORDED', outcome: 'refused', stage: STAGE6 });
      expect(await state()).toEqual(before);
    });

    it('answers 400 per field, and 400 for a meeting date in the future, changing nothing', async () => {
      const before = await state();
      const historyLength = (await t.history(slug)).length;
      const tomorrowish = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send({ ...valid, meetingDate: future() }).expect(400);
      expect(tomorrowish.body.message).toBe('The meeting date is in the future.');
      expect(tomorrowish.body.fields).toEqual([{ field: 'meetingDate', message: expect.stringContaining("the board's decision can be recorded only once the board has met") }]);
      const wrong = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send({ decision: 'maybe', meetingDate: '2026-02-30', minuteReference: '  ' }).expect(400);
      expect(wrong.body.fields.map((f: { field: string }) => f.field)).toEqual(['decision', 'meetingDate', 'minuteReference']);
      const tooLong = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send({ ...valid, note: 'x'.repeat(2001) }).expect(400);
      expect(tooLong.body.fields).toEqual([{ field: 'note', message: 'The note can be at most 2,000 characters' }]);
      await t.as('board').post(`${p}/stages/no-such-stage/board-decisions`).send(valid).expect(400);
      await t.as('board').post('/api/projects/no-such-project/stages/planning-and-codesign/board-decisions').send(valid).expect(404);
      expect(await state()).toEqual(before);
      expect((await t.history(slug)).length).toBe(historyLength);
    });

    it('lets board members and admins record, and no one else (401 signed out, 403 others), changing nothing', async () => {
      const before = await state();
      for (const who of ['pm', 'pm2', 'stakeholder', 'clinician', 'outsider', 'auditor'] as Who[]) {
        const res = await t.as(who).post(`${p}/stages/${S1}/board-decisions`).send(valid);
        expect([who, res.status]).toEqual([who, 403]);
        const bc = await t.as(who).post(`${p}/business-case/board-decisions`).send(valid);
        expect([who, bc.status]).toEqual([who, 403]);
      }
      await t.http().post(`${p}/stages/${S1}/board-decisions`).send(valid).expect(401);
      await t.http().get(`${p}/board-decisions`).expect(401);
      expect(await state()).toEqual(before);
      // reading: anyone who may read the project, board members too
      for (const who of ['admin', 'auditor', 'board', 'pm'] as Who[]) await t.as(who).get(`${p}/board-decisions`).expect(200);
      await t.as('outsider').get(`${p}/board-decisions`).expect(403);
      await t.as('pm2').get(`${p}/board-decisions`).expect(403);
      // a board member reads every project, as an auditor does
      await t.as('board').get(p).expect(200);
    });

    it('records a decision on a stage, with a checkpoint, in the decisions register', async () => {
      const res = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send({ ...valid, decision: 'deferred', note: '  Back in April with the survey.  ' }).expect(201);
      expect(res.body.decision).toMatchObject({
        target: 'stage',
        stage: S1,
        decision: 'deferred',
        meetingDate: '2026-03-12',
        minuteReference: 'ISDB 2026/14',
        note: 'Back in April with the survey.',
        decidedBy: { name: 'Bo Ardmember' },
      });
      expect(res.body.entry).toMatchObject({ type: 'BOARD_DECISION_RECORDED', outcome: 'accepted', stage: S1, actorName: 'Bo Ardmember' });
      expect(res.body.entry.payload.record).toMatchObject({ id: res.body.decision.id, target: 'stage', decision: 'deferred', decidedByName: 'Bo Ardmember', recordedAt: res.body.entry.occurredAt });
      const admin = await t.as('admin').post(`${p}/stages/${S1}/board-decisions`).send({ ...valid, decision: 'not-approved', meetingDate: '2026-03-13' }).expect(201);
      expect(admin.body.decision.decidedBy.name).toBe('Administrator');
      const list = (await t.as('auditor').get(`${p}/board-decisions`).expect(200)).body.items;
      expect(list.map((d: { decision: string }) => d.decision)).toEqual(['deferred', 'not-approved']);
      const decisions = (await t.as('auditor').get(`${p}/decisions`).expect(200)).body.items.filter((d: { type: string }) => d.type === 'BOARD_DECISION_RECORDED');
      expect(decisions).toHaveLength(2);
      expect(decisions[0]).toMatchObject({ board: { target: 'stage', decision: 'deferred', meetingDate: '2026-03-12', minuteReference: 'ISDB 2026/14' }, checkpoint: { sequence: res.body.entry.sequence } });
    });

    it('refuses a stale expectedVersion (409 VersionConflict)', async () => {
      const before = await state();
      const res = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send({ ...valid, expectedVersion: before.version - 1 }).expect(409);
      expect(res.body.error).toBe('VersionConflict');
      expect(await state()).toEqual(before);
    });

    it('approves the business case only through the board: every case complete first, then all five approved by the board on the meeting date', async () => {
      for (const stage of BEFORE_6) {
        await t.prepareStage(slug, stage);
        await t.submitAndApprove(slug, stage);
      }
      await createShortList(t, slug, (await registerIds(t, slug, 'proposals')).slice(0, 1));
      await fillBusinessCase(t, slug, (await registerIds(t, slug, 'needs')).slice(0, 1));
      // the programme manager's status endpoint takes draft or complete only
      const old = await t.as('pm').post(`${p}/business-case/strategic/status`).send({ status: 'approved' }).expect(400);
      expect(old.body.fields[0].message).toContain("a case is approved only by the board's decision");
      // not every case complete: refused, naming each case
      const before = await state();
      const early = await t.as('board').post(`${p}/business-case/board-decisions`).send(valid).expect(409);
      expect(early.body.blockers.map((b: { code: string; ref: string }) => `${b.code} ${b.ref}`)).toEqual(['strategic', 'economic', 'commercial', 'financial', 'management'].map((c) => `CASE_NOT_COMPLETE ${c}`));
      expect(await state()).toEqual(before);
      expect(await lastEntry()).toMatchObject({ type: 'BOARD_DECISION_RECORDED', outcome: 'refused' });

      await setCaseStatuses(t, slug, 'complete');
      const deferred = await t.as('board').post(`${p}/business-case/board-decisions`).send({ ...valid, decision: 'deferred' }).expect(201);
      expect(deferred.body.entry.payload.businessCase).toBeUndefined();
      const approved = await t.as('board').post(`${p}/business-case/board-decisions`).send(valid).expect(201);
      expect(approved.body.decision).toMatchObject({ target: 'business-case', stage: STAGE6, decision: 'approved' });
      expect(approved.body.entry.payload.businessCase.after.strategic).toMatchObject({ status: 'approved', approvedBy: APPROVER, approvedAt: '2026-03-12' });
      const bc = (await t.as('pm').get(`${p}/business-case`).expect(200)).body;
      for (const c of bc.cases) expect(c).toMatchObject({ status: 'approved', approvedBy: APPROVER, approvedAt: '2026-03-12' });
      // the programme manager cannot undo the board's approval through the status endpoint
      const undo = await t.as('pm').post(`${p}/business-case/strategic/status`).send({ status: 'complete' }).expect(409);
      expect(undo.body.blockers[0].code).toBe('CASE_APPROVED_BY_BOARD');
      // the document prints who decided and when, from the board's records
      const doc = await t.as('auditor').get(`${p}/business-case/document?format=markdown`).expect(200);
      expect(doc.text).toContain(APPROVER);
      expect(doc.text).toContain("The board's decisions");
      expect(doc.text).toContain('| 2026-03-12 | ISDB 2026/14 | approved | Bo Ardmember |');
      // the approval is a stage decision with its own signed checkpoint
      const register = (await t.as('auditor').get(`${p}/decisions`).expect(200)).body.items;
      const approval = register.find((d: { sequence: number }) => d.sequence === approved.body.entry.sequence);
      expect(approval).toMatchObject({ businessCase: { case: 'all', approvedBy: APPROVER, approvedAt: '2026-03-12' }, checkpoint: { sequence: approved.body.entry.sequence } });
    });

    it('not approved withdraws the standing approval; approved again lets stage 6 be approved and the project complete; then the project is closed to decisions', async () => {
      const no = await t.as('board').post(`${p}/business-case/board-decisions`).send({ ...valid, decision: 'not-approved', meetingDate: '2026-03-20', minuteReference: 'ISDB 2026/15' }).expect(201);
      expect(no.body.entry.payload.businessCase.after.economic).toMatchObject({ status: 'complete', approvedBy: null });
      expect((await t.as('pm').get(`${p}/business-case`)).body.cases.every((c: { status: string }) => c.status === 'complete')).toBe(true);
      await t.as('board').post(`${p}/business-case/board-decisions`).send({ ...valid, meetingDate: '2026-03-27', minuteReference: 'ISDB 2026/16' }).expect(201);
      await t.completeDeliverables(slug, STAGE6);
      await t.submitAndApprove(slug, STAGE6);
      expect((await t.workflow(slug)).status).toBe('completed');
      const before = await state();
      const closed = await t.as('board').post(`${p}/business-case/board-decisions`).send(valid).expect(409);
      expect(closed.body.blockers[0].code).toBe('PROJECT_CLOSED');
      const closedStage = await t.as('board').post(`${p}/stages/${S1}/board-decisions`).send(valid).expect(409);
      expect(closedStage.body.blockers[0].code).toBe('PROJECT_CLOSED');
      expect(await state()).toEqual(before);
    });

    it('the history verifies, the board decisions and the business case rebuilt from it equal the tables; ?at= answers as it stood', async () => {
      const v = (await t.as('auditor').get(`${p}/history/verification`).expect(200)).body;
      expect(v).toMatchObject({ valid: true, records: { notRebuildable: [] } });
      expect(v.records.checked).toEqual(expect.arrayContaining(['board-decision', 'business-case']));
      const history = await t.history(slug);
      const accepted = history.filter((h) => h.type === 'BOARD_DECISION_RECORDED' && h.outcome === 'accepted');
      expect(accepted).toHaveLength(6);
      // as it stood just after the first business-case approval: four decisions, all five cases approved
      const firstApproval = accepted.find((h) => h.payload.target === 'business-case' && h.payload.decision === 'approved')!;
      const then = (await t.as('auditor').get(`${p}/board-decisions?at=${encodeURIComponent(firstApproval.occurredAt)}`).expect(200)).body.items;
      expect(then.map((d: { decision: string; target: string }) => `${d.target} ${d.decision}`)).toEqual(['stage deferred', 'stage not-approved', 'business-case deferred', 'business-case approved']);
      const bcThen = (await t.as('auditor').get(`${p}/business-case?at=${encodeURIComponent(firstApproval.occurredAt)}`).expect(200)).body;
      expect(bcThen.cases.every((c: { status: string; approvedBy: string }) => c.status === 'approved' && c.approvedBy === APPROVER)).toBe(true);
      const beforeAny = accepted[0];
      const earlier = new Date(Date.parse(beforeAny.occurredAt) - 1).toISOString();
      expect((await t.as('auditor').get(`${p}/board-decisions?at=${encodeURIComponent(earlier)}`).expect(200)).body.items).toEqual([]);
      await t.as('auditor').get(`${p}/board-decisions?at=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`).expect(400);
    });

    if (extra?.tamper) {
      it('a board decision changed behind the history\'s back is reported', async () => {
        extra.tamper!(t, `UPDATE board_decision SET "decision" = 'approved' WHERE "decision" = 'deferred' AND "target" = 'stage'`);
        const v = (await t.as('auditor').get(`${p}/history/verification`).expect(200)).body;
        expect(v.valid).toBe(false);
        expect(v.reason).toMatch(/board decision .* differs in decision/);
      });
    }
  });
}
