import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PersistedProjectSnapshot } from '../../workflows';

export type ProjectScope = 'neighbourhood' | 'town' | 'locality';

@Entity('project')
export class ProjectEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 80, unique: true })
  slug: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 20 })
  scope: ProjectScope;

  @Column('varchar', { length: 500, nullable: true })
  area: string | null;

  @Column('simple-json')
  districts: string[];

  @Column('simple-json')
  pcns: string[];

  /**
   * Registered patients as recorded by the programme team, for places outside the PCN list or a
   * newer count than its June 2019 list sizes; null means the sum of the project's PCNs.
   */
  @Column('integer', { nullable: true })
  recordedRegisteredPopulation: number | null;

  /** XState persisted snapshot; machineVersion says which machine wrote it. */
  @Column('simple-json')
  snapshot: PersistedProjectSnapshot;

  @Column('integer')
  machineVersion: number;

  /** Bumped by every accepted command; the optimistic-concurrency check compares it. */
  @Column('integer')
  version: number;

  /** The programme manager who runs the project (its creator, unless an admin reassigns it). */
  @Column('varchar', { length: 36, nullable: true })
  managerUserId: string | null;

  /** The history's head: its last sequence and that entry's hash (written with every entry). */
  @Column('integer', { default: 0 })
  headSequence: number;

  @Column('varchar', { length: 64, nullable: true })
  headHash: string | null;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
