import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StageKey } from '../../workflows';
import { ProjectAccess } from '../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ParseSlugPipe, ParseStagePipe } from '../common/params';
import { BoardService } from './board.service';
import { HighlightReportQueryDto, PortfolioQueryDto, SetStagePlanDto } from './dto/board.dto';
import { ReadsAsOf } from '../history/as-of';

/** What the Integrated System Delivery Board reads, and the stage plans its lateness is measured against. */
@ApiTags('board')
@ApiBearerAuth()
@Controller()
export class BoardController {
  constructor(private readonly board: BoardService) {}

  @Put('projects/:slug/stages/:stage/plan')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Set (or clear with null) the date a stage is due to be approved; history STAGE_PLAN_SET' })
  @ApiOkResponse({ description: '{ stage, targetDate, previousTargetDate, version, entry }' })
  @ApiConflictResponse({ description: 'PROJECT_CLOSED (completed or withdrawn), or VersionConflict; recorded in the history' })
  setPlan(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Body() dto: SetStagePlanDto, @CurrentUser() user: AuthUser) {
    return this.board.setPlan(slug, stage, dto.targetDate, dto.reason, dto.expectedVersion, actorOf(user));
  }

  @Get('projects/:slug/plan')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: "Each stage's status, target date and days late today" })
  plan(@Param('slug', ParseSlugPipe) slug: string) {
    return this.board.plan(slug);
  }

  @Get('portfolio')
  @ApiOperation({
    summary:
      'One page of the projects the caller may read (limit, offset; filters rag, status, stage, district, q; sort): status, current stages, RAG with reasons, late stages, days in stage, last activity, blockers. { today, total, limit, offset, items }',
  })
  portfolio(@Query() query: PortfolioQueryDto, @CurrentUser() user: AuthUser) {
    return this.board.portfolio(user, query);
  }

  @Get('projects/:slug/highlight-report')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The RAG highlight report for a board meeting (format=json, the default, markdown or html)' })
  async highlightReport(@Param('slug', ParseSlugPipe) slug: string, @Query() query: HighlightReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'json';
    const body = await this.board.highlightReport(slug, format);
    if (format === 'markdown') reply.header('Content-Type', 'text/markdown; charset=utf-8');
    if (format === 'html') reply.header('Content-Type', 'text/html; charset=utf-8');
    return body;
  }
}
