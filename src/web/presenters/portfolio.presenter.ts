import { Injectable } from '@nestjs/common';
import { DISTRICTS, OXFORDSHIRE_PCNS_2019 } from '../../../workflows';
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
const RAG_ORDER = { red: 0, amber: 1, green: 2 } as const;

/** The filters and sort of the portfolio's address; an unknown value is ignored (everything). */
export interface PortfolioQuery {
  rag?: (typeof RAGS)[number];
  status?: (typeof PROJECT_STATUSES)[number];
  district?: string;
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
    sort: pick(raw.sort, SORTS) ?? 'name',
    order: raw.order === 'desc' ? 'desc' : 'asc',
    page,
  };
}

/**
 * The portfolio: the board's rows (RAG, current stages, days in stage, targets: BoardService),
 * joined to the projects' details (ProjectsService, the same readable projects), filtered,
 * sorted and paged here.
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
    const [portfolio, details, people] = await Promise.all([
      this.board.portfolio(user, { rag: query.rag, status: query.status }),
      this.projects.list(200, 0, (manager) => this.access.readableProjectIds(manager, user)),
      this.users.list(1000, 0),
    ]);
    const bySlug = new Map(details.items.map((p) => [p.slug, p]));
    const names = new Map(people.items.map((u) => [u.id, u.name]));
    let rows = portfolio.items.map((row) => {
      const p = bySlug.get(row.slug);
      const targets = row.currentStages.map((c) => c.targetDate).filter((d): d is string => typeof d === 'string').sort();
      const days = row.currentStages.map((c) => c.daysInStage).filter((d): d is number => typeof d === 'number');
      return {
        slug: row.slug,
        name: row.name,
        area: p?.area ?? '',
        districts: p?.districts ?? [],
        pcns: (p?.pcns ?? []).map((c) => OXFORDSHIRE_PCNS_2019.find((x) => x.code === c)?.name ?? c),
        status: PROJECT_STATUS[row.status as keyof typeof PROJECT_STATUS],
        rag: RAG[row.rag],
        ragKey: row.rag,
        reasons: row.reasons.map((r) => r.message),
        currentStages: row.currentStages.map((c) => ({ title: c.title, status: STAGE_STATUS[c.status as keyof typeof STAGE_STATUS]?.text ?? c.status, late: c.daysLate })),
        daysInStage: days.length ? Math.max(...days) : null,
        nextTarget: targets[0] ?? null,
        manager: p?.managerUserId ? (names.get(p.managerUserId) ?? '') : '',
      };
    });
    if (query.district) rows = rows.filter((r) => r.districts.includes(query.district!));
    const dir = query.order === 'desc' ? -1 : 1;
    const nulls = (a: unknown, b: unknown) => (a === null ? 1 : 0) - (b === null ? 1 : 0);
    rows.sort((a, b) => {
      switch (query.sort) {
        case 'rag':
          return dir * (RAG_ORDER[a.ragKey] - RAG_ORDER[b.ragKey]) || a.name.localeCompare(b.name);
        case 'days':
          return nulls(a.daysInStage, b.daysInStage) || dir * ((a.daysInStage ?? 0) - (b.daysInStage ?? 0)) || a.name.localeCompare(b.name);
        case 'target':
          return nulls(a.nextTarget, b.nextTarget) || dir * String(a.nextTarget).localeCompare(String(b.nextTarget)) || a.name.localeCompare(b.name);
        default:
          return dir * a.name.localeCompare(b.name);
      }
    });
    const total = rows.length;
    const pages = Math.max(1, Math.ceil(total / PORTFOLIO_PAGE_SIZE));
    const page = Math.min(query.page, pages);
    const href = (change: Partial<PortfolioQuery>) => portfolioHref({ ...query, ...change });
    return {
      pageTitle: 'Portfolio',
      today: portfolio.today,
      total,
      rows: rows.slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE),
      query,
      filters: {
        rag: [{ value: '', text: 'Any' }, ...RAGS.map((r) => ({ value: r, text: RAG[r].text }))].map((o) => ({ ...o, selected: (query.rag ?? '') === o.value })),
        status: [{ value: '', text: 'Any' }, ...PROJECT_STATUSES.map((s) => ({ value: s, text: PROJECT_STATUS[s].text }))].map((o) => ({ ...o, selected: (query.status ?? '') === o.value })),
        district: [{ value: '', text: 'Any' }, ...DISTRICTS.map((d) => ({ value: d, text: d }))].map((o) => ({ ...o, selected: (query.district ?? '') === o.value })),
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
      pagination: pages > 1 ? { items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: href({ page: i + 1 }), current: i + 1 === page })), previousUrl: page > 1 ? href({ page: page - 1 }) : undefined, nextUrl: page < pages ? href({ page: page + 1 }) : undefined } : null,
      page,
      pages,
    };
  }
}

export function portfolioHref(q: PortfolioQuery): string {
  const params = new URLSearchParams();
  if (q.rag) params.set('rag', q.rag);
  if (q.status) params.set('status', q.status);
  if (q.district) params.set('district', q.district);
  if (q.sort !== 'name') params.set('sort', q.sort);
  if (q.order !== 'asc') params.set('order', q.order);
  if (q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return s ? `/portfolio?${s}` : '/portfolio';
}
