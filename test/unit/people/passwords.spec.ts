import {
  DUMMY_PASSWORD_HASH,
  SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  passwordPolicyErrors,
  verifyPassword,
  verifyPasswordOrDummy,
} from '../../../src/auth/crypto/passwords';

describe('passwords', () => {
  it('hashes in a self-describing format and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(stored.split('$')[4], 'base64')).toHaveLength(16);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    await expect(verifyPassword('same password!', a)).resolves.toBe(true);
    await expect(verifyPassword('same password!', b)).resolves.toBe(true);
  });

  it('treats Unicode-equivalent spellings as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait 2019');
    await expect(verifyPassword('cafe\u0301 au lait 2019', stored)).resolves.toBe(true);
  });

  it('answers false, not throws, for stored values that are not our hashes', async () => {
    for (const bad of ['', 'plaintext', 'scrypt$16384$8$1$abc', 'bcrypt$1$2$3$aaaa$bbbb', 'scrypt$1000$8$1$cuWJVF8j2O/zr/FYRCF2CA==$DkT23s8q6j/NkKYX7wgiAYuWd4tfaa8vOubMc/tWxFI=', 'scrypt$4194304$8$1$cuWJVF8j2O/zr/FYRCF2CA==$DkT23s8q6j/NkKYX7wgiAYuWd4tfaa8vOubMc/tWxFI=']) {
      await expect(verifyPassword('anything', bad)).resolves.toBe(false);
    }
  });

  it('has a dummy hash with the current parameters, so an unknown user costs the same', async () => {
    const [, N, r, p, salt, key] = DUMMY_PASSWORD_HASH.split('$');
    expect([Number(N), Number(r), Number(p)]).toEqual([SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt, 'base64')).toHaveLength(SCRYPT_PARAMS.saltLength);
    expect(Buffer.from(key, 'base64')).toHaveLength(SCRYPT_PARAMS.keyLength);
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);

    const stored = await hashPassword('the real password');
    await expect(verifyPasswordOrDummy('the real password', stored)).resolves.toBe(true);
    await expect(verifyPasswordOrDummy('wrong', stored)).resolves.toBe(false);
    await expect(verifyPasswordOrDummy('the real password', null)).resolves.toBe(false);
    await expect(verifyPasswordOrDummy('the real password', undefined)).resolves.toBe(false);
  });

  it('flags weaker stored parameters for re-hashing', () => {
    expect(needsRehash('scrypt$1024$8$1$cuWJVF8j2O/zr/FYRCF2CA==$DkT23s8q6j/NkKYX7wgiAYuWd4tfaa8vOubMc/tWxFI=')).toBe(true);
    expect(needsRehash('nonsense')).toBe(true);
  });

  it('has a simple length policy', () => {
    expect(passwordPolicyErrors('short')).toHaveLength(1);
    expect(passwordPolicyErrors('a long enough passphrase')).toEqual([]);
    expect(passwordPolicyErrors('x'.repeat(257))).toHaveLength(1);
    expect(passwordPolicyErrors(undefined)).toEqual(['Password is required.']);
  });
});
