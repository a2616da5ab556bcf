import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DATE_PATTERN } from './option.dto';
import { ExpectedVersionDto } from '../../common/expected-version.dto';

const TEXT = 20000;

/** Evidence for NHS England's four tests of a significant service change. */
export class SscTestsDto {
  @ApiPropertyOptional({ example: 'Six public events and a survey of 800 residents' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  publicEngagement?: string;

  @ApiPropertyOptional({ example: 'Outpatients keep a choice of site' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  patientChoice?: string;

  @ApiPropertyOptional({ example: 'Clinical senate review, March 2023' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  clinicalEvidence?: string;

  @ApiPropertyOptional({ example: 'ICB board support, February 2023' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  commissionerSupport?: string;
}

/** The public consultation plan, against the Gunning principles. */
export class ConsultationPlanDto {
  @ApiPropertyOptional({ example: 12, nullable: true, description: 'Weeks; at least 12.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(520)
  periodWeeks?: number | null;

  @ApiPropertyOptional({ example: 'Consultation document, easy-read version and data pack' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  informationProvided?: string;

  @ApiPropertyOptional({ example: 'Independent analysis of responses reported to the board before it decides' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  responsesTakenIntoAccount?: string;

  @ApiPropertyOptional({ example: 'No decision taken; all short-listed options remain open' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  formativeStage?: string;
}

/** The whole record: a PUT replaces it. */
export class ServiceChangeAssuranceDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ type: SscTestsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SscTestsDto)
  tests?: SscTestsDto;

  @ApiPropertyOptional({ example: false, nullable: true, description: 'Do any beds close? null = not yet answered.' })
  @IsOptional()
  @IsBoolean()
  bedsClose?: boolean | null;

  @ApiPropertyOptional({ example: 'Alternative provision in the hub and the new care home beds (bed-closure test)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  bedClosureEvidence?: string;

  @ApiPropertyOptional({ type: ConsultationPlanDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsultationPlanDto)
  consultation?: ConsultationPlanDto;

  @ApiPropertyOptional({ example: '2023-01-26', nullable: true, description: 'The date the health scrutiny committee was consulted.' })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'healthScrutinyConsultedOn must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'healthScrutinyConsultedOn must be a real calendar date' })
  healthScrutinyConsultedOn?: string | null;
}
