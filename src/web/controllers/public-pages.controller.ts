import { Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ParseSlugPipe } from '../../common/params';
import { PageController, render } from '../page';
import { PublicPresenter } from '../presenters/public.presenter';

/** /public and /public/projects/:slug: no sign-in; published projects only (else 404). */
@PageController('public')
export class PublicPagesController {
  constructor(private readonly pages: PublicPresenter) {}

  @Get()
  @Public()
  async list(@Res() reply: FastifyReply) {
    await render(reply, 'pages/public-list', await this.pages.list());
  }

  @Get('projects/:slug')
  @Public()
  async project(@Param('slug', ParseSlugPipe) slug: string, @Res() reply: FastifyReply) {
    await render(reply, 'pages/public-project', await this.pages.project(slug));
  }
}
