import { Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProjectAccess } from '../../auth/access.decorators';
import { ParseSlugPipe } from '../../common/params';
import { PageController, render } from '../page';
import { ReportPresenter } from '../presenters/report.presenter';

/** /projects/:slug/report: the highlight report as a page that prints for a board pack. */
@PageController('projects')
export class ReportPagesController {
  constructor(private readonly report: ReportPresenter) {}

  @Get(':slug/report')
  @ProjectAccess('read')
  async show(@Param('slug', ParseSlugPipe) slug: string, @Res() reply: FastifyReply) {
    await render(reply, 'pages/report', await this.report.page(slug));
  }
}
