import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';
import { StagePlanEntity } from './stage-plan.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StagePlanEntity]), ProjectsModule, PeopleModule],
  controllers: [BoardController],
  providers: [BoardService],
  exports: [BoardService],
})
export class BoardModule {}
