import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const STAGE1 = 'planning-and-codesign';
const STAGE2 = 'population-health-and-care-needs';

/** Stage pages, groups, registers (CSV upload) and reviews over HTTP, as a browser without JS. */
describe('web pages: stages, groups, registers and reviews', () => {
  let t: TestApp;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  const members = async (slug: string, group: string) => (await t.as('pm').get(`/api/projects/${slug}/groups/${group}/members`)).body.members as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject('hill');
    await t.createProject('vale');
    await t.prepareStage('vale', STAGE1);
    await t.submitAndApprove('vale', STAGE1);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('group members: add with errors saves nothing; add, link an account, change and remove', async () => {
    const pm = await as('pm');
    expect((await pm.get(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/add`)).status).toBe(200);
    const bad = await pm.post(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/add`, { name: 'Sue', organisation: '', organisationType: '', roleInGroup: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter their organisation');
    expect(bad.text).toContain('Select the type of organisation');
    expect(bad.text.match(/Enter their organisation/g)).toHaveLength(2);
    expect(bad.text).toContain('value="Sue"');
    expect(await members('hill', 'stakeholder-group')).toHaveLength(0);

    const stakeholder = t.user('stakeholder');
    const added = await pm.post(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/add`, {
      name: 'Sue Stakeholder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Engagement lead', isLead: 'true', userId: stakeholder.id,
    });
    expect(added.status).toBe(303);
    let [m] = await members('hill', 'stakeholder-group');
    expect(m).toMatchObject({ name: 'Sue Stakeholder', isLead: true, userId: stakeholder.id });

    const changed = await pm.post(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/members/${m.id}`, {
      name: 'Sue Stakeholder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Volunteer lead', userId: '',
    });
    expect(changed.status).toBe(303);
    [m] = await members('hill', 'stakeholder-group');
    expect(m).toMatchObject({ roleInGroup: 'Volunteer lead', isLead: false, userId: null });

    const emptied = await pm.post(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/members/${m.id}`, { name: '', organisation: 'x', organisationType: 'healthwatch', roleInGroup: 'x' });
    expect(emptied.status).toBe(400);
    expect(emptied.text).toContain('Enter their name');
    expect((await members('hill', 'stakeholder-group'))[0].name).toBe('Sue Stakeholder');

    expect((await pm.post(`/projects/hill/stages/${STAGE1}/groups/stakeholder-group/members/${m.id}/remove`, {})).status).toBe(303);
    expect(await members('hill', 'stakeholder-group')).toHaveLength(0);
    // groups are stage 1's: not a page under another stage
    expect((await pm.get(`/projects/hill/stages/${STAGE2}/groups/stakeholder-group/add`)).status).toBe(404);
  });

  it('deliverables: done needs evidence (the API rule); with it, it is recorded', async () => {
    const pm = await as('pm');
    await pm.get(`/projects/hill/stages/${STAGE1}`);
    const bad = await pm.post(`/projects/hill/stages/${STAGE1}/deliverables/confirm-scope`, { status: 'done', evidence: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the evidence: say what was done and where the output is');
    expect(bad.text).toContain('href="#evidence-confirm-scope"');
    const stage = async () => (await t.workflow('hill')).stages[0].deliverables.find((d: { key: string }) => d.key === 'confirm-scope');
    expect((await stage()).status).toBe('not-started');
    const ok = await pm.post(`/projects/hill/stages/${STAGE1}/deliverables/confirm-scope`, { status: 'done', evidence: 'Town scope agreed at the workshop.' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/projects/hill/stages/${STAGE1}#deliverable-confirm-scope`);
    expect(await stage()).toMatchObject({ status: 'done', evidence: 'Town scope agreed at the workshop.' });
  });

  it('the same access rules: an auditor reads the stage page with no controls, and cannot post', async () => {
    const auditor = await as('auditor');
    const page = await auditor.get(`/projects/hill/stages/${STAGE1}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Add a member');
    expect(page.text).not.toContain('>Save<');
    expect((await auditor.post(`/projects/hill/stages/${STAGE1}/deliverables/confirm-scope`, { status: 'not-started' })).status).toBe(403);
    const other = await as('pm2');
    expect((await other.get(`/projects/hill/stages/${STAGE1}`)).status).toBe(403);
    expect((await other.post(`/projects/hill/stages/${STAGE1}/groups/core-project-team/add`, { name: 'x' })).status).toBe(403);
  });

  it('register records: a bad record says what to fix per field and saves nothing; a good one is added, changed, deleted', async () => {
    const pm = await as('pm');
    const base = `/projects/vale/stages/${STAGE2}/registers/segments`;
    expect((await pm.get(`${base}/new`)).status).toBe(200);
    const bad = await pm.post(base, { model: 'Bridges to Health', name: '', people: 'lots', sharePercent: '20', trend: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the name');
    expect(bad.text).toContain('People must be a number');
    expect(bad.text).toContain('Select the trend');
    expect(bad.text).toContain('value="lots"');
    const list = async () => (await t.as('pm').get(`/api/projects/vale/registers/segments`)).body.items as Array<Record<string, unknown>>;
    const before = (await list()).length;
    expect((await pm.post(base, { id: 'seg-web', model: 'Bridges to Health', name: 'Web segment', people: '1,200', sharePercent: '4', trend: 'stable' })).status).toBe(303);
    expect((await list()).find((s) => s.id === 'seg-web')).toMatchObject({ people: 1200, sharePercent: 4, trend: 'stable' });
    expect((await pm.get(`${base}/records/seg-web`)).status).toBe(200);
    expect((await pm.post(`${base}/records/seg-web`, { model: 'Bridges to Health', name: 'Web segment', people: '1300', sharePercent: '4', trend: 'increasing' })).status).toBe(303);
    expect((await list()).find((s) => s.id === 'seg-web')).toMatchObject({ people: 1300, trend: 'increasing' });
    expect((await pm.post(`${base}/records/seg-web/delete`, {})).status).toBe(303);
    expect((await list()).length).toBe(before);
  });

  it('CSV upload: the token travels in the action, one bad row imports nothing, a good file imports, too big is 413', async () => {
    const pm = await as('pm');
    const base = `/projects/vale/stages/${STAGE2}/registers/needs`;
    const page = await pm.get(base);
    const action = /action="([^"]+\/import\?_csrf=[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const upload = (csv: string | Buffer, url = action) =>
      t.http().post(url).set('Cookie', pm.cookieHeader!).field('mode', 'append').attach('csvFile', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), { filename: 'needs.csv', contentType: 'text/csv' });
    const list = async () => (await t.as('pm').get(`/api/projects/vale/registers/needs`)).body.items as Array<Record<string, unknown>>;
    const segment = 'seg-csv';
    expect((await t.as('pm').post('/api/projects/vale/registers/segments').send({ id: segment, model: 'Bridges to Health', name: 'Everyone', people: 100, sharePercent: 1, trend: 'stable' })).status).toBe(201);
    const before = (await list()).length;

    expect((await upload('id,segmentId,description\r\nneed-x,' + segment + ',x\r\n', base + '/import')).status).toBe(403); // no token
    const bad = await upload(`id,segmentId,description\r\nneed-a,${segment},Falls prevention\r\nneed-b,no-such-segment,Transport\r\n`);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/Row 2 \(line 3\), column segmentId/);
    expect(bad.text).toContain('Nothing was imported');
    expect((await list()).length).toBe(before);

    const good = await upload(`id,segmentId,description\r\nneed-a,${segment},Falls prevention\r\nneed-b,${segment},Transport\r\n`);
    expect(good.status).toBe(303);
    expect((await list()).length).toBe(before + 2);

    const big = await upload(Buffer.alloc(600 * 1024, 'a'));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The file must be smaller than 512 KB');
    expect((await list()).length).toBe(before + 2);

    const csv = await pm.get(`${base}/csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toContain('vale-needs.csv');
    expect(csv.text).toContain('need-b');
  });

  it('reviews: the queue, a decision needs a comment to ask for changes, comments, and quorum shown', async () => {
    await t.prepareStage('hill', STAGE1);
    expect((await t.event('hill', { type: 'SUBMIT_FOR_REVIEW', stage: STAGE1 })).status).toBe(201);
    const stakeholder = await as('stakeholder');
    const queue = await stakeholder.get('/reviews');
    expect(queue.text).toContain(`/projects/hill/reviews/${STAGE1}`);
    const page = await stakeholder.get(`/projects/hill/reviews/${STAGE1}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Still to decide');
    const noComment = await stakeholder.post(`/projects/hill/reviews/${STAGE1}/decision`, { decision: 'request-changes', comment: '' });
    expect(noComment.status).toBe(400);
    expect(noComment.text).toContain('Enter a comment: say what needs to change');
    const asked = await stakeholder.post(`/projects/hill/reviews/${STAGE1}/decision`, { decision: 'request-changes', comment: 'Name the PPG chair.' });
    expect(asked.status).toBe(303);
    const review = (await t.as('pm').get(`/api/projects/hill/stages/${STAGE1}/reviews`)).body;
    expect(review.rounds[0].currentDecisions).toEqual([expect.objectContaining({ decision: 'request-changes', comment: 'Name the PPG chair.' })]);
    expect((await stakeholder.post(`/projects/hill/reviews/${STAGE1}/comments`, { text: 'Thanks for the write-up.' })).status).toBe(303);
    const after = await stakeholder.get(`/projects/hill/reviews/${STAGE1}`);
    expect(after.text).toContain('Thanks for the write-up.');
    expect(after.text).toContain('Name the PPG chair.');
    // the manager is not a reviewer: the decision form is refused
    const pm = await as('pm');
    expect((await pm.post(`/projects/hill/reviews/${STAGE1}/decision`, { decision: 'approve' })).status).toBe(403);
    const auditor = await as('auditor');
    const read = await auditor.get(`/projects/hill/reviews/${STAGE1}`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('Send decision');
  });
});
