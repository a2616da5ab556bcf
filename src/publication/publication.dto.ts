import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class PublicationDto {
  @ApiProperty({ example: true, description: 'true: the project gets public pages at /public/projects/:slug; false: they answer 404.' })
  @IsBoolean()
  published: boolean;
}
