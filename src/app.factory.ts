import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { registerSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { loadConfig } from './config/app-config';
import { requestIdOf } from './logging/request-context';
import { registerCsvBodyParser } from './registers/csv-body';

export interface CreateAppOptions {
  /** Environment overrides (DATABASE_PATH, DEMO_DATA, ...). */
  env?: Record<string, string | undefined>;
  logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/** Builds the whole application exactly as `npm start` runs it; tests and benchmarks use it too. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const env = options.env ?? {};
  const config = loadConfig({ ...process.env, ...env });
  const app = await NestFactory.create<NestFastifyApplication>(
    // logger: false silences the JSON request logs too, unless LOG_LEVEL says otherwise
    AppModule.forRoot(options.logger === false ? { LOG_LEVEL: 'silent', ...env } : env),
    // X-Forwarded-For is believed only from the configured proxies (none by default)
    new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false, genReqId: (req: unknown) => requestIdOf(req as IncomingMessage) }),
    // Nest's own logs go out as pino's JSON lines (logger: false, as tests use, keeps them off)
    options.logger === undefined ? { bufferLogs: true } : { logger: options.logger },
  );
  if (options.logger === undefined) app.useLogger(app.get(PinoLogger));
  await registerSecurityHeaders(app, config.NODE_ENV === 'production');
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  // Register CSV imports arrive as text/csv, decoded by their charset, within the same body limit.
  registerCsvBodyParser(app.getHttpAdapter().getInstance(), config.BODY_LIMIT_BYTES);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Population health planning workflow engine')
      .setDescription(
        'Drives locality projects through the six-stage population health and care needs framework, from co-design to an Outline Business Case.',
      )
      .setVersion('1')
      // "Authorize" in the docs page: paste the token from POST /api/auth/login
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  try {
    await app.init();
  } catch (error) {
    // a failed start (e.g. the demo data load) still releases the database connections it opened
    await app.close().catch(() => undefined);
    throw error;
  }
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
