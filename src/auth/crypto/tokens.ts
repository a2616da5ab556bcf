import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact HS256 JWTs signed with Node's HMAC: enough for the engine's own sessions, without a
 * dependency. Only tokens we could have issued are accepted: HS256, our claim shape, our signature.
 */

export interface TokenClaims {
  sub: string;
  role: string;
  /** The account's credentials version when the token was issued; a password change bumps it. */
  ver?: number;
}

export interface TokenPayload extends TokenClaims {
  iat: number;
  exp: number;
}

export type TokenFailure = 'malformed' | 'bad-signature' | 'expired';

export type VerifyResult = { ok: true; payload: TokenPayload } | { ok: false; reason: TokenFailure };

/** RFC 7518 asks for an HS256 key at least as long as the hash output (256 bits). */
export const MIN_SECRET_BYTES = 32;

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;

function checkSecret(secret: string | Buffer): Buffer {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (key.length < MIN_SECRET_BYTES) throw new Error(`Token secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return key;
}

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const sign = (key: Buffer, signingInput: string) => createHmac('sha256', key).update(signingInput).digest();

export function signToken(payload: TokenClaims, secret: string | Buffer, ttlSeconds: number, now: number = Date.now()): string {
  const key = checkSecret(secret);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('sub must be a non-empty string');
  if (typeof payload.role !== 'string' || payload.role === '') throw new Error('role must be a non-empty string');
  const iat = Math.floor(now / 1000);
  // Only the known claims: a caller's stray fields (e.g. a whole user row) must not leak into the token.
  if (payload.ver !== undefined && !Number.isInteger(payload.ver)) throw new Error('ver must be an integer');
  const body: TokenPayload = { sub: payload.sub, role: payload.role, ...(payload.ver === undefined ? {} : { ver: payload.ver }), iat, exp: iat + ttlSeconds };
  const signingInput = `${encodeJson(HEADER)}.${encodeJson(body)}`;
  return `${signingInput}.${sign(key, signingInput).toString('base64url')}`;
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asPayload(value: unknown): TokenPayload | null {
  if (!isObject(value)) return null;
  const { sub, role, ver, iat, exp } = value;
  if (typeof sub !== 'string' || sub === '' || typeof role !== 'string' || role === '') return null;
  if (!Number.isInteger(iat) || !Number.isInteger(exp) || (ver !== undefined && !Number.isInteger(ver))) return null;
  return { sub, role, ...(ver === undefined ? {} : { ver: ver as number }), iat: iat as number, exp: exp as number };
}

export function verifyToken(token: string, secret: string | Buffer, now: number = Date.now()): VerifyResult {
  const key = checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts;

  // The header decides nothing: anything but exactly HS256 (e.g. "none", RS256) is refused outright.
  const header = decodeJson(headerPart);
  if (!isObject(header) || header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT')) {
    return { ok: false, reason: 'malformed' };
  }

  const expected = sign(key, `${headerPart}.${payloadPart}`);
  const given = Buffer.from(signaturePart, 'base64url');
  // Compare only equal lengths (timingSafeEqual throws otherwise); length is not secret. The
  // round-trip check stops a token from having several spellings via base64's unused trailing bits.
  if (given.length !== expected.length || given.toString('base64url') !== signaturePart || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }

  const payload = asPayload(decodeJson(payloadPart));
  if (!payload) return { ok: false, reason: 'malformed' };
  if (Math.floor(now / 1000) >= payload.exp) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
