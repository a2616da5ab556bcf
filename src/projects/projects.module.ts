import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliverableRecordEntity } from './deliverable-record.entity';
import { GateFactsService } from './gate-facts.service';
import { HistoryEntryEntity } from './history-entry.entity';
import { ProjectCommandService } from './project-commands.service';
import { ProjectEntity } from './project.entity';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProjectEntity, DeliverableRecordEntity, HistoryEntryEntity])],
  controllers: [ProjectsController],
  providers: [ProjectsService, WorkflowService, ProjectCommandService, GateFactsService],
  exports: [ProjectsService, WorkflowService, ProjectCommandService, GateFactsService],
})
export class ProjectsModule {}
