import { BrowserHarness, checkPage, signIn } from './support/browser';

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
