import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AttachmentTargetKind, SavedAttachment, StageKey } from '../../workflows';
import { ATTACHMENT_FIELDS } from '../../workflows';
import { AttachmentEntity } from './attachment.entity';

/** The attachment table, inside the caller's transaction. */
@Injectable()
export class AttachmentsRepository {
  insert(manager: EntityManager, row: AttachmentEntity): Promise<unknown> {
    return manager.insert(AttachmentEntity, row as QueryDeepPartialEntity<AttachmentEntity>);
  }

  async markRemoved(manager: EntityManager, id: string, removal: Pick<AttachmentEntity, 'removedAt' | 'removedById' | 'removedByName'>): Promise<boolean> {
    const result = await manager.update(AttachmentEntity, { id, removedAt: IsNull() }, removal);
    return result.affected === 1;
  }

  byId(manager: EntityManager, id: string): Promise<AttachmentEntity | null> {
    return manager.findOne(AttachmentEntity, { where: { id } });
  }

  inProject(manager: EntityManager, projectId: string, id: string): Promise<AttachmentEntity | null> {
    return manager.findOne(AttachmentEntity, { where: { id, projectId } });
  }

  /** The files attached to one target and not removed, oldest first. */
  forTarget(manager: EntityManager, projectId: string, targetKind: AttachmentTargetKind, stage: StageKey, targetKey: string): Promise<AttachmentEntity[]> {
    return manager.find(AttachmentEntity, {
      where: { projectId, targetKind, stage, targetKey, removedAt: IsNull() },
      order: { attachedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The files of one kind of target in a stage and not removed (a stage page lists them by deliverable). */
  forStage(manager: EntityManager, projectId: string, targetKind: AttachmentTargetKind, stage: StageKey): Promise<AttachmentEntity[]> {
    return manager.find(AttachmentEntity, {
      where: { projectId, targetKind, stage, removedAt: IsNull() },
      order: { attachedAt: 'ASC', id: 'ASC' },
    });
  }
}

/** The row as its history events carry it (everything but the project id). */
export function savedAttachment(row: AttachmentEntity): SavedAttachment {
  return Object.fromEntries(ATTACHMENT_FIELDS.map((f) => [f, f === 'size' ? Number(row[f]) : row[f]])) as unknown as SavedAttachment;
}
