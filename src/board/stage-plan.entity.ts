import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { StageKey } from '../../workflows';

/** The date a stage is due to be approved, set by the programme manager. Clearing the plan deletes the row. */
@Entity('stage_plan')
@Unique('uq_stage_plan', ['projectId', 'stage'])
export class StagePlanEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  /** YYYY-MM-DD */
  @Column('varchar', { length: 10 })
  targetDate: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;

  @Column('varchar', { length: 36, nullable: true })
  updatedById: string | null;

  @Column('varchar', { length: 200, nullable: true })
  updatedByName: string | null;
}
