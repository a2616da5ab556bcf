import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { HomeController } from './controllers/home.controller';
import { ProjectPagesController } from './controllers/project-pages.controller';
import { SignInController } from './controllers/sign-in.controller';
import { HomePresenter } from './presenters/home.presenter';
import { NewProjectPresenter } from './presenters/new-project.presenter';
import { ProjectPresenter } from './presenters/project.presenter';
import { WEB2_CONTROLLERS, WEB2_IMPORTS, WEB2_PROVIDERS } from './web2-pages';

/**
 * The web pages: thin page controllers (src/web/controllers) over presenters
 * (src/web/presenters) that call the same services as the API controllers. See docs/web.md.
 */
@Module({
  imports: [ProjectsModule, PeopleModule, BoardModule, ...WEB2_IMPORTS],
  controllers: [SignInController, HomeController, ProjectPagesController, ...WEB2_CONTROLLERS],
  providers: [HomePresenter, ProjectPresenter, NewProjectPresenter, ...WEB2_PROVIDERS],
})
export class WebModule {}
