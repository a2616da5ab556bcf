import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PASSWORD_POLICY } from '../crypto';
import { Role, ROLES } from '../access.decorators';

const PASSWORD_RULES =
  `${PASSWORD_POLICY.minLength} to ${PASSWORD_POLICY.maxLength} characters after Unicode NFKC normalisation; no control characters; ` +
  'not a commonly used or easily guessed password; not containing the email address or the name.';

export class CreateUserDto {
  @ApiProperty({ example: 'jo.smith@oxfordshire.gov.uk' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Jo Smith' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'stakeholder' })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: 'a long passphrase of 12+ characters', description: PASSWORD_RULES })
  @IsString()
  password: string;
}

/** A field left out stays as it is; null is not "unchanged", so it is refused rather than stored. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Dr Jo Smith' })
  @ValidateIf((o: UpdateUserDto) => o.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'programme-manager' })
  @ValidateIf((o: UpdateUserDto) => o.role !== undefined)
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: false, description: 'An inactive user cannot sign in; their tokens stop working at once.' })
  @ValidateIf((o: UpdateUserDto) => o.active !== undefined)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'a new long passphrase', description: `Sets a new password and ends the account's sessions. ${PASSWORD_RULES}` })
  @ValidateIf((o: UpdateUserDto) => o.password !== undefined)
  @IsString()
  password?: string;

  @ApiPropertyOptional({
    example: '5f0c…',
    description: 'When the change stops a programme manager running projects (another role, or deactivated): the programme manager who takes over their open projects.',
  })
  @ValidateIf((o: UpdateUserDto) => o.replacementManagerId !== undefined)
  @IsString()
  @MaxLength(100)
  replacementManagerId?: string;
}
