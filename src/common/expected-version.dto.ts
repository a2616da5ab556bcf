import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

const DESCRIPTION = 'Refuse with 409 VersionConflict unless the project is at this version (every project command accepts it).';

/** `expectedVersion` in a command's JSON body. */
export class ExpectedVersionDto {
  @ApiPropertyOptional({ example: 7, description: DESCRIPTION })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** `?expectedVersion=` for commands without a body (DELETE). */
export class ExpectedVersionQueryDto {
  @ApiPropertyOptional({ example: 7, description: DESCRIPTION })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** The body without expectedVersion (what a command records as its sections or changes). */
export function withoutVersion<T extends { expectedVersion?: number }>(dto: T): Omit<T, 'expectedVersion'> {
  const { expectedVersion: _v, ...rest } = dto;
  return rest;
}
