import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { historyFilterQuery } from '../history/history-list';
import type { HistoryFilterDto } from './dto/history-filter.dto';
import { HistoryEntryEntity } from './history-entry.entity';
import { ProjectEntity } from './project.entity';

export interface HistorySearch {
  projectName: string;
  items: HistoryEntryEntity[];
  total: number;
  /** What the filters can choose from, over the whole history. */
  types: string[];
  people: { id: string; name: string }[];
}

/** A project's history, filtered and newest first: the queries of the history page and its CSV. */
@Injectable()
export class HistorySearchRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** `limit` null: every matching entry (the CSV download). */
  async search(slug: string, filter: HistoryFilterDto, limit: number | null, offset = 0): Promise<HistorySearch> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true, name: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const query = filtered(manager, project.id, filter).orderBy('h.sequence', 'DESC');
      if (limit !== null) query.take(limit).skip(offset);
      const [items, total] = await query.getManyAndCount();
      const types = await manager
        .createQueryBuilder(HistoryEntryEntity, 'h')
        .select('DISTINCT h.type', 'type')
        .where('h.projectId = :id', { id: project.id })
        .orderBy('type')
        .getRawMany<{ type: string }>();
      const people = await manager
        .createQueryBuilder(HistoryEntryEntity, 'h')
        .select('h.actorId', 'id')
        .addSelect('MAX(h.actorName)', 'name')
        .where('h.projectId = :id AND h.actorId IS NOT NULL', { id: project.id })
        .groupBy('h.actorId')
        .orderBy('name')
        .getRawMany<{ id: string; name: string }>();
      return { projectName: project.name, items, total, types: types.map((t) => t.type), people };
    });
  }
}

/** The page's filters in the history list's terms (its dates are whole days, checked by HistoryFilterDto). */
function filtered(manager: EntityManager, projectId: string, f: HistoryFilterDto): SelectQueryBuilder<HistoryEntryEntity> {
  return historyFilterQuery(
    manager,
    projectId,
    { type: f.type, stage: f.stage, actor: f.person, outcome: f.outcome },
    { from: f.from ? `${f.from}T00:00:00.000Z` : undefined, to: f.to ? `${f.to}T23:59:59.999Z` : undefined },
  );
}
