import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createApp } from '../../../src/app.factory';
import { DEFAULT_DEMO_PASSWORD } from '../../../src/config/app-config';
import { DEMO_USERS } from '../../../src/demo/demo-people';

/** Where the browser tests write a screenshot of every page they visit, for people to look at. */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/** Debian's Chromium; `.ci/run` installs the package when it is missing. Never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in a sandbox on a closed network (see ../shared/web/STACK.md). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The WCAG 2.2 AA rule tags of axe. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD;
export type DemoWho = keyof typeof DEMO_USERS;

/**
 * The real application listening on a random loopback port, on a scratch SQLite database
 * with the demo data (Wantage, Banbury and the demo users), and a Chromium to drive it.
 */
export class BrowserHarness {
  private constructor(
    readonly dir: string,
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    readonly browser: Browser,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<BrowserHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'phw-browser-'));
    const app = await createApp({
      env: { NODE_ENV: 'test', DATABASE_PATH: join(dir, 'browser.sqlite'), DEMO_DATA: 'true', ...env },
      logger: ['error'],
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // launch() runs each browser on a fresh temporary user-data dir, removed on close
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new BrowserHarness(dir, app, `http://127.0.0.1:${port}`, browser);
  }

  /** A new browser profile (cookies, storage), with JavaScript on or off. */
  async context(options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
    return this.browser.newContext({ baseURL: this.baseUrl, javaScriptEnabled: options.javaScript ?? true, viewport: { width: 1200, height: 900 } });
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Sign in through the sign-in form, as a person would. */
export async function signIn(page: Page, who: DemoWho, next?: string): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await page.getByLabel('Email address').fill(DEMO_USERS[who].email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
}

/**
 * Check the page as it is now against WCAG 2.2 AA with axe (serious or critical violations fail
 * the test) and save a full-page screenshot named `name`.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`).join('\n');
  expect({ page: name, url: page.url(), violations: report }).toEqual({ page: name, url: page.url(), violations: '' });
}
