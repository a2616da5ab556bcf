import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { AuthService } from '../../auth/auth.service';
import { DomainError, InvalidInputError } from '../../common/domain-errors';
import { AppConfig } from '../../config/app-config';
import { PasswordResetRequestDto, SetPasswordDto } from '../../invitations/dto';
import { InvitationsService } from '../../invitations/invitations.service';
import { PasswordResetService } from '../../invitations/password-reset.service';
import { domainErrorSummary, FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { startWebSession } from '../sign-in-session';

const PASSWORD_FORM: FormSpec = { labels: { password: 'a password' } };
const EMAIL_FORM: FormSpec = { labels: { email: 'your email address' } };
const ROLE_WORDS: Record<string, string> = {
  admin: 'an administrator',
  'programme-manager': 'a programme manager',
  stakeholder: 'a reviewer (stakeholder)',
  auditor: 'an auditor for the board',
};

/**
 * The pages the emails link to: accepting an invitation (the person chooses their own password and
 * is signed in) and choosing a new password; the same services as the API's invitation and
 * password-reset endpoints. A used, expired or unknown link answers a page that says so.
 */
@PageController()
export class AccountLinksController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly resets: PasswordResetService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Get('invitations/:token')
  @Public()
  async invitation(@Param('token') token: string, @Res() reply: FastifyReply) {
    try {
      return await render(reply, 'pages/set-password', await this.invitationPage(token));
    } catch (error) {
      return this.linkProblem(reply, error, 'invitation');
    }
  }

  @Post('invitations/:token')
  @Public()
  async accept(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    let page: Record<string, unknown>;
    try {
      page = await this.invitationPage(token);
    } catch (error) {
      return this.linkProblem(reply, error, 'invitation');
    }
    const form = validateForm(SetPasswordDto, body ?? {}, PASSWORD_FORM);
    if (!form.ok) return render(reply, 'pages/set-password', { ...page, errors: form.errors }, 400);
    try {
      const { user } = await this.invitations.accept(token, form.value.password);
      const signedIn = await this.auth.login(user.email, form.value.password, request.ip ?? 'unknown');
      await startWebSession(request, signedIn.token, this.config.tokenSecret);
      setFlash(request, { type: 'success', heading: 'Your account is ready', text: `You are signed in as ${user.name}.` });
      return redirect(reply, '/');
    } catch (error) {
      if (error instanceof InvalidInputError) return render(reply, 'pages/set-password', { ...page, errors: domainErrorSummary(error, PASSWORD_FORM) }, 400);
      return this.linkProblem(reply, error, 'invitation');
    }
  }

  @Get('password-reset')
  @Public()
  async resetRequestForm(@Res() reply: FastifyReply) {
    return render(reply, 'pages/password-reset-request', { values: {} });
  }

  @Post('password-reset')
  @Public()
  async resetRequest(@Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const values = { email: typeof body?.email === 'string' ? body.email : '' };
    const form = validateForm(PasswordResetRequestDto, body ?? {}, EMAIL_FORM);
    if (!form.ok) return render(reply, 'pages/password-reset-request', { values, errors: form.errors }, 400);
    await this.resets.request(form.value.email);
    // the same answer whether or not the address has an account
    return render(reply, 'pages/password-reset-request', { sent: true, values });
  }

  @Get('password-reset/:token')
  @Public()
  async resetForm(@Res() reply: FastifyReply) {
    return render(reply, 'pages/set-password', resetPage());
  }

  @Post('password-reset/:token')
  @Public()
  async reset(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = validateForm(SetPasswordDto, body ?? {}, PASSWORD_FORM);
    if (!form.ok) return render(reply, 'pages/set-password', { ...resetPage(), errors: form.errors }, 400);
    try {
      await this.resets.reset(token, form.value.password);
    } catch (error) {
      if (error instanceof InvalidInputError) return render(reply, 'pages/set-password', { ...resetPage(), errors: domainErrorSummary(error, PASSWORD_FORM) }, 400);
      return this.linkProblem(reply, error, 'reset');
    }
    setFlash(request, { type: 'success', heading: 'Your password has been changed', text: 'Sign in with it now. You have been signed out everywhere else.' });
    return redirect(reply, '/sign-in');
  }

  private async invitationPage(token: string) {
    const invitation = await this.invitations.describe(token);
    return {
      pageTitle: 'Accept your invitation',
      heading: `Welcome, ${invitation.name}`,
      intro: `${invitation.invitedBy} has invited you to join Locality health planning as ${ROLE_WORDS[invitation.role] ?? invitation.role}${invitation.projectSlug ? ` on the project "${invitation.projectSlug}"` : ''}. Choose a password to finish making your account for ${invitation.email}.`,
      submitText: 'Create my account',
    };
  }

  /** A link that cannot be used (unknown, used or expired): a page that says why and what to do; nothing changed. */
  private async linkProblem(reply: FastifyReply, error: unknown, kind: 'invitation' | 'reset') {
    if (!(error instanceof DomainError) || (error.kind !== 'not-found' && error.kind !== 'gone')) throw error;
    const what = kind === 'invitation' ? 'invitation' : 'password reset link';
    const next = kind === 'invitation' ? 'Ask the person who invited you to send a new invitation.' : 'Ask for a new link from the sign-in page ("Forgotten your password?").';
    const message = error.kind === 'not-found' ? `This ${what} is not recognised. Check you used the whole link from the email. ${next}` : `${error.message} ${next}`;
    return render(reply, 'pages/error', { pageTitle: `This ${what} cannot be used`, title: `This ${what} cannot be used`, message }, error.kind === 'gone' ? 410 : 404);
  }
}

function resetPage() {
  return {
    pageTitle: 'Choose a new password',
    heading: 'Choose a new password',
    intro: 'Choose a new password for your account. Signing in anywhere else ends when you save it.',
    submitText: 'Save my new password',
  };
}
