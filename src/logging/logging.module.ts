import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { requestIdOf, runInRequestContext } from './request-context';

/** Where the JSON lines go: standard output, unless a test points them at a stream it reads. */
export const logDestination: { stream?: NodeJS.WritableStream } = {};

function withDestination<T>(options: T): T | [T, NodeJS.WritableStream] {
  return logDestination.stream ? [options, logDestination.stream] : options;
}

/**
 * Structured JSON logs by nestjs-pino (pino): one line per request with its id, method, URL,
 * status and time, and Nest's own logs in the same format. LOG_LEVEL sets the level (default
 * info; warn under NODE_ENV=test so test output stays quiet). Authorization and cookie headers
 * never reach the log.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: withDestination({
          level: config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'warn' : 'info'),
          // Fastify has already set req.id from requestIdOf (FastifyAdapter genReqId); same answer here
          genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdOf(req, res),
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
          // 4xx are the caller's mistakes: info, not warnings; 5xx are errors
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
        }),
        forRoutes: ['{*path}'],
      }),
    }),
  ],
})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((req: IncomingMessage, res: ServerResponse, next: () => void) => runInRequestContext(req, res, next)).forRoutes('{*path}');
  }
}
