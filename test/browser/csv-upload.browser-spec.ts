import { BrowserHarness, checkPage, signIn } from './support/browser';

const REGISTER = '/projects/wantage/stages/population-health-and-care-needs/registers/needs';

/** Journey 3: a CSV with one bad row imports nothing and names the row; a good file imports. */
describe('CSV upload through the register form (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('one bad row: the error summary names it and nothing is imported; then a good file imports', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'pm', REGISTER);
    expect(new URL(page.url()).pathname).toBe(REGISTER);
    const countText = async () => (await page.locator('main p').filter({ hasText: /\d+ records?\./ }).first().innerText()).match(/(\d+) record/)![1];
    const before = Number(await countText());
    await checkPage(page, 'register-needs');

    const bad = ['id,segmentId,description', 'need-walk,seg-healthy,Walking groups for people at risk of diabetes', 'need-bad,seg-does-not-exist,Transport to the hospital', ''].join('\r\n');
    await page.locator('input[type="file"][name="csvFile"]').setInputFiles({ name: 'needs.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload file' }).click()]);
    await page.waitForLoadState('load');
    const summary = await page.locator('.nhsuk-error-summary').innerText();
    expect(summary).toContain('Nothing was imported');
    expect(summary).toMatch(/Row 2 \(line 3\), column segmentId/);
    expect(summary).not.toMatch(/Row 1 /);
    expect(Number(await countText())).toBe(before);
    await checkPage(page, 'register-needs-upload-errors');

    const good = ['id,segmentId,description', 'need-walk,seg-healthy,Walking groups for people at risk of diabetes', 'need-transport,seg-frailty,Transport to the community hospital', ''].join('\r\n');
    await page.locator('input[type="file"][name="csvFile"]').setInputFiles({ name: 'needs.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload file' }).click()]);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/projects/wantage/stages/population-health-and-care-needs');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('2 records imported');
    const table = await page.locator('#register-needs ~ div table').first().innerText();
    expect(table).toContain('need-walk');
    expect(table).toContain('Transport to the community hospital');
    await checkPage(page, 'stage2-after-import');

    // the download is the register as CSV, with what was imported
    const download = await page.request.get(`${REGISTER}/csv`);
    expect(download.headers()['content-type']).toMatch(/text\/csv/);
    expect(await download.text()).toContain('need-transport,seg-frailty,Transport to the community hospital');
    await context.close();
  });
});
