import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ExpectedVersionDto } from '../../common/expected-version.dto';
import { MEMBER_LIMITS, ORGANISATION_TYPE_KEYS, OrganisationType } from '../../../workflows/people';

export class AddGroupMemberDto extends ExpectedVersionDto {
  @ApiProperty({ example: 'Dr Asha Patel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.nameMaxLength)
  name: string;

  @ApiProperty({ example: 'Wantage Health Centre' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.organisationMaxLength)
  organisation: string;

  @ApiProperty({ enum: ORGANISATION_TYPE_KEYS, example: 'gp-practice-or-pcn' })
  @IsIn(ORGANISATION_TYPE_KEYS)
  organisationType: OrganisationType;

  @ApiProperty({ example: 'GP partner; clinical lead for frailty' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.roleMaxLength)
  roleInGroup: string;

  @ApiPropertyOptional({ example: false, description: 'The named lead of the group (the core project team needs one).' })
  @IsOptional()
  @IsBoolean()
  isLead?: boolean;

  @ApiPropertyOptional({
    example: '6f1c2a9e-3b1d-4c57-9a55-2f0d4b1e8c11',
    description: 'The member\'s account: an active user with the stakeholder role. Members with accounts of the stakeholder and clinical/professional groups review stage outputs.',
  })
  @IsOptional()
  @ValidateIf((o: AddGroupMemberDto) => o.userId !== null)
  @IsUUID('all', { message: 'userId must be the id of a user account' })
  userId?: string | null;
}

export class UpdateGroupMemberDto extends ExpectedVersionDto {
  @ApiPropertyOptional({ example: 'Dr Asha Patel' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.nameMaxLength)
  name?: string;

  @ApiPropertyOptional({ example: 'Wantage Health Centre' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.organisationMaxLength)
  organisation?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPE_KEYS, example: 'gp-practice-or-pcn' })
  @IsOptional()
  @IsIn(ORGANISATION_TYPE_KEYS)
  organisationType?: OrganisationType;

  @ApiPropertyOptional({ example: 'GP partner' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEMBER_LIMITS.roleMaxLength)
  roleInGroup?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  isLead?: boolean;

  @ApiPropertyOptional({ example: null, description: 'Link an account (an active stakeholder user) or null to unlink.' })
  @IsOptional()
  @ValidateIf((o: UpdateGroupMemberDto) => o.userId !== null)
  @IsUUID('all', { message: 'userId must be the id of a user account' })
  userId?: string | null;
}
