import { UnauthorizedError } from '../common/domain-errors';

/**
 * What a web session cookie holds about the sign-in: the account, the credentials version it
 * signed in with (a password reset bumps it, which ends the session as it ends bearer tokens),
 * and when (seconds), so the session lasts AUTH_TOKEN_TTL_SECONDS like a token.
 */
export interface SessionSignIn {
  uid: string;
  ver: number;
  at: number;
  /** The id of the sign-in (the token id it was issued with): signing out revokes it for good. */
  jti?: string;
}

export const SESSION_SIGN_IN_KEY = 'signIn';

/** The part of @fastify/secure-session's session the guard reads (kept loose: no plugin types here). */
export interface SessionLike {
  get(key: string): unknown;
}

export function readSessionSignIn(session: SessionLike | undefined): SessionSignIn | null {
  const value = session?.get(SESSION_SIGN_IN_KEY) as Partial<SessionSignIn> | undefined;
  if (!value || typeof value.uid !== 'string' || typeof value.ver !== 'number' || typeof value.at !== 'number') return null;
  return { uid: value.uid, ver: value.ver, at: value.at, ...(typeof value.jti === 'string' ? { jti: value.jti } : {}) };
}

/** A page needs a (valid) session: the web error filter sends the browser to /sign-in and back. */
export class SignInRequiredError extends UnauthorizedError {}
