import { applyDecorators, Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentTarget, BUSINESS_CASE_SECTIONS, BusinessCaseSection, StageKey } from '../../workflows';
import { STAGE6 } from '../../workflows/stage6/common';
import { ProjectAccess } from '../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ExpectedVersionQueryDto } from '../common/expected-version.dto';
import { ParseSlugPipe, ParseStagePipe } from '../common/params';
import { AppConfig } from '../config/app-config';
import { REGISTER_NAMES, RegisterDefinition } from '../registers/register-catalogue';
import { ParseRegisterPipe } from '../registers/register.pipe';
import { EvidenceFilesService, FILE_ACCESS } from './evidence-files.service';
import { ACCEPTED_TYPES_TEXT, attachmentDisposition } from './evidence-type';
import { readUpload } from './upload';

/** The route option that lets a multipart body through to an API route (web-setup refuses it elsewhere). */
export const ACCEPTS_MULTIPART = { acceptsMultipart: true };

const upload = (what: string) =>
  applyDecorators(
    RouteConfig(ACCEPTS_MULTIPART),
    ApiOperation({ summary: `Attach an evidence file to ${what} (${ACCEPTED_TYPES_TEXT}); the type is read from the content` }),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } }),
    ApiQuery({ name: 'expectedVersion', required: false, type: Number }),
    ApiCreatedResponse({ description: '{ id, filename, contentType, size, sha256, ..., entry }: the history entry carries the SHA-256' }),
    ApiBadRequestResponse({ description: 'No file, or a type that is not accepted (the message lists those that are)' }),
    ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_LIMIT_BYTES (the message names the limit)' }),
    ApiConflictResponse({ description: 'The write window is closed (e.g. the stage is approved: reopen it first), or a version conflict' }),
  );

const list = (what: string) => applyDecorators(ApiOperation({ summary: `The files attached to ${what}` }), ApiOkResponse({ description: '{ items: [{ id, filename, contentType, size, sha256, target, attachedAt, attachedBy, href }] }' }));

const sectionParam = ApiParam({ name: 'case', enum: BUSINESS_CASE_SECTIONS });
const registerParam = ApiParam({ name: 'register', enum: REGISTER_NAMES });

@ApiTags('evidence files')
@ApiBearerAuth()
@Controller()
export class FilesController {
  constructor(
    private readonly files: EvidenceFilesService,
    private readonly config: AppConfig,
  ) {}

  @Post('projects/:slug/stages/:stage/deliverables/:deliverable/files')
  @ProjectAccess(FILE_ACCESS['deliverable'])
  @upload('a deliverable')
  async attachToDeliverable(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('deliverable') deliverable: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ) {
    return this.attach(slug, { kind: 'deliverable', stage, deliverable }, query, user, request);
  }

  @Get('projects/:slug/stages/:stage/deliverables/:deliverable/files')
  @ProjectAccess('read')
  @list('a deliverable')
  deliverableFiles(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('deliverable') deliverable: string) {
    return this.files.list(slug, { kind: 'deliverable', stage, deliverable });
  }

  @Post('projects/:slug/registers/:register/:id/files')
  @ProjectAccess(FILE_ACCESS['register-record'])
  @registerParam
  @upload('a register record')
  async attachToRecord(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('register', ParseRegisterPipe) def: RegisterDefinition,
    @Param('id') id: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ) {
    return this.attach(slug, { kind: 'register-record', stage: def.stage, register: def.name, recordId: id }, query, user, request);
  }

  @Get('projects/:slug/registers/:register/:id/files')
  @ProjectAccess('read')
  @registerParam
  @list('a register record')
  recordFiles(@Param('slug', ParseSlugPipe) slug: string, @Param('register', ParseRegisterPipe) def: RegisterDefinition, @Param('id') id: string) {
    return this.files.list(slug, { kind: 'register-record', stage: def.stage, register: def.name, recordId: id });
  }

  @Post('projects/:slug/stages/:stage/comments/:commentId/files')
  @ProjectAccess(FILE_ACCESS['review-comment'])
  @upload('a review comment (its author only)')
  async attachToComment(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('stage', ParseStagePipe) stage: StageKey,
    @Param('commentId') commentId: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ) {
    return this.attach(slug, { kind: 'review-comment', stage, commentId: Number(commentId) }, query, user, request);
  }

  @Get('projects/:slug/stages/:stage/comments/:commentId/files')
  @ProjectAccess('read')
  @list('a review comment')
  commentFiles(@Param('slug', ParseSlugPipe) slug: string, @Param('stage', ParseStagePipe) stage: StageKey, @Param('commentId') commentId: string) {
    return this.files.list(slug, { kind: 'review-comment', stage, commentId: Number(commentId) });
  }

  @Post('projects/:slug/business-case/:case/files')
  @ProjectAccess(FILE_ACCESS['business-case-section'])
  @sectionParam
  @upload('a section of the business case')
  async attachToSection(
    @Param('slug', ParseSlugPipe) slug: string,
    @Param('case') section: string,
    @Query() query: ExpectedVersionQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ) {
    return this.attach(slug, { kind: 'business-case-section', stage: STAGE6, section: section as BusinessCaseSection }, query, user, request);
  }

  @Get('projects/:slug/business-case/:case/files')
  @ProjectAccess('read')
  @sectionParam
  @list('a section of the business case')
  sectionFiles(@Param('slug', ParseSlugPipe) slug: string, @Param('case') section: string) {
    return this.files.list(slug, { kind: 'business-case-section', stage: STAGE6, section: section as BusinessCaseSection });
  }

  @Delete('projects/:slug/files/:fileId')
  @ProjectAccess('contribute')
  @ApiOperation({ summary: "Remove an attachment from its record's list (recorded; the file stays downloadable, for the history refers to it)" })
  @ApiOkResponse({ description: '{ file, entry }' })
  @ApiConflictResponse({ description: 'The write window of its record is closed, it was already removed, or a version conflict' })
  remove(@Param('slug', ParseSlugPipe) slug: string, @Param('fileId') fileId: string, @Query() query: ExpectedVersionQueryDto, @CurrentUser() user: AuthUser) {
    return this.files.remove(slug, fileId, query.expectedVersion, actorOf(user), user);
  }

  @Get('files/:id')
  @ApiOperation({ summary: 'Download an evidence file (anyone who may read its project); always as an attachment, never shown inline' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with the content type detected at upload and Content-Disposition: attachment' })
  async download(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    await sendFile(reply, await this.files.download(id, user));
  }

  private async attach(slug: string, target: AttachmentTarget, query: ExpectedVersionQueryDto, user: AuthUser, request: FastifyRequest) {
    const file = await readUpload(request, this.config.UPLOAD_LIMIT_BYTES);
    const { file: saved, entry } = await this.files.attach(slug, target, file, query.expectedVersion, actorOf(user), user);
    return { ...saved, entry };
  }
}

/** The one way a file leaves the service: as a download, typed as detected, never sniffed or rendered. */
export async function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; bytes: Buffer }): Promise<void> {
  await reply
    .header('Content-Type', file.contentType)
    .header('Content-Disposition', attachmentDisposition(file.filename))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store')
    .send(file.bytes);
}
