import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/access.decorators';
import { AuthUser, CurrentUser } from '../auth/current-user';
import { CreateInvitationDto, PasswordResetRequestDto, SetPasswordDto } from './dto';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';

@ApiTags('accounts')
@Controller()
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly resets: PasswordResetService,
  ) {}

  @Post('invitations')
  @Roles('admin', 'programme-manager')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite a person by email (admin; or a programme manager, a stakeholder into a group of their project)' })
  @ApiCreatedResponse({ description: '{ id, email, name, role, projectSlug, group, invitedBy, createdAt, expiresAt }; the email with the link is queued' })
  invite(@Body() dto: CreateInvitationDto, @CurrentUser() caller: AuthUser) {
    return this.invitations.invite(dto, caller);
  }

  @Get('invitations/:token')
  @Public()
  @ApiOperation({ summary: 'What an invitation link is for, while it can be accepted' })
  @ApiNotFoundResponse({ description: 'No invitation has this link' })
  @ApiGoneResponse({ description: 'InvitationUsed or InvitationExpired' })
  describe(@Param('token') token: string) {
    return this.invitations.describe(token);
  }

  @Post('invitations/:token/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation with your own password; the account is active at once and can sign in' })
  @ApiOkResponse({ description: '{ user: { id, email, name, role, active, createdAt } }' })
  @ApiNotFoundResponse({ description: 'No invitation has this link' })
  @ApiGoneResponse({ description: 'InvitationUsed or InvitationExpired: nothing changed' })
  accept(@Param('token') token: string, @Body() dto: SetPasswordDto) {
    return this.invitations.accept(token, dto.password);
  }

  @Post('auth/password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password reset link by email; the same answer whether or not the address has an account' })
  @ApiAcceptedResponse({ description: '{ message }' })
  async requestReset(@Body() dto: PasswordResetRequestDto) {
    await this.resets.request(dto.email);
    return { message: 'If this address has an account, a link to choose a new password is on its way. It lasts one hour.' };
  }

  @Post('auth/password-reset/:token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with the link from the email; ends every existing session of the account' })
  @ApiNotFoundResponse({ description: 'No reset has this link' })
  @ApiGoneResponse({ description: 'ResetLinkUsed or ResetLinkExpired: nothing changed' })
  async reset(@Param('token') token: string, @Body() dto: SetPasswordDto) {
    await this.resets.reset(token, dto.password);
    return { message: 'Your password has been changed. Sign in with it now; you have been signed out everywhere else.' };
  }
}
