import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OwnSession, Public, Roles } from './access.decorators';
import { AuthService } from './auth.service';
import { AuthUser, CurrentUser } from './current-user';
import { LoginDto } from './dto/login.dto';
import { SessionsService } from './sessions.service';

const BEARER = /^Bearer ([A-Za-z0-9._-]+)$/i;

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; answers a bearer token for the Authorization header' })
  @ApiOkResponse({ description: '{ token, tokenType: "Bearer", expiresAt, user: { id, email, name, role } }' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account from this address, or from this address; wait as Retry-After says' })
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    // request.ip: the connection's address, or X-Forwarded-For's only behind TRUSTED_PROXIES
    return this.auth.login(dto.email, dto.password, ip ?? 'unknown');
  }

  @Post('auth/logout')
  @OwnSession()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: the bearer token this is called with stops working on every instance' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@Headers('authorization') authorization: string) {
    // the guard has already verified this header's token
    const token = BEARER.exec(authorization.trim())![1];
    await this.sessions.revoke(token);
  }

  @Delete('sign-in-throttle/addresses/:address')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Lift the per-address sign-in limit of one client address (admin); recorded in the log' })
  @ApiOkResponse({ description: '{ address, cleared }' })
  clearAddress(@Param('address') address: string, @CurrentUser() admin: AuthUser) {
    return this.auth.clearAddressThrottle(address.slice(0, 64), admin);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser) {
    return user;
  }
}
