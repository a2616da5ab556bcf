import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { attachGracefulShutdown } from './common/graceful-shutdown';
import { registerSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { loadConfig } from './config/app-config';

export interface CreateAppOptions {
  /** Environment overrides (DATABASE_PATH, DEMO_DATA, ...). */
  env?: Record<string, string | undefined>;
  logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
  /** main.ts: SIGTERM drains in-flight requests before closing (common/graceful-shutdown.ts). */
  gracefulShutdown?: boolean;
}

/** Builds the whole application exactly as `npm start` runs it; tests and benchmarks use it too. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const env = options.env ?? {};
  const config = loadConfig({ ...process.env, ...env });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env),
    new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES }),
    { logger: options.logger ?? ['log', 'error', 'warn'] },
  );
  await registerSecurityHeaders(app, config.NODE_ENV === 'production');
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  if (options.gracefulShutdown) attachGracefulShutdown(app);
  else app.enableShutdownHooks();
  // Register CSV imports arrive as text/csv: taken as a string, within the same body limit.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

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

  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
