import { hash as sha256Of, KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  REPLAYED_TYPES,
  ChainVerification,
  ChainVerifier,
  RecordsCheck,
  RecordsRebuilder,
  SignedCheckpoint,
  StoredEntry,
} from '../../workflows';
import { selectBound, sqlNames } from '../database/bound-sql';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { liveTables } from './project-tables';

/** What GET /api/projects/:slug/history/verification and `npm run verify` report for a project. */
export interface HistoryVerification extends ChainVerification {
  /** The latest signed checkpoint checked against (null when the project has had no stage decision yet). */
  checkpoint: (SignedCheckpoint & { keyId: string }) | null;
  /** Records rebuilt from the history compared with the live tables. */
  records: RecordsCheck;
  /** Evidence files' bytes checked against the SHA-256 their FILE_ATTACHED entry recorded (null: not checked). */
  files: FilesCheck | null;
}

/** Where the verifier reads evidence files' bytes (FileStorage, or the disk store for `npm run verify`). */
export interface FileBytes {
  get(sha256: string): Promise<Buffer | null>;
}

export interface FilesCheck {
  /** Distinct files (by SHA-256) read and hashed. */
  checked: number;
  /** Attachments whose bytes are not in the store. */
  missing: Array<{ id: string; filename: string; sha256: string; sequence?: number }>;
  /** Attachments whose bytes no longer hash to the SHA-256 recorded. */
  altered: Array<{ id: string; filename: string; sha256: string; sequence?: number }>;
}

/** Entries read per statement: keeps memory flat for long histories. */
const BATCH = 5000;

/**
 * Verifies one project's history: the hash chain entry by entry, the head kept on the project
 * row, the latest signed checkpoint (signature, and that the history still reaches and matches
 * it), and every record table rebuilt from the events against the live table. Shared by the service and the stand-alone `npm run verify`.
 */
export async function verifyProjectHistory(
  manager: EntityManager,
  project: Pick<ProjectEntity, 'id' | 'headSequence' | 'headHash'>,
  publicKey: KeyObject | string | null,
  files: FileBytes | null = null,
): Promise<HistoryVerification> {
  const checkpoint = await latestCheckpoint(manager, project.id);
  const verifier = new ChainVerifier({ headSequence: Number(project.headSequence ?? 0), headHash: project.headHash ?? null }, checkpoint, publicKey);
  const rebuilder = new RecordsRebuilder();
  const read = batchReader(manager);
  let after = 0;
  for (;;) {
    const entries = await read(project.id, after, BATCH);
    if (entries.length === 0) break;
    verifier.add(entries);
    rebuilder.add(entries);
    after = entries[entries.length - 1].sequence;
    if (entries.length < BATCH) break;
  }
  const chain = verifier.finish();
  const live = await liveTables(manager, project.id);
  const records = rebuilder.compare(live);
  const attachments = (live.attachment ?? []) as Array<{ id: string; filename: string; sha256: string }>;
  const fileCheck = files ? await checkFiles(files, attachments, (id) => rebuilder.attachedIn(id)) : null;
  if (chain.valid && records.mismatch) {
    return {
      ...chain,
      valid: false,
      ...(records.mismatch.sequence !== undefined && { firstInvalidSequence: records.mismatch.sequence }),
      reason: `a record table was changed outside the history: ${records.mismatch.reason}`,
      checkpoint,
      records,
      files: fileCheck,
    };
  }
  if (chain.valid && fileCheck && (fileCheck.missing.length || fileCheck.altered.length)) {
    // the first bad file in history order
    const bad = [...fileCheck.missing.map((f) => ({ ...f, how: 'missing' as const })), ...fileCheck.altered.map((f) => ({ ...f, how: 'altered' as const }))].sort(
      (a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity),
    )[0];
    const reason =
      bad.how === 'missing'
        ? `evidence file "${bad.filename}" (attachment ${bad.id}) is missing: no bytes with SHA-256 ${bad.sha256} in the file store`
        : `evidence file "${bad.filename}" (attachment ${bad.id}) was altered: its bytes no longer hash to the SHA-256 ${bad.sha256} recorded`;
    return { ...chain, valid: false, ...(bad.sequence !== undefined && { firstInvalidSequence: bad.sequence }), reason, checkpoint, records, files: fileCheck };
  }
  return { ...chain, checkpoint, records, files: fileCheck };
}

/** Reads each distinct file once and hashes it; an attachment is reported at the entry that attached it. */
export async function checkFiles(files: FileBytes, attachments: ReadonlyArray<{ id: string; filename: string; sha256: string }>, attachedIn: (id: string) => number | undefined): Promise<FilesCheck> {
  const state = new Map<string, 'ok' | 'missing' | 'altered'>();
  for (const sha256 of new Set(attachments.map((a) => a.sha256))) {
    const bytes = await files.get(sha256).catch(() => null);
    state.set(sha256, bytes === null ? 'missing' : sha256Of('sha256', bytes) === sha256 ? 'ok' : 'altered');
  }
  const result: FilesCheck = { checked: state.size, missing: [], altered: [] };
  for (const a of attachments) {
    const s = state.get(a.sha256);
    if (s === 'ok') continue;
    const sequence = attachedIn(a.id);
    result[s!].push({ id: a.id, filename: a.filename, sha256: a.sha256, ...(sequence !== undefined && { sequence }) });
  }
  return result;
}

export interface ProjectVerification extends HistoryVerification {
  slug: string;
}

/** Every project, in slug order. */
export async function verifyAllProjects(manager: EntityManager, publicKey: KeyObject | string | null, files: FileBytes | null = null): Promise<ProjectVerification[]> {
  const projects = await manager.find(ProjectEntity, { select: { id: true, slug: true, headSequence: true, headHash: true }, order: { slug: 'ASC' } });
  const results: ProjectVerification[] = [];
  for (const project of projects) results.push({ slug: project.slug, ...(await verifyProjectHistory(manager, project, publicKey, files)) });
  return results;
}

export async function latestCheckpoint(manager: EntityManager, projectId: string): Promise<(SignedCheckpoint & { keyId: string }) | null> {
  const row = await manager.findOne(HistoryCheckpointEntity, { where: { projectId }, order: { sequence: 'DESC', id: 'DESC' } });
  return row ? { projectId: row.projectId, sequence: Number(row.sequence), headHash: row.headHash, at: row.at, signature: row.signature, keyId: row.keyId } : null;
}

interface RawEntry {
  projectId: string;
  sequence: number | string;
  occurredAt: string;
  type: string;
  stage: string | null;
  payload: string;
  outcome: string;
  blockers: string | null;
  resultingState: string;
  actorId: string | null;
  actorName: string | null;
  hash: string | null;
}

const COLUMNS = ['projectId', 'sequence', 'occurredAt', 'type', 'stage', 'payload', 'outcome', 'blockers', 'resultingState', 'actorId', 'actorName', 'hash'] as const;

function historySql(manager: EntityManager): string {
  const h = sqlNames(manager, HistoryEntryEntity);
  const cols = COLUMNS.map((c) => `${h.column(c)} AS "${c}"`).join(', ');
  return `SELECT ${cols} FROM ${h.table} WHERE ${h.column('projectId')} = ? AND ${h.column('sequence')} > ? ORDER BY ${h.column('sequence')} LIMIT ?`;
}

type Reader = (projectId: string, after: number, limit: number) => Promise<Array<StoredEntry & { payload: Record<string, unknown> }>>;

interface RawStatement {
  raw(on: boolean): RawStatement;
  all(...params: unknown[]): unknown[][];
}

/**
 * Batches of entries in sequence order. On SQLite the driver's own prepared statement in raw
 * (array) mode: a long history is mostly row reading, and arrays are the cheapest rows.
 */
function batchReader(manager: EntityManager): Reader {
  const sql = historySql(manager);
  const driver = manager.connection.driver as unknown as { databaseConnection?: { prepare(sql: string): RawStatement } };
  if (manager.connection.options.type === 'better-sqlite3' && driver.databaseConnection) {
    const statement = driver.databaseConnection.prepare(sql).raw(true);
    return async (projectId, after, limit) => statement.all(projectId, after, limit).map(fromArray);
  }
  return async (projectId, after, limit) => (await selectBound<RawEntry>(manager, sql, [projectId, after, limit])).map(toStored);
}

function fromArray(r: unknown[]): StoredEntry & { payload: Record<string, unknown> } {
  return toStored({
    projectId: r[0] as string,
    sequence: r[1] as number,
    occurredAt: r[2] as string,
    type: r[3] as string,
    stage: r[4] as string | null,
    payload: r[5] as string,
    outcome: r[6] as string,
    blockers: r[7] as string | null,
    resultingState: r[8] as string,
    actorId: r[9] as string | null,
    actorName: r[10] as string | null,
    hash: r[11] as string | null,
  });
}

function parse(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The chain is checked on the stored texts (parsed only if they do not match as they are);
 * payloads are parsed only for the events the records are rebuilt from.
 */
function toStored(row: RawEntry): StoredEntry & { payload: Record<string, unknown> } {
  return {
    projectId: row.projectId,
    sequence: Number(row.sequence),
    occurredAt: row.occurredAt,
    type: row.type,
    stage: row.stage ?? null,
    payload: (REPLAYED_TYPES.has(row.type) ? parse(row.payload) : null) as Record<string, unknown>,
    outcome: row.outcome,
    blockers: null,
    resultingState: null,
    actorId: row.actorId ?? null,
    actorName: row.actorName ?? null,
    hash: row.hash ?? null,
    texts: { payload: text(row.payload), blockers: text(row.blockers), resultingState: text(row.resultingState) },
  };
}
