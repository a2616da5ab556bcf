import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { STAGE_KEYS } from '../../workflows';
import { TestApp } from '../e2e/support/test-app';
import { BrowserHarness, checkPage, CHROMIUM, CHROMIUM_FLAGS, SCREENSHOTS, signIn } from './support/browser';

const STAGE = '/projects/wantage/stages/population-health-and-care-needs';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** Evidence files on a stage page: attach, see it listed with a download link, a refused type explained at the field. */
describe('evidence files on the stage page (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('attaches a PDF to a deliverable, refuses a web page renamed .pdf with a message at the field, and downloads as an attachment', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'pm', STAGE);
    expect(new URL(page.url()).pathname).toBe(STAGE);
    const card = page.locator('section.nhsuk-card').filter({ has: page.locator('input[type="file"][name="file"]') }).first();
    const title = await card.locator('h3').innerText();

    await card.locator('input[type="file"][name="file"]').setInputFiles({ name: 'needs-pack.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForLoadState('load'), card.getByRole('button', { name: `Attach file to ${title}` }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('needs-pack.pdf was attached');
    const link = page.locator('section.nhsuk-card').filter({ hasText: title }).getByRole('link', { name: /needs-pack\.pdf/ });
    await link.scrollIntoViewIfNeeded();
    await checkPage(page, 'stage2-evidence-file-attached');

    const href = await link.getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="needs-pack\.pdf"/);
    expect(download.headers()['content-type']).toBe('application/pdf');

    const again = page.locator('section.nhsuk-card').filter({ hasText: title }).first();
    await again.locator('input[type="file"][name="file"]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><html><body>hello</body></html>') });
    await Promise.all([page.waitForLoadState('load'), again.getByRole('button', { name: `Attach file to ${title}` }).click()]);
    await page.waitForLoadState('load');
    const summary = await page.locator('.nhsuk-error-summary').innerText();
    expect(summary).toContain('The selected file looks like a web page or other markup');
    expect(await page.locator('.nhsuk-error-message').first().innerText()).toContain('The accepted types are PDF');
    await checkPage(page, 'stage2-evidence-file-refused');
    await context.close();
  });
});

/**
 * Evidence files on the business case page. Stage 6 needs stages 1-5 approved, which the demo
 * data does not reach: this runs on the e2e test app (its users, a project taken through the five
 * stages over the API), listening on a loopback port, with the same Chromium.
 */
describe('evidence files on the business case page (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const slug = 'case-files';

  beforeAll(async () => {
    t = await TestApp.start({ UPLOAD_LIMIT_BYTES: '8192' });
    await t.createProject(slug);
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('the programme manager attaches a PDF to the financial case, sees it listed, and a renamed program is refused at the field', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const casePage = `/projects/${slug}/business-case`;
    await page.goto(`/sign-in?next=${encodeURIComponent(casePage)}`);
    await page.getByLabel('Email address').fill(t.user('pm').email);
    await page.getByLabel('Password', { exact: true }).fill(t.user('pm').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(casePage);

    const card = page.locator('section#case-financial');
    await card.locator('input[type="file"][name="file"]').setInputFiles({ name: 'affordability.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForLoadState('load'), card.getByRole('button', { name: 'Attach file to the financial case' }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('affordability.pdf was attached to the financial case');
    const link = page.locator('section#case-financial').getByRole('link', { name: /affordability\.pdf/ });
    expect(await link.count()).toBe(1);
    expect(await page.locator('section#case-financial .app-evidence-files').innerText()).toMatch(/added by Pat Manager on \d+ \w+ \d{4}/);
    await checkPage(page, 'stage6-business-case-evidence-file-attached');
    await card.screenshot({ path: join(SCREENSHOTS, 'stage6-business-case-evidence-file-attached-card.png') });
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="affordability\.pdf"/);

    const again = page.locator('section#case-financial');
    await again.locator('input[type="file"][name="file"]').setInputFiles({ name: 'costs.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) });
    await Promise.all([page.waitForLoadState('load'), again.getByRole('button', { name: 'Attach file to the financial case' }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('The selected file looks like a Windows program (EXE or DLL)');
    expect(await page.locator('.nhsuk-error-summary a').first().getAttribute('href')).toBe('#file-financial');
    expect(await page.locator('section#case-financial .nhsuk-error-message').innerText()).toContain('The accepted types are PDF');
    await checkPage(page, 'stage6-business-case-evidence-file-refused');
    await page.locator('section#case-financial').screenshot({ path: join(SCREENSHOTS, 'stage6-business-case-evidence-file-refused-card.png') });
    await context.close();
  });

  it("a comment's author attaches a file to it on the review page; the list shows who and when", async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const reviewPage = `/projects/${slug}/reviews/development-of-options`;
    await page.goto(`/sign-in?next=${encodeURIComponent(reviewPage)}`);
    await page.getByLabel('Email address').fill(t.user('stakeholder').email);
    await page.getByLabel('Password', { exact: true }).fill(t.user('stakeholder').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Add a comment').fill('The options workshop notes are attached.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add comment' }).click()]);
    await page.waitForLoadState('load');
    const comment = page.locator('#comments + ul > li').first();
    const button = comment.getByRole('button', { name: /^Attach file to your comment of / });
    await comment.locator('input[type="file"][name="file"]').setInputFiles({ name: 'workshop-notes.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForLoadState('load'), button.click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('workshop-notes.pdf was attached to your comment');
    const attached = page.locator('#comments + ul > li').first();
    expect(await attached.getByRole('link', { name: /workshop-notes\.pdf/ }).count()).toBe(1);
    expect(await attached.innerText()).toMatch(/added by Sue Stakeholder on \d+ \w+ \d{4}/);
    await checkPage(page, 'review-comment-evidence-file-attached');
    await attached.screenshot({ path: join(SCREENSHOTS, 'review-comment-evidence-file-attached-comment.png') });
    await context.close();
  });
});
