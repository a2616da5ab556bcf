import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { EVENTS_NEEDING_REASON, STAGE_EVENT_TYPES, STAGE_KEYS, StageKey, WORKFLOW_EVENT_TYPES, WorkflowEventType } from '../../../workflows';
import { MAX_VERSION } from '../../common/limits';

export class WorkflowEventDto {
  @ApiProperty({ enum: WORKFLOW_EVENT_TYPES, example: 'SUBMIT_FOR_REVIEW' })
  @IsIn(WORKFLOW_EVENT_TYPES)
  type: WorkflowEventType;

  @ApiPropertyOptional({ enum: STAGE_KEYS, example: 'planning-and-codesign', description: 'Required for stage events.' })
  @ValidateIf((o: WorkflowEventDto) => STAGE_EVENT_TYPES.includes(o.type) || o.stage !== undefined)
  @IsIn(STAGE_KEYS, { message: 'stage must be one of the framework stage keys (required for SUBMIT_FOR_REVIEW, APPROVE_STAGE, REQUEST_CHANGES and REOPEN_STAGE)' })
  stage?: StageKey;

  @ApiPropertyOptional({ example: 'Future population modelling is missing.', description: 'Required for REQUEST_CHANGES, PUT_ON_HOLD, WITHDRAW and REOPEN_STAGE.' })
  @ValidateIf((o: WorkflowEventDto) => EVENTS_NEEDING_REASON.includes(o.type) || o.reason !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'reason is required for REQUEST_CHANGES, PUT_ON_HOLD, WITHDRAW and REOPEN_STAGE' })
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ example: 4, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}
