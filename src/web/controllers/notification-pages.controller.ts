import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NOTIFICATION_KIND_DEFINITIONS, NOTIFICATION_KINDS } from '../../../workflows/notifications';
import { OwnChoice, OwnSession, ProjectAccess } from '../../auth/access.decorators';
import { AuthUser, CurrentUser } from '../../auth/current-user';
import { ParseSlugPipe } from '../../common/params';
import { NotificationPreferencesDto } from '../../notifications/dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';

const MODE_WORDS = { immediately: 'Email me straight away', 'daily-digest': 'Once a day, in one summary email', off: 'Do not tell me' } as const;

const PREFERENCES_FORM: FormSpec = {
  labels: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, `how to hear that ${NOTIFICATION_KIND_DEFINITIONS[k].label.toLowerCase()}`])),
  ids: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, `mode-${k}`])),
};

/** /notifications, its settings, and the follow button of a project page: thin, over NotificationsService like the API. */
@PageController()
export class NotificationPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  async list(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const { items, unread } = await this.notifications.list(user);
    await render(reply, 'pages/notifications', { pageTitle: 'Notifications', items, unread });
  }

  /** Marks one read; with `open`, goes on to the page it is about. */
  @Post('notifications/:id/read')
  @OwnSession()
  async markRead(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const done = await this.notifications.markRead(user, id.slice(0, 36));
    const open = body?.open === 'yes' && done.link ? new URL(done.link).pathname : null;
    return redirect(reply, open ?? '/notifications');
  }

  @Post('notifications/read')
  @OwnSession()
  async markAllRead(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { marked } = await this.notifications.markAllRead(user);
    setFlash(request, { type: 'success', heading: marked === 1 ? '1 notification marked as read' : `${marked} notifications marked as read` });
    return redirect(reply, '/notifications');
  }

  @Get('notifications/settings')
  async settings(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/notification-settings', await this.settingsPage(user));
  }

  @Post('notifications/settings')
  @OwnSession()
  async saveSettings(@Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = validateForm(NotificationPreferencesDto, body ?? {}, PREFERENCES_FORM);
    if (!form.ok) return render(reply, 'pages/notification-settings', { ...(await this.settingsPage(user)), errors: form.errors }, 400);
    await this.notifications.setPreferences(user, form.value);
    setFlash(request, { type: 'success', heading: 'Your choices are saved' });
    return redirect(reply, '/notifications/settings');
  }

  /** The project page's button: follow or stop following. */
  @Post('projects/:slug/follow')
  @ProjectAccess('read')
  @OwnChoice()
  async follow(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const follow = body?.follow !== 'no';
    await this.notifications.setFollowing(user, slug, follow);
    setFlash(request, follow
      ? { type: 'success', heading: 'You are following this project', text: 'You will hear when it is put on hold, resumes, is withdrawn or completed, when a stage is approved and when a stage passes its target date.' }
      : { type: 'success', heading: 'You no longer follow this project' });
    return redirect(reply, `/projects/${slug}`);
  }

  private async settingsPage(user: AuthUser) {
    const { items } = await this.notifications.preferences(user);
    return {
      pageTitle: 'How you hear of things',
      kinds: items.map((i) => ({
        ...i,
        options: (Object.keys(MODE_WORDS) as Array<keyof typeof MODE_WORDS>).map((mode) => ({ value: mode, text: MODE_WORDS[mode] + (mode === i.default ? ' (the usual choice)' : ''), checked: mode === i.mode })),
      })),
    };
  }
}
