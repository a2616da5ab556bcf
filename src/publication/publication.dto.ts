import { ExpectedVersionDto } from '../common/expected-version.dto';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class PublicationDto extends ExpectedVersionDto {
  @ApiProperty({ example: true, description: 'true: the project gets public pages at /public/projects/:slug; false: they answer 404.' })
  @IsBoolean()
  published: boolean;
}
