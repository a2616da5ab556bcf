import Database from 'better-sqlite3';
import { StageKey } from '../../workflows';
import { TestApp, Who } from './support/test-app';

const S1: StageKey = 'planning-and-codesign';
const S2: StageKey = 'population-health-and-care-needs';

/**
 * Each stage's discussion thread: posts, replies, edits and removals by their author as recorded
 * commands (a removal leaves a tombstone), readable by anyone who may read the project, written by
 * its programme manager, its group members and admins; refusals change nothing; the history
 * verifies with the posts rebuilt from it; `?at=` answers as the thread stood.
 */
describe('stage discussions (e2e)', () => {
  let t: TestApp;
  const slug = 'talk';
  const p = `/api/projects/${slug}`;
  const thread = (stage: StageKey = S1) => `${p}/stages/${stage}/discussion`;
  let first: { id: string };
  let firstEntry: { occurredAt: string; sequence: number };

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    // forms the groups: the stakeholder and the clinician are members with accounts
    await t.prepareStage(slug, S1);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const state = async () => ({ version: (await t.workflow(slug)).version, posts: (await t.as('pm').get(thread()).expect(200)).body.items });

  it('a programme manager posts; a group member replies; an admin posts too', async () => {
    const res = await t.as('pm').post(thread()).send({ text: '  Is the Grove housing growth in scope?  ' }).expect(201);
    first = res.body.post;
    firstEntry = res.body.entry;
    expect(res.body.post).toMatchObject({ stage: S1, replyToId: null, author: 'Pat Manager', text: 'Is the Grove housing growth in scope?', editedAt: null, removed: false, tombstone: null });
    expect(res.body.entry).toMatchObject({ type: 'DISCUSSION_POST_ADDED', outcome: 'accepted', stage: S1, actorName: 'Pat Manager' });
    expect(res.body.entry.payload.post).toEqual({
      id: first.id,
      position: 1,
      stage: S1,
      replyToId: null,
      authorUserId: t.user('pm').id,
      authorName: 'Pat Manager',
      text: 'Is the Grove housing growth in scope?',
      createdAt: res.body.entry.occurredAt,
      editedAt: null,
      removedAt: null,
      removedById: null,
      removedByName: null,
    });
    const reply = await t.as('stakeholder').post(thread()).send({ text: 'Yes: 1,500 homes by 2031.', replyTo: first.id }).expect(201);
    expect(reply.body.post).toMatchObject({ replyToId: first.id, author: 'Sue Stakeholder' });
    await t.as('admin').post(thread()).send({ text: 'The needs pack is attached to stage 2.' }).expect(201);
    // another stage's thread is separate
    await t.as('clinician').post(thread(S2)).send({ text: 'GP list sizes for 2019 are in.' }).expect(201);
    const items = (await t.as('auditor').get(thread()).expect(200)).body.items;
    expect(items.map((i: { author: string }) => i.author)).toEqual(['Pat Manager', 'Sue Stakeholder', 'Administrator']);
    expect((await t.as('auditor').get(thread(S2)).expect(200)).body.items).toHaveLength(1);
  });

  it('is read by anyone who may read the project, and written by its people only (401 signed out, 403 others), changing nothing', async () => {
    for (const who of ['admin', 'auditor', 'board', 'pm', 'stakeholder', 'clinician'] as Who[]) await t.as(who).get(thread()).expect(200);
    for (const who of ['outsider', 'pm2'] as Who[]) await t.as(who).get(thread()).expect(403);
    await t.http().get(thread()).expect(401);
    const before = await state();
    for (const who of ['auditor', 'board', 'outsider', 'pm2'] as Who[]) {
      const res = await t.as(who).post(thread()).send({ text: 'May I?' });
      expect([who, res.status]).toEqual([who, 403]);
    }
    await t.http().post(thread()).send({ text: 'May I?' }).expect(401);
    await t.http().patch(`${thread()}/${first.id}`).send({ text: 'x' }).expect(401);
    await t.http().delete(`${thread()}/${first.id}`).expect(401);
    expect(await state()).toEqual(before);
  });

  it('refuses bad input with a plain 400, an unknown stage 400 (as every stage path), an unknown post 404, and changes nothing', async () => {
    const before = await state();
    const historyLength = (await t.history(slug)).length;
    const long = await t.as('pm').post(thread()).send({ text: 'x'.repeat(5001) }).expect(400);
    expect(long.body.message).toBe('A post can be at most 5,000 characters; this one is 5,001.');
    await t.as('pm').post(thread()).send({ text: 'x'.repeat(5000) }).expect(201);
    const empty = await t.as('pm').post(thread()).send({ text: '   ' }).expect(400);
    expect(empty.body.fields).toEqual([{ field: 'text', message: 'Enter the text of your post' }]);
    const before2 = await state();
    const history2 = (await t.history(slug)).length;
    expect(history2).toBe(historyLength + 1);
    await t.as('pm').post(thread()).send({ text: 'A reply', replyTo: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await t.as('pm').post(thread()).send({ text: 'x', unexpected: 1 }).expect(400);
    await t.as('pm').get(`${p}/stages/no-such-stage/discussion`).expect(400);
    await t.as('pm').post(`${p}/stages/no-such-stage/discussion`).send({ text: 'x' }).expect(400);
    await t.as('pm').patch(`${thread()}/no-such-post`).send({ text: 'x' }).expect(404);
    await t.as('pm').delete(`${thread()}/no-such-post`).expect(404);
    await t.as('pm').get('/api/projects/no-such-project/stages/planning-and-codesign/discussion').expect(404);
    expect((await state()).version).toBe(before2.version);
    expect((await t.history(slug)).length).toBe(history2);
    expect(before.version + 1).toBe(before2.version);
  });

  it('lets only the author edit or remove a post; a removal leaves a tombstone; a removed post cannot change', async () => {
    const before = await state();
    const notMine = await t.as('stakeholder').patch(`${thread()}/${first.id}`).send({ text: 'Hijacked' }).expect(403);
    expect(notMine.body.message).toBe('Only the person who wrote a post can edit it.');
    await t.as('admin').delete(`${thread()}/${first.id}`).expect(403);
    expect(await state()).toEqual(before);

    const edited = await t.as('pm').patch(`${thread()}/${first.id}`).send({ text: 'Is the Grove and Crab Hill growth in scope?' }).expect(200);
    expect(edited.body.post).toMatchObject({ text: 'Is the Grove and Crab Hill growth in scope?', editedAt: edited.body.entry.occurredAt });
    expect(edited.body.entry).toMatchObject({ type: 'DISCUSSION_POST_EDITED', payload: { before: { text: 'Is the Grove housing growth in scope?' }, post: { text: 'Is the Grove and Crab Hill growth in scope?' } } });

    const removed = await t.as('pm').delete(`${thread()}/${first.id}`).expect(200);
    expect(removed.body.post).toMatchObject({ text: null, removed: true, removedBy: 'Pat Manager', tombstone: 'Removed by Pat Manager' });
    expect(removed.body.entry).toMatchObject({ type: 'DISCUSSION_POST_REMOVED', payload: { before: { text: 'Is the Grove and Crab Hill growth in scope?' }, post: { text: null, removedByName: 'Pat Manager' } } });
    const items = (await t.as('stakeholder').get(thread()).expect(200)).body.items;
    expect(items[0]).toMatchObject({ id: first.id, tombstone: 'Removed by Pat Manager', text: null });
    expect(items[1]).toMatchObject({ replyToId: first.id, text: 'Yes: 1,500 homes by 2031.' });

    const again = await t.as('pm').delete(`${thread()}/${first.id}`).expect(409);
    expect(again.body.blockers[0].code).toBe('POST_REMOVED');
    const edit = await t.as('pm').patch(`${thread()}/${first.id}`).send({ text: 'Back' }).expect(409);
    expect(edit.body.blockers[0].code).toBe('POST_REMOVED');
    const history = await t.history(slug);
    expect(history.at(-1)).toMatchObject({ type: 'DISCUSSION_POST_EDITED', outcome: 'refused' });
    // a stale version is refused
    const version = (await t.workflow(slug)).version;
    const stale = await t.as('pm').post(thread()).send({ text: 'Late', expectedVersion: version - 1 }).expect(409);
    expect(stale.body.error).toBe('VersionConflict');
    await t.as('stakeholder').delete(`${thread()}/${items[1].id}?expectedVersion=${version - 1}`).expect(409);
    expect((await t.workflow(slug)).version).toBe(version);
  });

  it('the history verifies with the posts rebuilt from it; ?at= answers as the thread stood', async () => {
    const v = (await t.as('auditor').get(`${p}/history/verification`).expect(200)).body;
    expect(v).toMatchObject({ valid: true, records: { notRebuildable: [] } });
    expect(v.records.checked).toContain('discussion-post');
    const then = (await t.as('auditor').get(`${thread()}?at=${encodeURIComponent(firstEntry.occurredAt)}`).expect(200)).body.items;
    expect(then).toEqual([expect.objectContaining({ id: first.id, text: 'Is the Grove housing growth in scope?', removed: false })]);
  });

  it('a withdrawn project\'s discussion is closed (409 PROJECT_CLOSED, nothing changes)', async () => {
    await t.event(slug, { type: 'WITHDRAW', reason: 'Merged into the Vale project' }).expect(201);
    const before = await state();
    const res = await t.as('stakeholder').post(thread()).send({ text: 'Too late?' }).expect(409);
    expect(res.body.blockers[0]).toMatchObject({ code: 'PROJECT_CLOSED' });
    expect(res.body.message).toContain('the project is withdrawn');
    expect(await state()).toEqual(before);
  });

  it('a post changed behind the history\'s back is reported', async () => {
    const db = new Database(t.databasePath, { fileMustExist: true });
    try {
      db.prepare(`UPDATE discussion_post SET "text" = 'Rewritten' WHERE "text" = 'Yes: 1,500 homes by 2031.'`).run();
    } finally {
      db.close();
    }
    const v = (await t.as('auditor').get(`${p}/history/verification`).expect(200)).body;
    expect(v.valid).toBe(false);
    expect(v.reason).toMatch(/discussion post .* differs in text/);
  });
});
