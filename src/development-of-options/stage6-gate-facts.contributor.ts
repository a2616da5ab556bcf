import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Blocker, deliverableDefinition, GateFacts } from '../../workflows';
import { STAGE6, stage6ApprovalBlockers, stage6DerivedDeliverables, stage6SubmissionBlockers } from '../../workflows/stage6';
import { GateFactContributor, GateFactsService } from '../projects/gate-facts.service';
import { ProjectEntity } from '../projects/project.entity';
import { RegistersRepository } from '../registers/registers.repository';
import { Stage6Repository } from './stage6.repository';

const key = (b: Blocker) => `${b.code}|${b.ref ?? ''}|${b.message}`;

/**
 * Stage 6's deliverables are proven by its records (options, appraisals, the business case,
 * the assurance record). The submission gate already sees the mandatory derived deliverables'
 * blockers, so `submit` only adds what they do not say; the approval gate does not look at
 * deliverables, so `approve` carries the whole approval rule (all five cases approved, and the
 * submission criteria still met).
 */
@Injectable()
export class Stage6GateFactsContributor implements GateFactContributor, OnModuleInit {
  constructor(
    private readonly gateFacts: GateFactsService,
    private readonly repo: Stage6Repository,
    private readonly registers: RegistersRepository,
  ) {}

  onModuleInit(): void {
    this.gateFacts.register(this);
  }

  async contribute(project: ProjectEntity, manager: EntityManager, facts: GateFacts): Promise<void> {
    const records = await this.repo.load(manager, project.id, () => this.registers.forGateFacts(this.gateFacts, facts, manager, project.id));
    const derived = stage6DerivedDeliverables(records);
    facts.derived.push(...derived);
    const expressed = new Set(
      derived.filter((d) => deliverableDefinition(STAGE6, d.deliverable)?.mandatory && !d.done).flatMap((d) => d.blockers.map(key)),
    );
    const extra = ((facts.extra ??= {})[STAGE6] ??= {});
    extra.submit = [...(extra.submit ?? []), ...stage6SubmissionBlockers(records).filter((b) => !expressed.has(key(b)))];
    extra.approve = [...(extra.approve ?? []), ...stage6ApprovalBlockers(records)];
  }
}
