import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-errors';

const STATUS: Record<DomainError['kind'], number> = {
  'not-found': HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  refused: HttpStatus.CONFLICT,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  'too-many': HttpStatus.TOO_MANY_REQUESTS,
  gone: HttpStatus.GONE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * The one place errors become HTTP responses: domain errors by kind, Nest's HTTP exceptions
 * as they are (validation 400s carry field messages), anything else a logged 500 that never
 * leaks internals.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof DomainError) {
      reply.headers(exception.headers()).status(STATUS[exception.kind]).send(exception.body());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      reply.status(status).send({ error: errorName(status), ...body, statusCode: undefined });
      return;
    }
    if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      // two requests raced to create the same thing; the database kept the first
      reply.status(HttpStatus.CONFLICT).send({
        error: 'Conflict',
        message: 'This conflicts with a change made at the same moment; nothing was changed. Reload and try again.',
      });
      return;
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, malformed JSON, wrong content type).
      reply.status(status).send({ error: errorName(status), message: (exception as Error).message });
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    reply.status(HttpStatus.INTERNAL_SERVER_ERROR).send({ error: 'InternalError', message: 'Something went wrong; nothing was changed.' });
  }
}

function isUniqueViolation(error: QueryFailedError): boolean {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function errorName(status: number): string {
  const names: Record<number, string> = {
    400: 'ValidationFailed',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    413: 'PayloadTooLarge',
    415: 'UnsupportedMediaType',
    429: 'TooManyRequests',
    503: 'ServiceUnavailable',
  };
  return names[status] ?? 'Error';
}
