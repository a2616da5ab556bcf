import { randomUUID } from 'node:crypto';
import { currentInstant } from '../common/clock';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CallerRole, WINDOWS, writeWindowBlockers, EVENT, SavedRegisterRecord } from '../../workflows';
import {
  checkLinks,
  deletionBlockers,
  exportCsv,
  FieldError,
  importCsv,
  linksTo,
  MIN_SEGMENT_COVERAGE_PERCENT,
  normalisePostcode,
  csvLinkProblems,
  CsvImportFailure,
  REGISTER_OF,
  Registers,
  SCHEMAS,
  segmentCoveragePercent,
  segmentedPeople,
  Stage2Input,
  traceability,
  Traceability,
  validateRecord,
  RecordType,
} from '../../workflows/registers';
import { CommandRefusedError, ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { registeredPopulationOf } from '../projects/registered-population';
import { RegisterDefinition, REGISTERS } from './register-catalogue';
import { RegisterRecordEntity } from './register-record.entity';
import { RegisterSettingEntity } from './register-setting.entity';
import { RecordInUseError, CsvImportFailedError } from './registers.errors';
import { RegistersRepository } from './registers.repository';

export type RegisterRecord = { id: string } & Record<string, unknown>;

export interface RegisterList {
  register: string;
  stage: string;
  /** Whether the register can be changed now (its stage is in progress and the project active). */
  writable: boolean;
  items: RegisterRecord[];
  total: number;
}

export interface RecordChange {
  record: RegisterRecord;
  entry: HistoryEntryEntity;
}

export type ImportMode = 'append' | 'replace';

export interface ImportOutcome {
  entry: HistoryEntryEntity;
  register: string;
  mode: ImportMode;
  created: number;
  updated: number;
  removed: number;
  total: number;
}

export interface SegmentCoverage {
  registeredPopulation: number;
  segmentedPeople: number;
  /** null when the registered population is unknown (no PCNs). */
  coveragePercent: number | null;
  minimumPercent: number;
  shortfallReason: string | null;
}

const COVERAGE_REASON = 'coverageShortfallReason';
const COVERAGE_STAGE = 'population-health-and-care-needs';
/** These ids name the CSV endpoints of a register, so no record can take them. */
const RESERVED_IDS = ['export', 'import'];
const MAX_ID_LENGTH = 100;

/**
 * The evidence registers of stages 2-5: records read whole per project, written one command at
 * a time through ProjectCommandService (so each change is in the history), validated by the
 * pure register schemas, the same ones CSV import uses.
 */
@Injectable()
export class RegistersService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly commands: ProjectCommandService,
    private readonly repository: RegistersRepository,
  ) {}

  async list(slug: string, def: RegisterDefinition): Promise<RegisterList> {
    return this.transactions.read(async (manager) => {
      const project = await loadProject(manager, slug);
      const items = recordsOf(await this.repository.load(manager, project.id), def);
      return { register: def.name, stage: def.stage, writable: writeRefusal(project, def) === null, items, total: items.length };
    });
  }

  async get(slug: string, def: RegisterDefinition, id: string): Promise<RegisterRecord> {
    return this.transactions.read(async (manager) => {
      const project = await loadProject(manager, slug);
      const row = await findRow(manager, project.id, def, id);
      if (!row) throw notFound(def, id);
      return toRecord(row);
    });
  }

  async create(slug: string, def: RegisterDefinition, body: unknown, expectedVersion: number | undefined, actor: Actor): Promise<RecordChange> {
    const given = isObject(body) ? body.id : undefined;
    const id = given === undefined || given === null || given === '' ? `${def.idPrefix}-${randomUUID().slice(0, 8)}` : given;
    const done = await this.commands.execute(
      // a refused entry keeps the body as sent; an accepted one the record as saved
      { slug, type: EVENT.REGISTER_RECORD_CREATED, stage: def.stage, payload: { register: def.name, recordType: def.type, id: String(id), record: body as SavedRegisterRecord }, expectedVersion, actor },
      async (ctx) => {
        assertWritable(ctx.project, def, ctx.actor.role);
        const record = prepare(def, isObject(body) ? { ...body, id } : body);
        const registers = await this.repository.load(ctx.manager, ctx.project.id);
        assertLinks(def, registers, record);
        if (await findRow(ctx.manager, ctx.project.id, def, record.id)) {
          throw new ConflictError('RecordExists', `The ${def.label} register already has a record with id "${record.id}".`, { id: record.id });
        }
        await ctx.manager.save(RegisterRecordEntity, newRow(ctx.project.id, def, record, ctx.now));
        return { result: record, event: { id: record.id, record } };
      },
    );
    return { record: done.result, entry: done.entry };
  }

  async update(
    slug: string,
    def: RegisterDefinition,
    id: string,
    body: unknown,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<RecordChange> {
    const done = await this.commands.execute(
      { slug, type: EVENT.REGISTER_RECORD_UPDATED, stage: def.stage, payload: { register: def.name, recordType: def.type, id, record: body as SavedRegisterRecord }, expectedVersion, actor },
      async (ctx) => {
        assertWritable(ctx.project, def, ctx.actor.role);
        const row = await findRow(ctx.manager, ctx.project.id, def, id);
        if (!row) throw notFound(def, id);
        if (isObject(body) && body.id !== undefined && body.id !== null && body.id !== id) {
          throw new InvalidInputError(`The ${def.label} is not valid.`, [{ field: 'id', message: `must be "${id}", the id in the path (ids cannot change)` }]);
        }
        const record = prepare(def, isObject(body) ? { ...body, id } : body);
        assertLinks(def, await this.repository.load(ctx.manager, ctx.project.id), record);
        await ctx.manager.save(RegisterRecordEntity, { ...row, data: dataOf(record), updatedAt: ctx.now });
        return { result: record, event: { record, before: toRecord(row) } };
      },
    );
    return { record: done.result, entry: done.entry };
  }

  async remove(slug: string, def: RegisterDefinition, id: string, expectedVersion: number | undefined, actor: Actor): Promise<{ entry: HistoryEntryEntity }> {
    const done = await this.commands.execute(
      { slug, type: EVENT.REGISTER_RECORD_DELETED, stage: def.stage, payload: { register: def.name, recordType: def.type, id }, expectedVersion, actor },
      async (ctx) => {
        assertWritable(ctx.project, def, ctx.actor.role);
        const row = await findRow(ctx.manager, ctx.project.id, def, id);
        if (!row) throw notFound(def, id);
        const registers = await this.repository.load(ctx.manager, ctx.project.id);
        const blockers = deletionBlockers(registers, def.type, id);
        if (blockers.length) {
          const links = linksTo(registers, def.type, id).map((l) => ({ ...l, target: id }));
          throw new RecordInUseError(
            `The ${def.label} ${id} cannot be deleted while ${links.length === 1 ? 'a record links' : `${links.length} records link`} to it: change or delete ${links.map((l) => l.id).join(', ')} first.`,
            blockers,
            links,
          );
        }
        await ctx.manager.delete(RegisterRecordEntity, { id: row.id });
        return { result: undefined, event: { before: toRecord(row) } };
      },
    );
    return { entry: done.entry };
  }

  async exportCsv(slug: string, def: RegisterDefinition): Promise<string> {
    const list = await this.list(slug, def);
    return exportCsv(def.type, list.items as never[]);
  }

  /**
   * All-or-nothing: append adds the file's records (an id already in the register is an error);
   * replace makes the register exactly the file, in the file's order.
   */
  async importCsv(
    slug: string,
    def: RegisterDefinition,
    text: unknown,
    mode: ImportMode,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<ImportOutcome> {
    if (typeof text !== 'string') {
      throw new InvalidInputError('Send the CSV file as the request body with Content-Type: text/csv.', [
        { field: 'body', message: 'must be CSV text (Content-Type: text/csv)' },
      ]);
    }
    // Parse and check the fields before the command: the write queue never waits on a big file.
    const parsed = importCsv(def.type, text);
    if (!parsed.ok) throw importFailed(def, parsed);
    const { lines } = parsed;
    const counts = { created: 0, updated: 0, removed: 0, total: 0 };
    const done = await this.commands.execute(
      { slug, type: EVENT.REGISTER_IMPORTED, stage: def.stage, payload: { register: def.name, recordType: def.type, mode, counts }, expectedVersion, actor },
      async (ctx) => {
        assertWritable(ctx.project, def, ctx.actor.role);
        const registers = await this.repository.load(ctx.manager, ctx.project.id);
        const errors = csvLinkProblems(def.type, parsed.records, lines, registers);
        if (errors.any) throw importFailed(def, errors.failure());
        const existing = new Set(recordsOf(registers, def).map((r) => r.id));
        const records = (parsed.records as unknown as Record<string, unknown>[]).map((raw, i) => {
          const record = normalise(def, raw);
          for (const message of idProblems(record.id)) errors.push({ row: i + 1, line: lines[i], column: 'id', message });
          if (mode === 'append' && existing.has(record.id)) {
            errors.push({ row: i + 1, line: lines[i], column: 'id', message: `the register already has a record with id "${record.id}" (import with mode=replace to replace the register with the file)` });
          }
          return record;
        });
        if (errors.any) throw importFailed(def, errors.failure());

        const incoming = new Set(records.map((r) => r.id));
        const before = mode === 'replace' ? recordsOf(registers, def).map((r) => ({ ...r })) : [];
        if (mode === 'replace') {
          const removed = [...existing].filter((id) => !incoming.has(id));
          const links = removed.flatMap((id) => linksTo(registers, def.type, id).map((l) => ({ ...l, target: id })));
          if (links.length) {
            throw new RecordInUseError(
              `The import would remove ${removed.length === 1 ? 'a record' : 'records'} that other records link to: ${[...new Set(links.map((l) => l.target))].join(', ')}.`,
              removed.flatMap((id) => deletionBlockers(registers, def.type, id)),
              links,
            );
          }
          await ctx.manager.delete(RegisterRecordEntity, { projectId: ctx.project.id, recordType: def.type });
          counts.removed = removed.length;
          counts.updated = records.filter((r) => existing.has(r.id)).length;
        }
        counts.created = records.filter((r) => !existing.has(r.id)).length;
        counts.total = existing.size - counts.removed + counts.created;
        // One millisecond apart, so the register keeps the file's order (records are read by createdAt).
        const start = Date.parse(ctx.now);
        const rows = records.map((r, i) => newRow(ctx.project.id, def, r, new Date(start + i).toISOString()));
        await ctx.manager.save(RegisterRecordEntity, rows, { chunk: 100 });
        return { result: undefined, event: { counts: { ...counts }, records, before } };
      },
    );
    return { entry: done.entry, register: def.name, mode, ...counts };
  }

  async traceability(slug: string): Promise<Traceability> {
    return this.transactions.read(async (manager) => {
      const project = await loadProject(manager, slug);
      return traceability(await this.repository.load(manager, project.id));
    });
  }

  async coverage(slug: string): Promise<SegmentCoverage> {
    return this.transactions.read(async (manager) => coverageOf(await this.gateInput(manager, await loadProject(manager, slug))));
  }

  async setCoverageShortfallReason(
    slug: string,
    reason: string | null,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<{ coverage: SegmentCoverage; entry: HistoryEntryEntity }> {
    const value = reason?.trim() || null;
    const done = await this.commands.execute(
      { slug, type: EVENT.SEGMENT_COVERAGE_REASON_UPDATED, stage: COVERAGE_STAGE, payload: { shortfallReason: value }, expectedVersion, actor },
      async (ctx) => {
        assertWritable(ctx.project, REGISTERS.find((r) => r.type === 'segment')!, ctx.actor.role);
        const existing = await ctx.manager.findOne(RegisterSettingEntity, { where: { projectId: ctx.project.id, name: COVERAGE_REASON } });
        await ctx.manager.save(RegisterSettingEntity, {
          id: existing?.id ?? randomUUID(),
          projectId: ctx.project.id,
          name: COVERAGE_REASON,
          value,
          updatedAt: ctx.now,
        });
        return { result: coverageOf(await this.gateInput(ctx.manager, ctx.project)), event: { before: existing?.value ?? null } };
      },
    );
    return { coverage: done.result, entry: done.entry };
  }

  /** What the stage 2-5 gate rules look at, read inside the caller's transaction. */
  async gateInput(manager: EntityManager, project: ProjectEntity, loaded?: Registers): Promise<Stage2Input> {
    const registers = loaded ?? (await this.repository.load(manager, project.id));
    const reason = await manager.findOne(RegisterSettingEntity, { where: { projectId: project.id, name: COVERAGE_REASON } });
    return {
      registers,
      registeredPopulation: registeredPopulationOf(project).registeredPopulation,
      coverageShortfallReason: reason?.value ?? null,
      todayYear: currentInstant().getUTCFullYear(),
    };
  }
}

function coverageOf(input: Stage2Input): SegmentCoverage {
  const registers = input.registers as Registers;
  const percent = segmentCoveragePercent(registers, input.registeredPopulation);
  return {
    registeredPopulation: input.registeredPopulation ?? 0,
    // each person once: the largest model's count, capped at the registered population
    segmentedPeople: segmentedPeople(registers, input.registeredPopulation).people,
    coveragePercent: percent === null ? null : Math.round(percent * 10) / 10,
    minimumPercent: MIN_SEGMENT_COVERAGE_PERCENT,
    shortfallReason: input.coverageShortfallReason ?? null,
  };
}

async function loadProject(manager: EntityManager, slug: string): Promise<ProjectEntity> {
  const project = await manager.findOne(ProjectEntity, { where: { slug } });
  if (!project) throw new NotFoundError('Project', slug);
  return project;
}

function recordsOf(registers: Registers, def: RegisterDefinition): RegisterRecord[] {
  return registers[REGISTER_OF[def.type]] as unknown as RegisterRecord[];
}

function findRow(manager: EntityManager, projectId: string, def: RegisterDefinition, id: string): Promise<RegisterRecordEntity | null> {
  return manager.findOne(RegisterRecordEntity, { where: { projectId, recordType: def.type, recordId: id } });
}

function notFound(def: RegisterDefinition, id: string): NotFoundError {
  return new NotFoundError(def.label.charAt(0).toUpperCase() + def.label.slice(1), id);
}

/** Why the register cannot be written now, or null: only while its stage is in progress (the write-window rule). */
function writeRefusal(project: ProjectEntity, def: RegisterDefinition, role?: CallerRole): CommandRefusedError | null {
  const blockers = writeWindowBlockers({ snapshot: project.snapshot, window: WINDOWS.stageWork, subject: `The ${def.name} register`, stage: def.stage, role });
  return blockers.length ? new CommandRefusedError(blockers[0].message, blockers) : null;
}

function assertWritable(project: ProjectEntity, def: RegisterDefinition, role?: CallerRole): void {
  const refusal = writeRefusal(project, def, role);
  if (refusal) throw refusal;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idProblems(id: unknown): string[] {
  if (typeof id !== 'string') return [];
  const problems: string[] = [];
  if (id.length > MAX_ID_LENGTH) problems.push(`must be at most ${MAX_ID_LENGTH} characters`);
  if (RESERVED_IDS.includes(id)) problems.push(`"${id}" is reserved (it names the register's CSV endpoint)`);
  return problems;
}

/**
 * An API body as a record of the register: unknown fields refused, absent lists taken as empty,
 * then the pure validation every register shares with CSV import.
 */
function prepare(def: RegisterDefinition, body: unknown): RegisterRecord {
  if (!isObject(body)) throw new InvalidInputError(`The ${def.label} is not valid.`, [{ field: '', message: 'the body must be a JSON object' }]);
  const fields = new Set(SCHEMAS[def.type].map((f) => f.name));
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !fields.has(key))
    .map((key) => ({ field: key, message: `is not a field of a ${def.label} (fields: ${[...fields].join(', ')})` }));
  const candidate: Record<string, unknown> = { ...body };
  for (const f of SCHEMAS[def.type]) if (f.type === 'list' && (candidate[f.name] === undefined || candidate[f.name] === null)) candidate[f.name] = [];
  errors.push(...validateRecord(def.type, candidate));
  errors.push(...idProblems(candidate.id).map((message) => ({ field: 'id', message })));
  if (errors.length) throw new InvalidInputError(`The ${def.label} is not valid.`, errors);
  return normalise(def, candidate);
}

function assertLinks(def: RegisterDefinition, registers: Registers, record: RegisterRecord): void {
  const errors = checkLinks(registers, def.type, record);
  if (errors.length) throw new InvalidInputError(`The ${def.label} links to records that do not exist.`, errors);
}

/** Keeps the schema's fields only, leaves absent optional values out and tidies postcodes. */
function normalise(def: RegisterDefinition, raw: Record<string, unknown>): RegisterRecord {
  const record: Record<string, unknown> = {};
  for (const f of SCHEMAS[def.type]) {
    const value = raw[f.name];
    if (value === undefined || value === null || value === '') continue;
    record[f.name] = f.format === 'postcode' && typeof value === 'string' ? normalisePostcode(value) : value;
  }
  return record as RegisterRecord;
}

function dataOf(record: RegisterRecord): Record<string, unknown> {
  const { id: _id, ...data } = record;
  return data;
}

function toRecord(row: RegisterRecordEntity): RegisterRecord {
  return { ...row.data, id: row.recordId };
}

function newRow(projectId: string, def: RegisterDefinition, record: RegisterRecord, now: string): RegisterRecordEntity {
  return { id: randomUUID(), projectId, recordType: def.type as RecordType, recordId: record.id, data: dataOf(record), createdAt: now, updatedAt: now };
}

function importFailed(def: RegisterDefinition, failure: CsvImportFailure): CsvImportFailedError {
  const { errors: rows, more } = failure;
  const first = rows[0];
  const count =
    more === null
      ? `more than ${rows.length} problems (checking stopped there; the first ${rows.length} are listed)`
      : more > 0
        ? `${rows.length + more} problems (the first ${rows.length} are listed, and ${more} more)`
        : rows.length === 1
          ? 'a problem'
          : `${rows.length} problems`;
  return new CsvImportFailedError(
    `Nothing was imported: the ${def.name} file has ${count} (first: row ${first.row}, column ${first.column || '?'}: ${first.message}).`,
    rows,
    more,
  );
}
