import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * The 32-byte key of the encrypted session cookie: from SESSION_SECRET; else, in production,
 * derived from AUTH_TOKEN_SECRET (a separate key, so neither secret reveals the other's use);
 * else generated once into the database's folder, so development sign-ins survive a restart.
 */
export function sessionKey(config: AppConfig): Buffer {
  if (config.SESSION_SECRET) return createHash('sha256').update(config.SESSION_SECRET, 'utf8').digest();
  if (config.NODE_ENV === 'production') return createHmac('sha256', config.tokenSecret).update('web-session-cookie-key').digest();
  if (config.DATABASE_TYPE === 'postgres' || config.DATABASE_PATH === ':memory:') return randomBytes(32);
  const file = join(dirname(config.DATABASE_PATH), 'session-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process wrote it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return createHash('sha256').update(readFileSync(file, 'utf8').trim(), 'utf8').digest();
}
