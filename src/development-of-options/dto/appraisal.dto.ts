import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/**
 * The shapes only: ranges (score 1-5, costs and benefits £0 to MAX_POUNDS, period 1-60 years, discount rate 0-0.2,
 * years inside the period) are the appraisal rules' job (validateAppraisalInput), which
 * answer 400 with one message per field.
 */
export class CriterionScoreDto {
  @ApiProperty({ example: 4, description: 'A whole number from 1 (poor) to 5 (strong).' })
  @IsNumber()
  score: number;

  @ApiProperty({ example: 'Site owned by the trust; workforce plan agreed with the PCN' })
  @IsString()
  @MaxLength(10000)
  rationale: string;
}

export class AppraisalScoresDto {
  @ApiPropertyOptional({ type: CriterionScoreDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  deliverability?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  operationalSustainability?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  affordability?: CriterionScoreDto;
}

export class CostLineDto {
  @ApiProperty({ example: 0, description: 'A whole number from 0 (the first year of the appraisal period, undiscounted) to periodYears - 1.' })
  @IsNumber()
  year: number;

  @ApiProperty({ example: 100000, description: 'Pounds, from 0 to 1,000,000,000,000.' })
  @IsNumber()
  capital: number;

  @ApiProperty({ example: 0, description: 'Pounds, from 0 to 1,000,000,000,000.' })
  @IsNumber()
  revenue: number;

  @ApiPropertyOptional({ example: 'Refurbishment of the outpatients wing' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class BenefitLineDto {
  @ApiProperty({ example: 1, description: 'A whole number from 0 to periodYears - 1.' })
  @IsNumber()
  year: number;

  @ApiProperty({ example: 80000, description: 'Monetised benefit in pounds, from 0 to 1,000,000,000,000.' })
  @IsNumber()
  amount: number;

  @ApiPropertyOptional({ example: 'Avoided emergency admissions of over-75s' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class AppraisalDto {
  @ApiProperty({ type: AppraisalScoresDto, description: 'A score with rationale for deliverability, operational sustainability and affordability.' })
  @ValidateNested()
  @Type(() => AppraisalScoresDto)
  scores: AppraisalScoresDto;

  @ApiProperty({ type: [CostLineDto], example: [{ year: 0, capital: 100000, revenue: 0 }, { year: 1, capital: 0, revenue: 50000 }] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  costs: CostLineDto[];

  @ApiProperty({ type: [BenefitLineDto], example: [{ year: 1, amount: 80000 }, { year: 2, amount: 120000 }] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => BenefitLineDto)
  benefits: BenefitLineDto[];

  @ApiPropertyOptional({ type: [String], example: ['Care closer to home for frail residents'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  unquantifiedBenefits?: string[];

  @ApiPropertyOptional({ example: 10, nullable: true, description: 'Whole years from 1 to 60; 10 when absent.' })
  @IsOptional()
  @IsNumber()
  periodYears?: number | null;

  @ApiPropertyOptional({ example: 0.035, nullable: true, description: 'A fraction from 0 to 0.2 (0.035 = 3.5%, the Green Book rate); 0.035 when absent.' })
  @IsOptional()
  @IsNumber()
  discountRate?: number | null;
}
