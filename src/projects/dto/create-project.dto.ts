import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { DISTRICTS, OXFORDSHIRE_PCNS_2019 } from '../../../workflows';
import { SLUG_PATTERN } from '../../common/params';

export class CreateProjectDto {
  @ApiProperty({ example: 'Wantage and surrounding villages' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'wantage', description: 'Lower-case letters and digits separated by hyphens; the project URL key.' })
  @IsString()
  @Length(1, 80)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters and digits separated by single hyphens' })
  slug: string;

  @ApiProperty({ enum: ['neighbourhood', 'town', 'locality'], example: 'town' })
  @IsIn(['neighbourhood', 'town', 'locality'])
  scope: 'neighbourhood' | 'town' | 'locality';

  @ApiPropertyOptional({ example: 'OX12 postcode area: Wantage, Grove and the surrounding villages' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  area?: string;

  @ApiPropertyOptional({ enum: DISTRICTS, isArray: true, example: ['Vale of White Horse'], description: 'Defaults to the districts of the PCNs.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(DISTRICTS, { each: true })
  districts?: string[];

  @ApiPropertyOptional({ isArray: true, example: ['wantage'], description: 'PCN codes from GET /api/pcns.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsIn(OXFORDSHIRE_PCNS_2019.map((p) => p.code), { each: true, message: 'each value in pcns must be a PCN code from GET /api/pcns' })
  pcns?: string[];

  @ApiPropertyOptional({
    example: 30070,
    description: 'Registered patients, when the place is not made of listed PCNs or a newer count is known; otherwise the sum of the PCNs.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  registeredPopulation?: number;
}
