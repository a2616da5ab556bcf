import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The policy for every response: only same-origin scripts, styles, images (and data: images,
 * which stylesheets use for icons), fonts and fetches; no plugins; no framing by anyone. It fits
 * server-rendered pages that load one same-origin script and stylesheet, with no inline code.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const serialise = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/**
 * The API docs page (swagger-ui, as @nestjs/swagger serves it) has two inline <style> blocks and
 * a style attribute in its markup: that page alone may use inline styles. Its scripts are files
 * of the same origin, so script-src stays 'self'.
 */
export const DOCS_STYLE_SRC = ["'self'", "'unsafe-inline'"];

/**
 * Security headers by @fastify/helmet (issue 12, defect 10): nosniff, frame-ancestors 'none' and
 * X-Frame-Options DENY, Referrer-Policy no-referrer, the CSP above; HSTS (and upgrading insecure
 * requests) only in production, where the service is behind HTTPS.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, production: boolean): Promise<void> {
  const directives: Record<string, string[]> = { ...CONTENT_SECURITY_POLICY, ...(production ? { 'upgrade-insecure-requests': [] } : {}) };
  const docsPolicy = serialise({ ...directives, 'style-src': DOCS_STYLE_SRC });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      if (request.url === '/api/docs' || request.url.startsWith('/api/docs/') || request.url.startsWith('/api/docs?')) {
        reply.header('content-security-policy', docsPolicy);
      }
      return payload;
    });
}
