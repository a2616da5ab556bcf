import { Body, Post, Req, Res } from '@nestjs/common';
import { Param } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProjectAccess } from '../../auth/access.decorators';
import { actorOf, AuthUser, CurrentUser } from '../../auth/current-user';
import { ParseSlugPipe } from '../../common/params';
import { PublicationDto } from '../../publication/publication.dto';
import { PublicationService } from '../../publication/publication.service';
import { FormSpec, validateForm } from '../forms';
import { PageController, redirect, render, setFlash } from '../page';
import { ProjectPresenter } from '../presenters/project.presenter';

const PUBLICATION_FORM: FormSpec = { labels: { published: 'whether to publish' }, coerce: { published: 'boolean' } };

/** The project page's publish / unpublish button: the same command as PUT /api/projects/:slug/publication. */
@PageController('projects')
export class PublicationPagesController {
  constructor(
    private readonly publication: PublicationService,
    private readonly project: ProjectPresenter,
  ) {}

  @Post(':slug/publication')
  @ProjectAccess('manage')
  async set(@Param('slug', ParseSlugPipe) slug: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = validateForm(PublicationDto, body, PUBLICATION_FORM);
    if (!form.ok) return render(reply, 'pages/project', { ...(await this.project.page(slug, user)), errors: form.errors }, 400);
    await this.publication.setPublished(slug, form.value.published, actorOf(user));
    setFlash(request, form.value.published
      ? { type: 'success', heading: 'The project is published', text: `Anyone can now read its public page at /public/projects/${slug}.` }
      : { type: 'success', heading: 'The project is no longer published', text: 'Its public page now answers "page not found".' });
    return redirect(reply, `/projects/${slug}`);
  }
}
