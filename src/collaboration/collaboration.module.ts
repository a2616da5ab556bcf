import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DevelopmentOfOptionsModule } from '../development-of-options/development-of-options.module';
import { HistoryModule } from '../history/history.module';
import { ProjectsModule } from '../projects/projects.module';
import { BoardDecisionEntity } from './board-decision.entity';
import { BoardDecisionsService } from './board-decisions.service';
import { CollaborationController } from './collaboration.controller';
import { DiscussionPostEntity } from './discussion-post.entity';
import { DiscussionService } from './discussion.service';

/** Stage discussions and the board's own decisions (issue 10, items 5 and 6). */
@Module({
  imports: [TypeOrmModule.forFeature([DiscussionPostEntity, BoardDecisionEntity]), ProjectsModule, HistoryModule, DevelopmentOfOptionsModule],
  controllers: [CollaborationController],
  providers: [DiscussionService, BoardDecisionsService],
  exports: [DiscussionService, BoardDecisionsService],
})
export class CollaborationModule {}
