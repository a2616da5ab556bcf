import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, built into Node, no dependency). The stored string names
 * its own parameters so they can be raised later without invalidating existing hashes.
 */

export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** Refuse stored parameters far beyond ours: a tampered row must not make sign-in eat all memory. */
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

/**
 * A hash of a random password nobody knows, with the current parameters. Verifying against it when
 * the email is unknown makes "no such user" take as long as "wrong password", so response times do
 * not reveal which emails have accounts.
 */
export const DUMMY_PASSWORD_HASH =
  'scrypt$16384$8$1$cuWJVF8j2O/zr/FYRCF2CA==$DkT23s8q6j/NkKYX7wgiAYuWd4tfaa8vOubMc/tWxFI=';

function derive(password: string, salt: Buffer, keyLength: number, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r * p };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The same password typed on different keyboards or OSes can arrive in different Unicode forms. */
const normalise = (password: string) => password.normalize('NFKC');

export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMS;
  const salt = randomBytes(saltLength);
  const key = await derive(normalise(password), salt, keyLength, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x) ? Number(x) : NaN));
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0)) return null;
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return null;
  if (!BASE64.test(parts[4]) || !BASE64.test(parts[5])) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null;
  return { N, r, p, salt, key };
}

/** False for a wrong password and for a stored value that is not one of our hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof stored !== 'string') return false;
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(normalise(password), parsed.salt, parsed.key.length, parsed.N, parsed.r, parsed.p);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Verify a sign-in where the user may not exist: with no stored hash, do the same work against the
 * dummy hash and answer false, so wrong email and wrong password look identical from outside.
 */
export async function verifyPasswordOrDummy(password: string, stored: string | null | undefined): Promise<boolean> {
  if (typeof stored !== 'string' || stored === '') {
    await verifyPassword(typeof password === 'string' ? password : '', DUMMY_PASSWORD_HASH);
    return false;
  }
  return verifyPassword(password, stored);
}

/** True when a stored hash uses weaker parameters than today's, so it can be re-hashed at next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  return parsed.N < N || parsed.r < r || parsed.p < p || parsed.key.length < keyLength;
}

export { PASSWORD_POLICY, passwordPolicyErrors, type PasswordContext } from './password-policy';
