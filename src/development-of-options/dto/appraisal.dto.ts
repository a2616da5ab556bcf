import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BENEFIT_KINDS, type BenefitKind } from '../../../workflows/stage6';
import { ExpectedVersionDto } from '../../common/expected-version.dto';

/**
 * The shapes only: ranges (score 1-5, costs and benefits £0 to MAX_POUNDS, period 1-125 years, discount rates 0-0.2,
 * years inside the period, benefit kinds, optimism bias 0-200%, calendar years 1900-2200,
 * deflators above 0 and covering nominal figures) are the appraisal rules' job
 * (validateAppraisalInput), which answer 400 with one message per field.
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

  @ApiPropertyOptional({
    enum: BENEFIT_KINDS,
    example: 'cash-releasing',
    description: 'cash-releasing (default), non-cash-releasing, societal, or health (health effects valued in pounds, discounted at the Green Book health rate; state the valuation in healthValuation).',
  })
  @IsOptional()
  @IsString()
  kind?: BenefitKind | null;

  @ApiPropertyOptional({ example: 'Avoided emergency admissions of over-75s' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class OptimismBiasDto {
  @ApiProperty({ example: 24, description: 'Percent added to capital costs before discounting, 0-200.' })
  @IsNumber()
  capitalUpliftPercent: number;

  @ApiProperty({ example: 5, description: 'Percent added to revenue costs before discounting, 0-200.' })
  @IsNumber()
  revenueUpliftPercent: number;

  @ApiProperty({ example: 'Standard buildings: upper bound 24% less 0% mitigation', description: 'The project type and mitigation from the Green Book supplementary guidance on optimism bias.' })
  // a missing or blank basis is the appraisal rules' message, given with the uplifts' problems
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  basis: string;
}

export class DeflatorDto {
  @ApiProperty({ example: 2025, description: 'Calendar year.' })
  @IsNumber()
  year: number;

  @ApiProperty({ example: 102.1, description: 'GDP deflator index for the year (any base), above 0.' })
  @IsNumber()
  index: number;
}

export class AppraisalDto extends ExpectedVersionDto {
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

  @ApiPropertyOptional({ example: 10, nullable: true, description: 'Years, 1-125; 10 when absent.' })
  @IsOptional()
  @IsNumber()
  periodYears?: number | null;

  @ApiPropertyOptional({
    example: 0.035,
    nullable: true,
    description: 'A flat rate for every year, a fraction 0-0.2 (0.035 = 3.5%). When absent, the Green Book declining schedule: 3.5% years 0-30, 3% 31-75, 2.5% 76-125.',
  })
  @IsOptional()
  @IsNumber()
  discountRate?: number | null;

  @ApiPropertyOptional({ example: 0.015, nullable: true, description: 'A flat rate for health benefits, 0-0.2. When absent, the Green Book health schedule: 1.5% years 0-30, 1.29% 31-75, 1.07% 76-125.' })
  @IsOptional()
  @IsNumber()
  healthDiscountRate?: number | null;

  @ApiPropertyOptional({ example: 'QALYs x £70,000 per QALY', nullable: true, description: 'How the health benefits were valued in pounds; required when a benefit has kind health.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  healthValuation?: string | null;

  @ApiPropertyOptional({ type: OptimismBiasDto, nullable: true, description: 'Uplifts applied to costs before discounting; the result shows figures before and after.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OptimismBiasDto)
  optimismBias?: OptimismBiasDto | null;

  @ApiPropertyOptional({ example: 2024, nullable: true, description: 'The calendar year whose prices the figures are in (1900-2200).' })
  @IsOptional()
  @IsNumber()
  priceBaseYear?: number | null;

  @ApiPropertyOptional({ enum: ['real', 'nominal'], nullable: true, description: 'real (default): in price base year prices; nominal: cash of each year, converted with deflators.' })
  @IsOptional()
  @IsString()
  prices?: 'real' | 'nominal' | null;

  @ApiPropertyOptional({ example: 2024, nullable: true, description: 'Calendar year of appraisal year 0; required for nominal figures.' })
  @IsOptional()
  @IsNumber()
  firstYear?: number | null;

  @ApiPropertyOptional({ type: [DeflatorDto], nullable: true, description: 'GDP deflator by calendar year; for nominal figures it must cover the price base year and every year with a figure.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DeflatorDto)
  deflators?: DeflatorDto[] | null;
}
