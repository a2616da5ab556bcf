import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { HistoryFilter } from './history-query.dto';

export interface HistoryPage {
  items: HistoryEntryEntity[];
  total: number;
  limit: number;
  offset: number;
  /** The last sequence of this page when more entries match (pass it as `after`), else null. */
  next: number | null;
}

export interface Bounds {
  from?: string;
  to?: string;
}

/** from/to as stored timestamps (UTC ISO strings compare in time order); a date covers its whole day. */
export function timeBounds(filter: HistoryFilter): Bounds {
  const toIso = (value: string, end: boolean) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    return new Date(dateOnly ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : value).toISOString();
  };
  const bounds: Bounds = {};
  if (filter.from) bounds.from = toIso(filter.from, false);
  if (filter.to) bounds.to = toIso(filter.to, true);
  if (bounds.from && bounds.to && bounds.from > bounds.to) {
    throw new InvalidInputError('The period is empty.', [{ field: 'to', message: 'to must not be before from' }]);
  }
  return bounds;
}

/** The one query of a project's history entries matching a filter (the API's list and CSV, and the history page). */
export function historyFilterQuery(manager: EntityManager, projectId: string, filter: HistoryFilter, bounds: Bounds) {
  const qb = manager.createQueryBuilder(HistoryEntryEntity, 'h').where('h.projectId = :projectId', { projectId });
  if (filter.type) qb.andWhere('h.type = :type', { type: filter.type });
  if (filter.stage) qb.andWhere('h.stage = :stage', { stage: filter.stage });
  if (filter.actor) qb.andWhere('h.actorId = :actor', { actor: filter.actor });
  if (filter.outcome) qb.andWhere('h.outcome = :outcome', { outcome: filter.outcome });
  if (bounds.from) qb.andWhere('h.occurredAt >= :from', { from: bounds.from });
  if (bounds.to) qb.andWhere('h.occurredAt <= :to', { to: bounds.to });
  return qb;
}

async function projectOf(manager: EntityManager, slug: string): Promise<ProjectEntity> {
  const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true, slug: true, headSequence: true } });
  if (!project) throw new NotFoundError('Project', slug);
  return project;
}

/** One page: keyset (`after`) when given, else offset; at most `limit` (≤ 200) entries. */
export async function historyPage(
  transactions: TransactionRunner,
  slug: string,
  query: HistoryFilter & { limit: number; offset: number; after?: number },
): Promise<HistoryPage> {
  const bounds = timeBounds(query);
  return transactions.read(async (manager) => {
    const project = await projectOf(manager, slug);
    const filtered = Boolean(query.type || query.stage || query.actor || query.outcome || bounds.from || bounds.to);
    // unfiltered, the count is the head's sequence (sequences run 1..head without gaps): no scan of a long history
    const total = filtered ? await historyFilterQuery(manager, project.id, query, bounds).getCount() : Number(project.headSequence);
    const qb = historyFilterQuery(manager, project.id, query, bounds).orderBy('h.sequence', 'ASC');
    if (query.after !== undefined) qb.andWhere('h.sequence > :after', { after: query.after });
    else qb.skip(query.offset);
    const rows = await qb.take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit);
    return { items, total, limit: query.limit, offset: query.after !== undefined ? 0 : query.offset, next: rows.length > query.limit ? items[items.length - 1].sequence : null };
  });
}

export const HISTORY_CSV_COLUMNS = ['sequence', 'occurredAt', 'type', 'stage', 'outcome', 'actorId', 'actorName', 'version', 'projectStatus', 'payload', 'blockers', 'hash'];
const CSV_BATCH = 500;

/**
 * Every matching entry as CSV, streamed: read in keyset batches, each its own short read (the
 * database queue is not held for the whole export), up to the head as it stood when the export
 * began, so the file is one consistent prefix of an append-only history. Cells that a
 * spreadsheet would run as a formula (= + - @ tab CR) are prefixed with '.
 */
export async function historyCsv(transactions: TransactionRunner, slug: string, filter: HistoryFilter): Promise<Readable> {
  const bounds = timeBounds(filter);
  const project = await transactions.read((manager) => projectOf(manager, slug));
  const head = Number(project.headSequence);
  const csv = stringify({ header: true, columns: HISTORY_CSV_COLUMNS, escape_formulas: true, record_delimiter: 'windows' });
  const source = Readable.from(
    (async function* () {
      let after = 0;
      for (;;) {
        const rows = await transactions.read((manager) =>
          historyFilterQuery(manager, project.id, filter, bounds)
            .andWhere('h.sequence > :after', { after })
            .andWhere('h.sequence <= :head', { head })
            .orderBy('h.sequence', 'ASC')
            .take(CSV_BATCH)
            .getMany(),
        );
        for (const h of rows) {
          yield {
            sequence: h.sequence,
            occurredAt: h.occurredAt,
            type: h.type,
            stage: h.stage ?? '',
            outcome: h.outcome,
            actorId: h.actorId ?? '',
            actorName: h.actorName ?? '',
            version: h.resultingState?.version ?? '',
            projectStatus: h.resultingState?.status ?? '',
            payload: JSON.stringify(h.payload),
            blockers: h.blockers ? JSON.stringify(h.blockers) : '',
            hash: h.hash ?? '',
          };
        }
        if (rows.length < CSV_BATCH) return;
        after = rows[rows.length - 1].sequence;
      }
    })(),
  );
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
