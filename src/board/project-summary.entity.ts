import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StageKey, StageStatus } from '../../workflows';
import type { BoardHistoryFacts, BoardReviewRound } from '../../workflows/board';

/**
 * One row per project: what the portfolio shows, sorts and filters on, kept current by every
 * command inside its own transaction (ProjectSummaryService, a recorded listener of
 * ProjectCommandService). The RAG columns are dates; RAG by date is worked out when read,
 * against today (workflows/board/portfolio.ts).
 */
@Entity('project_summary')
@Index('ix_project_summary_order', ['createdAt', 'slug'])
@Index('ix_project_summary_manager', ['managerUserId'])
@Index('ix_project_summary_filters', ['status', 'lateFrom', 'baselineLateFrom', 'dueFrom', 'reviewSince', 'changesRequested', 'lastActivityOn', 'currentSince', 'nextTarget', 'createdAt', 'slug', 'name', 'districts', 'currentStages', 'projectId'])
export class ProjectSummaryEntity {
  @PrimaryColumn('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 80 })
  slug: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 36, nullable: true })
  managerUserId: string | null;

  /** The project's districts as ",a,b," so that one LIKE finds a district. */
  @Column('text')
  districts: string;

  @Column('varchar', { length: 20 })
  status: string;

  @Column('varchar', { length: 32 })
  createdAt: string;

  @Column('integer')
  version: number;

  @Column('simple-json')
  stages: Record<StageKey, StageStatus>;

  /** Blocker counts of each stage, as the last command that could change them left them. */
  @Column('simple-json')
  blockers: Partial<Record<StageKey, number>>;

  /** The latest review round of each stage, with who is still to decide. */
  @Column('simple-json')
  reviewRounds: BoardReviewRound[];

  /** What the RAG rules read from the history, folded entry by entry (plans, baselines, moves, decisions...). */
  @Column('simple-json')
  facts: BoardHistoryFacts;

  @Column('varchar', { length: 10, nullable: true })
  lateFrom: string | null;

  @Column('varchar', { length: 10, nullable: true })
  baselineLateFrom: string | null;

  @Column('varchar', { length: 10, nullable: true })
  dueFrom: string | null;

  @Column('varchar', { length: 10, nullable: true })
  reviewSince: string | null;

  /** 1 when changes stand requested in a current stage (an integer on both databases). */
  @Column('integer')
  changesRequested: number;

  @Column('varchar', { length: 10, nullable: true })
  lastActivityOn: string | null;

  /** ",key,key," of the current stages. */
  @Column('varchar', { length: 400 })
  currentStages: string;

  @Column('varchar', { length: 10, nullable: true })
  currentSince: string | null;

  @Column('varchar', { length: 10, nullable: true })
  nextTarget: string | null;
}
