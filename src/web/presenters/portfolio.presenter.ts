import { Injectable } from '@nestjs/common';
import { DISTRICTS, OXFORDSHIRE_PCNS_2019, STAGES, STAGE_KEYS, StageKey } from '../../../workflows';
import { RAGS } from '../../../workflows/board';
import { AuthUser } from '../../auth/current-user';
import { ProjectAccessService } from '../../auth/project-access.service';
import { UsersService } from '../../auth/users.service';
import { BoardService } from '../../board/board.service';
import { PROJECT_STATUSES } from '../../board/dto/board.dto';
import { ProjectsService } from '../../projects/projects.service';
import { PROJECT_STATUS, RAG, STAGE_STATUS } from './labels';

export const PORTFOLIO_PAGE_SIZE = 20;
const SORTS = ['name', 'rag', 'days', 'target'] as const;
type Sort = (typeof SORTS)[number];

/** The filters and sort of the portfolio's address; an unknown value is ignored (everything). */
export interface PortfolioQuery {
  rag?: (typeof RAGS)[number];
  status?: (typeof PROJECT_STATUSES)[number];
  district?: string;
  stage?: StageKey;
  /** Words in the project's name. */
  q?: string;
  sort: Sort;
  order: 'asc' | 'desc';
  page: number;
}

export function portfolioQuery(raw: Record<string, unknown>): PortfolioQuery {
  const pick = <T extends string>(value: unknown, allowed: readonly T[]) => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);
  const page = typeof raw.page === 'string' && /^\d{1,4}$/.test(raw.page) ? Math.max(1, Number(raw.page)) : 1;
  return {
    rag: pick(raw.rag, RAGS),
    status: pick(raw.status, PROJECT_STATUSES),
    district: pick(raw.district, DISTRICTS),
    stage: pick(raw.stage, STAGE_KEYS),
    q: typeof raw.q === 'string' && raw.q.trim() ? raw.q.trim().replace(/[\u0000-\u001f]/g, '').slice(0, 100) : undefined,
    sort: pick(raw.sort, SORTS) ?? 'name',
    order: raw.order === 'desc' ? 'desc' : 'asc',
    page,
  };
}

/**
 * The portfolio: one page of the board's rows (BoardService: filtered, sorted and paged in SQL
 * over the summary rows, the same query as GET /api/portfolio), joined to the page's projects'
 * details and managers' names.
 */
@Injectable()
export class PortfolioPresenter {
  constructor(
    private readonly board: BoardService,
    private readonly projects: ProjectsService,
    private readonly access: ProjectAccessService,
    private readonly users: UsersService,
  ) {}

  async page(user: AuthUser, query: PortfolioQuery) {
    const want = (page: number) =>
      this.board.portfolio(user, {
        rag: query.rag,
        status: query.status,
        district: query.district,
        stage: query.stage,
        q: query.q,
        sort: query.sort,
        order: query.order,
        limit: PORTFOLIO_PAGE_SIZE,
        offset: (page - 1) * PORTFOLIO_PAGE_SIZE,
      });
    let portfolio = await want(query.page);
    const pages = Math.max(1, Math.ceil(portfolio.total / PORTFOLIO_PAGE_SIZE));
    const page = Math.min(query.page, pages);
    if (page !== query.page) portfolio = await want(page);
    const slugs = new Set(portfolio.items.map((r) => r.slug));
    const [details, people] = await Promise.all([
      // the page's projects only (the same readable rule)
      this.projects.list(PORTFOLIO_PAGE_SIZE, 0, async (manager) => {
        const readable = await this.access.readableProjectIds(manager, user);
        const ids = await this.projects.idsOf(manager, [...slugs]);
        return readable === 'all' ? ids : ids.filter((id) => readable.includes(id));
      }),
      this.users.list(1000, 0),
    ]);
    const bySlug = new Map(details.items.map((p) => [p.slug, p]));
    const names = new Map(people.items.map((u) => [u.id, u.name]));
    const rows = portfolio.items.map((row) => {
      const p = bySlug.get(row.slug);
      const targets = row.currentStages.map((c) => c.targetDate).filter((d): d is string => typeof d === 'string').sort();
      const days = row.currentStages.map((c) => c.daysInStage).filter((d): d is number => typeof d === 'number');
      return {
        slug: row.slug,
        name: row.name,
        area: p?.area ?? '',
        districts: row.districts,
        pcns: (p?.pcns ?? []).map((c) => OXFORDSHIRE_PCNS_2019.find((x) => x.code === c)?.name ?? c),
        status: PROJECT_STATUS[row.status as keyof typeof PROJECT_STATUS],
        rag: RAG[row.rag],
        ragKey: row.rag,
        reasons: row.reasons.map((r) => r.message),
        currentStages: row.currentStages.map((c) => ({ title: c.title, status: STAGE_STATUS[c.status as keyof typeof STAGE_STATUS]?.text ?? c.status, late: c.daysLate })),
        daysInStage: days.length ? Math.max(...days) : null,
        nextTarget: targets[0] ?? null,
        manager: row.managerUserId ? (names.get(row.managerUserId) ?? '') : '',
      };
    });
    const total = portfolio.total;
    const href = (change: Partial<PortfolioQuery>) => portfolioHref({ ...query, ...change });
    return {
      pageTitle: 'Portfolio',
      today: portfolio.today,
      total,
      rows,
      query,
      filters: {
        rag: [{ value: '', text: 'Any' }, ...RAGS.map((r) => ({ value: r, text: RAG[r].text }))].map((o) => ({ ...o, selected: (query.rag ?? '') === o.value })),
        status: [{ value: '', text: 'Any' }, ...PROJECT_STATUSES.map((s) => ({ value: s, text: PROJECT_STATUS[s].text }))].map((o) => ({ ...o, selected: (query.status ?? '') === o.value })),
        district: [{ value: '', text: 'Any' }, ...DISTRICTS.map((d) => ({ value: d, text: d }))].map((o) => ({ ...o, selected: (query.district ?? '') === o.value })),
        stage: [{ value: '', text: 'Any' }, ...STAGES.map((s) => ({ value: s.key, text: `${s.order}. ${s.title}` }))].map((o) => ({ ...o, selected: (query.stage ?? '') === o.value })),
      },
      // column headers: a link sorts by the column, again reverses it (aria-sort says which)
      columns: (
        [
          ['name', 'Project'],
          ['rag', 'RAG'],
          ['days', 'Days in stage'],
          ['target', 'Next target date'],
        ] as const
      ).map(([key, text]) => ({
        key,
        text,
        href: href({ sort: key, order: query.sort === key && query.order === 'asc' ? 'desc' : 'asc', page: 1 }),
        ariaSort: query.sort === key ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none',
      })),
      pagination: pages > 1 ? paging(page, pages, (n) => href({ page: n })) : null,
      page,
      pages,
    };
  }
}

/** NHS.UK pagination: previous, next and the numbered pages near this one (a national portfolio has hundreds). */
function paging(page: number, pages: number, href: (n: number) => string) {
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return { items, previousUrl: page > 1 ? href(page - 1) : undefined, nextUrl: page < pages ? href(page + 1) : undefined };
}

export function portfolioHref(q: PortfolioQuery): string {
  const params = new URLSearchParams();
  if (q.rag) params.set('rag', q.rag);
  if (q.status) params.set('status', q.status);
  if (q.district) params.set('district', q.district);
  if (q.stage) params.set('stage', q.stage);
  if (q.q) params.set('q', q.q);
  if (q.sort !== 'name') params.set('sort', q.sort);
  if (q.order !== 'asc') params.set('order', q.order);
  if (q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return s ? `/portfolio?${s}` : '/portfolio';
}
