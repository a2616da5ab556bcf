import { InvitationsModule } from '../invitations/invitations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationPagesController } from './controllers/notification-pages.controller';
import { AccountLinksController } from './controllers/account-links.controller';
import { HistoryModule } from '../history/history.module';
import { CollaborationModule } from '../collaboration/collaboration.module';
import { CollaborationPagesController } from './controllers/collaboration-pages.controller';
import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { FilesModule } from '../files/files.module';
import { EvidenceFilePagesController } from './controllers/evidence-file-pages.controller';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegistersModule } from '../registers/registers.module';
import { HomeController } from './controllers/home.controller';
import { PortfolioController } from './controllers/portfolio.controller';
import { ProjectPagesController } from './controllers/project-pages.controller';
import { RegisterPagesController } from './controllers/register-pages.controller';
import { ReviewPagesController } from './controllers/review-pages.controller';
import { SignInController } from './controllers/sign-in.controller';
import { StagePagesController } from './controllers/stage-pages.controller';
import { HomePresenter } from './presenters/home.presenter';
import { NewProjectPresenter } from './presenters/new-project.presenter';
import { PortfolioPresenter } from './presenters/portfolio.presenter';
import { ProjectPresenter } from './presenters/project.presenter';
import { RegisterPresenter } from './presenters/register.presenter';
import { ReviewPresenter } from './presenters/review.presenter';
import { StagePresenter } from './presenters/stage.presenter';
import { WEB2_CONTROLLERS, WEB2_IMPORTS, WEB2_PROVIDERS } from './web2-pages';

/**
 * The web pages: thin page controllers (src/web/controllers) over presenters
 * (src/web/presenters) that call the same services as the API controllers. See docs/web.md.
 */
@Module({
  imports: [InvitationsModule, NotificationsModule, ProjectsModule, PeopleModule, BoardModule, RegistersModule, HistoryModule, FilesModule, CollaborationModule, ...WEB2_IMPORTS],
  controllers: [SignInController, AccountLinksController, HomeController, ProjectPagesController, StagePagesController, RegisterPagesController, ReviewPagesController, PortfolioController, NotificationPagesController, EvidenceFilePagesController, CollaborationPagesController, ...WEB2_CONTROLLERS],
  providers: [HomePresenter, ProjectPresenter, NewProjectPresenter, StagePresenter, RegisterPresenter, ReviewPresenter, PortfolioPresenter, ...WEB2_PROVIDERS],
})
export class WebModule {}
