import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ gracefulShutdown: true });
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`Listening on http://localhost:${config.PORT}/api (docs at /api/docs), database ${config.DATABASE_TYPE === 'postgres' ? 'PostgreSQL' : config.DATABASE_PATH}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
