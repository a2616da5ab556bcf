import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A per-project setting the register gates read that is not itself a record, such as the
 * stage 2 reason why the segments cover less than 90% of the registered population.
 */
@Entity('register_setting')
@Unique('uq_register_setting', ['projectId', 'name'])
export class RegisterSettingEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  /** e.g. "coverageShortfallReason". */
  @Column('varchar', { length: 60 })
  name: string;

  @Column('text', { nullable: true })
  value: string | null;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
