import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../common/pagination.dto';
import { Roles } from './access.decorators';
import { actorOf, AuthUser, CurrentUser } from './current-user';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { AuthService } from './auth.service';
import { UsersService } from './users.service';

@ApiTags('accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an account (admin)' })
  @ApiCreatedResponse({ description: '{ id, email, name, role, active, createdAt }' })
  @ApiConflictResponse({ description: 'EmailTaken' })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser) {
    return this.users.create(dto, actorOf(user));
  }

  @Get()
  @ApiOperation({ summary: 'List accounts (admin): { items, total, limit, offset }' })
  list(@Query() page: PageQueryDto) {
    return this.users.list(page.limit, page.offset);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account\'s name, role, active flag or password (admin)' })
  @ApiConflictResponse({
    description: 'LastAdmin: the only active admin cannot be demoted or deactivated; ProjectsNeedManager: a programme manager who runs open projects cannot lose the role without replacementManagerId',
  })
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentUser() user: AuthUser) {
    return this.users.update(id, dto, actorOf(user));
  }

  @Delete(':id/sign-in-throttle')
  @ApiOperation({ summary: 'Let an account sign in again at once from every address it was held back at (admin); recorded in the log' })
  @ApiOkResponse({ description: '{ email, cleared }: cleared is the number of addresses that were held back' })
  @ApiNotFoundResponse({ description: 'No such user' })
  clearSignInThrottle(@Param('id') id: string, @CurrentUser() admin: AuthUser) {
    return this.auth.clearAccountThrottle(id, admin);
  }
}
