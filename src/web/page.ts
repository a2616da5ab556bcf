import '@fastify/view';
import '@fastify/csrf-protection';
import '@fastify/secure-session';
import './session-data';
import { applyDecorators, Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionAuth } from '../auth/access.decorators';
import type { AuthUser } from '../auth/current-user';
import { browserUrl, PAGES_SEGMENT } from './web-paths';

/**
 * A controller of web pages at `/<path>` (not under /api). Its handlers need a signed-in
 * session by default (the sign-in page redirects back); mark a handler @Public() for pages anyone
 * may read. Declare @Roles / @ProjectAccess exactly as the API does: the same guards apply, and
 * a POST without a declaration is refused (fail closed).
 */
export const PageController = (path = '') =>
  applyDecorators(Controller(path ? `${PAGES_SEGMENT}/${path.replace(/^\/+/, '')}` : PAGES_SEGMENT), ApiExcludeController(), SessionAuth());

export const SERVICE_NAME = 'Locality health planning';
/** nhsuk-frontend's images and manifest (the page template's `assetPath`). */
export const ASSET_PATH = '/assets/nhsuk/assets';

export interface Flash {
  /** "success" or "info": the NHS notification banner's type */
  type: 'success' | 'info';
  heading: string;
  text?: string;
}

const FLASH_KEY = 'flash';

/** A one-time message for the next page (after a form's POST-redirect-GET). */
export function setFlash(request: FastifyRequest, flash: Flash): void {
  request.session.set(FLASH_KEY, flash);
}

function takeFlash(request: FastifyRequest): Flash | undefined {
  const flash = request.session?.get(FLASH_KEY) as Flash | undefined;
  if (flash) request.session.set(FLASH_KEY, undefined);
  return flash;
}

interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

function navigation(user: AuthUser | undefined, path: string): NavItem[] {
  if (!user) return [];
  const items = [
    { href: '/', text: 'Home' },
    { href: '/portfolio', text: 'Portfolio' },
    ...(user.role === 'stakeholder' ? [{ href: '/reviews', text: 'Reviews' }] : []),
    ...(user.role === 'admin' ? [{ href: '/admin/users', text: 'Users' }] : []),
    { href: '/notifications', text: 'Notifications' },
  ];
  return items.map((i) => ({ ...i, current: i.href === '/' ? path === '/' : path === i.href || path.startsWith(`${i.href}/`) }));
}

/** What every page template gets: the signed-in user, the CSRF token for its forms, navigation. */
export function pageContext(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const user = (request as FastifyRequest & { user?: AuthUser }).user;
  const path = browserUrl(request).split('?')[0];
  return {
    serviceName: SERVICE_NAME,
    assetPath: ASSET_PATH,
    user,
    currentPath: path,
    navigation: navigation(user, path),
    csrfToken: reply.generateCsrf(),
    flash: takeFlash(request),
    // set by ?at= (AsOfInterceptor): the page shows the project as it stood then, read-only
    asOf: (request as FastifyRequest & { asOf?: string }).asOf ?? null,
  };
}

/**
 * Render a page template (under views/) with the common context. Pages are per person, so they
 * are never cached.
 */
export async function render(reply: FastifyReply, view: string, context: Record<string, unknown> = {}, status = 200): Promise<void> {
  const html = await reply.viewAsync(view.endsWith('.njk') ? view : `${view}.njk`, { ...pageContext(reply.request, reply), ...context });
  await reply.status(status).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
}

/** After a successful form: POST-redirect-GET (303 so the browser GETs the next page). */
export async function redirect(reply: FastifyReply, to: string): Promise<void> {
  await reply.redirect(to, 303);
}
