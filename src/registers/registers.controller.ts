import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csvColumns } from '../../workflows/registers';
import { ProjectAccess } from '../auth/access.decorators';
import { ParseSlugPipe } from '../common/params';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { CoverageReasonDto, ImportQueryDto, WriteQueryDto } from './dto/register-queries.dto';
import { REGISTER_NAMES, RegisterDefinition, REGISTERS } from './register-catalogue';
import { recordSchema, REGISTER_EXAMPLES } from './register-examples';
import { ParseRegisterPipe } from './register.pipe';
import { RegistersService } from './registers.service';
import { ReadsAsOf } from '../history/as-of';

const registerParam = ApiParam({
  name: 'register',
  enum: REGISTER_NAMES,
  description:
    'segments, needs, projections, urgent-concerns (stage 2); assets, services, sustainability-issues (stage 3); good-practice (stage 4); solution-events, proposals, not-met (stage 5)',
});

// Record bodies are checked by the register schemas (workflows/registers), not class-validator
// DTOs, so the API and CSV import share one set of rules; the OpenAPI document still shows each.
const recordBody = (what: string) =>
  ApiBody({
    description: `${what}. The body is one record of the register in the path; each register's fields are below (one schema per register).`,
    schema: { oneOf: REGISTERS.map((r) => recordSchema(r.type)) },
    examples: Object.fromEntries(REGISTERS.map((r) => [r.name, { summary: `${r.name}: one ${r.label}`, value: REGISTER_EXAMPLES[r.type] }])),
  });

const csvHeaders = REGISTERS.map((r) => `${r.name}: ${csvColumns(r.type).join(',')}`).join('\n\n');

@ApiTags('registers')
@ApiBearerAuth()
@Controller('projects/:slug')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @Get('traceability')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({
    summary: 'Each stage 2 need and urgent concern with the good practice and proposals linked to it, and those nothing answers',
  })
  @ApiOkResponse({ description: '{ entries, unanswered, unaccounted }: unaccounted = unanswered and not recorded as not met' })
  traceability(@Param('slug', ParseSlugPipe) slug: string) {
    return this.registers.traceability(slug);
  }

  @Get('segment-coverage')
  @ReadsAsOf()
  @ProjectAccess('read')
  @ApiOperation({ summary: 'How much of the registered population (from the project\'s PCNs) the segments cover, and any recorded shortfall reason' })
  coverage(@Param('slug', ParseSlugPipe) slug: string) {
    return this.registers.coverage(slug);
  }

  @Put('segment-coverage')
  @ProjectAccess('manage')
  @ApiOperation({ summary: 'Record (or clear) why the segments cover less than 90% of the registered population, while stage 2 is in progress' })
  @ApiConflictResponse({ description: 'Stage 2 is not in progress' })
  setCoverageReason(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: CoverageReasonDto, @CurrentUser() user: AuthUser) {
    return this.registers.setCoverageShortfallReason(slug, dto.shortfallReason, dto.expectedVersion, actorOf(user));
  }

  @Get('registers/:register')
  @ReadsAsOf()
  @ProjectAccess('read')
  @registerParam
  @ApiOperation({ summary: 'The records of one register, in the order they were added' })
  @ApiOkResponse({ description: '{ register, stage, writable, items, total }' })
  list(@Param('slug', ParseSlugPipe) slug: string, @Param('register', ParseRegisterPipe) def: RegisterDefinition) {
    return this.registers.list(slug, def);
  }

  @Get('registers/:register/export')
  @ProjectAccess('read')
  @registerParam
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The register as CSV: a header row of field names, one row per record, lists joined with ";"' })
  @ApiOkResponse({ description: `CSV text. Columns per register:\n\n${csvHeaders}` })
  async export(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const csv = await this.registers.exportCsv(slug, def);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${slug}-${def.name}.csv"`);
    return csv;
  }

  @Post('registers/:register/import')
  @ProjectAccess('manage')
  @HttpCode(200)
  @registerParam
  @ApiConsumes('text/csv')
  @ApiBody({ description: `CSV text with a header row. Columns per register:\n\n${csvHeaders}`, schema: { type: 'string', example: 'id,segmentId,description\r\nneed-ltc,seg-ltc,Diabetes and COPD care closer to home\r\n' } })
  @ApiOperation({ summary: 'Import a register from CSV, all or nothing, while its stage is in progress' })
  @ApiOkResponse({ description: '{ entry, register, mode, created, updated, removed, total }' })
  @ApiBadRequestResponse({ description: "{ error: 'ValidationFailed', message, rows: [{ row, line, column, message }] }: nothing imported" })
  @ApiConflictResponse({ description: 'The stage is not in progress, or (replace) the import would remove records others link to (RecordInUse)' })
  import(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Query() query: ImportQueryDto,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ) {
    return this.registers.importCsv(slug, def, body, query.mode, query.expectedVersion, actorOf(user));
  }

  @Post('registers/:register')
  @ProjectAccess('manage')
  @registerParam
  @recordBody('The new record; give an id or the server makes one')
  @ApiOperation({ summary: 'Add a record to a register while its stage is in progress' })
  @ApiCreatedResponse({ description: '{ record, entry }: the record as stored and its history entry' })
  @ApiBadRequestResponse({ description: "{ error: 'ValidationFailed', message, fields: [{ field, message }] }" })
  @ApiConflictResponse({ description: 'The stage is not in progress (blockers), or RecordExists' })
  create(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Query() query: WriteQueryDto,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ) {
    return this.registers.create(slug, def, body, query.expectedVersion, actorOf(user));
  }

  @Get('registers/:register/:id')
  @ProjectAccess('read')
  @registerParam
  @ApiOperation({ summary: 'One record' })
  @ApiNotFoundResponse()
  get(@Param('slug', ParseSlugPipe) slug: string, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @Param('id') id: string) {
    return this.registers.get(slug, def, id);
  }

  @Put('registers/:register/:id')
  @ProjectAccess('manage')
  @registerParam
  @recordBody('The whole record (its id cannot change)')
  @ApiOperation({ summary: 'Replace a record while its stage is in progress' })
  @ApiOkResponse({ description: '{ record, entry }' })
  @ApiBadRequestResponse({ description: "{ error: 'ValidationFailed', message, fields: [{ field, message }] }" })
  update(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @Query() query: WriteQueryDto,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ) {
    return this.registers.update(slug, def, id, body, query.expectedVersion, actorOf(user));
  }

  @Delete('registers/:register/:id')
  @ProjectAccess('manage')
  @registerParam
  @ApiOperation({ summary: 'Delete a record no other record links to, while its stage is in progress' })
  @ApiOkResponse({ description: '{ entry }' })
  @ApiConflictResponse({ description: "{ error: 'RecordInUse', message, blockers, links: [{ recordType, id, field, target }] }, or the stage is not in progress" })
  remove(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @Query() query: WriteQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.registers.remove(slug, def, id, query.expectedVersion, actorOf(user));
  }
}
