import { hash as sha256Of, KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  REPLAYED_TYPES,
  CanonicalEntryWriter,
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
  const statement = sqliteStatement(manager);
  if (statement) {
    streamSqlite(statement, project.id, verifier, rebuilder);
  } else {
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

interface IteratingStatement {
  raw(on: boolean): IteratingStatement;
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
}

/** On SQLite, the driver's own statement over a project's whole history in sequence order, rows as arrays. */
function sqliteStatement(manager: EntityManager): IteratingStatement | null {
  const driver = manager.connection.driver as unknown as { databaseConnection?: { prepare(sql: string): IteratingStatement } };
  if (manager.connection.options.type !== 'better-sqlite3' || !driver.databaseConnection) return null;
  const h = sqlNames(manager, HistoryEntryEntity);
  const sql = `SELECT ${COLUMNS.map((c) => h.column(c)).join(', ')} FROM ${h.table} WHERE ${h.column('projectId')} = ? ORDER BY ${h.column('sequence')}`;
  return driver.databaseConnection.prepare(sql).raw(true);
}

/**
 * The SQLite fast path, synchronous from the first row to the last (so the connection is not
 * shared meanwhile): rows streamed one at a time, each entry's canonical text written by one
 * reusable writer straight from the stored columns (the JSON columns unparsed) and hashed,
 * and the same entry object refilled for every row (neither the verifier nor the rebuilder
 * keeps it); a payload is parsed only for an accepted entry, the only kind the rebuild reads.
 * Same results as the batched path: a text that does not hash is checked again from its values.
 */
function streamSqlite(statement: IteratingStatement, projectId: string, verifier: ChainVerifier, rebuilder: RecordsRebuilder): void {
  const writer = new CanonicalEntryWriter();
  const texts: StoredEntry['texts'] & object = { payload: null, blockers: null, resultingState: null };
  const entry: StoredEntry & { payload: Record<string, unknown> } = {
    projectId,
    sequence: 0,
    occurredAt: '',
    type: '',
    stage: null,
    payload: {},
    outcome: '',
    blockers: null,
    resultingState: null,
    actorId: null,
    actorName: null,
    hash: null,
    texts,
  };
  for (const r of statement.iterate(projectId)) {
    entry.projectId = r[0] as string;
    entry.sequence = Number(r[1]);
    entry.occurredAt = r[2] as string;
    entry.type = r[3] as string;
    entry.stage = (r[4] as string | null) ?? null;
    entry.outcome = r[6] as string;
    entry.actorId = (r[9] as string | null) ?? null;
    entry.actorName = (r[10] as string | null) ?? null;
    entry.hash = (r[11] as string | null) ?? null;
    texts.payload = text(r[5]);
    texts.blockers = text(r[7]);
    texts.resultingState = text(r[8]);
    entry.payload = (entry.outcome === 'accepted' && REPLAYED_TYPES.has(entry.type) ? parse(texts.payload) : null) as Record<string, unknown>;
    verifier.addOne(
      entry,
      writer.text(entry.projectId, entry.sequence, entry.occurredAt, entry.type, entry.stage, entry.outcome, entry.actorId, entry.actorName, texts.payload, texts.blockers, texts.resultingState),
    );
    rebuilder.addOne(entry);
  }
}

type Reader = (projectId: string, after: number, limit: number) => Promise<Array<StoredEntry & { payload: Record<string, unknown> }>>;

/** Batches of entries in sequence order (PostgreSQL; SQLite streams, see streamSqlite). */
function batchReader(manager: EntityManager): Reader {
  const sql = historySql(manager);
  return async (projectId, after, limit) => (await selectBound<RawEntry>(manager, sql, [projectId, after, limit])).map(toStored);
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
