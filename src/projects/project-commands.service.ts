import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EVENT,
  EventPayload,
  EventType,
  GateFacts,
  initialSnapshot,
  MACHINE_VERSION,
  persist,
  PersistedProjectSnapshot,
  ProjectSnapshot,
  projectStatus,
  restore,
  StageKey,
  stageStatuses,
} from '../../workflows';
import { CommandRefusedError, NotFoundError, VersionConflictError } from '../common/domain-errors';
import { Clock } from '../common/clock';
import { runBound, sqlNames } from '../database/bound-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from './actor';
import { GateFactsService } from './gate-facts.service';
import { HistoryEntryEntity, ResultingState } from './history-entry.entity';
import { ProjectEntity } from './project.entity';

export interface CommandRequest<K extends EventType = EventType> {
  slug: string;
  /** History type from the catalogue (workflows/events), e.g. EVENT.DELIVERABLE_UPDATED. */
  type: K;
  stage?: StageKey | null;
  /** What was asked: recorded as it stands on a refused entry; completed by the outcome's `event`. */
  payload: Partial<EventPayload<K>>;
  expectedVersion?: number;
  actor: Actor;
}

export interface CommandContext {
  manager: EntityManager;
  project: ProjectEntity;
  actor: Actor;
  /** The command's one timestamp (ISO): its history entry's occurredAt and every updatedAt it writes. */
  now: string;
  snapshot: ProjectSnapshot;
  /** Gate facts as they stand inside this transaction. */
  facts(): Promise<GateFacts>;
}

export interface CommandOutcome<T, K extends EventType = EventType> {
  /**
   * The rest of the typed event, known only once the work ran (the record as saved, the values
   * before): merged over the request's payload on the accepted history entry.
   */
  event?: Partial<EventPayload<K>>;
  /** The machine's next snapshot, when the command moved the workflow. */
  next?: ProjectSnapshot;
  /** persist(next), when the caller already has it (decide() does). */
  persisted?: PersistedProjectSnapshot;
  result: T;
}

export interface CommandResult<T, V = undefined> {
  result: T;
  project: ProjectEntity;
  entry: HistoryEntryEntity;
  /** What the `view` callback made of the committed state (undefined without one). */
  view: V;
}

/** The project as an accepted command leaves it, still inside the command's transaction. */
export interface AcceptedContext {
  manager: EntityManager;
  /** Already carries the new snapshot and version. */
  project: ProjectEntity;
  /** The machine snapshot the project now stands in. */
  snapshot: ProjectSnapshot;
}

/**
 * Runs one command on one project as one database transaction: load the project and its
 * snapshot, let `work` decide (purely, or with its own record writes), then bump the version
 * only if it is still the one loaded and append the history entry. A refusal is recorded in
 * the history too, and changes nothing else.
 */
@Injectable()
export class ProjectCommandService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly gateFacts: GateFactsService,
    private readonly clock: Clock,
  ) {}

  /**
   * `view`, when given, runs after the history entry is written, in the same transaction, so the
   * caller's answer describes exactly the state this command committed without a second read.
   */
  async execute<T, V = undefined, K extends EventType = EventType>(
    request: CommandRequest<K>,
    work: (ctx: CommandContext) => Promise<CommandOutcome<T, K>>,
    view?: (accepted: AcceptedContext) => Promise<V>,
  ): Promise<CommandResult<T, V>> {
    let refusal: CommandRefusedError | undefined;
    const outcome = await this.transactions.write(async (manager) => {
      const now = this.clock.iso();
      const project = await manager.findOne(ProjectEntity, {
        where: { slug: request.slug },
        // PostgreSQL runs transactions side by side: the row lock queues commands on one project,
        // so its history sequence and records see each other. SQLite is serialised already.
        ...(manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (!project) throw new NotFoundError('Project', request.slug);
      if (request.expectedVersion !== undefined && request.expectedVersion !== project.version) {
        refusal = new VersionConflictError(request.expectedVersion, project.version);
        await this.appendHistory(manager, project, request, now, 'refused', refusal);
        return undefined;
      }
      const current = restore(project.snapshot, project.machineVersion);
      const ctx: CommandContext = {
        manager,
        project,
        actor: request.actor,
        now,
        snapshot: current,
        facts: () => this.gateFacts.collect(project, manager),
      };
      let done: CommandOutcome<T>;
      try {
        // a savepoint: a refusal raised after some record writes undoes them before it is recorded
        done = await manager.transaction(() => work(ctx));
      } catch (error) {
        if (!(error instanceof CommandRefusedError)) throw error;
        refusal = error;
        await this.appendHistory(manager, project, request, now, 'refused', refusal);
        return undefined;
      }
      const snapshot = done.next ? (done.persisted ?? persist(done.next)) : project.snapshot;
      const updated = await runBound(manager, this.versionCheckedUpdate(manager), [
        JSON.stringify(snapshot),
        MACHINE_VERSION,
        project.version + 1,
        now,
        project.id,
        project.version,
      ]);
      if (updated.affected !== 1) {
        const current = await manager.findOneOrFail(ProjectEntity, { where: { id: project.id } });
        throw new VersionConflictError(project.version, current.version);
      }
      Object.assign(project, { snapshot, machineVersion: MACHINE_VERSION, version: project.version + 1, updatedAt: now });
      const accepted = done.event ? { ...request, payload: { ...request.payload, ...done.event } } : request;
      const entry = await this.appendHistory(manager, project, accepted, now, 'accepted');
      const viewed = view ? await view({ manager, project, snapshot: done.next ?? current }) : (undefined as V);
      return { result: done.result, project, entry, view: viewed };
    });
    if (refusal) throw refusal;
    return outcome!;
  }

  private updateSql?: string;

  /** Bumps the version only if it is still the one loaded (bound parameters: one prepared statement). */
  private versionCheckedUpdate(manager: EntityManager): string {
    if (!this.updateSql) {
      const p = sqlNames(manager, ProjectEntity);
      this.updateSql =
        `UPDATE ${p.table} SET ${p.column('snapshot')} = ?, ${p.column('machineVersion')} = ?, ${p.column('version')} = ?, ${p.column('updatedAt')} = ?` +
        ` WHERE ${p.column('id')} = ? AND ${p.column('version')} = ?`;
    }
    return this.updateSql;
  }

  /** Creates a project at stage 1, in progress, with its first history entry. */
  async create(
    fields: Pick<ProjectEntity, 'slug' | 'name' | 'scope' | 'area' | 'districts' | 'pcns'> & {
      managerUserId?: string | null;
      recordedRegisteredPopulation?: number | null;
    },
    actor: Actor,
    beforeInsert: (manager: EntityManager) => Promise<void>,
  ): Promise<ProjectEntity> {
    return this.transactions.write(async (manager) => {
      await beforeInsert(manager);
      const now = this.clock.iso();
      const project = manager.create(ProjectEntity, {
        ...fields,
        id: randomUUID(),
        snapshot: persist(initialSnapshot()),
        machineVersion: MACHINE_VERSION,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await manager.save(ProjectEntity, project);
      await this.appendHistory(manager, project, { slug: project.slug, type: EVENT.PROJECT_CREATED, payload: { ...fields }, actor }, now, 'accepted');
      return project;
    });
  }

  private async appendHistory(
    manager: EntityManager,
    project: ProjectEntity,
    request: CommandRequest,
    now: string,
    outcome: 'accepted' | 'refused',
    refusal?: CommandRefusedError,
  ): Promise<HistoryEntryEntity> {
    const last = await manager
      .createQueryBuilder(HistoryEntryEntity, 'h')
      .select('MAX(h.sequence)', 'max')
      .where('h.projectId = :id', { id: project.id })
      .getRawOne<{ max: number | null }>();
    const entry = manager.create(HistoryEntryEntity, {
      projectId: project.id,
      sequence: Number(last?.max ?? 0) + 1,
      occurredAt: now,
      type: request.type,
      stage: request.stage ?? null,
      payload: (request.expectedVersion === undefined ? request.payload : { ...request.payload, expectedVersion: request.expectedVersion }) as Record<string, unknown>,
      outcome,
      blockers: refusal ? refusal.blockers : null,
      resultingState: resultingState(project.snapshot, project.version),
      actorId: request.actor.id,
      actorName: request.actor.name,
    });
    return manager.save(HistoryEntryEntity, entry);
  }
}

export function resultingState(snapshot: PersistedProjectSnapshot, version: number): ResultingState {
  return { status: projectStatus(snapshot), version, stages: stageStatuses(snapshot) };
}
