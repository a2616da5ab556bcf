import { Injectable, OnModuleInit } from '@nestjs/common';
import { stage2Deliverables, stage3Deliverables, stage4Deliverables, stage5Deliverables } from '../../workflows/registers';
import { GateFactsService } from '../projects/gate-facts.service';
import { RegistersRepository } from './registers.repository';
import { RegistersService } from './registers.service';

/**
 * Makes the stage 2-5 deliverables the registers prove derived: the pure gate rules decide
 * them from the records, and their blockers name the missing record. Deliverables the
 * registers do not prove (key leads, the review team, ...) stay ticked by hand.
 */
@Injectable()
export class RegisterGateFacts implements OnModuleInit {
  constructor(
    private readonly gateFacts: GateFactsService,
    private readonly registers: RegistersService,
    private readonly repository: RegistersRepository,
  ) {}

  onModuleInit(): void {
    this.gateFacts.register({
      contribute: async (project, manager, facts) => {
        const registers = await this.repository.forGateFacts(this.gateFacts, facts, manager, project.id);
        const input = await this.registers.gateInput(manager, project, registers);
        facts.derived.push(...stage2Deliverables(input), ...stage3Deliverables(input), ...stage4Deliverables(input), ...stage5Deliverables(input));
      },
    });
  }
}
