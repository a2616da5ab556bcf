import { Body, Controller, Get, HttpCode, Param, Post, Put, Delete } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OwnChoice, OwnSession, ProjectAccess } from '../auth/access.decorators';
import { AuthUser, CurrentUser } from '../auth/current-user';
import { ParseSlugPipe } from '../common/params';
import { NotificationPreferencesDto } from './dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Your notifications, newest first (the last 100), and how many are unread' })
  @ApiOkResponse({ description: '{ items: [{ id, kind, projectSlug, message, createdAt, readAt, link }], unread }' })
  list(@CurrentUser() user: AuthUser) {
    return this.notifications.list(user);
  }

  @Post('notifications/read')
  // anyone signed in, auditors too, on their own notifications only: like signing out, it changes
  // nobody's record but their own reading list
  @OwnSession()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  markAllRead(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post('notifications/:id/read')
  @OwnSession()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiNotFoundResponse({ description: 'No notification of yours has this id' })
  markRead(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user, id.slice(0, 36));
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'How you hear of each kind of notification: immediately, in a daily digest, or off' })
  preferences(@CurrentUser() user: AuthUser) {
    return this.notifications.preferences(user);
  }

  @Put('notification-preferences')
  // the caller's own choices only, auditors included
  @OwnSession()
  @ApiOperation({ summary: 'Choose, per kind, immediately, daily-digest or off; kinds left out keep their choice' })
  setPreferences(@Body() body: NotificationPreferencesDto, @CurrentUser() user: AuthUser) {
    return this.notifications.setPreferences(user, body);
  }
}

/** Following a project: anyone who may read it, auditors included (it changes only their own choices). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('projects/:slug/follow')
export class FollowController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'Whether you follow this project' })
  following(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser) {
    return this.notifications.following(user, slug);
  }

  @Put()
  @ProjectAccess('read')
  @OwnChoice()
  @ApiOperation({ summary: "Follow this project: receive its news (on hold, resumed, withdrawn, completed, stage approved, target dates passed) as your preferences say" })
  follow(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser) {
    return this.notifications.setFollowing(user, slug, true);
  }

  @Delete()
  @ProjectAccess('read')
  @OwnChoice()
  @ApiOperation({ summary: 'Stop following this project' })
  unfollow(@Param('slug', ParseSlugPipe) slug: string, @CurrentUser() user: AuthUser) {
    return this.notifications.setFollowing(user, slug, false);
  }
}
