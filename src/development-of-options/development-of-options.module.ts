import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { RegistersModule } from '../registers/registers.module';
import { BusinessCaseController } from './business-case.controller';
import { DevelopmentOfOptionsService } from './development-of-options.service';
import { OptionsController } from './options.controller';
import { Stage6GateFactsContributor } from './stage6-gate-facts.contributor';
import { BusinessCaseEntity, ProjectOptionEntity, ServiceChangeAssuranceEntity } from './stage6.entities';
import { Stage6Repository } from './stage6.repository';

/** Stage 6, development of options: options and their appraisal, the five-case Outline Business Case, service-change assurance. */
@Module({
  // RegistersModule: the stage 2 needs and stage 5 proposals the options and the business case refer to.
  imports: [TypeOrmModule.forFeature([ProjectOptionEntity, BusinessCaseEntity, ServiceChangeAssuranceEntity]), ProjectsModule, RegistersModule],
  controllers: [OptionsController, BusinessCaseController],
  providers: [DevelopmentOfOptionsService, Stage6Repository, Stage6GateFactsContributor],
  exports: [DevelopmentOfOptionsService, Stage6Repository],
})
export class DevelopmentOfOptionsModule {}
