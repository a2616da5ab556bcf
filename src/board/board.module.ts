import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';
import { ProjectSummaryEntity } from './project-summary.entity';
import { ProjectSummaryRepository } from './project-summary.repository';
import { ProjectSummaryService } from './project-summary.service';
import { StagePlanEntity } from './stage-plan.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StagePlanEntity, ProjectSummaryEntity]), ProjectsModule, PeopleModule],
  controllers: [BoardController],
  providers: [BoardService, ProjectSummaryRepository, ProjectSummaryService],
  exports: [BoardService, ProjectSummaryService],
})
export class BoardModule {}
