import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { DeliverableStatus } from '../../../workflows';
import { MAX_VERSION } from '../../common/limits';

export class UpdateDeliverableDto {
  @ApiProperty({ enum: ['not-started', 'in-progress', 'done', 'not-applicable'], example: 'done' })
  @IsIn(['not-started', 'in-progress', 'done', 'not-applicable'])
  status: DeliverableStatus;

  @ApiPropertyOptional({
    example: 'Scope agreed at the stakeholder workshop of 12 March; see the scoping paper on the programme SharePoint.',
    description: 'What was done and where the output is. Required when status is done.',
  })
  @ValidateIf((o: UpdateDeliverableDto) => o.status === 'done' || o.evidence !== undefined)
  @IsString()
  // blank evidence ("   ") is no evidence: it must say something
  @Matches(/\S/, { message: 'evidence is required when a deliverable is done: say what was done and where the output is' })
  @MaxLength(5000)
  evidence?: string;

  @ApiPropertyOptional({ example: 3, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}
