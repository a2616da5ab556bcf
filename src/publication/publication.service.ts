import { EVENT } from '../../workflows';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { projectStatus, STAGES, StageKey, stageStatuses, StageStatus } from '../../workflows';
import { NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { GroupMemberEntity } from '../people/group-member.entity';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';

/** The decisions a public page shows: the outcomes of stages and of the project, not the drafting. */
export const PUBLIC_DECISION_TYPES = ['SUBMIT_FOR_REVIEW', 'APPROVE_STAGE', 'REQUEST_CHANGES', 'PUT_ON_HOLD', 'RESUME', 'WITHDRAW'] as const;

export interface PublicProjectSummary {
  slug: string;
  name: string;
  area: string | null;
  districts: string[];
  status: string;
  stages: { key: StageKey; order: number; title: string; status: StageStatus }[];
}

export interface PublicDecision {
  occurredAt: string;
  type: string;
  stage: StageKey | null;
  reason: string | null;
}

export interface PublicProject extends PublicProjectSummary {
  decisions: PublicDecision[];
  /** The groups' members as organisations and roles: never names or contact details. */
  groups: { group: string; organisation: string; organisationType: string; roleInGroup: string }[];
}

/**
 * Publishing a project (a recorded command of its programme manager) and what the public pages
 * may read of a published one. An unpublished project does not exist for the public (404).
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly transactions: TransactionRunner,
  ) {}

  async setPublished(slug: string, published: boolean, actor: Actor, expectedVersion?: number) {
    const done = await this.commands.execute(
      { slug, type: published ? EVENT.PROJECT_PUBLISHED : EVENT.PROJECT_UNPUBLISHED, payload: { published }, expectedVersion, actor },
      async (ctx) => {
        const before = Boolean(ctx.project.published);
        await ctx.manager.update(ProjectEntity, { id: ctx.project.id }, { published });
        ctx.project.published = published;
        return { result: undefined, event: { before } };
      },
    );
    return { slug, published, version: done.project.version, sequence: done.entry.sequence };
  }

  async isPublished(slug: string): Promise<boolean> {
    return this.transactions.read(async (m) => (await m.findOne(ProjectEntity, { where: { slug }, select: { id: true, published: true } }))?.published === true);
  }

  async listPublished(): Promise<PublicProjectSummary[]> {
    return this.transactions.read(async (m) => {
      const rows = await m.find(ProjectEntity, { where: { published: true }, order: { name: 'ASC' } });
      return rows.map(publicSummary);
    });
  }

  async publicProject(slug: string): Promise<PublicProject> {
    return this.transactions.read(async (m) => {
      const project = await m.findOne(ProjectEntity, { where: { slug, published: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const entries = await m.find(HistoryEntryEntity, {
        where: { projectId: project.id, outcome: 'accepted', type: In([...PUBLIC_DECISION_TYPES]) },
        order: { sequence: 'ASC' },
      });
      const members = await m.find(GroupMemberEntity, { where: { projectId: project.id }, order: { group: 'ASC', organisation: 'ASC' } });
      return {
        ...publicSummary(project),
        decisions: entries.map((e) => ({
          occurredAt: e.occurredAt,
          type: e.type,
          stage: (e.stage as StageKey | null) ?? null,
          reason: typeof e.payload?.reason === 'string' && e.payload.reason.trim() ? e.payload.reason : null,
        })),
        groups: members.map((g) => ({ group: g.group, organisation: g.organisation, organisationType: g.organisationType, roleInGroup: g.roleInGroup })),
      };
    });
  }
}

function publicSummary(p: ProjectEntity): PublicProjectSummary {
  const statuses = stageStatuses(p.snapshot);
  return {
    slug: p.slug,
    name: p.name,
    area: p.area,
    districts: p.districts,
    status: projectStatus(p.snapshot),
    stages: STAGES.map((s) => ({ key: s.key, order: s.order, title: s.title, status: statuses[s.key] })),
  };
}
