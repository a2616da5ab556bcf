import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StageKey } from '../../workflows';
import { STAGE6 } from '../../workflows/stage6/common';
import { ProjectAccess } from '../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ExpectedVersionQueryDto } from '../common/expected-version.dto';
import { ParseSlugPipe, ParseStagePipe } from '../common/params';
import { ReadsAsOf } from '../history/as-of';
import { BoardDecisionsService } from './board-decisions.service';
import { DiscussionService } from './discussion.service';
import { BoardDecisionDto, DiscussionEditDto, DiscussionPostDto } from './dto';

@ApiTags('discussion and board decisions')
@ApiBearerAuth()
@Controller()
export class CollaborationController {
  constructor(
    private readonly discussion: DiscussionService,
    private readonly board: BoardDecisionsService,
  ) {}

  @Get('projects/:slug/stages/:stage/discussion')
  @ProjectAccess('read')
  @ReadsAsOf()
  @ApiOperation({ summary: "A stage's discussion thread, oldest first: { stage, items: [{ id, replyToId, author, text, createdAt, editedAt, removed, removedBy, tombstone }] }" })
  @ApiNotFoundResponse({ description: 'No such project or stage' })
  list(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey) {
    return this.discussion.list(slug, stage);
  }

  @Post('projects/:slug/stages/:stage/discussion')
  @ProjectAccess('discuss')
  @ApiOperation({ summary: "Post in a stage's discussion (optionally as a reply): the project's programme manager, its group members, admins" })
  @ApiCreatedResponse({ description: '{ post, entry }' })
  @ApiBadRequestResponse({ description: 'No text, text over 5,000 characters, or a reply to a post not in this thread' })
  @ApiConflictResponse({ description: 'The project is withdrawn or completed, or a version conflict' })
  add(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Body() dto: DiscussionPostDto, @CurrentUser() user: AuthUser) {
    return this.discussion.add(slug, stage, dto, actorOf(user));
  }

  @Patch('projects/:slug/stages/:stage/discussion/:postId')
  @ProjectAccess('discuss')
  @ApiOperation({ summary: 'Edit a post (its author only; recorded with the text before)' })
  @ApiOkResponse({ description: '{ post, entry }' })
  @ApiForbiddenResponse({ description: 'Not the author' })
  @ApiConflictResponse({ description: 'The post was removed, the project is closed, or a version conflict' })
  edit(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('postId') postId: string,
    @Body() dto: DiscussionEditDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.discussion.edit(slug, stage, postId, dto, actorOf(user), user);
  }

  @Delete('projects/:slug/stages/:stage/discussion/:postId')
  @ProjectAccess('discuss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a post (its author only): a tombstone "Removed by …" stays in the thread; the text stays in the history' })
  @ApiOkResponse({ description: '{ post, entry }' })
  @ApiForbiddenResponse({ description: 'Not the author' })
  @ApiConflictResponse({ description: 'Already removed, the project is closed, or a version conflict' })
  remove(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('postId') postId: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.discussion.remove(slug, stage, postId, query.expectedVersion, actorOf(user), user);
  }

  @Get('projects/:slug/board-decisions')
  @ProjectAccess('read')
  @ReadsAsOf()
  @ApiOperation({ summary: "The board's own decisions on the project's stages and business case, oldest first" })
  @ApiOkResponse({ description: '{ items: [{ id, target, stage, decision, meetingDate, minuteReference, note, decidedBy, recordedAt }] }' })
  decisions(@Param('slug', ParseSlugPipe) slug: string) {
    return this.board.list(slug);
  }

  @Post('projects/:slug/stages/:stage/board-decisions')
  @ProjectAccess('board')
  @ApiOperation({ summary: "Record the board's decision on a stage (board members and admins): approved, not-approved or deferred, with the meeting date and minute" })
  @ApiCreatedResponse({ description: '{ decision, entry }' })
  @ApiBadRequestResponse({ description: 'A field missing or wrong; a meeting date in the future (Europe/London)' })
  @ApiConflictResponse({ description: 'The stage has not started, the project is closed, or a version conflict' })
  onStage(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Body() dto: BoardDecisionDto, @CurrentUser() user: AuthUser) {
    return this.board.record(slug, 'stage', stage, dto, actorOf(user));
  }

  @Post('projects/:slug/business-case/board-decisions')
  @ProjectAccess('board')
  @ApiOperation({
    summary:
      "Record the board's decision on the business case (board members and admins). Approved: every case must be complete; all five become approved by the board, on the meeting date (the only way a case is approved). Not approved: standing approvals are withdrawn. Deferred: recorded only.",
  })
  @ApiCreatedResponse({ description: '{ decision, entry }' })
  @ApiBadRequestResponse({ description: 'A field missing or wrong; a meeting date in the future (Europe/London)' })
  @ApiConflictResponse({ description: 'A case is not complete, stage 6 is not in progress or in review, the project is not active, or a version conflict' })
  onBusinessCase(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: BoardDecisionDto, @CurrentUser() user: AuthUser) {
    return this.board.record(slug, 'business-case', STAGE6, dto, actorOf(user));
  }
}
