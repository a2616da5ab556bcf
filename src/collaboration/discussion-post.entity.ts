import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StageKey } from '../../workflows';

/**
 * A post in a stage's discussion thread. A removed post keeps its row as a tombstone (text null,
 * removedAt and who removed it): replies to it stay in their place.
 */
@Entity('discussion_post')
@Index('ix_discussion_post_stage', ['projectId', 'stage', 'position'])
export class DiscussionPostEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  /** 1, 2, 3... per project, in the order written: the list's order (timestamps can tie). */
  @Column('integer')
  position: number;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  @Column('varchar', { length: 36, nullable: true })
  replyToId: string | null;

  @Column('varchar', { length: 36 })
  authorUserId: string;

  @Column('varchar', { length: 200 })
  authorName: string;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('varchar', { length: 32, nullable: true })
  editedAt: string | null;

  @Column('varchar', { length: 32, nullable: true })
  removedAt: string | null;

  @Column('varchar', { length: 36, nullable: true })
  removedById: string | null;

  @Column('varchar', { length: 200, nullable: true })
  removedByName: string | null;
}
