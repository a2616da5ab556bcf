import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  /** `overrides` lets tests and the benchmark point the app at a scratch database. */
  static forRoot(overrides: Record<string, string | undefined> = {}): DynamicModule {
    const config = loadConfig({ ...process.env, ...overrides });
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
