import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectAccess, Public } from '../auth/access.decorators';
import { ParseSlugPipe } from '../common/params';
import { HistoryService } from './history.service';

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

  @Get('history/public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key (SPKI PEM) that checks the signatures of history checkpoints' })
  @ApiOkResponse({ description: '{ algorithm: "Ed25519", keyId, publicKey }' })
  publicKey() {
    return this.history.publicKey();
  }
}
