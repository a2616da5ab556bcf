import { createHmac } from 'node:crypto';
import { signToken, verifyToken } from '../../../src/auth/crypto/tokens';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const now = Date.UTC(2019, 2, 1, 9, 0, 0);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('tokens', () => {
  it('carries the credentials version when given, and refuses a token whose version is not a whole number', () => {
    const token = signToken({ sub: 'u1', role: 'auditor', ver: 3 }, secret, 60, now);
    expect(verifyToken(token, secret, now)).toEqual({ ok: true, payload: { sub: 'u1', role: 'auditor', ver: 3, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 60 } });
    expect(() => signToken({ sub: 'u1', role: 'auditor', ver: 1.5 }, secret, 60, now)).toThrow(/ver/);
    const [h] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'u1', role: 'auditor', ver: 'x', iat: 1, exp: 9999999999 })).toString('base64url');
    const signature = createHmac('sha256', secret).update(`${h}.${forgedPayload}`).digest('base64url');
    expect(verifyToken(`${h}.${forgedPayload}.${signature}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signs a compact HS256 JWT with iat and exp that verifies', () => {
    const token = signToken({ sub: 'u-patel', role: 'stakeholder' }, secret, 3600, now);
    const [h, p, s] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({ sub: 'u-patel', role: 'stakeholder', iat: now / 1000, exp: now / 1000 + 3600 });
    expect(s).toBe(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
    expect(verifyToken(token, secret, now + 1000)).toEqual({
      ok: true,
      payload: { sub: 'u-patel', role: 'stakeholder', iat: now / 1000, exp: now / 1000 + 3600 },
    });
  });

  it('does not copy stray fields into the token', () => {
    const token = signToken({ sub: 'u1', role: 'manager', passwordHash: 'x' } as never, secret, 60, now);
    const result = verifyToken(token, secret, now);
    expect(result.ok && Object.keys(result.payload).sort()).toEqual(['exp', 'iat', 'role', 'sub']);
  });

  it('rejects a tampered payload or signature, or another secret', () => {
    const token = signToken({ sub: 'u1', role: 'stakeholder' }, secret, 60, now);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ sub: 'u1', role: 'admin', iat: now / 1000, exp: now / 1000 + 60 })}.${s}`;
    expect(verifyToken(forged, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verifyToken(flipped, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(token, `${secret}-other`, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects every other spelling of the signature', () => {
    const token = signToken({ sub: 'u1', role: 'stakeholder' }, secret, 60, now);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted = [...alphabet].filter((c) => verifyToken(token.slice(0, -1) + c, secret, now).ok);
    expect(accepted).toEqual([token.slice(-1)]);
  });

  it('expires at exp', () => {
    const token = signToken({ sub: 'u1', role: 'stakeholder' }, secret, 60, now);
    expect(verifyToken(token, secret, now + 59_999).ok).toBe(true);
    expect(verifyToken(token, secret, now + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects alg none and other algorithms', () => {
    const payload = b64({ sub: 'u1', role: 'admin', iat: now / 1000, exp: now / 1000 + 60 });
    expect(verifyToken(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    // Even with a valid HMAC, a header that does not say HS256 is refused.
    const h = b64({ alg: 'HS512', typ: 'JWT' });
    const sig = createHmac('sha256', secret).update(`${h}.${payload}`).digest('base64url');
    expect(verifyToken(`${h}.${payload}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects malformed tokens', () => {
    for (const t of ['', 'abc', 'a.b', 'a.b.c.d', 'a b.c.d', `${b64('x')}.${b64({})}.abc`, 'x'.repeat(5000)]) {
      expect(verifyToken(t, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    }
    // Correctly signed but missing claims.
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    const p = b64({ sub: 'u1' });
    const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
    expect(verifyToken(`${h}.${p}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses weak secrets and bad ttl', () => {
    expect(() => signToken({ sub: 'u1', role: 'r' }, 'short', 60, now)).toThrow(/at least 32 bytes/);
    expect(() => signToken({ sub: 'u1', role: 'r' }, secret, 0, now)).toThrow();
    expect(() => signToken({ sub: '', role: 'r' }, secret, 60, now)).toThrow();
  });
});
