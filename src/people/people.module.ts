import { Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersService } from '../auth/users.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GateFactsService } from '../projects/gate-facts.service';
import { ProjectsModule } from '../projects/projects.module';
import { WorkflowService } from '../projects/workflow.service';
import { GroupMemberEntity } from './group-member.entity';
import { GroupsService } from './groups.service';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { ProjectManagerService } from './project-manager.service';
import { ReviewDecisionEntity } from './review-decision.entity';
import { ReviewRoundEntity } from './review-round.entity';
import { ReviewsService } from './reviews.service';
import { StageCommentEntity } from './stage-comment.entity';

/** Project groups, reviews of stage outputs, comments and project manager assignment. */
@Module({
  imports: [TypeOrmModule.forFeature([GroupMemberEntity, ReviewRoundEntity, ReviewDecisionEntity, StageCommentEntity]), ProjectsModule, AuthModule],
  controllers: [PeopleController],
  providers: [PeopleRepository, GroupsService, ReviewsService, ProjectManagerService],
  exports: [GroupsService, ReviewsService, PeopleRepository],
})
export class PeopleModule implements OnModuleInit {
  constructor(
    private readonly gateFacts: GateFactsService,
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewsService,
    private readonly users: UsersService,
    private readonly managers: ProjectManagerService,
  ) {}

  onModuleInit(): void {
    this.gateFacts.register(this.reviews);
    this.workflow.addListener(this.reviews);
    this.users.setManagerHandover(async (slugs, to, actor) => {
      for (const slug of slugs) await this.managers.assign(slug, to, undefined, actor);
    });
  }
}
