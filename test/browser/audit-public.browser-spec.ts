import { readFileSync } from 'node:fs';
import { BrowserHarness, checkPage, signIn, signOut } from './support/browser';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** Journeys 4 (the auditor reads and changes nothing; CSRF) and 6 (public pages), plus the other pages of this area. */
describe('journeys 4 and 6 (browser): the auditor, and the public pages', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('journey 4: the auditor reads the portfolio, opens Wantage’s history, filters it, downloads CSV and sees no control that changes anything', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'auditor');
    expect(new URL(page.url()).pathname).toBe('/');
    const portfolio = page.locator('table.nhsuk-table');
    await expect(portfolio.getByRole('link', { name: 'Wantage and surrounding villages' }).count()).resolves.toBe(1);
    expect(await portfolio.innerText()).toMatch(/Red|Amber|Green/);
    await checkPage(page, 'j4-auditor-home-portfolio');
    // the portfolio page of the other branch, when it is there (after the merge)
    const portfolioPage = await page.goto('/portfolio');
    if (portfolioPage?.status() === 200) await checkPage(page, 'j4-auditor-portfolio');
    await page.goto('/');

    await page.getByRole('link', { name: 'Wantage and surrounding villages' }).first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe('Wantage and surrounding villages');
    await checkPage(page, 'j4-auditor-project');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe('History');
    const all = await page.locator('main').innerText();
    const total = Number(/of (\d+) entries/.exec(all)![1]);
    expect(total).toBeGreaterThan(10);
    await checkPage(page, 'j4-auditor-history');

    await page.getByLabel('Type of command').selectOption('APPROVE_STAGE');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('type')).toBe('APPROVE_STAGE');
    const rows = page.locator('#history tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Approved');
    await checkPage(page, 'j4-auditor-history-filtered');

    await page.getByLabel('From').fill('2026-02-30');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('The from date must be a real date');
    expect(await page.getByLabel('From').inputValue()).toBe('2026-02-30');
    await checkPage(page, 'j4-auditor-history-error');
    await page.getByLabel('From').fill('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState('load');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download these entries as CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe('wantage-history.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('sequence,occurredAt,person,type,stage,outcome,blockers,details');
    expect(csv.length - 1).toBe(await rows.count());
    expect(csv.slice(1).every((line) => line.includes(',APPROVE_STAGE,'))).toBe(true);

    // no control that changes the record on the pages the auditor reads: the POST forms sign out
    // and, on the project page, follow the project (the auditor's own notification choice, issue 10)
    for (const path of ['/', '/projects/wantage', '/projects/wantage/history', '/projects/wantage/report', '/projects/wantage/options', '/projects/wantage/business-case', '/projects/wantage/service-change-assurance']) {
      await page.goto(path);
      const posts = await page.locator('form[method="post"]').evaluateAll((forms) => forms.map((f) => f.getAttribute('action')));
      const expected = path === '/projects/wantage' ? ['/sign-out', '/projects/wantage/follow'] : ['/sign-out'];
      expect({ path, posts }).toEqual({ path, posts: expected });
    }
    await page.goto('/projects/wantage/report');
    expect(await page.locator('h1').innerText()).toBe('Wantage and surrounding villages');
    expect(await page.locator('main').innerText()).toContain('RAG:');
    await checkPage(page, 'j4-auditor-board-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.nhsuk-header').isVisible()).toBe(false);
    await page.screenshot({ path: 'test-results/screenshots/j4-auditor-board-report-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await context.close();
  });

  it('journey 4: a POST to a form without the CSRF token answers 403 and changes nothing', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'pm');
    await page.goto('/projects/wantage');
    const before = await page.request.get('/projects/wantage/history').then((r) => r.text());
    const count = (html: string) => Number(/of (\d+) entries/.exec(html)![1]);
    const res = await page.request.post('/projects/wantage/publication', { form: { published: 'true' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('This form has expired');
    const wrong = await page.request.post('/projects/wantage/events', { form: { type: 'PUT_ON_HOLD', reason: 'x', _csrf: 'not-the-token' }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    expect((await page.request.get('/public/projects/wantage')).status()).toBe(404);
    expect(count(await page.request.get('/projects/wantage/history').then((r) => r.text()))).toBe(count(before));
    await context.close();
  });

  it('journey 6: the manager publishes Wantage; its public page is readable signed out and shows no email address; an unpublished project is 404', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'pm');
    await page.goto('/projects/wantage');
    expect(await page.locator('main').innerText()).toContain('This project is not published');
    await page.getByRole('button', { name: 'Publish the project' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('The project is published');
    await checkPage(page, 'j6-pm-project-published');
    await signOut(page);

    await page.goto('/public');
    expect(await page.locator('h1').innerText()).toBe('Published locality projects');
    await checkPage(page, 'j6-public-list');
    await page.getByRole('link', { name: 'Wantage and surrounding villages' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/public/projects/wantage');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Decisions');
    expect(text).toContain('Stage approved');
    expect(text).toContain('Who is involved');
    expect(text).not.toMatch(EMAIL);
    expect(await page.content()).not.toMatch(EMAIL);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await checkPage(page, 'j6-public-project');

    const unpublished = await page.goto('/public/projects/banbury');
    expect(unpublished?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await page.locator('body').innerText()).not.toContain('Banbury');
    await checkPage(page, 'j6-public-unpublished-404');
    await context.close();
  });

  it('the admin, stage 6 and report pages pass axe', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    expect(await page.locator('h1').innerText()).toBe('Users');
    await checkPage(page, 'admin-users');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Enter the full name');
    await checkPage(page, 'admin-users-errors');
    await signOut(page);

    await signIn(page, 'pm');
    for (const [path, name] of [
      ['/projects/wantage/options', 'stage6-options'],
      ['/projects/wantage/appraisals', 'stage6-appraisals'],
      ['/projects/wantage/business-case', 'stage6-business-case'],
      ['/projects/wantage/business-case/strategic', 'stage6-case-strategic'],
      ['/projects/wantage/business-case/document', 'stage6-document'],
      ['/projects/wantage/service-change-assurance', 'stage6-assurance'],
      ['/projects/wantage/options/new', 'stage6-option-new'],
    ]) {
      const res = await page.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
      await checkPage(page, name);
    }
    await context.close();
  });
});
