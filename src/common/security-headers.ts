import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The NHS.UK page template has one inline script (it marks the body "js-enabled" before the
 * stylesheet's JavaScript-only rules apply). Its hash is allowed, read from the installed
 * template, so an upgrade of nhsuk-frontend cannot silently break it; nothing else inline runs.
 */
export function nhsukInlineScriptHashes(templatePath = join(require.resolve('nhsuk-frontend/package.json'), '..', 'dist', 'nhsuk', 'template.njk')): string[] {
  const template = readFileSync(templatePath, 'utf8');
  return [...template.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .filter((body) => body.trim() !== '' && !body.includes('{{') && !body.includes('{%'))
    .map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

/**
 * The policy for every response: scripts only from same-origin files (and the template's one
 * inline script, by hash), images (and data: images, which stylesheets use for icons), fonts and
 * fetches from the same origin; no plugins; no framing by anyone. Styles may also be inline: the
 * API docs page (swagger-ui), the printable business case and highlight report documents and
 * the pages' print rules carry inline styles; a style cannot run code, so the script policy is
 * what stops injected markup from doing harm.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'", ...nhsukInlineScriptHashes()],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Security headers by @fastify/helmet (issue 12, defect 10): nosniff, frame-ancestors 'none' and
 * X-Frame-Options DENY, Referrer-Policy same-origin, the CSP above; HSTS (and upgrading insecure
 * requests) only in production, where the service is behind HTTPS.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, production: boolean): Promise<void> {
  const directives: Record<string, string[]> = { ...CONTENT_SECURITY_POLICY, ...(production ? { 'upgrade-insecure-requests': [] } : {}) };
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    // same-origin: a form's own page is known after a sign-in (never sent to another site)
    referrerPolicy: { policy: 'same-origin' },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}
