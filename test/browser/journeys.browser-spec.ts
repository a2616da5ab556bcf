import { BrowserHarness } from './support/browser';
import { createAndSubmitThame, reviewThame } from './support/journeys';

/**
 * Journeys 1 and 2 of the issue in Chromium, with JavaScript on and (journey 5) off: every page
 * screenshotted into test-results/screenshots, and checked with axe (WCAG 2.2 AA) in the run
 * with JavaScript.
 */
describe.each([
  { tag: 'js', javaScript: true, name: 'Thame and surrounding villages', slug: 'thame' },
  { tag: 'nojs', javaScript: false, name: 'Thame without JavaScript', slug: 'thame-nojs' },
])('journeys 1 and 2 with JavaScript $javaScript (browser)', ({ tag, javaScript, name, slug }) => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('1: a programme manager creates Thame, fills its groups and deliverables and submits stage 1; 2: changes requested, resubmitted, approved by both reviewers and the manager', async () => {
    const context = await h.context({ javaScript });
    const page = await context.newPage();
    // axe runs inside the page, so it needs JavaScript: the JavaScript-on run scans the same
    // server-rendered pages; the JavaScript-off run proves they work and screenshots them
    const j = { page, tag, axe: javaScript };
    await createAndSubmitThame(j, name, slug);
    await reviewThame(j, name, slug);
    await context.close();
  }, 600_000);
});
