import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

export class ReopenStageDto {
  @ApiProperty({ example: 'The stakeholder group must be rebuilt: two members have left their organisations.' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required: say why the approved stage is reopened' })
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: 12, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
