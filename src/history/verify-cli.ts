/**
 * `npm run verify`: checks every project's history straight from the database, without the
 * service running. Exits 1 naming each broken project and its first bad sequence.
 *
 *   npm run verify -- --database ./data/phw.sqlite
 *   DATABASE_URL=postgres://... npm run verify
 *   options: --public-key FILE (SPKI PEM; default: from HISTORY_SIGNING_KEY, or the development
 *   key beside the SQLite file), --json (one JSON report on stdout)
 */
import 'reflect-metadata';
import { createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ChainVerification } from '../../workflows';
import { AuditLogEntryEntity, AuditLogHeadEntity } from '../audit/audit-log.entity';
import { verifyAuditLog } from '../audit/audit-log.service';
import { GroupMemberEntity } from '../people/group-member.entity';
import { DeliverableRecordEntity } from '../projects/deliverable-record.entity';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RegisterRecordEntity } from '../registers/register-record.entity';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';
import { ProjectVerification, verifyAllProjects } from './history-verification';
import { DEVELOPMENT_KEY_FILE, parseSigningKey } from './signing-key';

export const VERIFY_ENTITIES = [
  ProjectEntity,
  HistoryEntryEntity,
  HistoryCheckpointEntity,
  RegisterRecordEntity,
  GroupMemberEntity,
  DeliverableRecordEntity,
  AuditLogEntryEntity,
  AuditLogHeadEntity,
];

export interface VerifyOptions {
  database?: string;
  url?: string;
  publicKeyFile?: string;
  json?: boolean;
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
    else throw new Error(`unknown option ${arg} (options: --database FILE, --public-key FILE, --json; or DATABASE_URL)`);
  }
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

export interface VerifyReport {
  ok: boolean;
  publicKey: string;
  projects: ProjectVerification[];
  /** The account audit log's chain. */
  auditLog: ChainVerification;
}

/** Opens the database read-only where the driver allows, verifies every project, closes. */
export async function runVerify(options: VerifyOptions, env: NodeJS.ProcessEnv = process.env): Promise<VerifyReport> {
  if (options.database && !existsSync(options.database)) throw new Error(`no database file at ${options.database}`);
  const dataSourceOptions: DataSourceOptions = options.url
    ? { type: 'postgres', url: options.url, entities: VERIFY_ENTITIES }
    : { type: 'better-sqlite3', database: options.database!, entities: VERIFY_ENTITIES, readonly: true };
  const dataSource = new DataSource(dataSourceOptions);
  await dataSource.initialize();
  try {
    const { key, source } = publicKeyFor(options, env);
    const projects = await verifyAllProjects(dataSource.manager, key);
    const auditLog = await verifyAuditLog(dataSource.manager);
    return { ok: projects.every((p) => p.valid) && auditLog.valid, publicKey: source, projects, auditLog };
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

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
