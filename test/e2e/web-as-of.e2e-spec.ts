import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The project and history pages "as it stood on" a date: the same pages, read-only, from ?at=. */
describe('web pages: as it stood on a date', () => {
  let t: TestApp;
  let web: WebClient;
  let before = '';
  let moment = '';
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject('faringdon', { name: 'Faringdon' });
    await pause(5);
    moment = new Date().toISOString();
    await pause(5);
    await t.event('faringdon', { type: 'PUT_ON_HOLD', reason: 'Waiting for the ICB' }).expect(201);
    before = new Date(Date.now() - 3600_000).toISOString();
    web = new WebClient(t);
    const res = await web.signIn(t.user('pm').email, t.user('pm').password);
    if (res.status !== 303) throw new Error(`sign in: ${res.status}`);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const postForms = (html: string) => [...html.matchAll(/<form[^>]*method="post"[^>]*>/g)].map((m) => m[0]);

  it('today the project page offers a date field that asks for the same page ?at=', async () => {
    const page = await web.get('/projects/faringdon');
    expect(page.status).toBe(200);
    expect(page.text).toContain('See this as it stood on an earlier date');
    expect(page.text).toMatch(/<form method="get" action="\/projects\/faringdon" novalidate>/);
    expect(page.text).toContain('name="at" type="datetime-local"');
    expect(page.text).toContain('On hold');
    expect(page.text).toContain('What you can do now');
  });

  it('?at= shows the project as it stood then, says so, and offers no changes', async () => {
    const page = await web.get(`/projects/faringdon?at=${encodeURIComponent(moment)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('as it stood on');
    expect(page.text).toContain('See it as it is now');
    expect(page.text).not.toContain('On hold');
    expect(page.text).not.toContain('What you can do now');
    expect(postForms(page.text)).toEqual([expect.stringContaining('action="/sign-out"')]);
    expect(page.text).toContain(`/projects/faringdon/history?at=${encodeURIComponent(moment)}`);
  });

  it('the history page ?at= lists only what had happened by then, and its filters keep the moment', async () => {
    const page = await web.get(`/projects/faringdon/history?at=${encodeURIComponent(moment)}`);
    expect(page.status).toBe(200);
    const sequences = [...page.text.matchAll(/<td class="nhsuk-table__cell">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(sequences).toEqual([1]);
    expect(page.text).toContain(`<input type="hidden" name="at" value="${moment}">`);
    const now = await web.get('/projects/faringdon/history');
    expect([...now.text.matchAll(/<td class="nhsuk-table__cell">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([2, 1]);
  });

  it('a date before the project, in the future or not a date answers a page that says so', async () => {
    const early = await web.get(`/projects/faringdon?at=${encodeURIComponent(before)}`);
    expect(early.status).toBe(404);
    expect(early.text).toContain('did not exist yet');
    const future = await web.get(`/projects/faringdon?at=${encodeURIComponent(new Date(Date.now() + 86400_000).toISOString())}`);
    expect(future.status).toBe(400);
    expect(future.text).toContain('in the future');
    const bad = await web.get('/projects/faringdon/history?at=last-tuesday');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('at must be an ISO 8601 date and time');
  });
});
