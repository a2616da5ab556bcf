import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GateFacts, RecordedDeliverable, StageKey } from '../../workflows';
import { DeliverableRecordEntity } from './deliverable-record.entity';
import { ProjectEntity } from './project.entity';

/** A feature area (groups, reviews, registers, business case) adding what its gate rules need. */
export interface GateFactContributor {
  contribute(project: ProjectEntity, manager: EntityManager, facts: GateFacts): Promise<void>;
}

/** Gathers, inside the caller's transaction, everything the pure gate rules look at. */
@Injectable()
export class GateFactsService {
  private readonly contributors: GateFactContributor[] = [];

  register(contributor: GateFactContributor): void {
    this.contributors.push(contributor);
  }

  /** Loads shared by several contributors of one collect (e.g. the registers), by facts object. */
  private readonly sharedLoads = new WeakMap<GateFacts, Map<string, Promise<unknown>>>();

  /**
   * For contributors: `load` runs once per collect however many contributors ask for `key`, so
   * what several of them read (the registers) is read once. Nothing outlives the collect.
   */
  shared<T>(facts: GateFacts, key: string, load: () => Promise<T>): Promise<T> {
    let loads = this.sharedLoads.get(facts);
    if (!loads) this.sharedLoads.set(facts, (loads = new Map()));
    let loading = loads.get(key) as Promise<T> | undefined;
    if (!loading) loads.set(key, (loading = load()));
    return loading;
  }

  async collect(project: ProjectEntity, manager: EntityManager): Promise<GateFacts> {
    const rows = await manager.find(DeliverableRecordEntity, { where: { projectId: project.id } });
    const recorded: GateFacts['recorded'] = {};
    for (const row of rows) {
      const stage = (recorded[row.stage as StageKey] ??= {} as Record<string, RecordedDeliverable>);
      stage[row.deliverable] = { status: row.status, evidence: row.evidence };
    }
    const facts: GateFacts = { recorded, derived: [], extra: {} };
    for (const contributor of this.contributors) await contributor.contribute(project, manager, facts);
    return facts;
  }
}
