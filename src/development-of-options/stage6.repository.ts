import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Registers } from '../../workflows/registers';
import { type BusinessCase, type ProjectOption, type SscAssuranceRecord, type Stage6Facts, emptyBusinessCase } from '../../workflows/stage6';
import { RegistersRepository } from '../registers/registers.repository';
import { BusinessCaseEntity, ProjectOptionEntity, ServiceChangeAssuranceEntity } from './stage6.entities';

export interface Stage6Records extends Stage6Facts {
  registers: Registers;
  /** false until the business case has been written to at least once. */
  businessCaseStarted: boolean;
}

/** Reads and writes stage 6 records inside the caller's transaction. */
@Injectable()
export class Stage6Repository {
  constructor(private readonly registers: RegistersRepository) {}

  async options(manager: EntityManager, projectId: string): Promise<ProjectOption[]> {
    const rows = await manager.find(ProjectOptionEntity, { where: { projectId }, order: { position: 'ASC' } });
    return rows.map((r) => ({ ...r.data, id: r.optionId }));
  }

  /** Everything the stage 6 rules look at for one project, with the stage 2 needs and stage 5 proposals. */
  async load(manager: EntityManager, projectId: string, loadRegisters = () => this.registers.load(manager, projectId)): Promise<Stage6Records> {
    const [options, bc, assurance, registers] = await Promise.all([
      this.options(manager, projectId),
      manager.findOne(BusinessCaseEntity, { where: { projectId } }),
      manager.findOne(ServiceChangeAssuranceEntity, { where: { projectId } }),
      loadRegisters(),
    ]);
    return {
      options,
      businessCase: bc?.data ?? null,
      businessCaseStarted: !!bc,
      noQuickWins: bc?.noQuickWins ?? false,
      assurance: assurance?.data ?? null,
      knownNeedIds: registers.needs.map((n) => n.id),
      knownProposalIds: registers.proposals.map((p) => p.id),
      registers,
    };
  }

  /** `now`: the command's timestamp. */
  async saveOption(manager: EntityManager, projectId: string, option: ProjectOption, now = new Date().toISOString()): Promise<void> {
    const existing = await manager.findOne(ProjectOptionEntity, { where: { projectId, optionId: option.id } });
    if (existing) {
      await manager.update(ProjectOptionEntity, { id: existing.id }, { data: option, updatedAt: now });
      return;
    }
    const last = await manager
      .createQueryBuilder(ProjectOptionEntity, 'o')
      .select('MAX(o.position)', 'max')
      .where('o.projectId = :projectId', { projectId })
      .getRawOne<{ max: number | null }>();
    await manager.insert(ProjectOptionEntity, {
      id: randomUUID(),
      projectId,
      optionId: option.id,
      position: Number(last?.max ?? 0) + 1,
      data: option,
      createdAt: now,
      updatedAt: now,
    });
  }

  async deleteOption(manager: EntityManager, projectId: string, optionId: string): Promise<void> {
    await manager.delete(ProjectOptionEntity, { projectId, optionId });
  }

  async businessCase(manager: EntityManager, projectId: string): Promise<{ data: BusinessCase; noQuickWins: boolean }> {
    const row = await manager.findOne(BusinessCaseEntity, { where: { projectId } });
    return { data: row?.data ?? emptyBusinessCase(), noQuickWins: row?.noQuickWins ?? false };
  }

  async saveBusinessCase(manager: EntityManager, projectId: string, change: { data?: BusinessCase; noQuickWins?: boolean }, now = new Date().toISOString()): Promise<void> {
    const existing = await manager.findOne(BusinessCaseEntity, { where: { projectId } });
    if (existing) {
      await manager.update(BusinessCaseEntity, { id: existing.id }, { ...change, updatedAt: now });
      return;
    }
    await manager.insert(BusinessCaseEntity, {
      id: randomUUID(),
      projectId,
      data: change.data ?? emptyBusinessCase(),
      noQuickWins: change.noQuickWins ?? false,
      createdAt: now,
      updatedAt: now,
    });
  }

  async saveAssurance(manager: EntityManager, projectId: string, record: SscAssuranceRecord, now = new Date().toISOString()): Promise<void> {
    const existing = await manager.findOne(ServiceChangeAssuranceEntity, { where: { projectId } });
    if (existing) {
      await manager.update(ServiceChangeAssuranceEntity, { id: existing.id }, { data: record, updatedAt: now });
      return;
    }
    await manager.insert(ServiceChangeAssuranceEntity, { id: randomUUID(), projectId, data: record, createdAt: now, updatedAt: now });
  }
}
