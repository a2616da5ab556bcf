import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { stageDefinition, WorkflowCommand } from '../../workflows';
import { UserEntity } from '../auth/user.entity';
import { AppConfig } from '../config/app-config';
import { renderEmail } from '../mail/email-template';
import { OutboxService } from '../outbox/outbox.service';
import { PeopleRepository } from '../people/people.repository';
import { CommandContext } from '../projects/project-commands.service';
import { WorkflowEventListener } from '../projects/workflow.service';

/**
 * Emails the reviewers of a stage when it is submitted for review. It runs inside the command's
 * transaction (a workflow listener), so the emails are queued exactly when the submission commits.
 */
@Injectable()
export class ReviewNotifications implements WorkflowEventListener {
  constructor(
    private readonly outbox: OutboxService,
    private readonly people: PeopleRepository,
    private readonly config: AppConfig,
  ) {}

  async onAccepted(ctx: CommandContext, command: WorkflowCommand): Promise<void> {
    if (command.type !== 'SUBMIT_FOR_REVIEW' || !command.stage) return;
    const { manager, project, actor } = ctx;
    const reviewers = await this.people.reviewers(manager, await this.people.members(manager, project.id));
    const ids = [...new Set(reviewers.map((r) => r.userId))];
    if (ids.length === 0) return;
    const users = await manager.find(UserEntity, { where: { id: In(ids), active: true } });
    const stage = stageDefinition(command.stage);
    const stageName = `stage ${stage.order} ("${stage.title}")`;
    const url = `${this.config.publicBaseUrl}/projects/${project.slug}/stages/${stage.key}`;
    for (const user of users) {
      const summary = `${actor.name} submitted ${stageName} of "${project.name}" for review.`;
      const message = renderEmail({
        to: user.email,
        subject: `Please review ${stageName} of "${project.name}"`,
        greeting: `Dear ${user.name},`,
        paragraphs: [
          `${actor.name} has submitted ${stageName} of the project "${project.name}" for review.`,
          'You are one of its reviewers. Please read the stage\'s work and record your decision: approve it, or ask for changes with a comment saying what is needed.',
        ],
        action: { label: 'Open the stage to review it', url },
        after: ['You are receiving this because you are a member of one of the project\'s reviewing groups.'],
      });
      await this.outbox.enqueue(manager, { ...message, kind: 'stage-submitted', summary, userId: user.id, projectSlug: project.slug });
    }
  }
}
