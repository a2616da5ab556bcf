import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { DeliverableStatus, StageKey } from '../../workflows';

/** A deliverable's status as recorded by the programme team (derived deliverables are not stored). */
@Entity('deliverable_record')
@Unique('uq_deliverable_record', ['projectId', 'stage', 'deliverable'])
export class DeliverableRecordEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('varchar', { length: 60 })
  deliverable: string;

  @Column('varchar', { length: 20 })
  status: DeliverableStatus;

  @Column('text', { nullable: true })
  evidence: string | null;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
