import type { SessionSignIn } from '../auth/session-sign-in';
import type { Flash } from './page';

// What the web session cookie holds (typed for request.session.get/set).
declare module '@fastify/secure-session' {
  interface SessionData {
    signIn: SessionSignIn;
    flash: Flash;
    _csrf: string;
  }
}
