import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { EVENT, findPcn, projectStatus, Reopening, restore, StageKey, WINDOWS, workflowView, WorkflowView } from '../../workflows';
import { STAGE_REOPENED } from './history-types';
import { assertMayWrite } from '../common/write-window';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Page } from '../common/pagination.dto';
import { latestCheckpoint } from '../history/history-verification';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from './actor';
import { CreateProjectDto } from './dto/create-project.dto';
import { UpdateProjectDto } from './dto/update-project.dto';
import { GateFactsService } from './gate-facts.service';
import { HistoryEntryEntity } from './history-entry.entity';
import { AcceptedContext, ProjectCommandService } from './project-commands.service';
import { ProjectEntity } from './project.entity';
import { registeredPopulationOf, RegisteredPopulationSource } from './registered-population';

export interface ProjectSummary {
  slug: string;
  name: string;
  scope: string;
  area: string | null;
  districts: string[];
  pcns: string[];
  /** The recorded figure if the team entered one, else the sum of the project's PCNs. */
  registeredPopulation: number;
  registeredPopulationSource: RegisteredPopulationSource;
  /** The programme manager who runs the project. */
  managerUserId: string | null;
  /** Has public pages (/public/projects/:slug). */
  published: boolean;
  status: WorkflowView['status'];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectDetail extends ProjectSummary {
  workflow: WorkflowView;
  /** The history's head and its latest signed checkpoint (GET /api/projects/:slug only). */
  history?: { headSequence: number; headHash: string | null; latestCheckpoint: Awaited<ReturnType<typeof latestCheckpoint>> };
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly commands: ProjectCommandService,
    private readonly gateFacts: GateFactsService,
  ) {}

  /**
   * Change a project's details (name, area, districts, PCNs, recorded registered population) as
   * one command; the history entry records the fields as given.
   */
  async updateDetails(slug: string, dto: UpdateProjectDto, actor: Actor): Promise<ProjectDetail & { entry: HistoryEntryEntity }> {
    const { expectedVersion, ...given } = dto;
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Omit<UpdateProjectDto, 'expectedVersion'>;
    if (Object.keys(fields).length === 0) {
      throw new InvalidInputError('Nothing to change.', [{ field: 'body', message: 'give at least one of name, area, districts, pcns, registeredPopulation' }]);
    }
    const done = await this.commands.execute(
      { slug, type: EVENT.PROJECT_DETAILS_UPDATED, payload: { ...fields }, expectedVersion, actor },
      async (ctx) => {
        const p = ctx.project;
        const before = { name: p.name, area: p.area, districts: p.districts, pcns: p.pcns, recordedRegisteredPopulation: p.recordedRegisteredPopulation ?? null };
        assertMayWrite({ snapshot: ctx.project.snapshot, window: WINDOWS.projectRecord, subject: "The project's details", role: ctx.actor.role });
        if (fields.registeredPopulation !== undefined || fields.pcns !== undefined) {
          assertMayWrite({
            snapshot: ctx.project.snapshot,
            window: WINDOWS.registeredPopulation,
            subject: 'The registered population (recorded, or summed from the PCNs)',
            stage: 'population-health-and-care-needs',
            role: ctx.actor.role,
          });
        }
        const next: Partial<Pick<ProjectEntity, 'name' | 'area' | 'districts' | 'pcns' | 'recordedRegisteredPopulation'>> = {};
        if (fields.name !== undefined) next.name = fields.name;
        if (fields.area !== undefined) next.area = fields.area;
        if (fields.pcns !== undefined) next.pcns = [...new Set(fields.pcns)];
        if (fields.districts !== undefined) next.districts = [...new Set(fields.districts)];
        if (fields.registeredPopulation !== undefined) next.recordedRegisteredPopulation = fields.registeredPopulation;
        await ctx.manager.update(ProjectEntity, { id: ctx.project.id }, next);
        Object.assign(ctx.project, next);
        return { result: undefined, event: { before } };
      },
      (accepted) => this.detailOf(accepted),
    );
    return { ...done.view, entry: done.entry };
  }

  async create(dto: CreateProjectDto, actor: Actor): Promise<ProjectDetail & { entry: HistoryEntryEntity }> {
    const pcns = [...new Set(dto.pcns ?? [])];
    const districts = dto.districts?.length ? [...new Set(dto.districts)] : [...new Set(pcns.flatMap((code) => findPcn(code)!.districts))];
    const { project, entry } = await this.commands.create(
      // whoever creates a project runs it until an admin assigns another programme manager
      {
        slug: dto.slug,
        name: dto.name,
        scope: dto.scope,
        area: dto.area ?? null,
        districts,
        pcns,
        recordedRegisteredPopulation: dto.registeredPopulation ?? null,
        managerUserId: actor.id,
      },
      actor,
      async (manager) => {
        if (await manager.exists(ProjectEntity, { where: { slug: dto.slug } })) {
          throw new ConflictError('SlugTaken', `A project with slug "${dto.slug}" already exists.`);
        }
      },
    );
    return { ...(await this.get(project.slug)), entry };
  }

  /** `readable` narrows the list to the projects a caller may read (see the auth module). */
  async list(limit: number, offset: number, readable?: (manager: EntityManager) => Promise<string[] | 'all'>): Promise<Page<ProjectSummary>> {
    return this.transactions.read(async (manager) => {
      const ids = readable ? await readable(manager) : 'all';
      if (ids !== 'all' && ids.length === 0) return { items: [], total: 0, limit, offset };
      const where = ids === 'all' ? {} : { id: In(ids) };
      const [rows, total] = await manager.findAndCount(ProjectEntity, { where, order: { createdAt: 'ASC', slug: 'ASC' }, take: limit, skip: offset });
      return { items: rows.map((p) => summary(p)), total, limit, offset };
    });
  }

  /** The ids of the projects with these slugs (those that exist). */
  async idsOf(manager: EntityManager, slugs: string[]): Promise<string[]> {
    if (slugs.length === 0) return [];
    return (await manager.find(ProjectEntity, { where: { slug: In(slugs) }, select: { id: true } })).map((p) => p.id);
  }

  async get(slug: string): Promise<ProjectDetail> {
    return this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      const history = { headSequence: project.headSequence, headHash: project.headHash, latestCheckpoint: await latestCheckpoint(manager, project.id) };
      return { ...summary(project), workflow: await this.view(manager, project), history };
    });
  }

  async workflow(slug: string): Promise<WorkflowView> {
    return this.transactions.read(async (manager) => this.view(manager, await this.load(manager, slug)));
  }

  async view(manager: EntityManager, project: ProjectEntity): Promise<WorkflowView> {
    return this.viewOf({ manager, project, snapshot: restore(project.snapshot, project.machineVersion) });
  }

  /**
   * The workflow view of a project a command has just changed, inside that command's
   * transaction (pass as ProjectCommandService.execute's `view`): the snapshot is the machine's
   * own, so nothing is re-read or revived.
   */
  async viewOf(accepted: AcceptedContext): Promise<WorkflowView> {
    const facts = await this.gateFacts.collect(accepted.project, accepted.manager);
    return workflowView(accepted.snapshot, accepted.project.version, facts, await this.reopenings(accepted.manager, accepted.project));
  }

  /** The accepted reopenings of the project's approved stages, oldest first, for the workflow view. */
  private async reopenings(manager: EntityManager, project: ProjectEntity): Promise<Reopening[]> {
    const rows = await manager.find(HistoryEntryEntity, {
      where: { projectId: project.id, type: STAGE_REOPENED, outcome: 'accepted' },
      order: { sequence: 'ASC' },
    });
    return rows.map((r) => ({
      stage: r.stage as StageKey,
      at: r.occurredAt,
      by: r.actorName ?? 'the engine',
      reason: String(r.payload.reason ?? ''),
      invalidated: Array.isArray(r.payload.invalidated) ? (r.payload.invalidated as StageKey[]) : [],
    }));
  }

  /** The project as GET /api/projects/:slug shows it, inside the command that just changed it. */
  async detailOf(accepted: AcceptedContext): Promise<ProjectDetail> {
    return { ...summary(accepted.project), workflow: await this.viewOf(accepted) };
  }

  private async load(manager: EntityManager, slug: string): Promise<ProjectEntity> {
    const project = await manager.findOne(ProjectEntity, { where: { slug } });
    if (!project) throw new NotFoundError('Project', slug);
    return project;
  }
}

function summary(p: ProjectEntity): ProjectSummary {
  const { registeredPopulation, source } = registeredPopulationOf(p);
  const status = projectStatus(p.snapshot);
  return {
    slug: p.slug,
    name: p.name,
    scope: p.scope,
    area: p.area,
    districts: p.districts,
    pcns: p.pcns,
    registeredPopulation,
    registeredPopulationSource: source,
    managerUserId: p.managerUserId ?? null,
    published: p.published === true,
    status,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
