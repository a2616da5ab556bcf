import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { StageKey } from '../../workflows';
import { GROUP_KEYS, GroupKey } from '../../workflows/people';
import { ProjectAccess, Roles } from '../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ExpectedVersionQueryDto } from '../common/expected-version.dto';
import { ParseSlugPipe, ParseStagePipe } from '../common/params';
import { AddGroupMemberDto, UpdateGroupMemberDto } from './dto/group-member.dto';
import { AssignManagerDto, ReviewDecisionDto, StageCommentDto } from './dto/review.dto';
import { GroupsService } from './groups.service';
import { ParseGroupPipe } from './parse-group.pipe';
import { ProjectManagerService } from './project-manager.service';
import { ReviewsService } from './reviews.service';
import { ReadsAsOf } from '../history/as-of';

@ApiTags('people')
@ApiBearerAuth()
@Controller()
export class PeopleController {
  constructor(
    private readonly groups: GroupsService,
    private readonly reviews: ReviewsService,
    private readonly managers: ProjectManagerService,
  ) {}

  @Get('projects/:slug/groups/:group/members')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiParam({ name: 'group', enum: GROUP_KEYS })
  @ApiOperation({ summary: 'A project group\'s members, and whether the group meets its rule (with what is missing)' })
  listMembers(@Param('slug', ParseSlugPipe) slug: string, @Param('group', ParseGroupPipe) group: GroupKey) {
    return this.groups.list(slug, group);
  }

  @Post('projects/:slug/groups/:group/members')
  @ProjectAccess('manage')
  @ApiParam({ name: 'group', enum: GROUP_KEYS })
  @ApiOperation({ summary: 'Add a member to a project group (programme manager)' })
  @ApiCreatedResponse({ description: '{ member, entry, workflow }' })
  addMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Body() dto: AddGroupMemberDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.groups.add(slug, group, dto, actorOf(user));
  }

  @Patch('projects/:slug/groups/:group/members/:memberId')
  @ProjectAccess('manage')
  @ApiParam({ name: 'group', enum: GROUP_KEYS })
  @ApiOperation({ summary: 'Change a group member (programme manager)' })
  updateMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Param('memberId') memberId: string,
    @Body() dto: UpdateGroupMemberDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.groups.update(slug, group, memberId, dto, actorOf(user));
  }

  @Delete('projects/:slug/groups/:group/members/:memberId')
  @ProjectAccess('manage')
  @ApiParam({ name: 'group', enum: GROUP_KEYS })
  @ApiOperation({ summary: 'Remove a member from a project group (programme manager)' })
  removeMember(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('group', ParseGroupPipe) group: GroupKey,
    @Param('memberId') memberId: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.groups.remove(slug, group, memberId, query.expectedVersion, actorOf(user));
  }

  @Post('projects/:slug/stages/:stage/reviews/decisions')
  @ProjectAccess('review')
  @ApiOperation({ summary: 'Record your decision on a stage in review: approve, or request-changes with a comment (reviewers)' })
  @ApiCreatedResponse({ description: '{ decision, entry, review }' })
  @ApiConflictResponse({ description: 'The stage is not in review, or the project is on hold or closed' })
  decide(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() dto: ReviewDecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reviews.decide(slug, stage, dto, user, actorOf(user));
  }

  @Post('projects/:slug/stages/:stage/comments')
  @ProjectAccess('contribute')
  @ApiOperation({ summary: 'Comment on a stage\'s output (anyone on the project)' })
  @ApiCreatedResponse({ description: '{ comment, entry }' })
  comment(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() dto: StageCommentDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reviews.comment(slug, stage, dto.text, dto.expectedVersion, user, actorOf(user));
  }

  @Get('projects/:slug/stages/:stage/reviews')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'Every review round of a stage with its decisions, who is still to decide, and the comments' })
  stageReviews(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey) {
    return this.reviews.stageReviews(slug, stage);
  }

  @Get('me/reviews')
  @ApiOperation({ summary: 'Stages waiting for your review decision, across your projects' })
  @ApiOkResponse({ description: '{ items: [{ project: { slug, name }, stage, stageTitle, round, openedAt, groups }], total }' })
  myReviews(@CurrentUser() user: AuthUser) {
    return this.reviews.waitingFor(user);
  }

  @Put('projects/:slug/manager')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign the programme manager who runs the project (admin); recorded in the history' })
  assignManager(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: AssignManagerDto, @CurrentUser() user: AuthUser) {
    return this.managers.assign(slug, dto.userId, dto.expectedVersion, actorOf(user));
  }
}
