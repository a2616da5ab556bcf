import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf, Max } from 'class-validator';
import { MAX_VERSION } from '../../common/limits';

export class WriteQueryDto {
  @ApiPropertyOptional({ example: 7, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}

export class ImportQueryDto extends WriteQueryDto {
  @ApiPropertyOptional({
    enum: ['append', 'replace'],
    default: 'append',
    example: 'replace',
    description: 'append: add the file\'s records (an id already in the register is an error). replace: the register becomes exactly the file.',
  })
  @IsOptional()
  @IsIn(['append', 'replace'])
  mode: 'append' | 'replace' = 'append';
}

export class CoverageReasonDto {
  @ApiProperty({
    example: 'Temporary residents at the Grove Airfield site are not yet segmented; GP registration data for them arrives in the autumn.',
    nullable: true,
    description: 'Why the segments cover less than 90% of the registered population; null or blank clears it.',
  })
  @ValidateIf((o: CoverageReasonDto) => o.shortfallReason !== null)
  @IsString()
  @MaxLength(2000)
  shortfallReason: string | null;

  @ApiPropertyOptional({ example: 7, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}
