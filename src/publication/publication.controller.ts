import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectAccess } from '../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../auth/current-user';
import { ParseSlugPipe } from '../common/params';
import { PublicationDto } from './publication.dto';
import { PublicationService } from './publication.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class PublicationController {
  constructor(private readonly publication: PublicationService) {}

  @Put(':slug/publication')
  @ProjectAccess('manage')
  @ApiOperation({
    summary: 'Publish or unpublish a project (its programme manager): a recorded command (PROJECT_PUBLISHED / PROJECT_UNPUBLISHED)',
    description:
      'A published project has public pages, readable without signing in: /public/projects/:slug shows its area, position, stage decisions with dates and reasons, the organisations and roles of its groups and, once stage 6 is approved, the business case. Never email addresses or drafts. Unpublished, the public page answers 404.',
  })
  @ApiOkResponse({ description: '{ slug, published, version, sequence }: the new project version and the history entry\'s sequence' })
  @ApiBadRequestResponse({ description: 'published must be a boolean' })
  @ApiForbiddenResponse({ description: 'Only the programme manager assigned to this project can do this' })
  @ApiNotFoundResponse({ description: 'No such project' })
  setPublished(@Param('slug', ParseSlugPipe) slug: string, @Body() dto: PublicationDto, @CurrentUser() user: AuthUser) {
    return this.publication.setPublished(slug, dto.published, actorOf(user), dto.expectedVersion);
  }
}
