import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectAccess } from '../auth/access.decorators';
import { ExpectedVersionQueryDto } from '../common/expected-version.dto';
import { ParseSlugPipe } from '../common/params';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { AppraisalDto } from './dto/appraisal.dto';
import { QuickWinsDto } from './dto/business-case.dto';
import { CreateOptionDto, UpdateOptionDto } from './dto/option.dto';
import { DevelopmentOfOptionsService } from './development-of-options.service';
import { ReadsAsOf } from '../history/as-of';

const CHANGES_ONLY_IN_STAGE = '{ error, message, blockers }: outside the write window (STAGE_NOT_STARTED, STAGE_IN_REVIEW, STAGE_APPROVED, PROJECT_ON_HOLD or PROJECT_CLOSED)';

@ApiTags('development of options (stage 6)')
@ApiBearerAuth()
@Controller('projects/:slug')
export class OptionsController {
  constructor(private readonly stage6: DevelopmentOfOptionsService) {}

  @Get('options')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The long list of options in order, with the blockers of the short-list rule and the preferred option' })
  list(@Param('slug', ParseSlugPipe) slug: string) {
    return this.stage6.listOptions(slug);
  }

  @Post('options')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Add an option to the long list, built from stage 5 proposals and described on the options framework filter' })
  @ApiCreatedResponse({ description: 'The option' })
  @ApiBadRequestResponse({ description: 'Invalid fields, e.g. proposalIds naming proposals that are not in stage 5' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  create(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: CreateOptionDto, @CurrentUser() user: AuthUser) {
    return this.stage6.createOption(slug, dto, actorOf(user));
  }

  @Get('options/:optionId')
  @ProjectAccess('read')
  @ApiOperation({ summary: 'One option, with a summary of its appraisal' })
  @ApiNotFoundResponse()
  get(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId') optionId: string) {
    return this.stage6.getOption(slug, optionId);
  }

  @Patch('options/:optionId')
  @ProjectAccess('manage')
  @ApiOperation({
    summary:
      'Change an option: short-list or discount it with a reason, mark it preferred (unmarks the others), flag a quick win, decide whether it is a significant service change, add refinement notes',
  })
  @ApiOkResponse({ description: 'The option' })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  update(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId') optionId: string, @Body() dto: UpdateOptionDto, @CurrentUser() user: AuthUser) {
    return this.stage6.updateOption(slug, optionId, dto, actorOf(user));
  }

  @Delete('options/:optionId')
  @ProjectAccess('manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an option from the long list (to rule one out, discount it with a reason instead)' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  async remove(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId') optionId: string, @Query() query: ExpectedVersionQueryDto, @CurrentUser() user: AuthUser) {
    await this.stage6.deleteOption(slug, optionId, query.expectedVersion, actorOf(user));
  }

  @Put('options/:optionId/appraisal')
  @ProjectAccess('manage')
  @ApiOperation({
    summary:
      'Record the appraisal of an option: scores with rationale, capital and revenue costs and monetised benefits by year, period (default 10 years), discount rate (default 0.035), unquantified benefits',
  })
  @ApiOkResponse({ description: 'The appraisal with PV costs and benefits, NPSV, BCR and the sensitivity cases' })
  @ApiBadRequestResponse({ description: 'Invalid figures, one message per field (e.g. periodYears, discountRate, costs[0].capital)' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  recordAppraisal(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId') optionId: string, @Body() dto: AppraisalDto, @CurrentUser() user: AuthUser) {
    return this.stage6.recordAppraisal(slug, optionId, dto, actorOf(user));
  }

  @Get('options/:optionId/appraisal')
  @ProjectAccess('read')
  @ApiOperation({ summary: 'An option\'s appraisal: year by year, PV costs and benefits, NPSV, BCR, sensitivity (costs +20%, benefits -20%, both)' })
  @ApiNotFoundResponse({ description: 'No such option, or it has not been appraised' })
  getAppraisal(@Param('slug', ParseSlugPipe) slug: string, @Param('optionId') optionId: string) {
    return this.stage6.getAppraisal(slug, optionId);
  }

  @Get('appraisals')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'The short list\'s appraisals side by side, with what is still missing' })
  appraisals(@Param('slug', ParseSlugPipe) slug: string) {
    return this.stage6.appraisals(slug);
  }

  @Get('quick-wins')
  @ProjectAccess('read')
  @ApiOperation({ summary: 'Options flagged as quick wins, and whether the team recorded that there are none' })
  quickWins(@Param('slug', ParseSlugPipe) slug: string) {
    return this.stage6.quickWins(slug);
  }

  @Put('quick-wins')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Record that the team looked for quick wins and found none (or undo that)' })
  @ApiConflictResponse({ description: CHANGES_ONLY_IN_STAGE })
  recordQuickWins(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: QuickWinsDto, @CurrentUser() user: AuthUser) {
    return this.stage6.recordQuickWins(slug, dto.noneIdentified, dto.expectedVersion, actorOf(user));
  }
}
