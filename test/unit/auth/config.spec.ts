import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, DEFAULT_DEMO_PASSWORD, DEVELOPMENT_TOKEN_SECRET, loadConfig } from '../../../src/config/app-config';

const SECRET = 'a-production-secret-that-is-long-enough-0123456789';
const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('auth configuration', () => {
  it('outside production, falls back to the documented development secret and demo password', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.tokenSecret).toBe(DEVELOPMENT_TOKEN_SECRET);
    expect(config.DEMO_PASSWORD).toBe(DEFAULT_DEMO_PASSWORD);
    expect(config.AUTH_TOKEN_TTL_SECONDS).toBe(8 * 3600);
    expect(config.demoData).toBe(true);
  });

  it('refuses a production start without a secret, or with the development default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_TOKEN_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: DEVELOPMENT_TOKEN_SECRET })).toThrow(/development default/);
  });

  it('starts in production with a real secret, and then loads no demo data (so no demo users)', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: SECRET, HISTORY_SIGNING_KEY: SIGNING_KEY });
    expect(config.tokenSecret).toBe(SECRET);
    expect(config.demoData).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: SECRET, HISTORY_SIGNING_KEY: SIGNING_KEY, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA/);
  });

  it('requires an Ed25519 history signing key in production, and refuses one that is not', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: SECRET })).toThrow(/HISTORY_SIGNING_KEY/);
    expect(() => loadConfig({ HISTORY_SIGNING_KEY: 'not a key' })).toThrow(/HISTORY_SIGNING_KEY: is not a PKCS#8 private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ HISTORY_SIGNING_KEY: rsa })).toThrow(/must be an Ed25519 key/);
    // an env file writes the PEM on one line with literal \n; base64 DER works too
    expect(loadConfig({ HISTORY_SIGNING_KEY: SIGNING_KEY.replace(/\n/g, '\\n') }).HISTORY_SIGNING_KEY).toBeDefined();
    const der = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(loadConfig({ HISTORY_SIGNING_KEY: der }).HISTORY_SIGNING_KEY).toBe(der);
  });

  it('refuses a secret shorter than 32 bytes anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', AUTH_TOKEN_SECRET: 'short' })).toThrow(/at least 32 bytes/);
  });

  it('validates the token lifetime and the bootstrap admin', () => {
    expect(loadConfig({ AUTH_TOKEN_TTL_SECONDS: '3600' }).AUTH_TOKEN_TTL_SECONDS).toBe(3600);
    expect(() => loadConfig({ AUTH_TOKEN_TTL_SECONDS: 'soon' })).toThrow(/AUTH_TOKEN_TTL_SECONDS/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'admin@nhs.example' })).toThrow(/go together/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'not-an-email', BOOTSTRAP_ADMIN_PASSWORD: 'long-enough-password' })).toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'admin@nhs.example', BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
    const ok = loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'admin@nhs.example', BOOTSTRAP_ADMIN_PASSWORD: 'long-enough-password' });
    expect(ok.BOOTSTRAP_ADMIN_EMAIL).toBe('admin@nhs.example');
  });

  it('refuses a demo password the password policy would refuse, when demo data loads', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'false', DEMO_PASSWORD: 'short' })).not.toThrow();
  });

  it('trusts no proxy by default, and takes only IP addresses, CIDR ranges or proxy-addr names in TRUSTED_PROXIES', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).trustedProxies).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'development', TRUSTED_PROXIES: ' 10.0.0.5, 192.168.0.0/16 ,::1,fd00::/8,loopback' }).trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['*', 'true', '10.0.0.0/33', '10.0.0.300', 'proxy.example.org', '10.0.0.0/8/1', '::1/129']) {
      expect(() => loadConfig({ NODE_ENV: 'development', TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES/);
    }
  });

  it('refuses throttle settings that would forget a patient guesser', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', LOGIN_MAX_DELAY_SECONDS: '600', LOGIN_WINDOW_SECONDS: '600' })).toThrow(/LOGIN_WINDOW_SECONDS/);
  });

  it('refuses a bootstrap admin password that contains its email or is common', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'root@nhs.example', BOOTSTRAP_ADMIN_PASSWORD: 'root-of-all-passwords' })).toThrow(/email address or your name/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'root@nhs.example', BOOTSTRAP_ADMIN_PASSWORD: 'password123!' })).toThrow(/too easy to guess/);
    expect(() => loadConfig({ NODE_ENV: 'development', DEMO_PASSWORD: 'aaaaaaaaaaaa' })).toThrow(/DEMO_PASSWORD/);
  });
});
