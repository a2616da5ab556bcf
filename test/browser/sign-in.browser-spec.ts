import { BrowserHarness, checkPage, signIn, signOut } from './support/browser';

describe('sign in and out (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a page that needs a session sends the browser to sign in and back afterwards', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/');
    await checkPage(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = await page.locator('.nhsuk-error-summary').innerText();
    expect(summary).toContain('Enter your email address');
    expect(summary).toContain('Enter your password');
    // one message per field: the field shows it once, the summary once
    expect(await page.locator('#email-error').innerText()).toContain('Enter your email address');
    await checkPage(page, 'sign-in-errors');

    await page.getByLabel('Email address').fill('pm@example.org');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The email address or password is not right.');
    expect(await page.getByLabel('Email address').inputValue()).toBe('pm@example.org');

    await signIn(page, 'pm');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('h1').textContent()).toBe('Your projects');
    await checkPage(page, 'home-programme-manager');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'phw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await signOut(page);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('unknown pages answer the 404 page; /api keeps its JSON 404', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await checkPage(page, 'not-found');
    const api = await page.request.get('/api/no-such-thing');
    expect(api.status()).toBe(404);
    expect(await api.json()).toMatchObject({ message: expect.any(String) });
    await context.close();
  });
});
