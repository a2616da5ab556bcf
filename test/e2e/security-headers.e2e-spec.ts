import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TestApp } from './support/test-app';

/** Issue 12, defect 10: security headers by @fastify/helmet on every answer. */
describe('security headers (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('every answer (JSON, errors, unauthenticated) carries nosniff, frame-ancestors, referrer policy and the CSP; no HSTS outside production', async () => {
    const answers = [
      await t.http().get('/api/health'),
      await t.as('pm').get('/api/projects'),
      await t.as('pm').get('/api/projects/nowhere'),
      await t.http().get('/api/projects'),
      await t.http().post('/api/auth/login').send({}),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 401, 400]);
    for (const res of answers) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    }
  });

  it('the API docs page works under its policy: scripts only from files of the same origin, its inline styles allowed', async () => {
    const page = await t.http().get('/api/docs').expect(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']); // swagger-ui.css draws its icons as data: images
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // every script on the page is a same-origin file (no inline script, which script-src 'self' would block) ...
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.\/docs\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    // ... and served, with the same policy
    for (const [, attributes] of scripts) {
      const file = /src="\.\/docs\/([^"]+)"/.exec(attributes)![1];
      const asset = await t.http().get(`/api/docs/${file}`).expect(200);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      expect(asset.headers['content-type']).toMatch(/javascript/);
    }
    // the only other origin the page's code names is none: it builds its URL from window.location
    const init = await t.http().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('window.location.origin');
  });

  it('in production: HSTS and upgrade-insecure-requests as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phw-headers-'));
    const app = await createApp({
      env: { NODE_ENV: 'production', DATABASE_PATH: join(dir, 'prod.sqlite'), DEMO_DATA: 'false', AUTH_TOKEN_SECRET: 'production-headers-test-secret-32-bytes-long' },
      logger: false,
    });
    try {
      for (const url of ['/api/health', '/api/docs']) {
        const res = await request(app.getHttpServer()).get(url).expect(200);
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(directives(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
      }
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
