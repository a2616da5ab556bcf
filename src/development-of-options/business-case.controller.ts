import { Body, Controller, Get, HttpCode, Injectable, Param, PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CASE_KEYS, type CaseKey } from '../../workflows/stage6';
import { ProjectAccess } from '../auth/access.decorators';
import { InvalidInputError } from '../common/domain-errors';
import { withoutVersion } from '../common/expected-version.dto';
import { ParseSlugPipe } from '../common/params';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ServiceChangeAssuranceDto } from './dto/assurance.dto';
import {
  CaseStatusDto,
  CommercialCaseDto,
  DocumentQueryDto,
  EconomicCaseDto,
  FinancialCaseDto,
  ManagementCaseDto,
  StrategicCaseDto,
} from './dto/business-case.dto';
import { DevelopmentOfOptionsService } from './development-of-options.service';
import { ReadsAsOf } from '../history/as-of';

@Injectable()
export class ParseCasePipe implements PipeTransform<string, CaseKey> {
  transform(value: string): CaseKey {
    if (!(CASE_KEYS as readonly string[]).includes(value)) {
      throw new InvalidInputError('Unknown case.', [{ field: 'case', message: `case must be one of ${CASE_KEYS.join(', ')}` }]);
    }
    return value as CaseKey;
  }
}

const CHANGES_ONLY_IN_STAGE = '{ error, message, blockers }: outside the write window (STAGE_NOT_STARTED, STAGE_IN_REVIEW, STAGE_APPROVED, PROJECT_ON_HOLD or PROJECT_CLOSED)';
const SECTIONS = 'Replace the sections sent (the others are kept). An edit returns the case to draft: completeness and approval are about the content as it stands.';

@ApiTags('development of options (stage 6)')
@ApiBearerAuth()
@Controller('projects/:slug')
export class BusinessCaseController {
  constructor(private readonly stage6: DevelopmentOfOptionsService) {}

  @Get('business-case')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The five-case Outline Business Case: each case\'s sections, status, approval and the blockers to completing it; affordability' })
  get(@Param('slug', ParseSlugPipe) slug: string) {
    return this.stage6.businessCase(slug);
  }

  @Get('business-case/document')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The business case as one board-ready document, with the appraisal tables (format=html, the default, or markdown)' })
  @ApiProduces('text/html', 'text/markdown')
  async document(@Param('slug', ParseSlugPipe) slug: string, @Query() query: DocumentQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'html';
    const body = await this.stage6.document(slug, format);
    reply.header('Content-Type', format === 'markdown' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8');
    return body;
  }

  @Put('business-case/strategic')
  @ProjectAccess('manage')
  @ApiOperation({ summary: `Strategic case: spending objectives, existing arrangements, business needs (stage 2 needs), scope, benefits, risks, constraints, dependencies. ${SECTIONS}` })
  @ApiBadRequestResponse({ description: 'Invalid fields, e.g. needIds that are not stage 2 needs' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  strategic(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: StrategicCaseDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateCase(slug, 'strategic', { ...withoutVersion(dto) }, dto.expectedVersion, actorOf(user));
  }

  @Put('business-case/economic')
  @ProjectAccess('manage')
  @ApiOperation({ summary: `Economic case: critical success factors and why the preferred option is preferred (the lists and appraisal results come from the options). ${SECTIONS}` })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  economic(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: EconomicCaseDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateCase(slug, 'economic', { ...withoutVersion(dto) }, dto.expectedVersion, actorOf(user));
  }

  @Put('business-case/commercial')
  @ProjectAccess('manage')
  @ApiOperation({ summary: `Commercial case: procurement or delivery route, risk allocation. ${SECTIONS}` })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  commercial(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: CommercialCaseDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateCase(slug, 'commercial', { ...withoutVersion(dto) }, dto.expectedVersion, actorOf(user));
  }

  @Put('business-case/financial')
  @ProjectAccess('manage')
  @ApiOperation({ summary: `Financial case: funding sources, affordability statement, the plan to close any funding gap (the requirement comes from the preferred option's appraisal). ${SECTIONS}` })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  financial(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: FinancialCaseDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateCase(slug, 'financial', { ...withoutVersion(dto) }, dto.expectedVersion, actorOf(user));
  }

  @Put('business-case/management')
  @ProjectAccess('manage')
  @ApiOperation({ summary: `Management case: senior responsible owner, delivery plan with milestones, governance, benefits realisation, risk register, post-implementation evaluation. ${SECTIONS}` })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  management(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: ManagementCaseDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateCase(slug, 'management', { ...withoutVersion(dto) }, dto.expectedVersion, actorOf(user));
  }

  @Post('business-case/:case/status')
  @ProjectAccess('manage')
  @HttpCode(200)
  @ApiParam({ name: 'case', enum: CASE_KEYS })
  @ApiOperation({
    summary:
      "Mark a case draft or complete (the programme manager). Complete needs every required section. A case is approved only by the board's own decision (POST /business-case/board-decisions, a board member); an approved case's status is not changed here (409 CASE_APPROVED_BY_BOARD)",
  })
  @ApiOkResponse({ description: 'The business case' })
  @ApiConflictResponse({ description: '{ error, message, blockers }: CASE_SECTION_EMPTY / CASE_SECTION_INVALID per section, or the stage is not in progress' })
  status(@Param('slug', ParseSlugPipe) slug: string, @Param('case', ParseCasePipe) caseKey: CaseKey, @Body() dto: CaseStatusDto, @CurrentUser() user: AuthUser) {
    return this.stage6.setCaseStatus(slug, caseKey, dto, actorOf(user));
  }

  @Get('service-change-assurance')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The NHS England assurance record for a significant service change: whether it is required, the record, and what it still lacks' })
  assurance(@Param('slug', ParseSlugPipe) slug: string) {
    return this.stage6.assurance(slug);
  }

  @Put('service-change-assurance')
  @ProjectAccess('manage')
  @ApiOperation({
    summary:
      'Replace the assurance record: evidence for the four tests, whether beds close and the bed-closure evidence, the consultation plan (Gunning principles, at least 12 weeks), the date the health scrutiny committee was consulted',
  })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  recordAssurance(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: ServiceChangeAssuranceDto, @CurrentUser() user: AuthUser) {
    return this.stage6.recordAssurance(slug, dto, actorOf(user));
  }
}
