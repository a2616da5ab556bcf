import { DataSource } from 'typeorm';
import { BrowserHarness, checkPage, signIn } from './support/browser';

/** "As it stood on": the project and history pages at a past moment, read-only and accessible (without JavaScript: test/e2e/web-as-of.e2e-spec.ts). */
describe('as it stood on a date (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the auditor opens the date field on Wantage, then sees the project and its history as they stood after its tenth entry', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'auditor');
    await page.goto('/projects/wantage');
    await page.getByText('See this as it stood on an earlier date').click();
    await expect(page.getByLabel('Date and time (UTC)').isVisible()).resolves.toBe(true);
    await checkPage(page, 'as-of-project-date-field');

    const [row] = await h.app
      .get(DataSource)
      .query('SELECT h."occurredAt" AS "at" FROM history_entry h JOIN project p ON p.id = h."projectId" WHERE p.slug = ? AND h.sequence = 10', ['wantage']);
    await page.goto(`/projects/wantage?at=${encodeURIComponent(row.at)}`);
    expect(await page.locator('#as-of').innerText()).toContain('as it stood on');
    await expect(page.getByRole('heading', { name: 'What you can do now' }).count()).resolves.toBe(0);
    await checkPage(page, 'as-of-project');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('at')).toBe(row.at);
    expect(await page.locator('main').innerText()).toMatch(/of 10 entries/);
    await checkPage(page, 'as-of-history');
    await context.close();
  }, 180_000);
});
