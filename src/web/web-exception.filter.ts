import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_SIGN_IN_KEY } from '../auth/session-sign-in';
import { CommandRefusedError, DomainError, InvalidInputError, UnauthorizedError } from '../common/domain-errors';
import { ASSET_PATH, SERVICE_NAME } from './page';
import { browserUrl, isPageRequest, safeLocalPath } from './web-paths';
import { NotYetCreatedError } from '../history/as-of';

interface ErrorPage {
  status: number;
  title: string;
  message: string;
  blockers?: { message: string }[];
}

/**
 * Errors of page requests become pages (sign-in redirect, 403, 404, 500 without internals);
 * everything else goes to the API's filter unchanged.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageErrors');

  constructor(private readonly api: ExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!request || !isPageRequest(request)) return this.api.catch(exception, host);
    if (reply.sent) return;
    if (exception instanceof UnauthorizedError) {
      if (request.session?.get(SESSION_SIGN_IN_KEY)) request.session.set(SESSION_SIGN_IN_KEY, undefined);
      // a page asked for: back to it after signing in; a form sent: back to the page it was on
      const back = request.method === 'GET' ? browserUrl(request) : refererPath(request);
      void reply.redirect(`/sign-in?next=${encodeURIComponent(safeLocalPath(back))}`, 303);
      return;
    }
    const page = this.errorPage(exception);
    const user = (request as FastifyRequest & { user?: unknown }).user;
    reply
      .viewAsync('pages/error.njk', { serviceName: SERVICE_NAME, assetPath: ASSET_PATH, user, navigation: [], currentPath: browserUrl(request).split('?')[0], ...page })
      .then((html) => {
        // Retry-After of a 429 or 503
        if (exception instanceof DomainError) for (const [name, value] of Object.entries(exception.headers())) reply.header(name, value);
        return reply.status(page.status).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
      })
      .catch((error: unknown) => {
        this.logger.error(error instanceof Error ? error.stack : String(error));
        void reply.status(500).header('Content-Type', 'text/plain; charset=utf-8').send('Sorry, there is a problem with the service. Nothing was changed.');
      });
  }

  private errorPage(exception: unknown): ErrorPage {
    const status = statusOf(exception);
    // a date before the project existed: say so rather than "page not found"
    if (exception instanceof NotYetCreatedError) return { status, title: 'The project did not exist yet', message: exception.message };
    if (status === 404) return { status, title: 'Page not found', message: 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.' };
    if (status === 403) {
      // Nest maps @fastify/csrf-protection's errors to an HttpException with their message
      const csrf = (exception as { code?: string }).code?.startsWith('FST_CSRF') || (exception instanceof HttpException && /csrf/i.test(exception.message));
      return {
        status,
        title: csrf ? 'This form has expired' : 'You cannot do this',
        message: csrf
          ? 'The form was sent without a valid security token, so nothing was changed. Go back, reload the page and try again.'
          : exception instanceof DomainError ? exception.message : 'You do not have access to this page.',
      };
    }
    if (exception instanceof CommandRefusedError) return { status: 409, title: 'This cannot be done yet', message: exception.message, blockers: exception.blockers };
    if (status === 413) return { status, title: 'The file is too big', message: (exception as Error).message || 'The request was too large.' };
    if (status === 429) return { status, title: 'Too many attempts', message: (exception as Error).message };
    if (status === 503 && exception instanceof DomainError) return { status, title: 'The service is busy', message: exception.message };
    if (status >= 400 && status < 500) {
      return { status, title: 'There is a problem', message: exception instanceof DomainError || exception instanceof HttpException ? (exception as Error).message : 'The request could not be understood.' };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { status: 500, title: 'Sorry, there is a problem with the service', message: 'Try again later. Nothing was changed.' };
  }
}

const KIND_STATUS: Record<DomainError['kind'], number> = { 'not-found': 404, invalid: 400, refused: 409, conflict: 409, forbidden: 403, unauthorized: 401, 'too-many': 429, gone: 410, unavailable: 503 };

function statusOf(exception: unknown): number {
  if (exception instanceof DomainError) {
    // a malformed slug or stage in a page address is a page that does not exist
    if (exception instanceof InvalidInputError && exception.fields.some((f) => ['slug', 'stage', 'group', 'register', 'deliverable'].includes(f.field))) return 404;
    return KIND_STATUS[exception.kind];
  }
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: number } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}

function refererPath(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return '/';
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? url.pathname + url.search : '/';
  } catch {
    return '/';
  }
}
