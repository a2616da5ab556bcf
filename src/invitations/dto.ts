import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { GROUP_KEYS, GroupKey } from '../../workflows/people';
import { Role, ROLES } from '../auth/access.decorators';

export class CreateInvitationDto {
  @ApiProperty({ example: 'sam.jones@healthwatchoxfordshire.co.uk' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sam Jones' })
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'stakeholder', description: 'A programme manager may invite stakeholders only, into a group of a project they run.' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ example: 'wantage', description: 'With group: the person joins this project\'s group when they accept.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  projectSlug?: string;

  @ApiPropertyOptional({ enum: GROUP_KEYS, example: 'stakeholder-group' })
  @IsOptional()
  @IsIn(GROUP_KEYS, { message: `group must be one of ${GROUP_KEYS.join(', ')}` })
  group?: GroupKey;

  @ApiPropertyOptional({ example: 'Healthwatch Oxfordshire', description: 'With group: the member\'s organisation.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: 'voluntary-community-or-faith', description: 'With group: the organisation type, as for group members.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  organisationType?: string;

  @ApiPropertyOptional({ example: 'Volunteer; patient voice', description: 'With group: their role in the group.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  roleInGroup?: string;
}

export class SetPasswordDto {
  @ApiProperty({ example: 'a long passphrase of 12+ characters', description: 'At least 12 characters; not a common password; not containing the email or name.' })
  @IsString({ message: 'password must be text' })
  password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'sam.jones@healthwatchoxfordshire.co.uk' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}
