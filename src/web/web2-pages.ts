import { HistorySearchRepository } from '../projects/history-search.repository';
import { PublicationModule } from '../publication/publication.module';
import { HistoryPagesController } from './controllers/history-pages.controller';
import { HistoryPresenter } from './presenters/history.presenter';

/**
 * History, board report, public pages, admin and stage 6 pages: their modules, controllers and
 * presenters, listed here and spread into WebModule (one line each there).
 */
export const WEB2_IMPORTS = [PublicationModule];
export const WEB2_CONTROLLERS = [HistoryPagesController];
export const WEB2_PROVIDERS = [HistorySearchRepository, HistoryPresenter];
