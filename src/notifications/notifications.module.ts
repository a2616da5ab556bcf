import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { ReviewsService } from '../people/reviews.service';
import { ProjectsModule } from '../projects/projects.module';
import { WorkflowService } from '../projects/workflow.service';
import { NotificationSchedule } from './notification-schedule';
import { NotificationDigestEntity, NotificationEntity, NotificationPreferenceEntity, ProjectFollowEntity, StageOverdueNoticeEntity } from './notification.entities';
import { FollowController, NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { Notifier } from './notifier';
import { ProjectNewsListener } from './project-news';

/**
 * Notifications of every kind: written with the command that causes them (workflow and review
 * listeners) or by the schedule (passed target dates, daily digests); the in-app list, each
 * person's choices, and following a project.
 */
@Module({
  imports: [
    ProjectsModule,
    PeopleModule,
    TypeOrmModule.forFeature([NotificationEntity, NotificationPreferenceEntity, ProjectFollowEntity, NotificationDigestEntity, StageOverdueNoticeEntity]),
  ],
  controllers: [NotificationsController, FollowController],
  providers: [NotificationsRepository, Notifier, ProjectNewsListener, NotificationsService, NotificationSchedule],
  exports: [NotificationsService, NotificationSchedule],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewsService,
    private readonly news: ProjectNewsListener,
  ) {}

  onModuleInit(): void {
    this.workflow.addListener(this.news);
    this.reviews.addDecisionListener(this.news);
  }
}
