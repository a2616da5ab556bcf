import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { RegistersRepository } from '../registers/registers.repository';
import { RegisterRecordEntity } from '../registers/register-record.entity';
import { BusinessCaseController } from './business-case.controller';
import { DevelopmentOfOptionsService } from './development-of-options.service';
import { OptionsController } from './options.controller';
import { Stage6GateFactsContributor } from './stage6-gate-facts.contributor';
import { BusinessCaseEntity, ProjectOptionEntity, ServiceChangeAssuranceEntity } from './stage6.entities';
import { Stage6Repository } from './stage6.repository';

/** Stage 6, development of options: options and their appraisal, the five-case Outline Business Case, service-change assurance. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ProjectOptionEntity, BusinessCaseEntity, ServiceChangeAssuranceEntity, RegisterRecordEntity]),
    ProjectsModule,
  ],
  controllers: [OptionsController, BusinessCaseController],
  // RegistersRepository is stateless; providing it here keeps this module independent of the registers module.
  providers: [DevelopmentOfOptionsService, Stage6Repository, RegistersRepository, Stage6GateFactsContributor],
})
export class DevelopmentOfOptionsModule {}
