import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { MIN_SECRET_BYTES } from '../auth/crypto/tokens';
import { passwordPolicyErrors } from '../auth/crypto/passwords';

/**
 * Signs session tokens when AUTH_TOKEN_SECRET is not set outside production. It is public (it is
 * in the source), so a production start refuses to run with it.
 */
export const DEVELOPMENT_TOKEN_SECRET = 'development-only-token-secret-do-not-use-in-production';

/** The demo users' password when DEMO_PASSWORD is not set (demo data never loads in production). */
export const DEFAULT_DEMO_PASSWORD = 'demo-password-2019';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

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

  /** HS256 key for session tokens, at least 32 bytes; required in production. */
  @IsOptional()
  @IsString()
  AUTH_TOKEN_SECRET?: string;

  /** How long a sign-in lasts (default 8 hours: a working day). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  AUTH_TOKEN_TTL_SECONDS = 8 * 3600;

  /** Password of the demo users, created only when demo data loads. */
  @IsString()
  DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD;

  /** With BOOTSTRAP_ADMIN_PASSWORD: the first admin, created at start-up when there are no users at all. */
  @IsOptional()
  @IsEmail({}, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** Sign-in attempts allowed per email address, and per client IP, within LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_EMAIL = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 15 * 60;

  /**
   * Key of the web pages' encrypted session cookie, at least 32 bytes. Unset: in production a key
   * derived from AUTH_TOKEN_SECRET; otherwise a random one generated into the database's folder.
   */
  @IsOptional()
  @IsString()
  SESSION_SECRET?: string;

  /** The secret actually used: the configured one, or the development default outside production. */
  get tokenSecret(): string {
    return this.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET;
  }

  get demoData(): boolean {
    return this.DEMO_DATA ?? this.NODE_ENV !== 'production';
  }
}

export class ConfigError extends Error {}

/** Settings without a default (so not among `new AppConfig()`'s keys) that are still read. */
const OPTIONAL_KEYS = ['AUTH_TOKEN_SECRET', 'SESSION_SECRET', 'BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD'];

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig()).concat('DATABASE_URL', 'DEMO_DATA', ...OPTIONAL_KEYS).flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])),
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
  checkAuthConfig(config);
  return config;
}

function checkAuthConfig(config: AppConfig): void {
  const production = config.NODE_ENV === 'production';
  if (config.AUTH_TOKEN_SECRET !== undefined && Buffer.byteLength(config.AUTH_TOKEN_SECRET, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(`Invalid configuration: AUTH_TOKEN_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (production && (config.AUTH_TOKEN_SECRET === undefined || config.AUTH_TOKEN_SECRET === DEVELOPMENT_TOKEN_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: set AUTH_TOKEN_SECRET to a random secret of at least 32 bytes (e.g. `openssl rand -base64 48`); production does not start with the development default',
    );
  }
  if (config.SESSION_SECRET !== undefined && Buffer.byteLength(config.SESSION_SECRET, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(`Invalid configuration: SESSION_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  // Demo data signs in demo users with a published password: never on a production service.
  if (production && config.DEMO_DATA === true) {
    throw new ConfigError('Invalid configuration: DEMO_DATA cannot be true in production (demo users have a published password)');
  }
  if (config.demoData && passwordPolicyErrors(config.DEMO_PASSWORD).length > 0) {
    throw new ConfigError(`Invalid configuration: DEMO_PASSWORD: ${passwordPolicyErrors(config.DEMO_PASSWORD).join(' ')}`);
  }
  const email = config.BOOTSTRAP_ADMIN_EMAIL;
  const password = config.BOOTSTRAP_ADMIN_PASSWORD;
  if ((email === undefined) !== (password === undefined)) {
    throw new ConfigError('Invalid configuration: BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD go together; set both or neither');
  }
  if (password !== undefined && passwordPolicyErrors(password).length > 0) {
    throw new ConfigError(`Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD: ${passwordPolicyErrors(password).join(' ')}`);
  }
}
