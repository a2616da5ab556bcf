import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is kept only if it is short, printable and cannot forge log lines or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@\-]{1,128}$/;

const ID = Symbol('requestId');
type WithId = IncomingMessage & { [ID]?: string };

/**
 * The request's id, decided once per request: the caller's X-Request-Id when sane, else a new
 * UUID; echoed in the response's X-Request-Id. Fastify (whose request id pino-http logs) and
 * the request context both ask here, so they always agree whichever runs first.
 */
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  const request = req as WithId;
  if (!request[ID]) {
    const incoming = req.headers[REQUEST_ID_HEADER];
    request[ID] = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  }
  if (res && !res.headersSent && !res.hasHeader('X-Request-Id')) res.setHeader('X-Request-Id', request[ID]);
  return request[ID];
}

interface RequestContext {
  requestId: string;
}

const context = new AsyncLocalStorage<RequestContext>();

/** Runs `next` (the rest of the request's handling) with the request's id in context. */
export function runInRequestContext(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  context.run({ requestId: requestIdOf(req, res) }, next);
}

/** The id of the HTTP request being handled, or null outside one (start-up, demo data, scripts). */
export function currentRequestId(): string | null {
  return context.getStore()?.requestId ?? null;
}
