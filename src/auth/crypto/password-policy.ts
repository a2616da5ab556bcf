import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * New passwords, after NIST SP 800-63B (5.1.1.2): length counted after Unicode NFKC normalisation,
 * no composition rules, but refuse control characters, passwords from a list of commonly used or
 * easily guessed ones, and ones built from the account's own email or name. The list and the
 * guessability estimate come from zxcvbn-ts with its common and English dictionaries.
 */

export const PASSWORD_POLICY = { minLength: 12, maxLength: 256 } as const;

/** Who the password is for: their email and name may not be part of it. */
export interface PasswordContext {
  email?: string;
  name?: string;
}

/**
 * zxcvbn's score runs 0 to 4; 3 means "safely unguessable" (about 10^8 guesses or more), which
 * refuses the top-list passwords and their obvious variants (`password123!`), repeats and runs.
 */
const MIN_SCORE = 3;
/**
 * zxcvbn's matching grows steeply with length (a random 64 characters takes most of a second,
 * 256 several seconds): estimate the first 32 characters, which decide it for any real password.
 */
const ESTIMATE_CHARS = 32;
/** Name and email parts shorter than this are too common in ordinary words to refuse. */
const MIN_PART = 3;

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  if (estimator) return estimator;
  // loaded and built on first use: the dictionaries take a few hundred milliseconds, which the
  // service's start-up (issue 9: first answer within 1 s) does not pay
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const zxcvbnCommon = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const zxcvbnEnglish = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  /* eslint-enable @typescript-eslint/no-require-imports */
  estimator = new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEnglish.translations,
  });
  return estimator;
}

const CONTROL = /[\p{Cc}\p{Cs}]/u;

/** The words of the account a password may not contain, lower-cased. */
function personalWords({ email, name }: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (w: string) => {
    const word = w.normalize('NFKC').toLowerCase().trim();
    if ([...word].length >= MIN_PART) words.add(word);
  };
  if (typeof email === 'string' && email.includes('@')) {
    add(email);
    const local = email.slice(0, email.lastIndexOf('@'));
    add(local);
    local.split(/[._+-]+/).forEach(add);
  }
  if (typeof name === 'string') {
    add(name.replace(/\s+/g, ''));
    name.split(/[\s.,'-]+/).forEach(add);
  }
  return [...words];
}

/**
 * What is wrong with a new password, as one plain message (the API answers one message per
 * field); empty when acceptable. Checked in order: length, characters, the account's own words,
 * then the common-password list and guessability.
 */
export function passwordPolicyErrors(password: unknown, context: PasswordContext = {}): string[] {
  if (typeof password !== 'string' || password === '') return ['Enter a password.'];
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_POLICY.minLength) return [`Password must be at least ${PASSWORD_POLICY.minLength} characters.`];
  if (length > PASSWORD_POLICY.maxLength) return [`Password must be at most ${PASSWORD_POLICY.maxLength} characters.`];
  if (CONTROL.test(normalised)) return ['Password must not contain control characters such as tabs, line breaks or NUL.'];
  if (normalised.trim() === '') return ['Password must not be only spaces.'];

  const lower = normalised.toLowerCase();
  if (personalWords(context).some((word) => lower.includes(word))) return ['Password must not contain your email address or your name.'];

  const sample = [...normalised].slice(0, ESTIMATE_CHARS).join('');
  const result = zxcvbn().check(sample);
  const [only] = result.sequence;
  const listed = result.sequence.length === 1 && only.pattern === 'dictionary' && String(only.dictionaryName).startsWith('passwords') && sample.length === normalised.length;
  if (listed) return ['Password is on a list of commonly used passwords; choose another.'];
  if (result.score < MIN_SCORE) {
    return ['Password is too easy to guess (a common password with small changes, a repeated character or a keyboard run); use a phrase of several unrelated words.'];
  }
  return [];
}
