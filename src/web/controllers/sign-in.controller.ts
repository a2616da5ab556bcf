import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { AuthService } from '../../auth/auth.service';
import { LoginDto } from '../../auth/dto/login.dto';
import { readSessionSignIn } from '../../auth/session-sign-in';
import { startWebSession } from '../sign-in-session';
import { SessionsService } from '../../auth/sessions.service';
import { TooManyRequestsError, UnauthorizedError } from '../../common/domain-errors';
import { AppConfig } from '../../config/app-config';
import { formErrors, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { safeLocalPath } from '../web-paths';

const SIGN_IN_FORM: FormSpec = {
  labels: { email: 'your email address', password: 'your password' },
};

/** Sign in with the same accounts, rate limits and answers as POST /api/auth/login (AuthService). */
@PageController()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  @Get('sign-in')
  @Public()
  async form(@Query('next') next: unknown, @Res() reply: FastifyReply) {
    await render(reply, 'pages/sign-in', { next: safeLocalPath(next), values: {} });
  }

  @Post('sign-in')
  @Public()
  async signIn(@Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = safeLocalPath(body?.next);
    const values = { email: typeof body?.email === 'string' ? body.email : '' };
    const form = validateForm(LoginDto, body ?? {}, SIGN_IN_FORM);
    if (!form.ok) return render(reply, 'pages/sign-in', { next, values, errors: form.errors }, 400);
    try {
      const result = await this.auth.login(form.value.email, form.value.password, request.ip ?? 'unknown');
      await startWebSession(request, result.token, this.config.tokenSecret);
      return redirect(reply, next);
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        reply.header('Retry-After', String(error.retryAfterSeconds));
        return render(reply, 'pages/sign-in', { next, values, errors: formErrors([{ field: 'email', text: error.message }]) }, 429);
      }
      if (error instanceof UnauthorizedError) {
        return render(reply, 'pages/sign-in', { next, values, errors: formErrors([{ field: 'email', text: error.message }]) }, 401);
      }
      throw error;
    }
  }

  /** Public so that an expired or revoked session can still sign out; the CSRF check still applies. */
  @Post('sign-out')
  @Public()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // the cookie is dropped, and its sign-in revoked, so a copy of the cookie signs nobody in
    const signIn = readSessionSignIn(request.session);
    if (signIn?.jti) await this.sessions.revoke(signIn.jti);
    request.session.regenerate();
    setFlash(request, { type: 'info', heading: 'You have signed out' });
    return redirect(reply, '/sign-in');
  }
}
