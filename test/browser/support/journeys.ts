import type { Page } from 'playwright-core';
import { checkPage, signIn, signOut } from './browser';

/**
 * The steps of the journeys, as a person does them in the browser (clicks, labels),
 * shared by the JavaScript-on and JavaScript-off runs. `shot` names the screenshots.
 */
export interface Journey {
  page: Page;
  /** Screenshot name prefix, e.g. "js" or "nojs". */
  tag: string;
  /** Check with axe and screenshot (false: screenshot only). */
  axe: boolean;
}

export const STAGE1 = 'planning-and-codesign';

const MEMBERS = {
  'core-project-team': [
    { name: 'Lena Lead', organisation: 'Oxfordshire ICB', type: 'Commissioner or ICB', role: 'Locality lead', lead: true },
    { name: 'Omar Nurse', organisation: 'Oxford Health NHS FT', type: 'NHS trust', role: 'Community services manager' },
    { name: 'Cara Council', organisation: 'South Oxfordshire District Council', type: 'District or city council', role: 'Communities officer' },
  ],
  'stakeholder-group': [
    { name: 'Sam Holder', organisation: 'Healthwatch Oxfordshire', type: 'Healthwatch', role: 'Engagement lead', account: 'Sam Holder (stakeholder@example.org)' },
    { name: 'Cllr Tom Vale', organisation: 'Thame Town Council', type: 'Other', role: 'Town councillor' },
    { name: 'Rita Friend', organisation: 'Thame Community Support', type: 'Voluntary and community sector', role: 'Coordinator' },
    { name: 'Pete Patient', organisation: 'Thame patient participation group', type: 'Resident or patient representative', role: 'Chair' },
    { name: 'Emma Cole', organisation: 'Oxfordshire County Council', type: 'County council', role: 'Public health registrar' },
  ],
  'clinical-professional-group': [
    { name: 'Dr Chris Lin', organisation: 'Thame PCN', type: 'GP practice or PCN', role: 'Clinical director', account: 'Dr Chris Lin (clinician@example.org)' },
    { name: 'Karen Ellis', organisation: 'Oxford Health NHS FT', type: 'NHS trust', role: 'District nursing lead' },
  ],
} as const;

const RECORDED = {
  'codesign-approach': 'Approach agreed with the Thame community partnership at two workshops.',
  'confirm-scope': 'Town scope (Thame and villages) confirmed from the JSNA and community profile.',
  'involvement-strategy': 'Involvement strategy and communications plan published on the ICB site.',
  'community-kick-off': 'Kick-off event at Thame Town Hall with 90 attendees; write-up shared.',
} as const;

const path = (page: Page) => new URL(page.url()).pathname;

async function check(j: Journey, name: string): Promise<void> {
  if (j.axe) await checkPage(j.page, `${j.tag}-${name}`);
  else await j.page.screenshot({ path: require('node:path').join(require('./browser').SCREENSHOTS, `${j.tag}-${name}.png`), fullPage: true });
}

async function submit(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: typeof name === 'string' }).click()]);
  await page.waitForLoadState('load');
}

/** Journey 1: a programme manager creates Thame, fills its groups and deliverables, submits stage 1. */
export async function createAndSubmitThame(j: Journey, name: string, slug: string): Promise<void> {
  const { page } = j;
  await signIn(page, 'pm');
  await check(j, 'home-manager');
  await page.getByRole('button', { name: 'Create a project' }).click();
  await page.waitForLoadState('load');
  expect(path(page)).toBe('/projects/new');
  await check(j, 'project-new');
  // a first try without a name: the error summary says what to fix and nothing is created
  await page.getByLabel('Short name for the web address').fill(slug);
  await submit(page, 'Create project');
  expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Enter the project name');
  expect(await page.getByLabel('Short name for the web address').inputValue()).toBe(slug);
  await check(j, 'project-new-errors');

  await page.getByLabel('Project name').fill(name);
  await page.getByLabel('Town', { exact: true }).check();
  await page.getByLabel('Area (optional)').fill('Thame and the surrounding villages');
  await page.getByLabel('South Oxfordshire').check();
  await page.getByLabel('Thame (30,525 patients)').check();
  await submit(page, 'Create project');
  expect(path(page)).toBe(`/projects/${slug}`);
  expect(await page.locator('h1').innerText()).toBe(name);
  expect(await page.locator('svg.app-diagram').textContent()).toContain('Stage 1 (current)');
  await check(j, 'project-created');

  // refused while stage 1 is incomplete: the engine's blockers, and nothing changed
  await submit(page, 'Submit for review');
  const refused = await page.locator('.nhsuk-error-summary').innerText();
  expect(refused).toContain('The core project team has no members; it needs at least 3.');
  await check(j, 'project-submit-refused');

  await page.goto(`/projects/${slug}/stages/${STAGE1}`);
  await check(j, 'stage1-empty');
  let first = true;
  for (const [group, members] of Object.entries(MEMBERS)) {
    for (const m of members) {
      await page.goto(`/projects/${slug}/stages/${STAGE1}/groups/${group}/add`);
      if (first) {
        // the form keeps what was typed and says what is missing, once per field
        await page.getByLabel('Name', { exact: true }).fill(m.name);
        await submit(page, 'Add member');
        const summary = await page.locator('.nhsuk-error-summary').innerText();
        expect(summary).toContain('Enter their organisation');
        expect(summary).toContain('Select the type of organisation');
        expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(m.name);
        await check(j, 'group-member-errors');
      }
      await page.getByLabel('Name', { exact: true }).fill(m.name);
      await page.getByLabel('Organisation', { exact: true }).fill(m.organisation);
      await page.getByLabel('Type of organisation').selectOption({ label: m.type });
      await page.getByLabel('Role in the group').fill(m.role);
      if ('lead' in m && m.lead) await page.getByLabel('Leads the group').check();
      if ('account' in m && m.account) await page.getByLabel('Account (optional)').selectOption({ label: m.account });
      if (first) await check(j, 'group-member-add');
      await submit(page, 'Add member');
      expect(path(page)).toBe(`/projects/${slug}/stages/${STAGE1}`);
      first = false;
    }
  }
  // change one member, and remove and add back another
  await page.getByRole('link', { name: 'Change Karen Ellis' }).click();
  await page.waitForLoadState('load');
  await check(j, 'group-member-change');
  await page.getByLabel('Role in the group').fill('District nursing lead, Thame');
  await submit(page, 'Save member');
  expect(await page.locator('#group-clinical-professional-group ~ table').first().innerText()).toContain('District nursing lead, Thame');
  page.once('dialog', (d) => void d.accept());
  await submit(page, 'Remove Emma Cole');
  expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Emma Cole was removed');
  await page.goto(`/projects/${slug}/stages/${STAGE1}/groups/stakeholder-group/add`);
  await page.getByLabel('Name', { exact: true }).fill('Emma Cole');
  await page.getByLabel('Organisation', { exact: true }).fill('Oxfordshire County Council');
  await page.getByLabel('Type of organisation').selectOption({ label: 'County council' });
  await page.getByLabel('Role in the group').fill('Public health registrar');
  await submit(page, 'Add member');

  for (const [key, evidence] of Object.entries(RECORDED)) {
    const form = page.locator(`#deliverable-${key}`);
    await form.getByLabel('Done').check();
    if (key === 'codesign-approach') {
      // done without evidence is refused by the API's rule, shown at the field
      await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: /^Save/ }).click()]);
      await page.waitForLoadState('load');
      expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Enter the evidence');
      await check(j, 'stage1-deliverable-error');
      await page.locator(`#deliverable-${key}`).getByLabel('Done').check();
    }
    await page.locator(`#deliverable-${key}`).getByLabel('Evidence', { exact: true }).fill(evidence);
    await Promise.all([page.waitForLoadState('load'), page.locator(`#deliverable-${key}`).getByRole('button', { name: /^Save/ }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Deliverable saved');
  }
  expect(await page.locator('#blockers').count()).toBe(0); // nothing left blocking stage 1
  await check(j, 'stage1-complete');

  await page.goto(`/projects/${slug}`);
  await submit(page, 'Submit for review');
  expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Submitted for review');
  expect(await page.locator('svg.app-diagram').textContent()).toContain('In review');
  await check(j, 'project-submitted');
  await signOut(page);
}

/** Journey 2: a review round with changes asked for, the manager's resubmission, approvals. */
export async function reviewThame(j: Journey, name: string, slug: string): Promise<void> {
  const { page } = j;
  await signIn(page, 'stakeholder');
  await check(j, 'home-stakeholder');
  await page.getByRole('link', { name: 'Reviews', exact: true }).click();
  await page.waitForLoadState('load');
  await check(j, 'reviews-queue');
  await page.getByRole('link', { name: `${name}: Planning and co-design` }).click();
  await page.waitForLoadState('load');
  expect(path(page)).toBe(`/projects/${slug}/reviews/${STAGE1}`);
  await check(j, 'review-page');
  await page.getByLabel('Request changes').check();
  await submit(page, 'Send decision');
  expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Enter a comment: say what needs to change');
  await check(j, 'review-decision-error');
  await page.getByLabel('Request changes').check();
  await page.getByLabel('Comment', { exact: true }).fill('Add the date of the kick-off event to its evidence.');
  await submit(page, 'Send decision');
  expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('You asked for changes');
  await check(j, 'review-changes-requested');
  await signOut(page);

  await signIn(page, 'pm');
  await page.goto(`/projects/${slug}`);
  // approving now is refused: a reviewer asked for changes
  await submit(page, 'Approve stage');
  expect(await page.locator('.nhsuk-error-summary').count()).toBe(1);
  await check(j, 'project-approve-refused');
  await page.getByLabel('Reason for: request changes').fill('Healthwatch asked for the kick-off date.');
  await submit(page, 'Request changes');
  expect(await page.locator('svg.app-diagram').textContent()).toContain('Stage 1 (current)');
  await page.goto(`/projects/${slug}/stages/${STAGE1}`);
  await page.locator('#deliverable-community-kick-off').getByLabel('Evidence').fill('Kick-off event at Thame Town Hall on 14 November with 90 attendees; write-up shared.');
  await Promise.all([page.waitForLoadState('load'), page.locator('#deliverable-community-kick-off').getByRole('button', { name: /^Save/ }).click()]);
  await page.waitForLoadState('load');
  await page.goto(`/projects/${slug}`);
  await submit(page, 'Submit for review');
  expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Submitted for review');
  await signOut(page);

  for (const who of ['stakeholder', 'clinician'] as const) {
    await signIn(page, who, `/projects/${slug}/reviews/${STAGE1}`);
    expect(path(page)).toBe(`/projects/${slug}/reviews/${STAGE1}`); // back where sign-in was asked for
    await page.getByLabel('Approve').check();
    await submit(page, 'Send decision');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('You approved this stage');
    if (who === 'clinician') await check(j, 'review-approved');
    await signOut(page);
  }

  await signIn(page, 'pm');
  await page.goto(`/projects/${slug}`);
  await submit(page, 'Approve stage');
  expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Approved');
  const diagram = await page.locator('svg.app-diagram').textContent();
  for (const n of [2, 3, 4]) expect(diagram).toContain(`Stage ${n} (current)`);
  expect(diagram).not.toContain('Stage 1 (current)');
  expect((await page.locator('#stage-population-health-and-care-needs').innerText())).toContain('In progress');
  await check(j, 'project-stage1-approved');
  await signOut(page);
}
