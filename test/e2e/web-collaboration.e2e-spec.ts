import { approveBusinessCase, createShortList, fillBusinessCase, registerIds, setCaseStatuses } from './support/stage6-stage-work';
import { STAGE_KEYS } from '../../workflows';
import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

/** The discussion and the board's forms over HTTP, as a browser without JavaScript uses them. */
describe('web pages: stage discussion and the board\'s decisions', () => {
  let t: TestApp;
  const slug = 'didcot';
  const stagePage = `/projects/${slug}/stages/planning-and-codesign`;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug, { name: 'Didcot' });
    await t.prepareStage(slug, 'planning-and-codesign');
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('a group member posts and replies on the stage page; errors are summarised and keep what was typed; the author removes a post', async () => {
    const sue = await as('stakeholder');
    const page = await sue.get(stagePage);
    expect(page.text).toContain('<h2 id="discussion-title">Discussion</h2>');
    expect(page.text).toMatch(/<label\s+class="nhsuk-label[^"]*"\s+for="discussion-text">/);
    const tooLong = await sue.post(`${stagePage}/discussion`, { text: `Start ${'x'.repeat(5000)}` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('nhsuk-error-summary');
    expect(tooLong.text).toContain('href="#discussion-text"');
    expect(tooLong.text).toContain('A post can be at most 5,000 characters; this one is 5,006');
    expect(tooLong.text).toContain('Start xxxx');
    expect((await sue.post(`${stagePage}/discussion`, { text: 'Does the <b>scope</b> include Harwell?' })).status).toBe(303);
    const posts = (await t.as('pm').get(`/api/projects/${slug}/stages/planning-and-codesign/discussion`)).body.items;
    const pm = await as('pm');
    await pm.get(stagePage);
    expect((await pm.post(`${stagePage}/discussion`, { text: 'Yes, Harwell campus is in.', replyTo: posts[0].id })).status).toBe(303);
    const shown = await pm.get(stagePage);
    expect(shown.text).toContain('Does the &lt;b&gt;scope&lt;/b&gt; include Harwell?');
    expect(shown.text).toContain(`in reply to <a href="#post-${posts[0].id}">Sue Stakeholder</a>`);
    // the author edits their post on its own page; a too-long edit keeps what was typed
    const editUrl = `${stagePage}/discussion/${posts[0].id}/edit`;
    expect((await pm.get(editUrl)).status).toBe(403);
    const form = await sue.get(editUrl);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Does the &lt;b&gt;scope&lt;/b&gt; include Harwell?</textarea>');
    const badEdit = await sue.post(editUrl, { text: `Changed ${'y'.repeat(5000)}` });
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toContain('nhsuk-error-summary');
    expect(badEdit.text).toContain('Changed yyyy');
    expect((await sue.post(editUrl, { text: 'Does the <b>scope</b> include Harwell and Milton?' })).status).toBe(303);
    const afterEdit = (await sue.get(stagePage)).text;
    expect(afterEdit).toContain('Does the &lt;b&gt;scope&lt;/b&gt; include Harwell and Milton?');
    expect(afterEdit).toContain('(edited)');
    expect((await sue.post(`${stagePage}/discussion/${posts[0].id}/remove`, {})).status).toBe(303);
    expect((await pm.get(stagePage)).text).toContain('Removed by Sue Stakeholder');
    // someone else's post: no remove button, and the service refuses it
    expect((await pm.post(`${stagePage}/discussion/${posts[0].id}/remove`, {})).status).toBe(403);
    // an auditor reads the thread but has no form
    const auditor = await as('auditor');
    const read = await auditor.get(stagePage);
    expect(read.text).toContain('_csrf');
    expect(read.text).toContain('Yes, Harwell campus is in.');
    expect(read.text).not.toContain('id="discussion-text"');
    expect((await auditor.post(`${stagePage}/discussion`, { text: 'Hello' })).status).toBe(403);
  });

  it('a board member records the board\'s decision on a stage; a future date is refused on the page, nothing saved', async () => {
    const board = await as('board');
    const page = await board.get(stagePage);
    expect(page.text).toContain("Record the board&#39;s decision");
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const refused = await board.post(`${stagePage}/board-decisions`, { decision: 'approved', meetingDate: future, minuteReference: 'ISDB 9' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#board-meeting-date"');
    expect(refused.text).toContain('after today');
    expect((await t.as('pm').get(`/api/projects/${slug}/board-decisions`)).body.items).toEqual([]);
    expect((await board.post(`${stagePage}/board-decisions`, { decision: 'deferred', meetingDate: '2026-03-12', minuteReference: 'ISDB 2026/14', note: 'More engagement first' })).status).toBe(303);
    const shown = await board.get(stagePage);
    expect(shown.text).toContain('ISDB 2026/14');
    expect(shown.text).toContain('More engagement first');
    // the programme manager sees the decision but has no form
    const pm = await as('pm');
    const pmPage = await pm.get(stagePage);
    expect(pmPage.text).toContain('_csrf');
    expect(pmPage.text).toContain('ISDB 2026/14');
    expect(pmPage.text).not.toContain('id="board-minute-reference"');
    expect((await pm.post(`${stagePage}/board-decisions`, { decision: 'approved', meetingDate: '2026-03-12', minuteReference: 'x' })).status).toBe(403);
  });

  it('the business case page: the board member approves it; the page and the document show who decided and when', async () => {
    await t.submitAndApprove(slug, 'planning-and-codesign');
    for (const stage of STAGE_KEYS.slice(1, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    await createShortList(t, slug, (await registerIds(t, slug, 'proposals')).slice(0, 1));
    await fillBusinessCase(t, slug, (await registerIds(t, slug, 'needs')).slice(0, 1));
    const board = await as('board');
    const form = await board.get(`/projects/${slug}/business-case`);
    expect(form.text).toContain('id="board-minute-reference"');
    const early = await board.post(`/projects/${slug}/business-case/board-decisions`, { decision: 'approved', meetingDate: '2026-03-12', minuteReference: 'ISDB 2026/20' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('This cannot be done yet: nothing was changed');
    expect(early.text).toContain('has not been marked complete by the programme manager');
    await setCaseStatuses(t, slug, 'complete');
    expect((await board.post(`/projects/${slug}/business-case/board-decisions`, { decision: 'approved', meetingDate: '2026-03-12', minuteReference: 'ISDB 2026/20' })).status).toBe(303);
    const pm = await as('pm');
    const page = await pm.get(`/projects/${slug}/business-case`);
    expect(page.text).toContain('Approved by Bo Ardmember, for the Integrated System Delivery Board (minute ISDB 2026/20) on');
    expect(page.text).not.toContain('Record the approval');
    const doc = await pm.get(`/projects/${slug}/business-case/document`);
    expect(doc.text).toContain('The board&#39;s decisions');
    expect(doc.text).toContain('ISDB 2026/20');
    // the helper the other suites use approves the same way
    expect(typeof approveBusinessCase).toBe('function');
  });
});
