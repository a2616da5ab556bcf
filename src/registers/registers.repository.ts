import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { emptyRegisters, REGISTER_OF, Registers } from '../../workflows/registers';
import type { GateFacts } from '../../workflows';
import type { GateFactsService } from '../projects/gate-facts.service';
import { RegisterRecordEntity } from './register-record.entity';

/** Reads a project's evidence registers whole, inside the caller's transaction. */
@Injectable()
export class RegistersRepository {
  async load(manager: EntityManager, projectId: string): Promise<Registers> {
    const rows = await manager.find(RegisterRecordEntity, { where: { projectId }, order: { createdAt: 'ASC', recordId: 'ASC' } });
    const registers = emptyRegisters();
    for (const row of rows) {
      (registers[REGISTER_OF[row.recordType]] as unknown[]).push({ ...row.data, id: row.recordId });
    }
    return registers;
  }

  /** The registers for a gate-facts contributor: read once per collect, whichever contributor asks first. */
  forGateFacts(gateFacts: GateFactsService, facts: GateFacts, manager: EntityManager, projectId: string): Promise<Registers> {
    return gateFacts.shared(facts, 'registers', () => this.load(manager, projectId));
  }
}
