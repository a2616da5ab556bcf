import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BoardDecision, BoardDecisionTarget, StageKey } from '../../workflows';

/** The board's own decision on a stage or the business case, recorded by a board member. */
@Entity('board_decision')
@Index('ix_board_decision_project', ['projectId', 'position'])
export class BoardDecisionEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  /** 1, 2, 3... per project, in the order written: the list's order (timestamps can tie). */
  @Column('integer')
  position: number;

  @Column('varchar', { length: 20 })
  target: BoardDecisionTarget;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('varchar', { length: 20 })
  decision: BoardDecision;

  @Column('varchar', { length: 10 })
  meetingDate: string;

  @Column('varchar', { length: 100 })
  minuteReference: string;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('varchar', { length: 36 })
  decidedById: string;

  @Column('varchar', { length: 200 })
  decidedByName: string;

  @Column('varchar', { length: 32 })
  recordedAt: string;
}
