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

  describe('new-password rules (NIST SP 800-63B)', () => {
    const one = (password: unknown, context = {}) => passwordPolicyErrors(password, context);

    it('accepts long passphrases, including ones with spaces and any Unicode letters', () => {
      for (const ok of ['a long enough passphrase', 'correct horse battery staple', 'Mörderische Äpfel am Fluss', 'ωμέγα δέλτα κάππα σίγμα', 'demo-password-2019']) {
        expect(one(ok)).toEqual([]);
      }
    });

    it('counts length after NFKC normalisation, in characters not bytes', () => {
      // "e" + a combining acute accent: 16 code points typed, 8 characters ("é") after NFKC
      expect(one('e\u0301'.repeat(8))).toEqual(['Password must be at least 12 characters.']);
      // U+FB03 "ﬃ" is one character that NFKC turns into three ("ffi"): 6 typed, 12 counted
      expect(one('\uFB03'.repeat(3) + 'xyz')[0] ?? '').not.toMatch(/at least 12/);
      expect(one('short')).toEqual(['Password must be at least 12 characters.']);
      expect(one('x'.repeat(257))).toEqual(['Password must be at most 256 characters.']);
      expect(one('😀'.repeat(11))).toEqual(['Password must be at least 12 characters.']);
      expect(one(undefined)).toEqual(['Enter a password.']);
      expect(one('')).toEqual(['Enter a password.']);
    });

    it("refuses the issue's weak passwords, each with one plain message", () => {
      expect(one(' '.repeat(12))).toEqual(['Password must not be only spaces.']);
      expect(one('\u0000'.repeat(12))).toEqual(['Password must not contain control characters such as tabs, line breaks or NUL.']);
      expect(one('long enough\tpassphrase')[0]).toMatch(/control characters/);
      expect(one('long enough\npassphrase')[0]).toMatch(/control characters/);
      expect(one('aaaaaaaaaaaa')[0]).toMatch(/too easy to guess/);
      expect(one('password123!')[0]).toMatch(/too easy to guess/);
      expect(one('jo.smith@oxfordshire.gov.uk', { email: 'jo.smith@oxfordshire.gov.uk' })).toEqual(['Password must not contain your email address or your name.']);
    });

    it('refuses passwords on the common-password list, runs and repeats', () => {
      for (const listed of ['123456789012', 'qwertyuiopasdfgh', 'iloveyou12345']) expect(one(listed)).toHaveLength(1);
      expect(one('123456789012')).toEqual(['Password is on a list of commonly used passwords; choose another.']);
      for (const guessable of ['abcdefghijkl', 'passwordpassword', 'Password1234', 'monkey123456', 'x'.repeat(256)]) {
        expect(one(guessable)[0]).toMatch(/too easy to guess/);
      }
    });

    it("refuses the account's own email, its parts and the name, whatever the case", () => {
      const context = { email: 'Jo.Smith@oxfordshire.gov.uk', name: 'Joanna Smithers' };
      expect(one('SMITH-and-a-long-phrase', context)).toHaveLength(1);
      expect(one('joanna loves long phrases', context)).toHaveLength(1);
      expect(one('my jo.smith passphrase', context)).toHaveLength(1);
      expect(one('a quite unrelated passphrase', context)).toEqual([]);
      // parts shorter than three characters (the "jo") are too common in words to refuse
      expect(one('journey to the river bank', context)).toEqual([]);
    });

    it('takes a random password of the longest length (zxcvbn estimates a bounded prefix of it)', () => {
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      const random = Array.from({ length: 256 }, () => String.fromCharCode(33 + (next() % 90))).join('');
      expect(one(random)).toEqual([]);
    });
  });
});
