import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StageKey } from '../../workflows';
import type { DecisionKind, ReviewGroup } from '../../workflows/people';

/** A reviewer's decision in a round. Never updated: a later decision is a new row that replaces it. */
@Entity('review_decision')
@Index('ix_review_decision_round', ['roundId'])
export class ReviewDecisionEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('integer')
  roundId: number;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('integer')
  round: number;

  @Column('varchar', { length: 36 })
  reviewerUserId: string;

  @Column('varchar', { length: 200 })
  reviewerName: string;

  /** Column `groupKey`: GROUP is an SQL keyword. */
  @Column('varchar', { length: 40, name: 'groupKey' })
  group: ReviewGroup;

  @Column('varchar', { length: 20 })
  decision: DecisionKind;

  @Column('text')
  comment: string;

  @Column('varchar', { length: 32 })
  decidedAt: string;
}
