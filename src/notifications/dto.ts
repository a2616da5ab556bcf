import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DELIVERY_MODES, DeliveryMode } from '../../workflows/notifications';

const MODE = { message: `$property must be one of: ${DELIVERY_MODES.join(', ')}` };
const prop = (description: string) => ApiPropertyOptional({ enum: DELIVERY_MODES, description });

/** Per kind, how the person wants to hear of it; kinds left out keep their choice. */
export class NotificationPreferencesDto {
  @prop('A stage you review is submitted for review') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'stage-submitted'?: DeliveryMode;
  @prop('Changes are asked for on a stage you run') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'changes-requested'?: DeliveryMode;
  @prop('A review has every approval it needs') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'review-quorum'?: DeliveryMode;
  @prop('A stage is approved') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'stage-approved'?: DeliveryMode;
  @prop('A project you follow is put on hold') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'project-on-hold'?: DeliveryMode;
  @prop('A project you follow resumes') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'project-resumed'?: DeliveryMode;
  @prop('A project you follow is withdrawn') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'project-withdrawn'?: DeliveryMode;
  @prop('A project you follow is completed') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'project-completed'?: DeliveryMode;
  @prop('A stage passes its target date') @IsOptional() @IsIn(DELIVERY_MODES, MODE) 'stage-overdue'?: DeliveryMode;
}
