import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ProjectAccess, Public } from '../auth/access.decorators';
import { ParseSlugPipe } from '../common/params';
import { decisionsCsv } from './decisions';
import { DecisionsQueryDto, HistoryQueryDto } from './history-query.dto';
import { HistoryService } from './history.service';

/** The CSV export as a download (the stream is written as it is read). */
export async function historyDownload(history: HistoryService, slug: string, query: HistoryQueryDto): Promise<StreamableFile> {
  const stream = await history.csv(slug, query);
  return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${slug}-history.csv"` });
}

@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('projects/:slug/history/verification')
  @ProjectAccess('read')
  @ApiOperation({
    summary:
      'Recompute the project\'s hash chain and check it against its head, its latest signed checkpoint and the record tables: { valid, entries, headSequence, headHash, firstInvalidSequence?, reason?, checkpoint, records }',
  })
  @ApiNotFoundResponse()
  verification(@Param('slug', ParseSlugPipe) slug: string) {
    return this.history.verify(slug);
  }

  @Get('projects/:slug/history.csv')
  @ProjectAccess('read')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The whole history (or the entries matching the filters) as CSV, streamed; formula-like cells are prefixed with \'' })
  @ApiNotFoundResponse()
  csv(@Param('slug', ParseSlugPipe) slug: string, @Query() query: HistoryQueryDto) {
    return historyDownload(this.history, slug, query);
  }

  @Get('projects/:slug/decisions')
  @ProjectAccess('read')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Every stage decision and business-case approval: who decided, the reason, the review round it closed with the standing reviewer decisions and approvals per group, the refused attempt just before it with its blockers, and its signed checkpoint (format=csv for CSV)',
  })
  @ApiNotFoundResponse()
  async decisions(@Param('slug', ParseSlugPipe) slug: string, @Query() query: DecisionsQueryDto) {
    const records = await this.history.decisions(slug);
    if (query.format !== 'csv') return { items: records, total: records.length };
    return new StreamableFile(decisionsCsv(records), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${slug}-decisions.csv"` });
  }

}

/** The checkpoint key, for anyone (no token): a board member checks a minuted head with it. */
@ApiTags('history')
@Public()
@Controller()
export class HistoryKeyController {
  constructor(private readonly history: HistoryService) {}

  @Get('history/public-key')
  @ApiOperation({ summary: 'The Ed25519 public key (SPKI PEM) that checks the signatures of history checkpoints' })
  @ApiOkResponse({ description: '{ algorithm: "Ed25519", keyId, publicKey }' })
  publicKey() {
    return this.history.publicKey();
  }
}
