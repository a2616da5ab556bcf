import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { StageKey } from '../../workflows';
import type { ReviewOutcome } from '../../workflows/people';

/** One submission of a stage output for review; numbered per project and stage from 1. */
@Entity('review_round')
@Unique('uq_review_round', ['projectId', 'stage', 'round'])
export class ReviewRoundEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('integer')
  round: number;

  @Column('varchar', { length: 32 })
  openedAt: string;

  @Column('varchar', { length: 36, nullable: true })
  openedById: string | null;

  @Column('varchar', { length: 200, nullable: true })
  openedByName: string | null;

  @Column('varchar', { length: 32, nullable: true })
  closedAt: string | null;

  @Column('varchar', { length: 36, nullable: true })
  closedById: string | null;

  @Column('varchar', { length: 200, nullable: true })
  closedByName: string | null;

  @Column('varchar', { length: 20 })
  outcome: ReviewOutcome;
}
