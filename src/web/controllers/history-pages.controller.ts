import { Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProjectAccess } from '../../auth/access.decorators';
import { ParseSlugPipe } from '../../common/params';
import { PageController, render } from '../page';
import { HistoryPresenter } from '../presenters/history.presenter';
import { ReadsAsOf } from '../../history/as-of';

/** /projects/:slug/history: every command, accepted and refused, filtered and paged; CSV download. */
@PageController('projects')
export class HistoryPagesController {
  constructor(private readonly history: HistoryPresenter) {}

  @Get(':slug/history')
  @ReadsAsOf()
  @ProjectAccess('read')
  async show(@Param('slug', ParseSlugPipe) slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const page = await this.history.page(slug, query ?? {});
    await render(reply, 'pages/history', page, page.errors ? 400 : 200);
  }

  @Get(':slug/history/download')
  @ProjectAccess('read')
  async download(@Param('slug', ParseSlugPipe) slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const parsed = this.history.filterOf(query ?? {});
    if (!parsed.ok) return render(reply, 'pages/history', await this.history.page(slug, query ?? {}), 400);
    const csv = await this.history.csv(slug, parsed.filter);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${slug}-history.csv"`)
      .header('Cache-Control', 'no-store')
      .send(csv);
  }
}
