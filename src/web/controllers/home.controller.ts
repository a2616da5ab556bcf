import { Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '../../auth/current-user';
import { PageController, render } from '../page';
import { HomePresenter } from '../presenters/home.presenter';

/** `/`: what this person needs now, by role. */
@PageController()
export class HomeController {
  constructor(private readonly home: HomePresenter) {}

  @Get()
  async show(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/home', await this.home.forUser(user));
  }
}
