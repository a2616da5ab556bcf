import { ArgumentsHost, ExceptionFilter, NotFoundException } from '@nestjs/common';
import { CommandRefusedError, ForbiddenError } from '../../../src/common/domain-errors';
import { SignInRequiredError } from '../../../src/auth/session-sign-in';
import { WebExceptionFilter } from '../../../src/web/web-exception.filter';

/** A page request's errors become pages; an API request's go to the API filter unchanged. */
describe('WebExceptionFilter', () => {
  const api: ExceptionFilter & { caught: unknown[] } = { caught: [], catch(e: unknown) { this.caught.push(e); } };
  const filter = new WebExceptionFilter(api);

  function run(exception: unknown, url = '/api/_pages/projects/x', method = 'GET') {
    const sent: { status?: number; view?: string; context?: Record<string, unknown>; redirect?: string; body?: unknown } = {};
    const reply = {
      sent: false,
      viewAsync: async (view: string, context: Record<string, unknown>) => {
        sent.view = view;
        sent.context = context;
        return `<h1>${String(context.title)}</h1><p>${String(context.message)}</p>`;
      },
      status(code: number) { sent.status = code; return this; },
      header() { return this; },
      send(body: unknown) { sent.body = body; return this; },
      redirect(to: string, code: number) { sent.redirect = to; sent.status = code; return this; },
    };
    const request = { url, originalUrl: url.replace('/api/_pages', '') || '/', method, headers: {}, session: { get: () => undefined, set: () => undefined } };
    const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return new Promise<typeof sent>((resolve) => setImmediate(() => resolve(sent)));
  }

  it('an internal error is a 500 page without internals', async () => {
    const logger = jest.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
    const sent = await run(new Error('SQLITE_BUSY: database is locked at /secret/path.sqlite'));
    expect(sent.status).toBe(500);
    expect(String(sent.body)).toContain('Sorry, there is a problem with the service');
    expect(String(sent.body)).not.toContain('SQLITE');
    expect(String(sent.body)).not.toContain('/secret');
    expect(logger).toHaveBeenCalled();
  });

  it('unknown pages are 404, refusals 403 and 409 with blockers, no session a redirect back', async () => {
    expect((await run(new NotFoundException())).status).toBe(404);
    expect((await run(new ForbiddenError('Only the programme manager assigned to this project can do this.'))).context?.message).toContain('Only the programme manager');
    const refused = await run(new CommandRefusedError('no', [{ code: 'X', message: 'The stakeholder group has no members.' }]));
    expect(refused.status).toBe(409);
    expect(refused.context?.blockers).toEqual([{ code: 'X', message: 'The stakeholder group has no members.' }]);
    const signIn = await run(new SignInRequiredError('Sign in'), '/api/_pages/portfolio?rag=red');
    expect(signIn).toMatchObject({ status: 303, redirect: '/sign-in?next=%2Fportfolio%3Frag%3Dred' });
  });

  it('leaves API errors to the API filter', async () => {
    const error = new NotFoundException();
    await run(error, '/api/projects/x');
    expect(api.caught).toContain(error);
  });
});
