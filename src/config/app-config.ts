import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

/** Service configuration, read once from the environment and validated at start-up. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsIn(['better-sqlite3', 'postgres'])
  DATABASE_TYPE: 'better-sqlite3' | 'postgres' = 'better-sqlite3';

  /** SQLite database file; created with its folder when missing. */
  @IsString()
  @MinLength(1)
  DATABASE_PATH = './data/phw.sqlite';

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** Load the Wantage and Banbury demo projects into a new, empty database. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1' || value === true))
  @IsOptional()
  DEMO_DATA?: boolean;

  /** Largest request body accepted, in bytes (bigger ones answer 413). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  get demoData(): boolean {
    return this.DEMO_DATA ?? this.NODE_ENV !== 'production';
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig()).concat('DATABASE_URL', 'DEMO_DATA').flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])),
  );
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${detail}`);
  }
  if (config.DATABASE_TYPE === 'postgres' && !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required when DATABASE_TYPE is postgres');
  }
  return config;
}
