/**
 * `npm run verify`: checks every project's history straight from the database, without the
 * service running. Exits 1 naming each broken project and its first bad sequence.
 *
 *   npm run verify -- --database ./data/phw.sqlite
 *   DATABASE_URL=postgres://... npm run verify
 *   options: --public-key FILE (SPKI PEM; default: from HISTORY_SIGNING_KEY, or the development
 *   key beside the SQLite file), --json (one JSON report on stdout), --jobs N (worker threads
 *   sharing the projects; default: the cores, at most 4), --files DIR (the evidence files' folder;
 *   default: `files/` beside the SQLite file, `./data/files` with DATABASE_URL; when it does not
 *   exist, the files' bytes are not checked and the report says so)
 */
import 'reflect-metadata';
import { createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ChainVerification } from '../../workflows';
import { AuditLogEntryEntity, AuditLogHeadEntity } from '../audit/audit-log.entity';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RECORD_TABLES } from './project-tables';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { FileBytes, ProjectVerification, verifyProjectHistory } from './history-verification';
import { DiskFileStorage } from '../files/disk-file-storage';
import { DEVELOPMENT_KEY_FILE, parseSigningKey } from './signing-key';

export const VERIFY_ENTITIES = [
  ProjectEntity,
  HistoryEntryEntity,
  HistoryCheckpointEntity,
  ...(Object.values(RECORD_TABLES) as Array<new () => unknown>),
  AuditLogEntryEntity,
  AuditLogHeadEntity,
];

export interface VerifyOptions {
  database?: string;
  url?: string;
  publicKeyFile?: string;
  json?: boolean;
  /** Worker threads that verify projects side by side (1: in this thread). */
  jobs?: number;
  /** The evidence files' folder (content-addressed, as the service keeps it). */
  files?: string;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): VerifyOptions {
  const options: VerifyOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--database') options.database = value();
    else if (arg.startsWith('--database=')) options.database = arg.slice('--database='.length);
    else if (arg === '--public-key') options.publicKeyFile = value();
    else if (arg === '--json') options.json = true;
    else if (arg === '--files') options.files = value();
    else if (arg === '--jobs') {
      options.jobs = Number(value());
      if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('--jobs needs a whole number of at least 1');
    } else throw new Error(`unknown option ${arg} (options: --database FILE, --public-key FILE, --files DIR, --json, --jobs N; or DATABASE_URL)`);
  }
  options.jobs ??= Math.min(4, availableParallelism());
  if (!options.database && env.DATABASE_URL) options.url = env.DATABASE_URL;
  if (!options.database && !options.url) options.database = env.DATABASE_PATH ?? './data/phw.sqlite';
  return options;
}

function publicKeyFor(options: VerifyOptions, env: NodeJS.ProcessEnv): { key: KeyObject | null; source: string } {
  if (options.publicKeyFile) return { key: createPublicKey(readFileSync(options.publicKeyFile, 'utf8')), source: options.publicKeyFile };
  if (env.HISTORY_SIGNING_KEY) return { key: createPublicKey(parseSigningKey(env.HISTORY_SIGNING_KEY)), source: 'HISTORY_SIGNING_KEY' };
  if (options.database) {
    const file = join(dirname(options.database), DEVELOPMENT_KEY_FILE);
    if (existsSync(file)) return { key: createPublicKey(parseSigningKey(readFileSync(file, 'utf8'))), source: file };
  }
  return { key: null, source: 'none' };
}

/** The files folder the service uses for this database (FilesModule's filesFolder), if it exists. */
export function filesFolderFor(options: VerifyOptions): string | null {
  const folder = resolve(options.files ?? (options.database ? join(dirname(options.database), 'files') : './data/files'));
  return existsSync(folder) ? folder : null;
}

function fileStore(options: VerifyOptions): FileBytes | null {
  const folder = filesFolderFor(options);
  return folder ? new DiskFileStorage(folder) : null;
}

export interface VerifyReport {
  ok: boolean;
  publicKey: string;
  /** The evidence files' folder whose bytes were checked (null: none found, not checked). */
  files: string | null;
  projects: ProjectVerification[];
  /** The account audit log's chain. */
  auditLog: ChainVerification;
}

function open(options: VerifyOptions): DataSource {
  const dataSourceOptions: DataSourceOptions = options.url
    ? { type: 'postgres', url: options.url, entities: VERIFY_ENTITIES }
    : { type: 'better-sqlite3', database: options.database!, entities: VERIFY_ENTITIES, readonly: true };
  return new DataSource(dataSourceOptions);
}

type ProjectHead = Pick<ProjectEntity, 'id' | 'slug' | 'headSequence' | 'headHash'>;

async function verifyProjects(manager: DataSource['manager'], projects: ProjectHead[], key: KeyObject | string | null, files: FileBytes | null): Promise<ProjectVerification[]> {
  const results: ProjectVerification[] = [];
  for (const project of projects) results.push({ slug: project.slug, ...(await verifyProjectHistory(manager, project, key, files)) });
  return results;
}

/** Projects shared out by size (longest first, each to the least loaded worker). */
function shares(projects: ProjectHead[], jobs: number): ProjectHead[][] {
  const buckets = Array.from({ length: jobs }, () => ({ load: 0, projects: [] as ProjectHead[] }));
  for (const p of [...projects].sort((a, b) => Number(b.headSequence) - Number(a.headSequence))) {
    const bucket = buckets.reduce((min, x) => (x.load < min.load ? x : min));
    bucket.projects.push(p);
    bucket.load += Number(p.headSequence) + 1;
  }
  return buckets.map((b) => b.projects).filter((x) => x.length > 0);
}

function inWorker(options: VerifyOptions, projects: ProjectHead[], publicKeyPem: string | null): Promise<ProjectVerification[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { options, projects, publicKeyPem } });
    worker.once('message', (message: { results?: ProjectVerification[]; error?: string }) =>
      message.error ? reject(new Error(message.error)) : resolve(message.results!),
    );
    worker.once('error', reject);
  });
}

/** Opens the database read-only where the driver allows, verifies every project and the audit log, closes. */
export async function runVerify(options: VerifyOptions, env: NodeJS.ProcessEnv = process.env): Promise<VerifyReport> {
  if (options.database && !existsSync(options.database)) throw new Error(`no database file at ${options.database}`);
  const dataSource = open(options);
  await dataSource.initialize();
  try {
    const { key, source } = publicKeyFor(options, env);
    const heads = await dataSource.manager.find(ProjectEntity, { select: { id: true, slug: true, headSequence: true, headHash: true }, order: { slug: 'ASC' } });
    // worker threads run the compiled script (under ts-jest the source is not loadable by a worker)
    const jobs = __filename.endsWith('.js') ? Math.min(options.jobs ?? 1, heads.length) : 1;
    let projects: ProjectVerification[];
    if (jobs > 1) {
      const pem = key ? key.export({ type: 'spki', format: 'pem' }).toString() : null;
      const parts = await Promise.all(shares(heads, jobs).map((part) => inWorker(options, part, pem)));
      const bySlug = new Map(parts.flat().map((p) => [p.slug, p]));
      projects = heads.map((h) => bySlug.get(h.slug)!);
    } else {
      projects = await verifyProjects(dataSource.manager, heads, key, fileStore(options));
    }
    // loaded here, in the main thread only: it brings Nest with it, which the workers need not start up with
    const { verifyAuditLog } = await import('../audit/audit-log.service');
    const auditLog = await verifyAuditLog(dataSource.manager);
    return { ok: projects.every((p) => p.valid) && auditLog.valid, publicKey: source, files: filesFolderFor(options), projects, auditLog };
  } finally {
    await dataSource.destroy();
  }
}

export function formatReport(report: VerifyReport): string {
  const lines = report.projects.map((p) =>
    p.valid
      ? `ok      ${p.slug}: ${p.entries} entries, head ${p.headSequence} ${p.headHash?.slice(0, 16) ?? '-'}…${p.checkpoint ? `, checkpoint at ${p.checkpoint.sequence}` : ''}${p.records.notRebuildable.length ? ` (records not rebuildable: ${p.records.notRebuildable.join(', ')})` : ''}`
      : `BROKEN  ${p.slug}: first bad sequence ${p.firstInvalidSequence ?? '?'}: ${p.reason}`,
  );
  const a = report.auditLog;
  lines.push(a.valid ? `ok      audit log: ${a.entries} entries, head ${a.headSequence}` : `BROKEN  audit log: first bad sequence ${a.firstInvalidSequence ?? '?'}: ${a.reason}`);
  if (report.files === null && report.projects.some((p) => p.records.checked.includes('attachment'))) lines.push('warning: no evidence files folder (give --files DIR): the files\' bytes were not checked');
  if (report.publicKey === 'none') lines.push('warning: no public key (give --public-key or HISTORY_SIGNING_KEY): checkpoint signatures not checked');
  const broken = report.projects.filter((p) => !p.valid);
  lines.push(broken.length ? `${broken.length} of ${report.projects.length} projects BROKEN` : `all ${report.projects.length} projects verified`);
  if (!a.valid) lines.push('the audit log is BROKEN');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const report = await runVerify(options);
  process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

async function workerMain(): Promise<void> {
  const { options, projects, publicKeyPem } = workerData as { options: VerifyOptions; projects: ProjectHead[]; publicKeyPem: string | null };
  const dataSource = open(options);
  await dataSource.initialize();
  try {
    parentPort!.postMessage({ results: await verifyProjects(dataSource.manager, projects, publicKeyPem, fileStore(options)) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    await dataSource.destroy();
  }
}

if (!isMainThread && parentPort) {
  void workerMain();
} else if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
