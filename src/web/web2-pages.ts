import { HistorySearchRepository } from '../projects/history-search.repository';
import { PublicationModule } from '../publication/publication.module';
import { HistoryPagesController } from './controllers/history-pages.controller';
import { HistoryPresenter } from './presenters/history.presenter';
import { AdminPagesController } from './controllers/admin-pages.controller';
import { AdminPresenter } from './presenters/admin.presenter';
import { Stage6PagesController } from './controllers/stage6-pages.controller';
import { Stage6Presenter } from './presenters/stage6.presenter';
import { RegistersModule } from '../registers/registers.module';
import { PublicPagesController } from './controllers/public-pages.controller';
import { PublicationPagesController } from './controllers/publication-pages.controller';
import { ReportPagesController } from './controllers/report-pages.controller';
import { PublicPresenter } from './presenters/public.presenter';
import { ReportPresenter } from './presenters/report.presenter';
import { DevelopmentOfOptionsModule } from '../development-of-options/development-of-options.module';

/**
 * History, board report, public pages, admin and stage 6 pages: their modules, controllers and
 * presenters, listed here and spread into WebModule (one line each there).
 */
export const WEB2_IMPORTS = [PublicationModule, DevelopmentOfOptionsModule, RegistersModule];
export const WEB2_CONTROLLERS = [HistoryPagesController, ReportPagesController, PublicationPagesController, PublicPagesController, AdminPagesController, Stage6PagesController];
export const WEB2_PROVIDERS = [HistorySearchRepository, HistoryPresenter, ReportPresenter, PublicPresenter, AdminPresenter, Stage6Presenter];
