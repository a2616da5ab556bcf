import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AttachmentTargetKind, StageKey } from '../../workflows';

/**
 * An evidence file attached to a project's record (a deliverable, a register record, a review
 * comment or a business-case section). The bytes are kept by FileStorage under `sha256`; a
 * removed attachment keeps its row (removedAt) because the history still refers to its file.
 */
@Entity('attachment')
@Index('ix_attachment_target', ['projectId', 'targetKind', 'stage', 'targetKey'])
export class AttachmentEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 36 })
  projectId: string;

  @Column('varchar', { length: 30 })
  targetKind: AttachmentTargetKind;

  @Column('varchar', { length: 60 })
  stage: StageKey;

  /** The deliverable, "register/recordId", the comment id or the business-case section. */
  @Column('varchar', { length: 200 })
  targetKey: string;

  @Column('varchar', { length: 255 })
  filename: string;

  @Column('varchar', { length: 120 })
  contentType: string;

  @Column('integer')
  size: number;

  @Column('varchar', { length: 64 })
  sha256: string;

  @Column('varchar', { length: 32 })
  attachedAt: string;

  @Column('varchar', { length: 36 })
  attachedById: string;

  @Column('varchar', { length: 200 })
  attachedByName: string;

  @Column('varchar', { length: 32, nullable: true })
  removedAt: string | null;

  @Column('varchar', { length: 36, nullable: true })
  removedById: string | null;

  @Column('varchar', { length: 200, nullable: true })
  removedByName: string | null;
}
