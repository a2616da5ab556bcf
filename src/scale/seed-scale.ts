import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, EntityManager } from 'typeorm';
import {
  canonicalJson,
  decide,
  DISTRICTS,
  entryHash,
  GENESIS_HASH,
  NO_GATE_FACTS,
  PersistedProjectSnapshot,
  projectStatus,
  restore,
  STAGES,
} from '../../workflows';
import { addDays, foldHistoryEntry } from '../../workflows/board';
import { UsersService } from '../auth/users.service';
import { BoardService } from '../board/board.service';
import { ProjectSummaryRepository } from '../board/project-summary.repository';
import { boardEntry, ProjectSummaryService } from '../board/project-summary.service';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { resultingState } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { WorkflowService } from '../projects/workflow.service';

export interface ScaleOptions {
  projects: number;
  /** History entries in the whole database (the real commands' entries included). */
  history: number;
  /** Entries of the one deep project (slug scale-deep), for the deep history page. */
  deep: number;
  log?: (line: string) => void;
}

export const SCALE_PM = { email: 'scale-pm@example.org', name: 'Scale Programme Manager', role: 'programme-manager' as const, password: 'amber-lantern-harbour-93' };
export const SCALE_HOLD_REASON = 'Scale seed: paused while the estates review reports.';
const BATCH = 200;

/** One command of the repeated pair: its history type, payload and the state it leaves. */
interface SeedEvent {
  type: string;
  payload: Record<string, unknown>;
  persisted: PersistedProjectSnapshot;
}

/**
 * The one place the bulk loader makes history rows: exactly the entry ProjectCommandService
 * appends for the accepted command `event` (sequence after the head, the command's time, type,
 * payload, outcome, the resulting state and version, the actor) and its chained hash.
 */
export function bulkEntry(project: { id: string }, previousHash: string, sequence: number, version: number, at: string, event: SeedEvent, actor: Actor) {
  const entry = {
    projectId: project.id,
    sequence,
    occurredAt: at,
    type: event.type,
    stage: null,
    payload: event.payload,
    outcome: 'accepted' as const,
    blockers: null,
    resultingState: resultingState(event.persisted, version),
    actorId: actor.id,
    actorName: actor.name,
  };
  return { ...entry, hash: entryHash(previousHash, entry) };
}

/**
 * Builds a scale database in the running application `app` (SQLite): the users and every project
 * through the real services and commands (creation; stage plans, some moved with a reason; some
 * holds), then most of the history in bulk as the pairs of hold and resume the commands would
 * write (bulkEntry: hash chain included), each project's head, version and snapshot moved as those
 * commands would leave them, and each entry folded into the summary row as the commands' listener
 * folds it. `npm run verify` passes on the result.
 */
export async function seedScale(app: NestFastifyApplication, options: ScaleOptions): Promise<{ projects: number; history: number }> {
  const log = options.log ?? (() => undefined);
  const users = app.get(UsersService);
  const projects = app.get(ProjectsService);
  const workflow = app.get(WorkflowService);
  const board = app.get(BoardService);
  const summaries = app.get(ProjectSummaryService);
  const summaryRows = app.get(ProjectSummaryRepository);
  const transactions = app.get(TransactionRunner);
  const clock = app.get(Clock);
  const dataSource = app.get(DataSource);
  if (dataSource.options.type !== 'better-sqlite3') throw new Error('seed:scale builds a SQLite database (DATABASE_TYPE=better-sqlite3)');

  const pm = await users.create({ email: SCALE_PM.email, name: SCALE_PM.name, role: SCALE_PM.role, password: SCALE_PM.password });
  const actor: Actor = { id: pm.id, name: pm.name, role: 'programme-manager' };
  const today = clock.iso().slice(0, 10);
  const stage1 = STAGES[0].key;

  // real commands: every project is created; about a third get a stage-1 plan (some moved, with a reason); a tenth are put on hold
  const slugs: string[] = [];
  for (let start = 0; start < options.projects; start += BATCH) {
    const batch: Array<Promise<unknown>> = [];
    for (let i = start; i < Math.min(options.projects, start + BATCH); i++) {
      const slug = i === 0 ? 'scale-deep' : `scale-${i}`;
      slugs.push(slug);
      batch.push(
        (async () => {
          await projects.create({ name: `Scale project ${i}`, slug, scope: 'town', districts: [DISTRICTS[i % DISTRICTS.length]], pcns: [] }, actor);
          if (i % 3 === 1) await board.setPlan(slug, stage1, addDays(today, (i % 60) - 20), undefined, undefined, actor);
          if (i % 9 === 4) await board.setPlan(slug, stage1, addDays(today, (i % 90) - 10), 'The estates survey moved.', undefined, actor);
          if (i % 10 === 7) await workflow.applyEvent(slug, { type: 'PUT_ON_HOLD', reason: SCALE_HOLD_REASON }, undefined, actor);
        })(),
      );
    }
    await Promise.all(batch);
    if ((start / BATCH) % 5 === 0) log(`created ${Math.min(options.projects, start + BATCH)} of ${options.projects} projects through the commands`);
  }

  const [{ n: counted }] = await transactions.read((m) => m.query('SELECT COUNT(*) AS n FROM history_entry'));
  const remaining = Math.max(0, options.history - Number(counted));
  let deep = Math.min(options.deep, remaining);
  const rest = remaining - deep;
  const others = Math.max(1, slugs.length - 1);
  const perProject = slugs.length > 1 ? Math.floor(rest / others) : 0;
  let extra = slugs.length > 1 ? rest - perProject * others : 0;
  if (slugs.length === 1) deep += rest;

  const raw = (dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { run(...args: unknown[]): unknown } } }).databaseConnection;
  const insert = raw.prepare(
    'INSERT INTO history_entry ("projectId", "sequence", "occurredAt", "type", "stage", "payload", "outcome", "blockers", "resultingState", "actorId", "actorName", "hash") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  let written = 0;
  for (let i = 0; i < slugs.length; i++) {
    let count = i === 0 ? deep : perProject;
    if (i > 0 && extra > 0) {
      count++;
      extra--;
    }
    if (count <= 0) continue;
    await transactions.write(async (manager) => {
      const project = await manager.findOneOrFail(ProjectEntity, { where: { slug: slugs[i] } });
      const held = projectStatus(project.snapshot) === 'on-hold';
      // the two states the pair leaves, as decide() computes them for the commands
      const hold = { type: 'PUT_ON_HOLD' as const, reason: SCALE_HOLD_REASON };
      const resume = { type: 'RESUME' as const };
      const [a, b] = held ? [resume, hold] : [hold, resume];
      const first = decide(restore(project.snapshot, project.machineVersion), a, NO_GATE_FACTS);
      if (!first.accepted) throw new Error(`seed: ${slugs[i]} refuses ${a.type}`);
      const second = decide(first.next, b, NO_GATE_FACTS);
      if (!second.accepted) throw new Error(`seed: ${slugs[i]} refuses ${b.type}`);
      const payload = (e: typeof a) => ('reason' in e ? { reason: e.reason } : {});
      const pair: [SeedEvent, SeedEvent] = [
        { type: a.type, payload: payload(a), persisted: first.persisted },
        { type: b.type, payload: payload(b), persisted: second.persisted },
      ];
      let facts = (await summaryRows.parts(manager, project.id))!.facts;
      let hash = project.headHash ?? GENESIS_HASH;
      let sequence = Number(project.headSequence);
      let version = project.version;
      // after the project's last command, in sequence order, ten to a millisecond (as a busy clock would stamp them)
      const startMs = Date.parse(project.updatedAt) + 1;
      let lastAt = project.updatedAt;
      for (let k = 0; k < count; k++) {
        lastAt = new Date(startMs + Math.floor(k / 10)).toISOString();
        const e = bulkEntry(project, hash, ++sequence, ++version, lastAt, pair[k % 2], actor);
        insert.run(e.projectId, e.sequence, e.occurredAt, e.type, null, canonicalJson(e.payload), 'accepted', null, canonicalJson(e.resultingState), e.actorId, e.actorName, e.hash);
        hash = e.hash;
        facts = foldHistoryEntry(facts, boardEntry(e));
      }
      const last = count % 2 === 0 ? second.persisted : first.persisted;
      Object.assign(project, { snapshot: last, version, headSequence: sequence, headHash: hash, updatedAt: lastAt }); // as the last command would stamp it
      await moveProject(manager, project);
      await summaries.refresh(manager, project, facts);
    });
    written += count;
    if (i === 0 || i % 500 === 0) log(`history: ${written} bulk entries written (${i + 1}/${slugs.length} projects)`);
  }
  const [{ n }] = await transactions.read((m) => m.query('SELECT COUNT(*) AS n FROM history_entry'));
  return { projects: slugs.length, history: Number(n) };
}

async function moveProject(manager: EntityManager, p: ProjectEntity): Promise<void> {
  await manager.query('UPDATE project SET "snapshot" = ?, "version" = ?, "updatedAt" = ?, "headSequence" = ?, "headHash" = ? WHERE "id" = ?', [
    JSON.stringify(p.snapshot),
    p.version,
    p.updatedAt,
    p.headSequence,
    p.headHash,
    p.id,
  ]);
}

