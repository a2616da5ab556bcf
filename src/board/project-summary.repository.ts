import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { StageKey, StageStatus } from '../../workflows';
import { BoardHistoryFacts, BoardReviewRound, PositionColumns, Rag, RagColumns, ragBounds } from '../../workflows/board';
import { runBound, selectBound, sqlNames } from '../database/bound-sql';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectSummaryEntity } from './project-summary.entity';

/** The parts of the row a command folds into. */
export interface SummaryParts {
  facts: BoardHistoryFacts;
  reviewRounds: BoardReviewRound[];
  blockers: Partial<Record<StageKey, number>>;
}

export type SummaryRow = SummaryParts &
  RagColumns &
  PositionColumns & {
    status: string;
    stages: Record<StageKey, StageStatus>;
  };

export const PORTFOLIO_SORTS = ['created', 'name', 'rag', 'days', 'target'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioFilter {
  /** 'all', or the ids of the projects the caller may read (ProjectAccessService's one rule). */
  readable: 'all' | string[];
  rag?: Rag;
  status?: string;
  stage?: StageKey;
  district?: string;
  /** Words in the project's name or slug. */
  text?: string;
  sort: PortfolioSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  today: string;
}

const COLUMNS = [
  'projectId',
  'slug',
  'name',
  'managerUserId',
  'districts',
  'status',
  'createdAt',
  'version',
  'stages',
  'blockers',
  'reviewRounds',
  'facts',
  'lateFrom',
  'baselineLateFrom',
  'dueFrom',
  'reviewSince',
  'changesRequested',
  'lastActivityOn',
  'currentStages',
  'currentSince',
  'nextTarget',
] as const satisfies ReadonlyArray<keyof ProjectSummaryEntity>;

const JSON_COLUMNS = new Set(['stages', 'blockers', 'reviewRounds', 'facts']);

/** The summary rows' SQL: one bound upsert per command, and the portfolio's one paged, filtered query. */
@Injectable()
export class ProjectSummaryRepository {
  private sql?: { parts: string; upsert: string; one: string };

  private statements(manager: EntityManager) {
    if (!this.sql) {
      const n = sqlNames(manager, ProjectSummaryEntity);
      const cols = COLUMNS.map((c) => n.column(c));
      this.sql = {
        parts: `SELECT ${n.column('facts')} AS "facts", ${n.column('reviewRounds')} AS "reviewRounds", ${n.column('blockers')} AS "blockers" FROM ${n.table} WHERE ${n.column('projectId')} = ?`,
        // one statement whether the row exists or not (SQLite 3.24+ and PostgreSQL)
        upsert:
          `INSERT INTO ${n.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})` +
          ` ON CONFLICT (${n.column('projectId')}) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`,
        one: `SELECT ${COLUMNS.map((c) => `${n.column(c)} AS "${c}"`).join(', ')} FROM ${n.table} WHERE ${n.column('projectId')} = ?`,
      };
    }
    return this.sql;
  }

  async parts(manager: EntityManager, projectId: string): Promise<SummaryParts | undefined> {
    const [row] = await selectBound<Record<keyof SummaryParts, string>>(manager, this.statements(manager).parts, [projectId]);
    if (!row) return undefined;
    return { facts: JSON.parse(row.facts), reviewRounds: JSON.parse(row.reviewRounds), blockers: JSON.parse(row.blockers) };
  }

  async upsert(manager: EntityManager, project: ProjectEntity, row: SummaryRow): Promise<void> {
    const values: Record<string, unknown> = {
      ...row,
      projectId: project.id,
      slug: project.slug,
      name: project.name,
      managerUserId: project.managerUserId ?? null,
      districts: `,${project.districts.join(',')},`,
      createdAt: project.createdAt,
      version: project.version,
      changesRequested: row.changesRequested ? 1 : 0,
    };
    await runBound(manager, this.statements(manager).upsert, COLUMNS.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(values[c]) : values[c])));
  }

  async one(manager: EntityManager, projectId: string): Promise<PortfolioRow | undefined> {
    const [row] = await selectBound<Record<string, unknown>>(manager, this.statements(manager).one, [projectId]);
    return row ? hydrate(row) : undefined;
  }

  /** Every entry of a project in sequence order, read in keyset batches (a whole history is never held at once). */
  async eachEntry(manager: EntityManager, projectId: string, visit: (e: HistoryEntryEntity) => void): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = await manager
        .createQueryBuilder(HistoryEntryEntity, 'h')
        .where('h.projectId = :projectId AND h.sequence > :after', { projectId, after })
        .orderBy('h.sequence', 'ASC')
        .take(2000)
        .getMany();
      for (const r of rows) visit(r);
      if (rows.length < 2000) return;
      after = Number(rows[rows.length - 1].sequence);
    }
  }

  async projectsWithoutSummary(manager: EntityManager): Promise<string[]> {
    const p = sqlNames(manager, ProjectEntity);
    const s = sqlNames(manager, ProjectSummaryEntity);
    const rows = await selectBound<{ id: string }>(
      manager,
      `SELECT ${p.column('id')} AS "id" FROM ${p.table} WHERE NOT EXISTS (SELECT 1 FROM ${s.table} WHERE ${s.column('projectId')} = ${p.table}.${p.column('id')})`,
      [],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of the portfolio and the number of rows matching: filters, RAG by today's date and
   * the sort are SQL over the summary rows (no project is rated in code to be filtered out).
   */
  async page(manager: EntityManager, f: PortfolioFilter): Promise<{ total: number; rows: PortfolioRow[] }> {
    if (f.readable !== 'all' && f.readable.length === 0) return { total: 0, rows: [] };
    const n = sqlNames(manager, ProjectSummaryEntity);
    const c = (k: keyof ProjectSummaryEntity & string) => n.column(k);
    const b = ragBounds(f.today);
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(v);
      return '?';
    };
    // the RAG rule of workflows/board/portfolio.ts ragAt(), as SQL
    const red = `(${c('status')} = 'on-hold' OR (${c('status')} = 'active' AND ${c('lateFrom')} < ${bind(b.today)}))`;
    const amber =
      `(${c('status')} = 'active' AND ((${c('dueFrom')} >= ${bind(b.today)} AND ${c('dueFrom')} <= ${bind(b.dueSoonUntil)})` +
      ` OR ${c('baselineLateFrom')} < ${bind(b.today)} OR ${c('reviewSince')} < ${bind(b.reviewStaleBefore)}` +
      ` OR ${c('changesRequested')} = 1 OR ${c('lastActivityOn')} <= ${bind(b.inactiveOnOrBefore)}))`;
    const ragParams = params.splice(0);
    const ragSql = `CASE WHEN ${red} THEN 0 WHEN ${amber} THEN 1 ELSE 2 END`;

    const where: string[] = [];
    const whereParams: unknown[] = [];
    const cond = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      whereParams.push(...values);
    };
    if (f.readable !== 'all') cond(`${c('projectId')} IN (${f.readable.map(() => '?').join(', ')})`, ...f.readable);
    if (f.status) cond(`${c('status')} = ?`, f.status);
    if (f.stage) cond(`${c('currentStages')} LIKE ?`, `%,${f.stage},%`);
    if (f.district) cond(`${c('districts')} LIKE ?`, `%,${f.district},%`);
    if (f.text) cond(`(LOWER(${c('name')}) LIKE ? ESCAPE '\\' OR ${c('slug')} LIKE ? ESCAPE '\\')`, `%${likeEscape(f.text.toLowerCase())}%`, `%${likeEscape(f.text.toLowerCase())}%`);
    if (f.rag) cond(`${ragSql} = ?`, ...ragParams, { red: 0, amber: 1, green: 2 }[f.rag]);
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';

    const [{ total }] = await selectBound<{ total: number | string }>(manager, `SELECT COUNT(*) AS "total" FROM ${n.table}${whereSql}`, whereParams);
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const flip = f.order === 'desc' ? 'ASC' : 'DESC';
    const tie = `${c('createdAt')} ASC, ${c('slug')} ASC`;
    const orderParams: unknown[] = [];
    let orderSql: string;
    switch (f.sort) {
      case 'name':
        orderSql = `LOWER(${c('name')}) ${dir}, ${tie}`;
        break;
      case 'rag':
        orderSql = `${ragSql} ${dir}, LOWER(${c('name')}) ASC`;
        orderParams.push(...ragParams);
        break;
      case 'days':
        // more days in stage = an earlier start; projects with no current stage last
        orderSql = `CASE WHEN ${c('currentSince')} IS NULL THEN 1 ELSE 0 END, ${c('currentSince')} ${flip}, LOWER(${c('name')}) ASC`;
        break;
      case 'target':
        orderSql = `CASE WHEN ${c('nextTarget')} IS NULL THEN 1 ELSE 0 END, ${c('nextTarget')} ${dir}, LOWER(${c('name')}) ASC`;
        break;
      default:
        orderSql = f.order === 'desc' ? `${c('createdAt')} DESC, ${c('slug')} DESC` : tie;
    }
    // the page's ids first (sorted on the narrow filter index), then only those rows with their JSON
    const ids = await selectBound<{ projectId: string }>(
      manager,
      `SELECT ${c('projectId')} AS "projectId" FROM ${n.table}${whereSql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`,
      [...whereParams, ...orderParams, f.limit, f.offset],
    );
    if (ids.length === 0) return { total: Number(total), rows: [] };
    const found = await selectBound<Record<string, unknown>>(
      manager,
      `SELECT ${COLUMNS.map((k) => `${n.column(k)} AS "${k}"`).join(', ')} FROM ${n.table} WHERE ${c('projectId')} IN (${ids.map(() => '?').join(', ')})`,
      ids.map((r) => r.projectId),
    );
    const byId = new Map(found.map((r) => [r.projectId as string, r]));
    const rows = ids.map((r) => byId.get(r.projectId)).filter((r): r is Record<string, unknown> => r !== undefined);
    return { total: Number(total), rows: rows.map(hydrate) };
  }
}

export interface PortfolioRow extends SummaryRow {
  projectId: string;
  slug: string;
  name: string;
  managerUserId: string | null;
  districts: string[];
  createdAt: string;
  version: number;
}

function hydrate(r: Record<string, unknown>): PortfolioRow {
  const json = (k: string) => (typeof r[k] === 'string' ? JSON.parse(r[k] as string) : r[k]);
  return {
    ...(r as unknown as PortfolioRow),
    version: Number(r.version),
    districts: String(r.districts).split(',').filter(Boolean),
    stages: json('stages'),
    blockers: json('blockers'),
    reviewRounds: json('reviewRounds'),
    facts: json('facts'),
    changesRequested: Number(r.changesRequested) === 1,
  };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
