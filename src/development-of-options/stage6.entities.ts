import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { BusinessCase, ProjectOption, SscAssuranceRecord } from '../../workflows/stage6';

/** One option of a project's long list, with its appraisal input, kept whole as JSON. */
@Entity('project_option')
@Unique('uq_project_option', ['projectId', 'optionId'])
export class ProjectOptionEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  /** The option's own id, as the team refers to it (e.g. "hub-wantage"). */
  @Column('varchar', { length: 100 })
  optionId: string;

  /** Order on the long list (creation order). */
  @Column('integer')
  position: number;

  @Column('simple-json')
  data: ProjectOption;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}

/** The project's Outline Business Case: the five cases, each with its sections and status. */
@Entity('business_case')
export class BusinessCaseEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36, unique: true })
  projectId: string;

  @Column('simple-json')
  data: BusinessCase;

  /** The team looked for quick wins and found none (the optional quick-wins deliverable is then done). */
  @Column('boolean', { default: false })
  noQuickWins: boolean;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}

/** NHS England assurance of a confirmed significant service change, one per project. */
@Entity('service_change_assurance')
export class ServiceChangeAssuranceEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36, unique: true })
  projectId: string;

  @Column('simple-json')
  data: SscAssuranceRecord;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32 })
  updatedAt: string;
}
