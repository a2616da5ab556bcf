import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { ExpectedVersionDto } from '../common/expected-version.dto';
import { BOARD_DECISIONS, DISCUSSION_TEXT_LIMIT } from '../../workflows';

/**
 * The bodies take their fields as sent (`@Allow`): the rules, with their plain messages, are the
 * pure ones in workflows/collaboration.ts, checked by the services (400 per field).
 */
export class DiscussionPostDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'Could the needs pack show the Grove housing growth separately?', maxLength: DISCUSSION_TEXT_LIMIT })
  @Allow()
  text: unknown;

  @ApiPropertyOptional({ description: 'The id of the post this one answers, in the same stage\'s discussion.', example: '6f1c2a9e-3b1d-4c57-9a55-2f0d4b1e8c11' })
  @Allow()
  replyTo?: unknown;
}

export class DiscussionEditDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'Could the needs pack show the Grove and Wantage housing growth separately?', maxLength: DISCUSSION_TEXT_LIMIT })
  @Allow()
  text: unknown;
}

export class BoardDecisionDto extends ExpectedVersionDto {
  @ApiProperty({ enum: BOARD_DECISIONS, example: 'approved' })
  @Allow()
  decision: unknown;

  @ApiProperty({ example: '2026-03-12', description: 'The day the board met (YYYY-MM-DD); not after today in London.' })
  @Allow()
  meetingDate: unknown;

  @ApiProperty({ example: 'ISDB 2026/14', description: 'The minute that records the decision.' })
  @Allow()
  minuteReference: unknown;

  @ApiPropertyOptional({ example: 'Approved subject to the capital bid.' })
  @Allow()
  note?: unknown;
}
