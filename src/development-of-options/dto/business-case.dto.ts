import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { type CaseStatus, MAX_POUNDS, MAX_SPENDING_OBJECTIVES } from '../../../workflows/stage6';
import { DATE_PATTERN } from './option.dto';
import { ExpectedVersionDto } from '../../common/expected-version.dto';

const TEXT = 20000;

/**
 * Each case's sections. A PUT replaces the sections it sends and keeps the others; every
 * section is optional here because a case is written over several sittings (completeness is
 * the case's gate, checked when it is marked complete).
 */

export class SpendingObjectiveDto {
  @ApiProperty({ example: 'Reduce emergency admissions of over-75s from OX12' })
  @IsString()
  @MaxLength(2000)
  text: string;

  @ApiProperty({ example: '10% fewer by March 2025 against 2018/19 (SUS data)' })
  @IsString()
  @MaxLength(2000)
  measure: string;
}

export class BusinessNeedsDto {
  @ApiProperty({ example: 'A fast-growing older population and 3,000 new homes' })
  @IsString()
  @MaxLength(TEXT)
  summary: string;

  @ApiProperty({ type: [String], example: ['need-frailty'], description: 'Ids of stage 2 population needs.' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  needIds: string[];
}

export class StrategicCaseDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ type: [SpendingObjectiveDto], description: `1 to ${MAX_SPENDING_OBJECTIVES}, each measurable.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SPENDING_OBJECTIVES, { message: `spendingObjectives may hold at most ${MAX_SPENDING_OBJECTIVES} objectives` })
  @ValidateNested({ each: true })
  @Type(() => SpendingObjectiveDto)
  spendingObjectives?: SpendingObjectiveDto[];

  @ApiPropertyOptional({ example: 'Frailty services split across two practices and the community hospital.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  existingArrangements?: string;

  @ApiPropertyOptional({ type: BusinessNeedsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessNeedsDto)
  businessNeeds?: BusinessNeedsDto;

  @ApiPropertyOptional({ example: 'Wantage PCN, 30,070 registered patients' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  scope?: string;

  @ApiPropertyOptional({ example: 'Care closer to home; fewer admissions' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  benefits?: string;

  @ApiPropertyOptional({ example: 'Recruitment of community nurses' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  risks?: string;

  @ApiPropertyOptional({ example: 'System capital envelope of £1.2m' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  constraints?: string;

  @ApiPropertyOptional({ example: 'Housing growth deal infrastructure funding' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  dependencies?: string;
}

export class EconomicCaseDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ type: [String], example: ['Strategic fit', 'Value for money', 'Affordability', 'Achievability', 'Supply-side capacity'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  criticalSuccessFactors?: string[];

  @ApiPropertyOptional({ example: 'Highest net present social value of the short list and meets every critical success factor.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  preferredOptionRationale?: string;
}

export class CommercialCaseDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ example: 'Delivered in existing NHS property by the community trust under the current contract' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  procurementRoute?: string;

  @ApiPropertyOptional({ example: 'Construction risk with the trust; activity risk shared through the system risk share' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  riskAllocation?: string;
}

export class FundingSourceDto {
  @ApiProperty({ example: 'ICS capital allocation' })
  @IsString()
  @MaxLength(500)
  source: string;

  @ApiProperty({ example: 500000, maximum: MAX_POUNDS, description: 'Pounds, cash over the appraisal period.' })
  @IsNumber()
  @Max(MAX_POUNDS)
  amount: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;
}

export class FinancialCaseDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ example: 'Capital in 2024/25; revenue from 2025/26.', description: 'Commentary: the figures come from the preferred option\'s appraisal.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  requirementNotes?: string;

  @ApiPropertyOptional({ type: [FundingSourceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FundingSourceDto)
  fundingSources?: FundingSourceDto[];

  @ApiPropertyOptional({ example: 'Affordable within the ICS capital plan.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  affordabilityStatement?: string;

  @ApiPropertyOptional({ example: 'Bid to the 2025/26 community diagnostic fund', description: 'Required when the preferred option costs more than the funding identified.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  fundingGapPlan?: string;
}

export class MilestoneDto {
  @ApiProperty({ example: 'Hub opens' })
  @IsString()
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: '2025-04-01' })
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date: string;
}

export class DeliveryPlanDto {
  @ApiProperty({ example: 'Two phases: refurbishment, then service moves' })
  @IsString()
  @MaxLength(TEXT)
  summary: string;

  @ApiProperty({ type: [MilestoneDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones: MilestoneDto[];
}

export class RiskEntryDto {
  @ApiProperty({ example: 'Community nurse vacancies delay opening' })
  @IsString()
  @MaxLength(2000)
  description: string;

  @ApiPropertyOptional({ example: 'Head of community services' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  owner?: string;

  @ApiPropertyOptional({ example: 'Rotational posts with the acute trust' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  mitigation?: string;

  @ApiPropertyOptional({ example: 'Amber' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rating?: string;
}

export class ManagementCaseDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ example: 'Director of Strategy, Oxfordshire CCG' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  seniorResponsibleOwner?: string;

  @ApiPropertyOptional({ type: DeliveryPlanDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryPlanDto)
  deliveryPlan?: DeliveryPlanDto;

  @ApiPropertyOptional({ example: 'Project board reporting monthly to the Integrated Strategic Delivery Board' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  governance?: string;

  @ApiPropertyOptional({ example: 'Quarterly benefits dashboard to the locality forum' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  benefitsRealisationPlan?: string;

  @ApiPropertyOptional({ type: [RiskEntryDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RiskEntryDto)
  riskRegister?: RiskEntryDto[];

  @ApiPropertyOptional({ example: 'Independent evaluation 12 months after opening' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  postImplementationEvaluation?: string;
}

export class CaseStatusDto extends ExpectedVersionDto {
  @ApiProperty({ enum: ['draft', 'complete'], example: 'complete', description: "A case is approved only by the board's own decision: POST /api/projects/:slug/business-case/board-decisions." })
  @IsIn(['draft', 'complete'], { message: "status must be draft or complete: a case is approved only by the board's decision, recorded by a board member (POST /api/projects/:slug/business-case/board-decisions)" })
  status: Exclude<CaseStatus, 'approved'>;
}

export class QuickWinsDto extends ExpectedVersionDto {
  @ApiProperty({ example: true, description: 'The team looked for quick wins and found none.' })
  @IsBoolean()
  noneIdentified: boolean;
}

export class DocumentQueryDto {
  @ApiPropertyOptional({ enum: ['html', 'markdown'], default: 'html' })
  @IsOptional()
  @IsIn(['html', 'markdown'])
  format?: 'html' | 'markdown';
}
