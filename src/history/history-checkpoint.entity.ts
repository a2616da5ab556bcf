import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed statement of a project's history head, written after each stage decision: Ed25519
 * over canonicalJson({ projectId, sequence, headHash, at }) (see workflows/history-chain).
 */
@Entity('history_checkpoint')
@Index('ix_history_checkpoint_project', ['projectId', 'sequence'])
export class HistoryCheckpointEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('integer')
  sequence: number;

  @Column('varchar', { length: 64 })
  headHash: string;

  @Column('varchar', { length: 32 })
  at: string;

  /** base64 Ed25519 signature */
  @Column('varchar', { length: 200 })
  signature: string;

  /** Which key signed it (see GET /api/history/public-key). */
  @Column('varchar', { length: 16 })
  keyId: string;
}
