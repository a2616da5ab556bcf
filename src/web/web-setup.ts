import '@fastify/view';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import fastifySecureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { AppConfig } from '../config/app-config';
import { configureNunjucks } from './nunjucks-env';
import { sessionKey } from './session-key';
import { WEB_FILES } from './web-files';
import { isPageRequest } from './web-paths';

export const SESSION_COOKIE = 'phw_session';

/** Largest CSV or other file a page form accepts, and how many parts such a form may have. */
export const UPLOAD_LIMITS = { fileSize: 512 * 1024, files: 1, fields: 20, parts: 25 };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web pages' plumbing on the Fastify instance, before Nest registers the routes: the
 * encrypted session cookie, CSRF checks on every page form, templates and the static assets.
 */
export async function configureWeb(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const production = config.NODE_ENV === 'production';
  await app.register(fastifyCookie);
  await app.register(fastifySecureSession, {
    key: sessionKey(config),
    cookieName: SESSION_COOKIE,
    expiry: config.AUTH_TOKEN_TTL_SECONDS,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: production, maxAge: config.AUTH_TOKEN_TTL_SECONDS },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/secure-session', getToken: csrfTokenOf, logLevel: 'debug' });
  await app.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [WEB_FILES.views, WEB_FILES.nhsukTemplates],
    production,
    // compiled templates are kept (npm start is how the service runs): restart to see a template change
    options: { autoescape: true, noCache: false, onConfigure: configureNunjucks },
  });
  await app.register(fastifyStatic, {
    root: WEB_FILES.nhsukAssets,
    prefix: '/assets/nhsuk/',
    decorateReply: false,
    // only the built files, not the package's templates and sources
    allowedPath: (path) => /^\/(nhsuk-frontend\.min\.(css|js)(\.map)?|assets\/.+)$/.test(path),
    maxAge: production ? '1d' : 0,
  });
  await app.register(fastifyStatic, { root: WEB_FILES.ownAssets, prefix: '/assets/app/', decorateReply: false, maxAge: production ? '1h' : 0 });

  // After the body is parsed (it is not yet at onRequest): a page form without a valid token
  // answers 403 before any guard or handler runs, so it changes nothing.
  const fastify = app.getHttpAdapter().getInstance();
  // The API takes multipart bodies only on the routes that upload a file (RouteConfig acceptsMultipart);
  // elsewhere it answers 415 as it did before pages took uploads.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const acceptsMultipart = (request.routeOptions?.config as { acceptsMultipart?: boolean } | undefined)?.acceptsMultipart === true;
    if (request.isMultipart() && !isPageRequest(request) && !acceptsMultipart) {
      return done(Object.assign(new Error(`Unsupported Media Type: ${String(request.headers['content-type']).split(';')[0]}`), { statusCode: 415 }));
    }
    done();
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || !isPageRequest(request)) return done();
    fastify.csrfProtection(request, reply, done);
  });
}

/**
 * The token from the form field `_csrf`; a multipart form (file upload), whose body is read
 * only in its handler, carries it in the action's query string instead.
 */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body._csrf === 'string') return body._csrf;
  if (request.isMultipart()) {
    const query = request.query as Record<string, unknown> | undefined;
    if (query && typeof query._csrf === 'string') return query._csrf;
  }
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}
