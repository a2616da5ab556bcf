import { Column, Entity, PrimaryGeneratedColumn, Unique, ValueTransformer } from 'typeorm';
import { canonicalJson } from '../../workflows/history-chain';
import type { Blocker } from '../../workflows';

/**
 * JSON columns stored as canonical JSON text (sorted keys, no whitespace): the hash chain covers
 * exactly these texts, so `npm run verify` can hash them without parsing.
 */
export const canonicalJsonColumn: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : canonicalJson(value)),
  from: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null)),
};

export interface ResultingState {
  status: string;
  version: number;
  stages: Record<string, string>;
}

/** One line of a project's append-only history: an accepted command or a refused one. */
@Entity('history_entry')
@Unique('uq_history_sequence', ['projectId', 'sequence'])
export class HistoryEntryEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('integer')
  sequence: number;

  @Column('varchar', { length: 32 })
  occurredAt: string;

  @Column('varchar', { length: 60 })
  type: string;

  @Column('varchar', { length: 60, nullable: true })
  stage: string | null;

  @Column('text', { transformer: canonicalJsonColumn })
  payload: Record<string, unknown>;

  @Column('varchar', { length: 10 })
  outcome: 'accepted' | 'refused';

  @Column('text', { nullable: true, transformer: canonicalJsonColumn })
  blockers: Blocker[] | null;

  @Column('text', { transformer: canonicalJsonColumn })
  resultingState: ResultingState;

  /** Who issued the command (null for system actions such as demo data). */
  @Column('varchar', { length: 36, nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 200, nullable: true })
  actorName: string | null;

  /** The X-Request-Id of the HTTP request that wrote the entry (null outside a request, e.g. demo data): joins history and logs. */
  @Column('varchar', { length: 128, nullable: true })
  requestId: string | null;
  /** SHA-256(previous entry's hash ‖ canonical JSON of this entry): see workflows/history-chain. */
  @Column('varchar', { length: 64, nullable: true })
  hash: string | null;
}
