import type { FastifyRequest } from 'fastify';

/**
 * Pages live at the site root and the API under /api. The API's global prefix cannot exclude
 * the page routes by path (both have e.g. `projects/:slug`), so every URL outside /api and
 * /assets is rewritten, before routing, to /api/_pages/...: page controllers declare their paths
 * under `_pages` (use @PageController) and get the global prefix like any controller. Nothing
 * outside this file needs to know: request.originalUrl keeps the address the browser asked for.
 */
export const PAGES_SEGMENT = '_pages';
export const PAGES_ROUTE_PREFIX = `/api/${PAGES_SEGMENT}`;
export const ASSETS_PREFIX = '/assets/';

export function rewritePageUrl(url: string): string {
  if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) {
    // the rewritten form is not an address of its own: /api/_pages/... answers the API's 404
    return url.startsWith(PAGES_ROUTE_PREFIX) ? `/api/not-a-page${url.slice(PAGES_ROUTE_PREFIX.length)}` : url;
  }
  if (url.startsWith(ASSETS_PREFIX)) return url;
  // "/" and "/?next=..." map to the prefix itself: routes are registered without a trailing slash
  if (url === '/' || url.startsWith('/?')) return PAGES_ROUTE_PREFIX + url.slice(1);
  return PAGES_ROUTE_PREFIX + url;
}

/**
 * The rewrite as the Fastify adapter calls it: the address the browser asked for is kept on the
 * raw request, because Nest's middleware layer (request logging) overwrites `originalUrl` with
 * the rewritten one.
 */
export function rewriteRequestUrl(raw: { url?: string }): string {
  const url = raw.url ?? '/';
  (raw as { browserUrl?: string }).browserUrl = url;
  return rewritePageUrl(url);
}

/** The address the browser asked for (before the page rewrite). */
export function browserUrl(request: Pick<FastifyRequest, 'raw' | 'originalUrl'>): string {
  return (request.raw as { browserUrl?: string } | undefined)?.browserUrl ?? request.originalUrl;
}

/** Whether the request was for a page (its errors answer HTML pages, not JSON). */
export function isPageRequest(request: Pick<FastifyRequest, 'url'>): boolean {
  return request.url === PAGES_ROUTE_PREFIX || request.url.startsWith(`${PAGES_ROUTE_PREFIX}/`) || request.url.startsWith(`${PAGES_ROUTE_PREFIX}?`);
}

/**
 * A `next` address after sign-in: only a path on this site (no scheme, no host, no `//` or `/\`
 * that browsers read as another host), else the home page.
 */
export function safeLocalPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/sign-out')) return '/';
  return next;
}
