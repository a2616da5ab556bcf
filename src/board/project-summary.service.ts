import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EVENT, projectStatus, restore, StageKey, stageStatuses, workflowView } from '../../workflows';
import { BoardHistoryEntry, BoardHistoryFacts, BoardReviewRound, emptyHistoryFacts, foldHistoryEntry, positionColumns, ragColumns } from '../../workflows/board';
import { TransactionRunner } from '../database/transaction-runner';
import { PeopleRepository } from '../people/people.repository';
import { GateFactsService } from '../projects/gate-facts.service';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { CommandRecordedListener, ProjectCommandService, RecordedContext } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectSummaryRepository, SummaryParts } from './project-summary.repository';
import { latestReviewRounds } from './review-rounds';

/** Accepted commands after which a stage's latest review round, or who is still to decide in it, may differ. */
const REVIEW_TYPES: ReadonlySet<string> = new Set([
  EVENT.SUBMIT_FOR_REVIEW,
  EVENT.APPROVE_STAGE,
  EVENT.REQUEST_CHANGES,
  EVENT.REVIEW_DECISION_RECORDED,
  EVENT.STAGE_REOPENED,
  EVENT.GROUP_MEMBER_ADDED,
  EVENT.GROUP_MEMBER_UPDATED,
  EVENT.GROUP_MEMBER_REMOVED,
]);
/** Accepted commands that cannot change any stage's blockers: no gate facts are gathered after them. */
const BLOCKERS_UNCHANGED: ReadonlySet<string> = new Set([
  EVENT.STAGE_PLAN_SET,
  EVENT.STAGE_TARGET_MOVED,
  EVENT.MANAGER_ASSIGNED,
  EVENT.PROJECT_PUBLISHED,
  EVENT.PROJECT_UNPUBLISHED,
  EVENT.STAGE_COMMENT_ADDED,
]);

export function boardEntry(r: Pick<HistoryEntryEntity, 'sequence' | 'occurredAt' | 'type' | 'stage' | 'outcome' | 'actorName' | 'payload' | 'blockers' | 'resultingState'>): BoardHistoryEntry {
  return {
    sequence: Number(r.sequence),
    occurredAt: r.occurredAt,
    type: r.type,
    stage: r.stage,
    outcome: r.outcome,
    actorName: r.actorName,
    payload: r.payload,
    blockers: r.blockers,
    stages: r.resultingState?.stages,
  };
}

/** The stage plans as the facts hold them (the last accepted plan entry of each stage). */
export function plansOf(facts: BoardHistoryFacts): Partial<Record<StageKey, string>> {
  const plans: Partial<Record<StageKey, string>> = {};
  for (const [stage, plan] of Object.entries(facts.plans)) if (plan?.target) plans[stage as StageKey] = plan.target;
  return plans;
}

/**
 * Keeps each project's summary row current: every command, accepted or refused, folds its
 * history entry into the row inside its own transaction (one read and one write of the row;
 * review rounds only after review commands, gate facts only after commands that can change
 * blockers). Rows of projects older than the table are built from their history once, at start.
 */
@Injectable()
export class ProjectSummaryService implements CommandRecordedListener, OnApplicationBootstrap {
  constructor(
    commands: ProjectCommandService,
    private readonly summaries: ProjectSummaryRepository,
    private readonly transactions: TransactionRunner,
    private readonly people: PeopleRepository,
    private readonly gateFacts: GateFactsService,
  ) {
    commands.addRecordedListener(this);
  }

  async afterRecorded({ manager, project, entry }: RecordedContext): Promise<void> {
    const previous = await this.summaries.parts(manager, project.id);
    if (!previous && entry.type !== EVENT.PROJECT_CREATED) {
      // a project from before the summary table, not built yet: from its whole history, once
      await this.rebuild(manager, project);
      return;
    }
    const accepted = entry.outcome === 'accepted';
    const facts = foldHistoryEntry(previous?.facts ?? emptyHistoryFacts(), boardEntry(entry));
    const reviewRounds = accepted && REVIEW_TYPES.has(entry.type) ? await latestReviewRounds(this.people, manager, project.id) : (previous?.reviewRounds ?? []);
    const blockers = previous && (!accepted || BLOCKERS_UNCHANGED.has(entry.type)) ? previous.blockers : await this.blockerCounts(manager, project);
    await this.save(manager, project, { facts, reviewRounds, blockers });
  }

  /** The row from the project's records and whole history (projects older than the table; the scale loader). */
  async rebuild(manager: EntityManager, project: ProjectEntity, blockers?: Partial<Record<StageKey, number>>): Promise<void> {
    let facts = emptyHistoryFacts();
    await this.summaries.eachEntry(manager, project.id, (e) => {
      facts = foldHistoryEntry(facts, boardEntry(e));
    });
    const reviewRounds = await latestReviewRounds(this.people, manager, project.id);
    await this.save(manager, project, { facts, reviewRounds, blockers: blockers ?? (await this.blockerCounts(manager, project)) });
  }

  /** The row with `facts` folded elsewhere (the scale loader's bulk entries), review rounds and blockers read afresh. */
  async refresh(manager: EntityManager, project: ProjectEntity, facts: BoardHistoryFacts): Promise<void> {
    await this.save(manager, project, { facts, reviewRounds: await latestReviewRounds(this.people, manager, project.id), blockers: await this.blockerCounts(manager, project) });
  }

  async save(manager: EntityManager, project: ProjectEntity, parts: SummaryParts): Promise<void> {
    const status = projectStatus(project.snapshot);
    const stages = stageStatuses(project.snapshot);
    const input = { status, stages, plans: plansOf(parts.facts), facts: parts.facts, reviewRounds: parts.reviewRounds as BoardReviewRound[] };
    await this.summaries.upsert(manager, project, { status, stages, ...parts, ...ragColumns(input), ...positionColumns(input) });
  }

  private async blockerCounts(manager: EntityManager, project: ProjectEntity): Promise<Partial<Record<StageKey, number>>> {
    const view = workflowView(restore(project.snapshot, project.machineVersion), project.version, await this.gateFacts.collect(project, manager));
    return Object.fromEntries(view.stages.map((s) => [s.key, s.blockers.length]));
  }

  async onApplicationBootstrap(): Promise<void> {
    const missing = await this.transactions.read((m) => this.summaries.projectsWithoutSummary(m));
    for (const id of missing) {
      await this.transactions.write(async (manager) => {
        const project = await manager.findOneOrFail(ProjectEntity, { where: { id } });
        await this.rebuild(manager, project);
      });
    }
  }
}
