import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { MIN_SECRET_BYTES } from '../auth/crypto/tokens';
import { passwordPolicyErrors } from '../auth/crypto/passwords';
import { parseSigningKey } from '../history/signing-key';

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

  /** pino level of the JSON logs; default info, and warn under NODE_ENV=test. */
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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

  /** Largest evidence file accepted, in bytes (default 20 MB; bigger ones answer 413 naming the limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

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

  /**
   * Sign-in throttling (OWASP): failed attempts free per (account, address) pair and per address;
   * past them each attempt waits LOGIN_BASE_DELAY_SECONDS (1 s), then twice as long each time, up to
   * LOGIN_MAX_DELAY_SECONDS. Failures are
   * forgotten after LOGIN_WINDOW_SECONDS without one; an account that signed in from an address
   * within LOGIN_TRUST_DAYS is not held back by that address's limit.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_FREE_FAILURES_PER_PAIR = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_FREE_FAILURES_PER_ADDRESS = 50;

  /** The first delay past the free failures; each further failure doubles it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_BASE_DELAY_SECONDS = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  LOGIN_MAX_DELAY_SECONDS = 5 * 60;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(7 * 24 * 3600)
  LOGIN_WINDOW_SECONDS = 15 * 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  LOGIN_TRUST_DAYS = 30;

  /**
   * Commands (database writes) allowed to wait at once; beyond it a command answers 503
   * `Overloaded` with Retry-After instead of queueing without limit (issue 9).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  MAX_QUEUED_COMMANDS = 256;

  /**
   * Proxies whose X-Forwarded-For is believed, comma separated IP addresses or CIDR ranges
   * (e.g. `10.0.0.5,192.168.0.0/16`, or `loopback`). Empty (the default): the header is ignored and the client
   * address is the connection's, so nobody can pick the address they are throttled under.
   */
  @IsString()
  TRUSTED_PROXIES = '';

  /** Outgoing mail server, e.g. `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465`; without it, emails are written as `.eml` files under `mail/` beside the database. */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  /**
   * GOV.UK Notify API key (`name-<service id>-<secret>`): when set, emails go through Notify instead
   * of SMTP, with NOTIFY_TEMPLATE_ID. Never logged.
   */
  @IsOptional()
  @IsString()
  NOTIFY_API_KEY?: string;

  /** The Notify email template: subject `((subject))`, body `((body))`. Required with NOTIFY_API_KEY. */
  @IsOptional()
  @IsString()
  NOTIFY_TEMPLATE_ID?: string;

  /** Notify's API address; unset, Notify's production API. For a Notify-compatible stand-in in tests. */
  @IsOptional()
  @IsString()
  NOTIFY_BASE_URL?: string;

  /** The sender of every email. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Population health planning <no-reply@localhost>';

  /** Where people open the service: the start of every link in an email. */
  @IsString()
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** How often the outbox worker sends due emails, in milliseconds; 0 stops the worker (tests drive it by hand). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600_000)
  OUTBOX_INTERVAL_MS = 5000;

  /** Delivery attempts before a message is marked failed (an admin can retry it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  OUTBOX_MAX_ATTEMPTS = 8;

  /** The first retry waits this long; each further one twice as long. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  OUTBOX_BASE_DELAY_SECONDS = 30;

  /** How often the notification schedule looks for passed target dates and days whose digests are due, in milliseconds; 0 stops it (tests drive it by hand). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 3600_000)
  NOTIFICATIONS_INTERVAL_MS = 60_000;

  /** PUBLIC_BASE_URL without a trailing slash. */
  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  get trustedProxies(): string[] {
    return this.TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  /**
   * Ed25519 private key that signs history checkpoints: PKCS#8 PEM (newlines may be written as
   * \n) or its base64 DER. Required in production; elsewhere generated into the data folder
   * (next to DATABASE_PATH) on first start.
   */
  @IsOptional()
  @IsString()
  HISTORY_SIGNING_KEY?: string;

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
const OPTIONAL_KEYS = ['AUTH_TOKEN_SECRET', 'SESSION_SECRET', 'BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD', 'HISTORY_SIGNING_KEY', 'SMTP_URL', 'NOTIFY_API_KEY', 'NOTIFY_TEMPLATE_ID', 'NOTIFY_BASE_URL'];

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
  checkProxies(config);
  checkSigningKey(config);
  checkMailConfig(config);
  return config;
}

function checkSigningKey(config: AppConfig): void {
  if (config.HISTORY_SIGNING_KEY === undefined) {
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(
        'Invalid configuration: set HISTORY_SIGNING_KEY to an Ed25519 private key (PKCS#8 PEM, e.g. `openssl genpkey -algorithm ed25519`); production does not generate one',
      );
    }
    return;
  }
  try {
    parseSigningKey(config.HISTORY_SIGNING_KEY);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: HISTORY_SIGNING_KEY: ${(error as Error).message}`);
  }
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
  // the bootstrap admin is created with this email and the name "Administrator"
  const problems = password === undefined ? [] : passwordPolicyErrors(password, { email, name: 'Administrator' });
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD: ${problems.join(' ')}`);
}

function checkProxies(config: AppConfig): void {
  const bad = config.trustedProxies.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) {
    throw new ConfigError(`Invalid configuration: TRUSTED_PROXIES: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`);
  }
  if (config.LOGIN_MAX_DELAY_SECONDS < config.LOGIN_BASE_DELAY_SECONDS) {
    throw new ConfigError('Invalid configuration: LOGIN_MAX_DELAY_SECONDS must be at least LOGIN_BASE_DELAY_SECONDS');
  }
  if (config.LOGIN_WINDOW_SECONDS <= config.LOGIN_MAX_DELAY_SECONDS) {
    throw new ConfigError('Invalid configuration: LOGIN_WINDOW_SECONDS must be longer than LOGIN_MAX_DELAY_SECONDS, or a patient guesser would never be counted');
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function checkNotifyConfig(config: AppConfig): void {
  const { NOTIFY_API_KEY: key, NOTIFY_TEMPLATE_ID: template, NOTIFY_BASE_URL: base } = config;
  if (key === undefined) {
    if (template !== undefined || base !== undefined) throw new ConfigError('Invalid configuration: NOTIFY_TEMPLATE_ID and NOTIFY_BASE_URL need NOTIFY_API_KEY');
    return;
  }
  if (config.SMTP_URL !== undefined) throw new ConfigError('Invalid configuration: set SMTP_URL or NOTIFY_API_KEY, not both (emails go one way)');
  if (!new RegExp(`^[A-Za-z0-9_-]+-${UUID}-${UUID}$`, 'i').test(key)) {
    throw new ConfigError('Invalid configuration: NOTIFY_API_KEY must be a GOV.UK Notify API key: its name, then the service id and the secret, e.g. live-<service id>-<secret>');
  }
  if (template === undefined || !new RegExp(`^${UUID}$`, 'i').test(template)) {
    throw new ConfigError('Invalid configuration: NOTIFY_TEMPLATE_ID must be the id (a UUID) of a Notify email template whose subject is ((subject)) and body ((body))');
  }
  if (base !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(base);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
      throw new ConfigError('Invalid configuration: NOTIFY_BASE_URL must be an http(s) address, e.g. https://api.notifications.service.gov.uk');
    }
  }
}

function checkMailConfig(config: AppConfig): void {
  checkNotifyConfig(config);
  if (config.SMTP_URL !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(config.SMTP_URL);
    } catch {
      url = undefined;
    }
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '') {
      throw new ConfigError('Invalid configuration: SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    }
  }
  if (!/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(config.MAIL_FROM.trim())) {
    throw new ConfigError('Invalid configuration: MAIL_FROM must be an email address, e.g. "Healthwatch planning <planning@example.org>"');
  }
  let base: URL | undefined;
  try {
    base = new URL(config.PUBLIC_BASE_URL);
  } catch {
    base = undefined;
  }
  if (!base || !['http:', 'https:'].includes(base.protocol) || base.search !== '' || base.hash !== '') {
    throw new ConfigError('Invalid configuration: PUBLIC_BASE_URL must be the address people open the service at, e.g. https://planning.example.org');
  }
}

/** proxy-addr's names for the reserved ranges */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
