import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { DISTRICTS, OXFORDSHIRE_PCNS_2019 } from '../../../workflows';
import { MAX_VERSION } from '../../common/limits';

/** The details a programme manager can correct as the project goes on; the slug and scope stay. */
export class UpdateProjectDto {
  @ApiPropertyOptional({ example: 'Wantage, Grove and surrounding villages' })
  @ValidateIf((o: UpdateProjectDto) => o.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'OX12 postcode area', nullable: true })
  @ValidateIf((o: UpdateProjectDto) => o.area !== undefined && o.area !== null)
  @IsString()
  @MaxLength(500)
  area?: string | null;

  @ApiPropertyOptional({ enum: DISTRICTS, isArray: true, example: ['Vale of White Horse'] })
  @ValidateIf((o: UpdateProjectDto) => o.districts !== undefined)
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(DISTRICTS, { each: true })
  districts?: string[];

  @ApiPropertyOptional({ isArray: true, example: ['wantage'], description: 'PCN codes from GET /api/pcns.' })
  @ValidateIf((o: UpdateProjectDto) => o.pcns !== undefined)
  @IsArray()
  @ArrayMaxSize(30)
  @IsIn(OXFORDSHIRE_PCNS_2019.map((p) => p.code), { each: true, message: 'each value in pcns must be a PCN code from GET /api/pcns' })
  pcns?: string[];

  @ApiPropertyOptional({ example: 31250, nullable: true, description: 'Recorded registered patients; null goes back to the sum of the PCNs.' })
  @ValidateIf((o: UpdateProjectDto) => o.registeredPopulation !== undefined && o.registeredPopulation !== null)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  registeredPopulation?: number | null;

  @ApiPropertyOptional({ example: 7, maximum: MAX_VERSION, description: 'Refuse with 409 VersionConflict unless the project is at this version.' })
  @ValidateIf((o: UpdateProjectDto) => o.expectedVersion !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}
