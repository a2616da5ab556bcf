import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StageKey } from '../../workflows';

/** A comment on a stage's output by anyone on the project; `round` is the round open at the time. */
@Entity('stage_comment')
@Index('ix_stage_comment_project_stage', ['projectId', 'stage'])
export class StageCommentEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('integer', { nullable: true })
  round: number | null;

  @Column('varchar', { length: 36 })
  authorUserId: string;

  @Column('varchar', { length: 200 })
  authorName: string;

  @Column('text')
  text: string;

  @Column('varchar', { length: 32 })
  createdAt: string;
}
