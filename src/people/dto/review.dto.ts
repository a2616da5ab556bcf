import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ExpectedVersionDto } from '../../common/expected-version.dto';
import { DECISION_KINDS, DecisionKind, REVIEW_GROUPS, REVIEW_LIMITS, ReviewGroup } from '../../../workflows/people';

export class ReviewDecisionDto extends ExpectedVersionDto {
  @ApiProperty({ enum: DECISION_KINDS, example: 'request-changes' })
  @IsIn(DECISION_KINDS)
  decision: DecisionKind;

  @ApiPropertyOptional({
    example: 'The needs analysis covers current need only; add the housing-growth projections for Grove.',
    description: 'Required when asking for changes.',
  })
  @ValidateIf((o: ReviewDecisionDto) => o.decision === 'request-changes' || o.comment !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'comment is required when asking for changes: say what needs to change' })
  @MaxLength(REVIEW_LIMITS.commentMaxLength)
  comment?: string;

  @ApiPropertyOptional({ enum: REVIEW_GROUPS, example: 'stakeholder-group', description: 'Only for a reviewer who sits in both reviewing groups.' })
  @IsOptional()
  @IsIn(REVIEW_GROUPS)
  group?: ReviewGroup;
}

export class StageCommentDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'Could the service map show the Saturday clinics at the community hospital?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REVIEW_LIMITS.commentMaxLength)
  text: string;
}

export class AssignManagerDto extends ExpectedVersionDto {
  @ApiProperty({ example: '6f1c2a9e-3b1d-4c57-9a55-2f0d4b1e8c11', description: 'An active user with the programme-manager role.' })
  @IsUUID('all', { message: 'userId must be the id of a user account' })
  userId: string;
}
