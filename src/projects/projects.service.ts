import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { findPcn, projectStatus, restore, workflowView, WorkflowView } from '../../workflows';
import { CommandRefusedError, ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Page } from '../common/pagination.dto';
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
  async updateDetails(slug: string, dto: UpdateProjectDto, actor: Actor): Promise<ProjectDetail> {
    const { expectedVersion, ...given } = dto;
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Omit<UpdateProjectDto, 'expectedVersion'>;
    if (Object.keys(fields).length === 0) {
      throw new InvalidInputError('Nothing to change.', [{ field: 'body', message: 'give at least one of name, area, districts, pcns, registeredPopulation' }]);
    }
    const done = await this.commands.execute(
      { slug, type: 'PROJECT_DETAILS_UPDATED', payload: { ...fields }, expectedVersion, actor },
      async (ctx) => {
        const status = projectStatus(ctx.project.snapshot);
        if (status === 'completed' || status === 'withdrawn') {
          throw new CommandRefusedError(`The project is ${status}; its details are part of the record and cannot change.`, [
            { code: 'PROJECT_CLOSED', message: `The project is ${status}; its details cannot change any more.` },
          ]);
        }
        const next: Partial<Pick<ProjectEntity, 'name' | 'area' | 'districts' | 'pcns' | 'recordedRegisteredPopulation'>> = {};
        if (fields.name !== undefined) next.name = fields.name;
        if (fields.area !== undefined) next.area = fields.area;
        if (fields.pcns !== undefined) next.pcns = [...new Set(fields.pcns)];
        if (fields.districts !== undefined) next.districts = [...new Set(fields.districts)];
        if (fields.registeredPopulation !== undefined) next.recordedRegisteredPopulation = fields.registeredPopulation;
        await ctx.manager.update(ProjectEntity, { id: ctx.project.id }, next);
        Object.assign(ctx.project, next);
        return { result: undefined };
      },
      (accepted) => this.detailOf(accepted),
    );
    return done.view;
  }

  async create(dto: CreateProjectDto, actor: Actor): Promise<ProjectDetail> {
    const pcns = [...new Set(dto.pcns ?? [])];
    const districts = dto.districts?.length ? [...new Set(dto.districts)] : [...new Set(pcns.flatMap((code) => findPcn(code)!.districts))];
    const project = await this.commands.create(
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
    return this.get(project.slug);
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

  async get(slug: string): Promise<ProjectDetail> {
    return this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      return { ...summary(project), workflow: await this.view(manager, project) };
    });
  }

  async workflow(slug: string): Promise<WorkflowView> {
    return this.transactions.read(async (manager) => this.view(manager, await this.load(manager, slug)));
  }

  async history(slug: string, limit: number, offset: number): Promise<Page<HistoryEntryEntity>> {
    return this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      const [items, total] = await manager.findAndCount(HistoryEntryEntity, {
        where: { projectId: project.id },
        order: { sequence: 'ASC' },
        take: limit,
        skip: offset,
      });
      return { items, total, limit, offset };
    });
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
    return workflowView(accepted.snapshot, accepted.project.version, facts);
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
