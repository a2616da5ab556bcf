import type { FastifyRequest } from 'fastify';
import { verifyToken } from '../auth/crypto';
import { SESSION_SIGN_IN_KEY, SessionSignIn } from '../auth/session-sign-in';

/**
 * Turns a sign-in's token (from AuthService.login) into the web session: a new session (and CSRF
 * secret), so nothing from before it carries over, holding the account, its credentials version,
 * when, and the token id that signing out revokes.
 */
export async function startWebSession(request: FastifyRequest, token: string, secret: string): Promise<void> {
  const verified = await verifyToken(token, secret);
  if (!verified.ok) throw new Error('a token just issued does not verify');
  const signIn: SessionSignIn = { uid: verified.payload.sub, ver: verified.payload.ver ?? 1, at: verified.payload.iat, jti: verified.payload.jti };
  request.session.regenerate();
  request.session.set(SESSION_SIGN_IN_KEY, signIn);
}
