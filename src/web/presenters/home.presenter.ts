import { HistoryService } from '../../history/history.service';
import { Injectable } from '@nestjs/common';
import { isStageKey, stageLabel } from '../../../workflows';
import { AuthUser } from '../../auth/current-user';
import { BoardService } from '../../board/board.service';
import { PORTFOLIO_MAX_LIMIT } from '../../board/dto/board.dto';
import { ReviewsService } from '../../people/reviews.service';
import { ProjectsService } from '../../projects/projects.service';
import { EVENT_LABELS, PROJECT_STATUS, RAG, STAGE_STATUS } from './labels';

const DECISIONS = new Set(['APPROVE_STAGE', 'REQUEST_CHANGES', 'REVIEW_DECISION_RECORDED', 'PUT_ON_HOLD', 'RESUME', 'WITHDRAW']);
const RECENT = 10;
const HOME_PORTFOLIO_ROWS = 50;

type PortfolioRow = Awaited<ReturnType<BoardService['portfolio']>>['items'][number];

/**
 * The home page per role, from the same services as the API: the board's portfolio (RAG),
 * the workflow views (the engine's blockers), the review queue and the projects' histories.
 */
@Injectable()
export class HomePresenter {
  constructor(
    private readonly board: BoardService,
    private readonly projects: ProjectsService,
    private readonly reviews: ReviewsService,
    private readonly histories: HistoryService,
  ) {}

  async forUser(user: AuthUser) {
    if (user.role === 'programme-manager') return { pageTitle: 'Your projects', kind: 'manager', projects: await this.managerProjects(user) };
    if (user.role === 'stakeholder') {
      const [waiting, decisions] = await Promise.all([this.reviews.waitingFor(user), this.recentDecisions(user)]);
      return { pageTitle: 'Your reviews', kind: 'stakeholder', waiting: waiting.items, decisions };
    }
    // red first: the board's overview is the projects that need it (the portfolio page has every project)
    const portfolio = await this.board.portfolio(user, { sort: 'rag', limit: HOME_PORTFOLIO_ROWS });
    return { pageTitle: 'Portfolio overview', kind: 'portfolio', rows: portfolio.items.map(portfolioRow), total: portfolio.total, today: portfolio.today };
  }

  private async managerProjects(user: AuthUser) {
    const portfolio = await this.board.portfolio(user, { limit: PORTFOLIO_MAX_LIMIT });
    return Promise.all(
      portfolio.items.map(async (row) => {
        const view = await this.projects.workflow(row.slug);
        const current = view.stages.filter((s) => row.currentStages.some((c) => c.stage === s.key));
        return {
          ...portfolioRow(row),
          current: current.map((s) => ({ key: s.key, order: s.order, title: s.title, status: STAGE_STATUS[s.status], blockers: s.blockers.map((b) => b.message) })),
        };
      }),
    );
  }

  private async recentDecisions(user: AuthUser) {
    const readable = await this.board.portfolio(user, { sort: 'created', order: 'desc', limit: PORTFOLIO_MAX_LIMIT });
    const names = new Map(readable.items.map((r) => [r.slug, r.name]));
    const entries = [];
    for (const slug of names.keys()) {
      const { total } = await this.histories.page(slug, { limit: 1, offset: 0 });
      const page = await this.histories.page(slug, { limit: 50, offset: Math.max(0, total - 50) });
      for (const e of page.items) {
        if (e.outcome !== 'accepted' || !DECISIONS.has(e.type)) continue;
        entries.push({
          project: { slug, name: names.get(slug) ?? slug },
          what: EVENT_LABELS[e.type] ?? e.type,
          decision: e.payload.decision === 'approve' ? 'approved' : e.payload.decision === 'request-changes' ? 'changes requested' : undefined,
          stage: e.stage && isStageKey(e.stage) ? stageLabel(e.stage) : null,
          who: e.actorName,
          when: e.occurredAt,
          reason: typeof e.payload.reason === 'string' ? e.payload.reason : typeof e.payload.comment === 'string' ? e.payload.comment : undefined,
        });
      }
    }
    return entries.sort((a, b) => b.when.localeCompare(a.when)).slice(0, RECENT);
  }
}

export function portfolioRow(row: PortfolioRow) {
  return {
    slug: row.slug,
    name: row.name,
    status: PROJECT_STATUS[row.status as keyof typeof PROJECT_STATUS] ?? { text: row.status, tag: '' },
    rag: RAG[row.rag],
    reasons: row.reasons,
    currentStages: row.currentStages.map((c) => ({ ...c, statusLabel: STAGE_STATUS[c.status as keyof typeof STAGE_STATUS] })),
    daysInStage: row.daysInStage,
    blockersCount: row.blockersCount,
  };
}
