import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { createValidationPipe } from './common/validation';
import { loadConfig } from './config/app-config';
import { WebExceptionFilter } from './web/web-exception.filter';
import { configureWeb } from './web/web-setup';
import { rewritePageUrl } from './web/web-paths';

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
    AppModule.forRoot(env),
    // pages at the site root are routed under /api/_pages (see src/web/web-paths.ts)
    new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, rewriteUrl: (request: { url?: string }) => rewritePageUrl(request.url ?? '/') }),
    { logger: options.logger ?? ['log', 'error', 'warn'] },
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new WebExceptionFilter(new DomainExceptionFilter()));
  app.enableShutdownHooks();
  // Register CSV imports arrive as text/csv: taken as a string, within the same body limit.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  await configureWeb(app, config);

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
