import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from './access.decorators';
import { AuthService } from './auth.service';
import { AuthUser, CurrentUser } from './current-user';
import { LoginDto } from './dto/login.dto';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; answers a bearer token for the Authorization header' })
  @ApiOkResponse({ description: '{ token, tokenType: "Bearer", expiresAt, user: { id, email, name, role } }' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this email or from this address; see Retry-After' })
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto.email, dto.password, ip ?? 'unknown');
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser) {
    return user;
  }
}
