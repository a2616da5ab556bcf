import { Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '../../auth/current-user';
import { PageController, render } from '../page';
import { PortfolioPresenter, portfolioQuery } from '../presenters/portfolio.presenter';

/** /portfolio: every project the person may read (the same rule as GET /api/portfolio). */
@PageController()
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioPresenter) {}

  @Get('portfolio')
  async show(@Query() query: Record<string, unknown>, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await render(reply, 'pages/portfolio', await this.portfolio.page(user, portfolioQuery(query ?? {})));
  }
}
