import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One change to an account (who may do what), chained like a project's history. */
@Entity('audit_log_entry')
@Unique('uq_audit_log_sequence', ['sequence'])
export class AuditLogEntryEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('integer')
  sequence: number;

  @Column('varchar', { length: 32 })
  occurredAt: string;

  @Column('varchar', { length: 60 })
  type: string;

  @Column('varchar', { length: 36, nullable: true })
  subjectUserId: string | null;

  @Column('simple-json')
  payload: Record<string, unknown>;

  @Column('varchar', { length: 36, nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 200, nullable: true })
  actorName: string | null;

  @Column('varchar', { length: 64 })
  hash: string;
}

/** The audit log's head: one row, moved with every entry (a cut-off tail shows against it). */
@Entity('audit_log_head')
export class AuditLogHeadEntity {
  @PrimaryColumn('varchar', { length: 20 })
  id: string;

  @Column('integer')
  headSequence: number;

  @Column('varchar', { length: 64, nullable: true })
  headHash: string | null;
}

export const AUDIT_HEAD_ID = 'audit-log';
