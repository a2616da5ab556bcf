import { TestApp } from './support/test-app';

const STAGE1 = 'planning-and-codesign';
type Blocker = { code: string; deliverable?: string; message: string };

describe('stage-1 groups (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const url = (slug: string, group: string) => `/api/projects/${slug}/groups/${group}/members`;
  const add = (slug: string, group: string, body: Record<string, unknown>) => t.as('pm').post(url(slug, group)).send(body);
  const member = (name: string, organisationType: string, extra: Record<string, unknown> = {}) => ({
    name,
    organisation: `${name}'s organisation`,
    organisationType,
    roleInGroup: 'Member',
    ...extra,
  });
  async function stage1(slug: string) {
    const view = await t.workflow(slug);
    return view.stages.find((s: { key: string }) => s.key === STAGE1);
  }
  const codesFor = (stage: { blockers: Blocker[] }, deliverable: string) => stage.blockers.filter((b) => b.deliverable === deliverable).map((b) => b.code).sort();

  it('works out the group deliverables from the members: the blockers change as members come and go', async () => {
    const slug = 'groups-rules';
    await t.createProject(slug);
    let s = await stage1(slug);
    for (const g of ['core-project-team', 'stakeholder-group', 'clinical-professional-group']) {
      expect(s.deliverables.find((d: { key: string }) => d.key === g)).toMatchObject({ derived: true, status: 'not-started' });
    }
    expect(codesFor(s, 'core-project-team')).toEqual(['GROUP_NO_LEAD', 'GROUP_TOO_SMALL']);
    expect(codesFor(s, 'stakeholder-group')).toEqual(['GROUP_NO_COMMUNITY_VOICE', 'GROUP_TOO_FEW_ORG_TYPES', 'GROUP_TOO_SMALL']);
    expect(codesFor(s, 'clinical-professional-group')).toEqual(['GROUP_NO_PRIMARY_CARE', 'GROUP_TOO_SMALL']);

    // core project team: three members, then a named lead
    const ids: string[] = [];
    for (const [i, type] of ['commissioner-or-icb', 'nhs-trust', 'district-or-city-council'].entries()) {
      ids.push((await add(slug, 'core-project-team', member(`Core ${i}`, type)).expect(201)).body.member.id);
    }
    s = await stage1(slug);
    expect(codesFor(s, 'core-project-team')).toEqual(['GROUP_NO_LEAD']);
    expect(s.deliverables.find((d: { key: string }) => d.key === 'core-project-team')).toMatchObject({ status: 'in-progress', evidence: '3 members from 3 organisation types' });
    await t.as('pm').patch(`${url(slug, 'core-project-team')}/${ids[0]}`).send({ isLead: true }).expect(200);
    s = await stage1(slug);
    expect(codesFor(s, 'core-project-team')).toEqual([]);
    expect(s.deliverables.find((d: { key: string }) => d.key === 'core-project-team')).toMatchObject({ status: 'done', evidence: expect.stringMatching(/lead: Core 0/) });
    // removing a member undoes it
    await t.as('pm').delete(`${url(slug, 'core-project-team')}/${ids[2]}`).expect(200);
    expect(codesFor(await stage1(slug), 'core-project-team')).toEqual(['GROUP_TOO_SMALL']);
    await add(slug, 'core-project-team', member('Core 3', 'county-council')).expect(201);
    expect(codesFor(await stage1(slug), 'core-project-team')).toEqual([]);

    // stakeholder group: five members, three organisation types, a community voice
    for (const i of [0, 1, 2, 3, 4]) await add(slug, 'stakeholder-group', member(`Council ${i}`, i < 3 ? 'county-council' : 'district-or-city-council')).expect(201);
    expect(codesFor(await stage1(slug), 'stakeholder-group')).toEqual(['GROUP_NO_COMMUNITY_VOICE', 'GROUP_TOO_FEW_ORG_TYPES']);
    const healthwatch = (await add(slug, 'stakeholder-group', member('Healthwatch rep', 'healthwatch')).expect(201)).body;
    expect(codesFor(healthwatch.workflow.stages[0], 'stakeholder-group')).toEqual([]);
    await t.as('pm').patch(`${url(slug, 'stakeholder-group')}/${healthwatch.member.id}`).send({ organisationType: 'other' }).expect(200);
    expect(codesFor(await stage1(slug), 'stakeholder-group')).toEqual(['GROUP_NO_COMMUNITY_VOICE']);
    await t.as('pm').patch(`${url(slug, 'stakeholder-group')}/${healthwatch.member.id}`).send({ organisationType: 'voluntary-and-community-sector' }).expect(200);

    // clinical/professional group: two members including primary care
    await add(slug, 'clinical-professional-group', member('Nurse', 'nhs-trust')).expect(201);
    await add(slug, 'clinical-professional-group', member('Consultant', 'nhs-trust')).expect(201);
    const clinical = await stage1(slug);
    expect(codesFor(clinical, 'clinical-professional-group')).toEqual(['GROUP_NO_PRIMARY_CARE']);
    expect(clinical.blockers.find((b: Blocker) => b.code === 'GROUP_NO_PRIMARY_CARE').message).toMatch(/primary care/);
    await add(slug, 'clinical-professional-group', member('GP', 'gp-practice-or-pcn')).expect(201);

    s = await stage1(slug);
    expect(s.blockers.filter((b: Blocker) => b.code.startsWith('GROUP_'))).toEqual([]);
    expect(s.deliverables.filter((d: { derived: boolean }) => d.derived).map((d: { status: string }) => d.status)).toEqual(['done', 'done', 'done']);
    // the only blockers left are the hand-ticked deliverables, and that no member has a reviewer account yet
    expect(new Set(s.blockers.map((b: Blocker) => b.code))).toEqual(new Set(['DELIVERABLE_NOT_DONE', 'REVIEW_NO_REVIEWER_TO_DECIDE']));
  });

  it('lists a group with its rule; refuses to tick a group deliverable by hand', async () => {
    const slug = 'groups-list';
    await t.createProject(slug);
    await add(slug, 'clinical-professional-group', member('GP', 'gp-practice-or-pcn', { userId: t.user('clinician').id })).expect(201);
    const list = await t.as('pm').get(url(slug, 'clinical-professional-group')).expect(200);
    expect(list.body).toMatchObject({
      group: 'clinical-professional-group',
      label: 'clinical/professional group',
      members: [{ name: 'GP', organisationType: 'gp-practice-or-pcn', isLead: false, userId: t.user('clinician').id }],
      rule: { met: false, blockers: [{ code: 'GROUP_TOO_SMALL' }] },
    });
    const before = await t.workflow(slug);
    const res = await t.as('pm').put(`/api/projects/${slug}/stages/${STAGE1}/deliverables/stakeholder-group`).send({ status: 'done', evidence: 'ticked' }).expect(409);
    expect(res.body.blockers[0].code).toBe('DELIVERABLE_DERIVED');
    expect((await t.workflow(slug)).stages).toEqual(before.stages);
  });

  it('records every change in the history, by whom', async () => {
    const slug = 'groups-history';
    await t.createProject(slug);
    const added = await add(slug, 'stakeholder-group', member('Jo', 'healthwatch')).expect(201);
    await t.as('pm').patch(`${url(slug, 'stakeholder-group')}/${added.body.member.id}`).send({ roleInGroup: 'Chair' }).expect(200);
    await t.as('pm').delete(`${url(slug, 'stakeholder-group')}/${added.body.member.id}`).expect(200);
    const history = (await t.history(slug)).slice(1);
    expect(history.map((h) => [h.type, h.actorName, h.payload.group])).toEqual([
      ['GROUP_MEMBER_ADDED', 'Pat Manager', 'stakeholder-group'],
      ['GROUP_MEMBER_UPDATED', 'Pat Manager', 'stakeholder-group'],
      ['GROUP_MEMBER_REMOVED', 'Pat Manager', 'stakeholder-group'],
    ]);
    expect(history[0].payload).toMatchObject({ name: 'Jo', organisationType: 'healthwatch' });
    expect(history[1].payload.changes).toEqual({ roleInGroup: 'Chair' });
    expect(history[2].payload).toMatchObject({ name: 'Jo', memberId: added.body.member.id });
  });

  it('a linked account gives its stakeholder access to the project; unlinking takes it away', async () => {
    const slug = 'groups-access';
    await t.createProject(slug);
    await t.as('outsider').get(`/api/projects/${slug}`).expect(403);
    const added = await add(slug, 'core-project-team', member('Olly', 'other', { userId: t.user('outsider').id })).expect(201);
    await t.as('outsider').get(`/api/projects/${slug}`).expect(200);
    // in the core team only: reads and comments, but does not review
    await t.as('outsider').post(`/api/projects/${slug}/stages/${STAGE1}/comments`).send({ text: 'Hello' }).expect(201);
    await t.decide(slug, STAGE1, 'outsider', { decision: 'approve' }).expect(403);
    await t.as('pm').patch(`${url(slug, 'core-project-team')}/${added.body.member.id}`).send({ userId: null }).expect(200);
    await t.as('outsider').get(`/api/projects/${slug}`).expect(403);
  });

  describe('bad input answers 400/404/409 and changes nothing', () => {
    const slug = 'groups-bad';
    beforeAll(async () => {
      await t.createProject(slug);
      await add(slug, 'stakeholder-group', member('Sue', 'healthwatch', { userId: t.user('stakeholder').id })).expect(201);
    });

    it.each([
      ['an unknown organisation type', 'stakeholder-group', member('X', 'parish'), 'organisationType'],
      ['a missing name', 'stakeholder-group', { organisation: 'O', organisationType: 'other', roleInGroup: 'R' }, 'name'],
      ['a blank role', 'stakeholder-group', member('X', 'other', { roleInGroup: '   ' }), 'roleInGroup'],
      ['a non-boolean lead flag', 'core-project-team', member('X', 'other', { isLead: 'yes' }), 'isLead'],
      ['a userId that is not an id', 'stakeholder-group', member('X', 'other', { userId: 'bob' }), 'userId'],
      ['an unknown user', 'stakeholder-group', member('X', 'other', { userId: '00000000-0000-4000-8000-000000000000' }), 'userId'],
      ['an unknown field', 'stakeholder-group', member('X', 'other', { email: 'x@y.z' }), 'email'],
    ])('%s', async (_what, group, body, field) => {
      const before = await t.workflow(slug);
      const res = await add(slug, group, body).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await t.workflow(slug)).toEqual(before);
    });

    it('links only active stakeholder accounts, once per group', async () => {
      const before = await t.workflow(slug);
      for (const who of ['pm', 'auditor', 'admin']) {
        const res = await add(slug, 'stakeholder-group', member('X', 'other', { userId: t.user(who).id })).expect(400);
        expect(res.body.fields[0]).toEqual({ field: 'userId', message: expect.stringMatching(/stakeholder role/) });
      }
      const twice = await add(slug, 'stakeholder-group', member('Sue again', 'other', { userId: t.user('stakeholder').id })).expect(409);
      expect(twice.body.error).toBe('AlreadyMember');
      expect(await t.workflow(slug)).toEqual(before);
      // the same account may sit in another group
      await add(slug, 'clinical-professional-group', member('Sue', 'healthwatch', { userId: t.user('stakeholder').id })).expect(201);
    });

    it('unknown groups are 400, unknown members 404', async () => {
      await t.as('pm').get(url(slug, 'board')).expect(400);
      await add(slug, 'board', member('X', 'other')).expect(400);
      await t.as('pm').patch(`${url(slug, 'stakeholder-group')}/no-such-member`).send({ name: 'Y' }).expect(404);
      await t.as('pm').delete(`${url(slug, 'stakeholder-group')}/no-such-member`).expect(404);
      await t.as('pm').patch(`${url(slug, 'stakeholder-group')}/no-such-member`).send({}).expect(400);
    });
  });

  it('a closed project\'s groups no longer change (refused, recorded, 409)', async () => {
    const slug = 'groups-closed';
    await t.createProject(slug);
    await t.event(slug, { type: 'WITHDRAW', reason: 'Merged' }).expect(201);
    const res = await add(slug, 'stakeholder-group', member('Late', 'healthwatch')).expect(409);
    expect(res.body.blockers[0].code).toBe('PROJECT_CLOSED');
    expect((await t.as('pm').get(url(slug, 'stakeholder-group')).expect(200)).body.members).toEqual([]);
    expect((await t.history(slug)).at(-1)).toMatchObject({ type: 'GROUP_MEMBER_ADDED', outcome: 'refused' });
  });
});
