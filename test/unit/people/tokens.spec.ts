import { createHmac } from 'node:crypto';
import { signToken, verifyToken } from '../../../src/auth/crypto/tokens';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const now = Date.UTC(2019, 2, 1, 9, 0, 0);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const hs256 = (input: string, key = secret) => createHmac('sha256', key).update(input).digest('base64url');
const JTI = 'a1b2c3d4e5f6';

describe('tokens (jose HS256)', () => {
  it('carries the credentials version when given, and refuses a token whose version is not a whole number', async () => {
    const token = await signToken({ sub: 'u1', role: 'auditor', ver: 3, jti: JTI }, secret, 60, now);
    expect(await verifyToken(token, secret, now)).toEqual({
      ok: true,
      payload: { sub: 'u1', role: 'auditor', ver: 3, jti: JTI, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 60 },
    });
    await expect(signToken({ sub: 'u1', role: 'auditor', ver: 1.5 }, secret, 60, now)).rejects.toThrow(/ver/);
    const [h] = token.split('.');
    const forgedPayload = b64({ sub: 'u1', role: 'auditor', ver: 'x', jti: JTI, iat: 1, exp: 9999999999 });
    expect(await verifyToken(`${h}.${forgedPayload}.${hs256(`${h}.${forgedPayload}`)}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signs a compact HS256 JWT with iat, exp and a fresh jti that verifies', async () => {
    const token = await signToken({ sub: 'u-patel', role: 'stakeholder' }, secret, 3600, now);
    const [h, p, s] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(claims).toEqual({ sub: 'u-patel', role: 'stakeholder', jti: expect.stringMatching(/^[0-9a-f-]{36}$/), iat: now / 1000, exp: now / 1000 + 3600 });
    expect(s).toBe(hs256(`${h}.${p}`));
    expect(await verifyToken(token, secret, now + 1000)).toEqual({ ok: true, payload: claims });
    // every token has its own id, so one sign-in can be revoked alone
    const other = await signToken({ sub: 'u-patel', role: 'stakeholder' }, secret, 3600, now);
    expect(JSON.parse(Buffer.from(other.split('.')[1], 'base64url').toString()).jti).not.toBe(claims.jti);
  });

  it('does not copy stray fields into the token', async () => {
    const token = await signToken({ sub: 'u1', role: 'manager', passwordHash: 'x' } as never, secret, 60, now);
    const result = await verifyToken(token, secret, now);
    expect(result.ok && Object.keys(result.payload).sort()).toEqual(['exp', 'iat', 'jti', 'role', 'sub']);
  });

  it('rejects a tampered payload or signature, or another secret', async () => {
    const token = await signToken({ sub: 'u1', role: 'stakeholder', jti: JTI }, secret, 60, now);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ sub: 'u1', role: 'admin', jti: JTI, iat: now / 1000, exp: now / 1000 + 60 })}.${s}`;
    expect(await verifyToken(forged, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await verifyToken(flipped, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyToken(token, `${secret}-other`, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects every other spelling of the signature', async () => {
    const token = await signToken({ sub: 'u1', role: 'stakeholder' }, secret, 60, now);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted: string[] = [];
    for (const c of alphabet) if ((await verifyToken(token.slice(0, -1) + c, secret, now)).ok) accepted.push(c);
    expect(accepted).toEqual([token.slice(-1)]);
  });

  it('expires at exp', async () => {
    const token = await signToken({ sub: 'u1', role: 'stakeholder' }, secret, 60, now);
    expect((await verifyToken(token, secret, now + 59_999)).ok).toBe(true);
    expect(await verifyToken(token, secret, now + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects alg none and other algorithms', async () => {
    const payload = b64({ sub: 'u1', role: 'admin', jti: JTI, iat: now / 1000, exp: now / 1000 + 60 });
    expect(await verifyToken(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    // Even with a valid HMAC, a header that does not say HS256 is refused.
    const h = b64({ alg: 'HS512', typ: 'JWT' });
    expect(await verifyToken(`${h}.${payload}.${hs256(`${h}.${payload}`)}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects malformed tokens and correctly signed ones that miss a claim (jti included)', async () => {
    for (const t of ['', 'abc', 'a.b', 'a.b.c.d', 'a b.c.d', `${b64('x')}.${b64({})}.abc`, 'x'.repeat(5000)]) {
      expect(await verifyToken(t, secret, now)).toEqual({ ok: false, reason: expect.stringMatching(/malformed|bad-signature/) });
    }
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    for (const claims of [{ sub: 'u1' }, { sub: 'u1', role: 'r', iat: now / 1000, exp: now / 1000 + 60 }]) {
      const p = b64(claims);
      expect(await verifyToken(`${h}.${p}.${hs256(`${h}.${p}`)}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses weak secrets, a bad ttl and a bad jti', async () => {
    await expect(signToken({ sub: 'u1', role: 'r' }, 'short', 60, now)).rejects.toThrow(/at least 32 bytes/);
    await expect(signToken({ sub: 'u1', role: 'r' }, secret, 0, now)).rejects.toThrow();
    await expect(signToken({ sub: '', role: 'r' }, secret, 60, now)).rejects.toThrow();
    await expect(signToken({ sub: 'u1', role: 'r', jti: 'a b' }, secret, 60, now)).rejects.toThrow(/jti/);
  });
});
