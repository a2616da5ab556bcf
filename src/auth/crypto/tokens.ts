import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * Session tokens: compact HS256 JWTs signed and checked by `jose` (a maintained, audited JOSE
 * library) rather than by hand. Only tokens we could have issued are accepted: HS256 only, our
 * claim shape, our signature. Every token has its own id (`jti`), so one token can be revoked
 * (sign-out) without touching the account's other sessions.
 */

export interface TokenClaims {
  sub: string;
  role: string;
  /** The account's credentials version when the token was issued; a password change bumps it. */
  ver?: number;
  /** Token id; a fresh random one when not given. */
  jti?: string;
}

export interface TokenPayload {
  sub: string;
  role: string;
  ver?: number;
  jti: string;
  iat: number;
  exp: number;
}

export type TokenFailure = 'malformed' | 'bad-signature' | 'expired';

export type VerifyResult = { ok: true; payload: TokenPayload } | { ok: false; reason: TokenFailure };

/** RFC 7518 asks for an HS256 key at least as long as the hash output (256 bits). */
export const MIN_SECRET_BYTES = 32;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;
const JTI = /^[A-Za-z0-9_-]{8,64}$/;

function checkSecret(secret: string | Buffer): Uint8Array {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (key.length < MIN_SECRET_BYTES) throw new Error(`Token secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return new Uint8Array(key);
}

export async function signToken(payload: TokenClaims, secret: string | Buffer, ttlSeconds: number, now: number = Date.now()): Promise<string> {
  const key = checkSecret(secret);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('sub must be a non-empty string');
  if (typeof payload.role !== 'string' || payload.role === '') throw new Error('role must be a non-empty string');
  if (payload.ver !== undefined && !Number.isInteger(payload.ver)) throw new Error('ver must be an integer');
  if (payload.jti !== undefined && !JTI.test(payload.jti)) throw new Error('jti must be 8 to 64 URL-safe characters');
  const iat = Math.floor(now / 1000);
  // Only the known claims: a caller's stray fields (e.g. a whole user row) must not leak into the token.
  return new SignJWT({ role: payload.role, ...(payload.ver === undefined ? {} : { ver: payload.ver }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(payload.sub)
    .setJti(payload.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asPayload(value: unknown): TokenPayload | null {
  if (!isObject(value)) return null;
  const { sub, role, ver, jti, iat, exp } = value;
  if (typeof sub !== 'string' || sub === '' || typeof role !== 'string' || role === '') return null;
  if (typeof jti !== 'string' || !JTI.test(jti)) return null;
  if (!Number.isInteger(iat) || !Number.isInteger(exp) || (ver !== undefined && !Number.isInteger(ver))) return null;
  return { sub, role, ...(ver === undefined ? {} : { ver: ver as number }), jti, iat: iat as number, exp: exp as number };
}

export async function verifyToken(token: string, secret: string | Buffer, now: number = Date.now()): Promise<VerifyResult> {
  const key = checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { ok: false, reason: 'malformed' };
  // Base64 leaves unused trailing bits, so one signature has several spellings; accept only the
  // canonical one, so a token has exactly one form (a revoked token cannot be respelled).
  if (Buffer.from(parts[2], 'base64url').toString('base64url') !== parts[2]) return { ok: false, reason: 'bad-signature' };
  try {
    const { payload } = await jwtVerify(token, key, {
      // the header decides nothing: "none", RS256, HS512... are refused outright
      algorithms: ['HS256'],
      currentDate: new Date(now),
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    });
    const shaped = asPayload(payload);
    return shaped ? { ok: true, payload: shaped } : { ok: false, reason: 'malformed' };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad-signature' };
    return { ok: false, reason: 'malformed' };
  }
}
