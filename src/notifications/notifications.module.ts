import { Module, OnModuleInit } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { WorkflowService } from '../projects/workflow.service';
import { NotificationsController } from './notifications.controller';
import { ReviewNotifications } from './review-notifications';

/** Notifications of workflow events, queued in the outbox by the command that causes them, and the in-app list. */
@Module({
  imports: [ProjectsModule, PeopleModule],
  controllers: [NotificationsController],
  providers: [ReviewNotifications],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewNotifications,
  ) {}

  onModuleInit(): void {
    this.workflow.addListener(this.reviews);
  }
}
