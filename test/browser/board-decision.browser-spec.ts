import { BrowserHarness, checkPage, signIn, signOut } from './support/browser';

const STAGE = '/projects/wantage/stages/planning-and-codesign';

/** The board member records the board's decision on a stage page; a stakeholder posts in the stage's discussion. */
describe("the board's decision and the stage discussion (browser)", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a board member records a decision through the form; a future date is explained at the field first', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await signIn(page, 'board', STAGE);
    expect(new URL(page.url()).pathname).toBe(STAGE);
    const form = page.locator('#board-decisions form');
    await form.getByLabel('Approved', { exact: true }).check();
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Date of the board meeting').fill(future);
    await form.getByLabel('Minute reference').fill('ISDB 2019/31');
    await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: "Record the board's decision" }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('after today');
    await checkPage(page, 'board-decision-refused');

    const again = page.locator('#board-decisions form');
    await again.getByLabel('Approved', { exact: true }).check();
    await again.getByLabel('Date of the board meeting').fill('2019-09-12');
    await again.getByLabel('Minute reference').fill('ISDB 2019/31');
    await again.getByLabel('Note (optional)').fill('Stage 1 outputs endorsed; the stakeholder group to report in six months.');
    await Promise.all([page.waitForLoadState('load'), again.getByRole('button', { name: "Record the board's decision" }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain("The board's decision was recorded: approved");
    const table = page.locator('#board-decisions table');
    expect(await table.innerText()).toContain('ISDB 2019/31');
    await page.locator('#board-decisions').scrollIntoViewIfNeeded();
    await checkPage(page, 'board-decision-recorded');
    await signOut(page);

    // a stakeholder on the project posts in the discussion; the decision is shown to them, without the form
    await signIn(page, 'stakeholder', STAGE);
    expect(await page.locator('#board-decisions').innerText()).toContain('ISDB 2019/31');
    expect(await page.locator('#board-decisions form').count()).toBe(0);
    await page.getByLabel('Add to the discussion').fill('Could the six-month report include the Grove housing numbers?');
    await Promise.all([page.waitForLoadState('load'), page.locator('#discussion').getByRole('button', { name: 'Post' }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('#discussion').innerText()).toContain('Could the six-month report include the Grove housing numbers?');
    await page.locator('#discussion').scrollIntoViewIfNeeded();
    await checkPage(page, 'stage-discussion');
    await context.close();
  });
});
