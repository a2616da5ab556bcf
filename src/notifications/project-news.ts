import { Injectable } from '@nestjs/common';
import { STAGES, stageDefinition, StageKey, WorkflowCommand } from '../../workflows';
import { approvalBlockers, GROUP_LABELS } from '../../workflows/people';
import { PeopleRepository, toDecision, toRound } from '../people/people.repository';
import { ReviewDecisionEntity } from '../people/review-decision.entity';
import { ReviewDecisionListener } from '../people/reviews.service';
import { CommandContext } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { WorkflowEventListener } from '../projects/workflow.service';
import { Notifier, ProjectNews } from './notifier';

/** `stage 1 ("Planning and co-design")`: how emails name a stage. */
export function stageInWords(stage: StageKey): string {
  const s = stageDefinition(stage);
  return `stage ${s.order} ("${s.title}")`;
}

const FINAL_STAGE = STAGES[STAGES.length - 1].key;
const stagePath = (project: Pick<ProjectEntity, 'slug'>, stage: StageKey) => `/projects/${project.slug}/stages/${stage}`;
const projectPath = (project: Pick<ProjectEntity, 'slug'>) => `/projects/${project.slug}`;
const said = (reason: string | undefined) => (reason?.trim() ? [`The reason given: "${reason.trim()}"`] : []);

/**
 * Tells people what happened on a project, from inside the command's transaction: a workflow
 * listener (submission, approval, hold, resume, withdrawal, completion) and a review-decision
 * listener (changes asked for, a review reaching its quorum). Recipients are worked out here, at
 * command time, and their notifications and emails are written with the command or not at all.
 */
@Injectable()
export class ProjectNewsListener implements WorkflowEventListener, ReviewDecisionListener {
  constructor(
    private readonly notifier: Notifier,
    private readonly people: PeopleRepository,
  ) {}

  async onAccepted(ctx: CommandContext, command: WorkflowCommand): Promise<void> {
    const { manager, project, actor, now } = ctx;
    const name = project.name;
    const by = actor.name;
    const news = (n: Omit<ProjectNews, 'project' | 'actor'>): ProjectNews => ({ ...n, project, actor });
    const stage = command.stage;
    switch (command.type) {
      case 'SUBMIT_FOR_REVIEW': {
        const s = stageInWords(stage!);
        await this.notifier.tell(
          manager,
          news({
            kind: 'stage-submitted',
            subject: `Please review ${s} of "${name}"`,
            summary: `${by} submitted ${s} of "${name}" for review.`,
            paragraphs: [
              `${by} has submitted ${s} of the project "${name}" for review.`,
              "You are one of its reviewers. Please read the stage's work and record your decision: approve it, or ask for changes with a comment saying what is needed.",
            ],
            action: { label: 'Open the review', path: `/projects/${project.slug}/reviews/${stage}` },
          }),
          await this.notifier.reviewers(manager, project.id),
          now,
        );
        return;
      }
      case 'APPROVE_STAGE': {
        const s = stageInWords(stage!);
        const recipients = [...this.notifier.manager(project), ...(await this.notifier.reviewers(manager, project.id)), ...(await this.notifier.followers(manager, project))];
        await this.notifier.tell(
          manager,
          news({
            kind: 'stage-approved',
            subject: `${capitalise(s)} of "${name}" is approved`,
            summary: `${by} approved ${s} of "${name}".`,
            paragraphs: [`${by} has approved ${s} of the project "${name}". The reviewers' decisions are on the stage's page.`],
            action: { label: 'See the stage', path: stagePath(project, stage!) },
          }),
          recipients,
          now,
        );
        if (stage === FINAL_STAGE) {
          await this.notifier.tell(
            manager,
            news({
              kind: 'project-completed',
              subject: `"${name}" is completed`,
              summary: `"${name}" is completed: ${by} approved its last stage.`,
              paragraphs: [`The project "${name}" is completed: ${by} has approved its last stage, ${s}.`, 'Its history and board report stay available.'],
              action: { label: 'See the project', path: projectPath(project) },
            }),
            await this.notifier.followers(manager, project),
            now,
          );
        }
        return;
      }
      case 'PUT_ON_HOLD':
      case 'RESUME':
      case 'WITHDRAW': {
        const what = {
          PUT_ON_HOLD: { kind: 'project-on-hold' as const, subject: `"${name}" is on hold`, done: `put the project "${name}" on hold`, after: 'Work on it waits until it is resumed.' },
          RESUME: { kind: 'project-resumed' as const, subject: `"${name}" has resumed`, done: `resumed the project "${name}"`, after: 'Its stages carry on from where they stood.' },
          WITHDRAW: { kind: 'project-withdrawn' as const, subject: `"${name}" is withdrawn`, done: `withdrawn the project "${name}"`, after: 'No more work will be done on it; its history stays available.' },
        }[command.type];
        const summary = { PUT_ON_HOLD: `${by} put "${name}" on hold.`, RESUME: `${by} resumed "${name}".`, WITHDRAW: `${by} withdrew "${name}".` }[command.type];
        await this.notifier.tell(
          manager,
          news({
            kind: what.kind,
            subject: what.subject,
            summary,
            paragraphs: [`${by} has ${what.done}.`, ...said(command.reason), what.after],
            action: { label: 'See the project', path: projectPath(project) },
          }),
          await this.notifier.followers(manager, project),
          now,
        );
        return;
      }
      default:
        return;
    }
  }

  /** After a review decision is saved in its command's transaction. */
  async onDecision(ctx: CommandContext, stage: StageKey, decision: ReviewDecisionEntity): Promise<void> {
    const { manager, project, actor, now } = ctx;
    const s = stageInWords(stage);
    const name = project.name;
    const who = `${decision.reviewerName} (${GROUP_LABELS[decision.group]})`;
    if (decision.decision === 'request-changes') {
      await this.notifier.tell(
        manager,
        {
          kind: 'changes-requested',
          project,
          actor,
          subject: `Changes asked for on ${s} of "${name}"`,
          summary: `${decision.reviewerName} asked for changes to ${s} of "${name}".`,
          paragraphs: [`${who} has asked for changes to ${s} of the project "${name}".`, `What they said: "${decision.comment.trim()}"`, 'You run this project. The stage cannot be approved while this request stands: make the changes and send the stage back for review, or talk it through with the reviewer, who can change their decision.'],
          action: { label: 'See the review', path: `/projects/${project.slug}/reviews/${stage}` },
        },
        this.notifier.manager(project),
        now,
      );
      return;
    }
    // the quorum is met now and was not before this decision: tell the manager once
    const round = await this.people.openRound(manager, project.id, stage);
    if (!round) return;
    const reviewers = await this.people.reviewers(manager, await this.people.members(manager, project.id));
    const rows = await this.people.decisions(manager, [round.id]);
    const metNow = approvalBlockers(toRound(round), reviewers, rows.map(toDecision)).length === 0;
    const metBefore = approvalBlockers(toRound(round), reviewers, rows.filter((r) => r.id !== decision.id).map(toDecision)).length === 0;
    if (!metNow || metBefore) return;
    await this.notifier.tell(
      manager,
      {
        kind: 'review-quorum',
        project,
        actor,
        subject: `${capitalise(s)} of "${name}" has the approvals it needs`,
        summary: `The review of ${s} of "${name}" has every approval it needs (the last from ${decision.reviewerName}).`,
        paragraphs: [`The review of ${s} of the project "${name}" has every approval it needs: the last came from ${who}.`, 'You run this project: you can now approve the stage.'],
        action: { label: 'Open the project to approve the stage', path: projectPath(project) },
      },
      this.notifier.manager(project),
      now,
    );
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
