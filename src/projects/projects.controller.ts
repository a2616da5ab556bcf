import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StageKey } from '../../workflows';
import { PageQueryDto } from '../common/pagination.dto';
import { historyDownload } from '../history/history.controller';
import { HistoryQueryDto } from '../history/history-query.dto';
import { HistoryService } from '../history/history.service';
import { ParseSlugPipe, ParseStagePipe } from '../common/params';
import { ProjectAccess, Roles } from '../auth/access.decorators';
import { ProjectAccessService } from '../auth/project-access.service';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { CreateProjectDto } from './dto/create-project.dto';
import { ReopenStageDto } from './dto/reopen-stage.dto';
import { UpdateDeliverableDto } from './dto/update-deliverable.dto';
import { UpdateProjectDto } from './dto/update-project.dto';
import { WorkflowEventDto } from './dto/workflow-event.dto';
import { ProjectsService } from './projects.service';
import { WorkflowService } from './workflow.service';
import { ReadsAsOf } from '../history/as-of';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly access: ProjectAccessService,
    private readonly histories: HistoryService,
  ) {}

  @Post()
  @Roles('programme-manager')
  @ApiOperation({ summary: 'Create a locality project; stage 1 (planning and co-design) starts in progress' })
  @ApiCreatedResponse({ description: 'The project with its workflow view' })
  @ApiConflictResponse({ description: 'SlugTaken' })
  create(@Body() dto: CreateProjectDto, @CurrentUser() user: AuthUser) {
    return this.projects.create(dto, actorOf(user));
  }

  @Get()
  @ApiOperation({ summary: 'List the projects the caller may read: { items, total, limit, offset }' })
  list(@Query() page: PageQueryDto, @CurrentUser() user: AuthUser) {
    return this.projects.list(page.limit, page.offset, (manager) => this.access.readableProjectIds(manager, user));
  }

  @Get(':slug')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'A project with its registered population (recorded, or the sum of its PCNs) and workflow view' })
  @ApiNotFoundResponse()
  get(@Param('slug', ParseSlugPipe) slug: string) {
    return this.projects.get(slug);
  }

  @Patch(':slug')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Correct a project\'s details: name, area, districts, PCNs, recorded registered population (null: the PCNs\' sum)' })
  @ApiOkResponse({ description: 'The project with its workflow view' })
  @ApiConflictResponse({ description: 'The project is completed or withdrawn (PROJECT_CLOSED), or VersionConflict' })
  updateDetails(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: UpdateProjectDto, @CurrentUser() user: AuthUser) {
    return this.projects.updateDetails(slug, dto, actorOf(user));
  }

  @Get(':slug/workflow')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'Where the project stands: stage statuses, deliverables, blockers and the events allowed now' })
  workflowView(@Param('slug', ParseSlugPipe) slug: string) {
    return this.projects.workflow(slug);
  }

  @Post(':slug/workflow/events')
  @ProjectAccess('manage')
  @HttpCode(201)
  @ApiOperation({ summary: 'Apply a workflow event (SUBMIT_FOR_REVIEW, APPROVE_STAGE, REQUEST_CHANGES, PUT_ON_HOLD, RESUME, WITHDRAW, REOPEN_STAGE)' })
  @ApiCreatedResponse({ description: 'The history entry and the new workflow view' })
  @ApiConflictResponse({ description: '{ error, message, blockers }: refused by the workflow, or VersionConflict' })
  applyEvent(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: WorkflowEventDto, @CurrentUser() user: AuthUser) {
    return this.workflow.applyEvent(slug, { type: dto.type, stage: dto.stage, reason: dto.reason }, dto.expectedVersion, actorOf(user));
  }

  @Post(':slug/stages/:stage/reopen')
  @ProjectAccess('manage')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Reopen an approved stage, with a reason: it goes back to in progress, and the later stages whose approval rested on it go back to not started (recorded as STAGE_REOPENED)',
  })
  @ApiCreatedResponse({ description: 'The history entry and the new workflow view' })
  @ApiConflictResponse({ description: '{ error, message, blockers }: the stage is not approved (STAGE_NOT_APPROVED), the project is on hold or closed, or VersionConflict' })
  reopenStage(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Body() dto: ReopenStageDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflow.applyEvent(slug, { type: 'REOPEN_STAGE', stage, reason: dto.reason }, dto.expectedVersion, actorOf(user));
  }

  @Put(':slug/stages/:stage/deliverables/:deliverable')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Record a deliverable\'s status and evidence while its stage is in progress' })
  @ApiOkResponse({ description: 'The history entry and the new workflow view' })
  updateDeliverable(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('deliverable') deliverable: string,
    @Body() dto: UpdateDeliverableDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflow.updateDeliverable(slug, stage, deliverable, dto, dto.expectedVersion, actorOf(user));
  }

  @Get(':slug/history')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({
    summary:
      'Every command on the project in order, accepted and refused (append-only): { items, total, limit, offset, next }; keyset pages with after=<sequence>, filters type, stage, actor, outcome, from, to; format=csv streams all matching entries',
  })
  history(@Param('slug', ParseSlugPipe) slug: string, @Query() query: HistoryQueryDto) {
    if (query.format === 'csv') return historyDownload(this.histories, slug, query);
    return this.histories.page(slug, query);
  }
}
