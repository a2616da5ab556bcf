import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Blocker } from '../../workflows';

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

  @Column('simple-json')
  payload: Record<string, unknown>;

  @Column('varchar', { length: 10 })
  outcome: 'accepted' | 'refused';

  @Column('simple-json', { nullable: true })
  blockers: Blocker[] | null;

  @Column('simple-json')
  resultingState: ResultingState;

  /** Who issued the command (null for system actions such as demo data). */
  @Column('varchar', { length: 36, nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 200, nullable: true })
  actorName: string | null;

  /** SHA-256(previous entry's hash ‖ canonical JSON of this entry): see workflows/history-chain. */
  @Column('varchar', { length: 64, nullable: true })
  hash: string | null;
}
