import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { RecordType } from '../../workflows/registers';

/**
 * One record of a project's evidence registers (stages 2-5). The record itself is validated by
 * the register schemas in workflows/registers and kept as JSON: the registers are read whole
 * per project, never queried field by field.
 */
@Entity('register_record')
@Unique('uq_register_record', ['projectId', 'recordType', 'recordId'])
export class RegisterRecordEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 40 })
  recordType: RecordType;

  /** The record's own id, as people and spreadsheets refer to it (e.g. "seg-older-frail"). */
  @Column('varchar', { length: 100 })
  recordId: string;

  @Column('simple-json')
  data: Record<string, unknown>;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
