import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OPTION_KINDS, type OptionKind, type OptionStatus } from '../../../workflows/stage6';
import { ExpectedVersionDto } from '../../common/expected-version.dto';

export const OPTION_STATUSES: readonly OptionStatus[] = ['long-list', 'short-listed', 'discounted'];
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TEXT = 10000;

/** The Green Book options framework filter: what the option chooses on each dimension. */
export class OptionsFilterDto {
  @ApiPropertyOptional({ example: 'Wantage and surrounding villages (OX12)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  scope?: string;

  @ApiPropertyOptional({ example: 'Integrated frailty hub at Wantage Community Hospital' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  solution?: string;

  @ApiPropertyOptional({ example: 'Oxford Health NHS FT with the PCN' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  delivery?: string;

  @ApiPropertyOptional({ example: 'Phased over two years' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  implementation?: string;

  @ApiPropertyOptional({ example: 'System capital plus a revenue shift from acute care' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  funding?: string;
}

export class QuickWinDto {
  @ApiProperty({ example: true, description: 'The option, or part of it, can go ahead now.' })
  @IsBoolean()
  flagged: boolean;

  @ApiPropertyOptional({ example: 'Phlebotomy clinic in the hospital outpatients can open now', description: 'Required when flagged.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  description?: string;
}

export class SignificantServiceChangeDecisionDto {
  @ApiProperty({ example: false, nullable: true, description: 'Is the option a significant service change? null = not yet decided.' })
  @IsOptional()
  @IsBoolean()
  confirmed: boolean | null;

  @ApiProperty({ example: 'Services stay where they are; only opening hours change.' })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
}

export class RefinementNoteDto {
  @ApiProperty({ enum: ['engagement', 'modelling'], example: 'engagement' })
  @IsIn(['engagement', 'modelling'])
  kind: 'engagement' | 'modelling';

  @ApiProperty({ example: 'Wantage town hall event, 120 residents: strong support for a hub, concern about parking' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  summary: string;

  @ApiPropertyOptional({ example: '2019-06-12', nullable: true })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date?: string | null;
}

export class CreateOptionDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ example: 'hub-wantage', description: 'The option\'s id; made from the title when absent.' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'id must be lower-case letters and digits separated by single hyphens' })
  @MaxLength(100)
  id?: string;

  @ApiProperty({ example: 'Frailty hub at Wantage Community Hospital' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: 'Brings the frailty clinic, falls service and community therapy under one roof.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  description?: string;

  @ApiProperty({ enum: OPTION_KINDS, example: 'alternative' })
  @IsIn(OPTION_KINDS)
  kind: OptionKind;

  @ApiPropertyOptional({
    type: [String],
    example: ['prop-frailty-hub'],
    description: 'Ids of the stage 5 proposals the option is built from (required except for business as usual).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  proposalIds?: string[];

  @ApiPropertyOptional({ type: OptionsFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OptionsFilterDto)
  filter?: OptionsFilterDto;

  @ApiPropertyOptional({ enum: OPTION_STATUSES, example: 'short-listed', description: 'long-list (undecided) by default.' })
  @IsOptional()
  @IsIn(OPTION_STATUSES)
  status?: OptionStatus;

  @ApiPropertyOptional({ example: 'Meets all five critical success factors', description: 'Why it was short-listed or discounted; required for either.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  statusReason?: string;

  @ApiPropertyOptional({ example: false, description: 'The preferred way forward; marking one option preferred unmarks the others.' })
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;

  @ApiPropertyOptional({ type: QuickWinDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuickWinDto)
  quickWin?: QuickWinDto | null;

  @ApiPropertyOptional({ type: SignificantServiceChangeDecisionDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignificantServiceChangeDecisionDto)
  significantServiceChange?: SignificantServiceChangeDecisionDto | null;

  @ApiPropertyOptional({ type: [RefinementNoteDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RefinementNoteDto)
  refinementNotes?: RefinementNoteDto[];
}

/** Only the fields sent change; `filter` merges dimension by dimension. */
export class UpdateOptionDto extends PartialType(OmitType(CreateOptionDto, ['id'] as const)) {}
