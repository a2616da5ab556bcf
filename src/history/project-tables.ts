import { randomUUID } from 'node:crypto';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { LiveTables, RebuiltTables, RecordKind } from '../../workflows';
import { StagePlanEntity } from '../board/stage-plan.entity';
import { BoardDecisionEntity } from '../collaboration/board-decision.entity';
import { DiscussionPostEntity } from '../collaboration/discussion-post.entity';
import { BusinessCaseEntity, ProjectOptionEntity, ServiceChangeAssuranceEntity } from '../development-of-options/stage6.entities';
import { GroupMemberEntity } from '../people/group-member.entity';
import { ReviewDecisionEntity } from '../people/review-decision.entity';
import { ReviewRoundEntity } from '../people/review-round.entity';
import { StageCommentEntity } from '../people/stage-comment.entity';
import { DeliverableRecordEntity } from '../projects/deliverable-record.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RegisterRecordEntity } from '../registers/register-record.entity';
import { RegisterSettingEntity } from '../registers/register-setting.entity';
import { AttachmentEntity } from '../files/attachment.entity';

/** The record table of each kind the history rebuilds (all keyed by projectId but the project itself). */
export const RECORD_TABLES: Record<Exclude<RecordKind, 'project'>, EntityTarget<ObjectLiteral>> = {
  'stage-plan': StagePlanEntity,
  deliverable: DeliverableRecordEntity,
  register: RegisterRecordEntity,
  'register-setting': RegisterSettingEntity,
  member: GroupMemberEntity,
  'review-round': ReviewRoundEntity,
  'review-decision': ReviewDecisionEntity,
  comment: StageCommentEntity,
  option: ProjectOptionEntity,
  'business-case': BusinessCaseEntity,
  assurance: ServiceChangeAssuranceEntity,
  attachment: AttachmentEntity,
  'discussion-post': DiscussionPostEntity,
  'board-decision': BoardDecisionEntity,
};

/** A project's record tables as they are now, for comparison with the history's rebuild. */
export async function liveTables(manager: EntityManager, projectId: string): Promise<LiveTables> {
  const project = await manager.findOne(ProjectEntity, { where: { id: projectId } });
  const tables: LiveTables = { project: project ? [project as unknown as Record<string, unknown>] : [] };
  for (const [kind, entity] of Object.entries(RECORD_TABLES) as Array<[Exclude<RecordKind, 'project'>, EntityTarget<ObjectLiteral>]>) {
    tables[kind] = (await manager.find(entity, { where: { projectId } })) as Record<string, unknown>[];
  }
  return tables;
}

/**
 * Writes rebuilt rows into an (empty) database: an as-of read's shadow. Surrogate keys no read
 * shows are made afresh; review rounds are numbered in the order they were opened, and each
 * decision points at its round.
 */
export async function writeTables(manager: EntityManager, projectId: string, tables: RebuiltTables): Promise<void> {
  const project = tables.project[0];
  if (project) await manager.insert(ProjectEntity, { ...project, id: projectId } as never);
  const withIds = (rows: Record<string, unknown>[]) => rows.map((r) => ({ id: randomUUID(), ...r, projectId }));
  const roundIds = new Map<string, number>();
  const rounds = tables['review-round'].map((r, i) => {
    roundIds.set(`${String(r.stage)}#${String(r.round)}`, i + 1);
    return { ...r, id: i + 1, projectId };
  });
  const rows: Array<[EntityTarget<ObjectLiteral>, Record<string, unknown>[]]> = [
    [StagePlanEntity, withIds(tables['stage-plan'])],
    [DeliverableRecordEntity, withIds(tables.deliverable)],
    [RegisterRecordEntity, withIds(tables.register)],
    [RegisterSettingEntity, withIds(tables['register-setting'])],
    [GroupMemberEntity, tables.member.map((r) => ({ ...r, projectId }))],
    [ReviewRoundEntity, rounds],
    [ReviewDecisionEntity, tables['review-decision'].map((r) => ({ ...r, projectId, roundId: roundIds.get(`${String(r.stage)}#${String(r.round)}`) ?? 0 }))],
    [StageCommentEntity, tables.comment.map((r) => ({ ...r, projectId }))],
    [ProjectOptionEntity, withIds(tables.option)],
    [BusinessCaseEntity, withIds(tables['business-case'])],
    [ServiceChangeAssuranceEntity, withIds(tables.assurance)],
    [AttachmentEntity, tables.attachment.map((r) => ({ ...r, projectId }))],
    [DiscussionPostEntity, tables['discussion-post'].map((r) => ({ ...r, projectId }))],
    [BoardDecisionEntity, tables['board-decision'].map((r) => ({ ...r, projectId }))],
  ];
  for (const [entity, list] of rows) {
    for (let i = 0; i < list.length; i += 100) await manager.insert(entity, list.slice(i, i + 100));
  }
}
