import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  entryHash,
  EVENT,
  GENESIS_HASH,
  isStageDecision,
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
import { CheckpointSigner } from '../history/checkpoint-signer';
import { runBound, sqlNames } from '../database/bound-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from './actor';
import { GateFactsService } from './gate-facts.service';
import { HistoryEntryEntity, ResultingState } from './history-entry.entity';
import { ProjectEntity } from './project.entity';
import { currentRequestId } from '../logging/request-context';

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

/** A history entry just appended, still inside the command's transaction (accepted, refused or the creation). */
export interface RecordedContext {
  manager: EntityManager;
  /** As the entry leaves it (new snapshot, version and head). */
  project: ProjectEntity;
  entry: HistoryEntryEntity;
}

/**
 * Told of every entry a command appends, inside the command's transaction (the board's summary
 * row): what it writes commits or rolls back with the entry; a throw fails the command.
 */
export interface CommandRecordedListener {
  afterRecorded(ctx: RecordedContext): Promise<void>;
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
    private readonly checkpoints: CheckpointSigner,
  ) {}

  // ---- recorded listeners (issue 9: the portfolio's summary row) ----
  private readonly recordedListeners: CommandRecordedListener[] = [];

  addRecordedListener(listener: CommandRecordedListener): void {
    this.recordedListeners.push(listener);
  }

  private async recorded(manager: EntityManager, project: ProjectEntity, entry: HistoryEntryEntity): Promise<void> {
    for (const listener of this.recordedListeners) await listener.afterRecorded({ manager, project, entry });
  }
  // ----

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
      const accepted = done.event ? { ...request, payload: { ...request.payload, ...done.event } } : request;
      const version = project.version + 1;
      // the entry is built (and hashed) first: the head it becomes is written with the version bump
      const entry = this.newEntry(manager, project, accepted, now, 'accepted', undefined, resultingState(snapshot, version));
      const updated = await runBound(manager, this.versionCheckedUpdate(manager), [
        JSON.stringify(snapshot),
        MACHINE_VERSION,
        version,
        now,
        entry.sequence,
        entry.hash,
        project.id,
        project.version,
      ]);
      if (updated.affected !== 1) {
        const current = await manager.findOneOrFail(ProjectEntity, { where: { id: project.id } });
        throw new VersionConflictError(project.version, current.version);
      }
      Object.assign(project, { snapshot, machineVersion: MACHINE_VERSION, version, updatedAt: now, headSequence: entry.sequence, headHash: entry.hash });
      await manager.insert(HistoryEntryEntity, entry as QueryDeepPartialEntity<HistoryEntryEntity>);
      // a stage decision pins the head with a signature (a later cut-off tail shows against it)
      if (isStageDecision(entry.type, entry.payload)) await this.checkpoints.sign(manager, project.id, entry.sequence, entry.hash!, now);
      await this.recorded(manager, project, entry);
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
        `UPDATE ${p.table} SET ${p.column('snapshot')} = ?, ${p.column('machineVersion')} = ?, ${p.column('version')} = ?, ${p.column('updatedAt')} = ?,` +
        ` ${p.column('headSequence')} = ?, ${p.column('headHash')} = ?` +
        ` WHERE ${p.column('id')} = ? AND ${p.column('version')} = ?`;
    }
    return this.updateSql;
  }

  private headSql?: string;

  /** A refused command moves only the history's head (the version stays). */
  private headUpdate(manager: EntityManager): string {
    if (!this.headSql) {
      const p = sqlNames(manager, ProjectEntity);
      this.headSql =
        `UPDATE ${p.table} SET ${p.column('headSequence')} = ?, ${p.column('headHash')} = ?` +
        ` WHERE ${p.column('id')} = ? AND ${p.column('headSequence')} = ?`;
    }
    return this.headSql;
  }

  /** Creates a project at stage 1, in progress, with its first history entry. */
  async create(
    fields: Pick<ProjectEntity, 'slug' | 'name' | 'scope' | 'area' | 'districts' | 'pcns'> & {
      managerUserId?: string | null;
      recordedRegisteredPopulation?: number | null;
    },
    actor: Actor,
    beforeInsert: (manager: EntityManager) => Promise<void>,
  ): Promise<{ project: ProjectEntity; entry: HistoryEntryEntity }> {
    return this.transactions.write(async (manager) => {
      await beforeInsert(manager);
      const now = this.clock.iso();
      const project = manager.create(ProjectEntity, {
        ...fields,
        id: randomUUID(),
        snapshot: persist(initialSnapshot()),
        machineVersion: MACHINE_VERSION,
        version: 1,
        headSequence: 0,
        headHash: null,
        createdAt: now,
        updatedAt: now,
      });
      const entry = this.newEntry(manager, project, { slug: project.slug, type: EVENT.PROJECT_CREATED, payload: { ...fields }, actor }, now, 'accepted');
      Object.assign(project, { headSequence: entry.sequence, headHash: entry.hash });
      await manager.save(ProjectEntity, project);
      await manager.insert(HistoryEntryEntity, entry as QueryDeepPartialEntity<HistoryEntryEntity>);
      await this.recorded(manager, project, entry);
      return { project, entry };
    });
  }

  /** A refused command's entry: appended, and the project's head moved to it. */
  private async appendHistory(
    manager: EntityManager,
    project: ProjectEntity,
    request: CommandRequest,
    now: string,
    outcome: 'refused',
    refusal: CommandRefusedError,
  ): Promise<HistoryEntryEntity> {
    const entry = this.newEntry(manager, project, request, now, outcome, refusal);
    const moved = await runBound(manager, this.headUpdate(manager), [entry.sequence, entry.hash, project.id, project.headSequence]);
    if (moved.affected !== 1) throw new VersionConflictError(project.version, project.version);
    Object.assign(project, { headSequence: entry.sequence, headHash: entry.hash });
    await manager.insert(HistoryEntryEntity, entry as QueryDeepPartialEntity<HistoryEntryEntity>);
    await this.recorded(manager, project, entry);
    return entry;
  }

  /**
   * The next history entry, chained to the project's head: its sequence follows the head's (no
   * MAX(sequence) read) and its hash covers the previous hash and every field it stores.
   */
  private newEntry(
    manager: EntityManager,
    project: ProjectEntity,
    request: CommandRequest,
    now: string,
    outcome: 'accepted' | 'refused',
    refusal?: CommandRefusedError,
    state: ResultingState = resultingState(project.snapshot, project.version),
  ): HistoryEntryEntity {
    const payload = (request.expectedVersion === undefined ? request.payload : { ...request.payload, expectedVersion: request.expectedVersion }) as Record<string, unknown>;
    const entry = manager.create(HistoryEntryEntity, {
      projectId: project.id,
      sequence: Number(project.headSequence ?? 0) + 1,
      occurredAt: now,
      type: request.type,
      stage: request.stage ?? null,
      // stored as JSON text: hash exactly what will be read back
      payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>,
      outcome,
      blockers: refusal ? (JSON.parse(JSON.stringify(refusal.blockers)) as HistoryEntryEntity['blockers']) : null,
      resultingState: state,
      actorId: request.actor.id,
      actorName: request.actor.name,
      requestId: currentRequestId(),
    });
    entry.hash = entryHash(project.headHash ?? GENESIS_HASH, entry);
    return entry;
  }
}

export function resultingState(snapshot: PersistedProjectSnapshot, version: number): ResultingState {
  return { status: projectStatus(snapshot), version, stages: stageStatuses(snapshot) };
}
