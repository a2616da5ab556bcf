import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { GateFacts, persist, projectStatus, stageDefinition, StageKey, stageLabel, stageStatuses, WINDOWS, WorkflowCommand, dependentStages, EVENT } from '../../workflows';
import {
  approvalBlockers,
  currentDecisions,
  GROUP_LABELS,
  groupDerivedDeliverables,
  pendingReviewers,
  REVIEW_GROUPS,
  ReviewOutcome,
  validateDecision,
} from '../../workflows/people';
import { AuthUser } from '../auth/current-user';
import { assertMayWrite } from '../common/write-window';
import { CommandRefusedError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { GateFactContributor } from '../projects/gate-facts.service';
import { CommandContext, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { WorkflowEventListener } from '../projects/workflow.service';
import { ReviewDecisionDto } from './dto/review.dto';
import { GroupMemberEntity } from './group-member.entity';
import { PeopleRepository, toDecision, toRound } from './people.repository';
import { ReviewDecisionEntity } from './review-decision.entity';
import { ReviewRoundEntity } from './review-round.entity';
import { StageCommentEntity } from './stage-comment.entity';

/** A feature that reacts to a review decision inside the decision's own transaction (notifications). */
export interface ReviewDecisionListener {
  onDecision(ctx: CommandContext, stage: StageKey, decision: ReviewDecisionEntity): Promise<void>;
}

/**
 * Review rounds of stage outputs: opened by SUBMIT_FOR_REVIEW, closed by REQUEST_CHANGES or
 * APPROVE_STAGE, and the approval quorum fed to the gate. The quorum rule itself is
 * workflows/people's approvalBlockers.
 */
@Injectable()
export class ReviewsService implements GateFactContributor, WorkflowEventListener {
  private readonly decisionListeners: ReviewDecisionListener[] = [];

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly commands: ProjectCommandService,
    private readonly people: PeopleRepository,
  ) {}

  addDecisionListener(listener: ReviewDecisionListener): void {
    this.decisionListeners.push(listener);
  }

  /** Gate facts: the group deliverables of stage 1, and the quorum of every stage in review. */
  async contribute(project: ProjectEntity, manager: EntityManager, facts: GateFacts): Promise<void> {
    const rows = await this.people.members(manager, project.id);
    const byGroup = this.people.byGroup(rows);
    // an empty group is "not started" in the workflow view (evidence present reads as "in progress")
    facts.derived.push(...groupDerivedDeliverables(byGroup).map((d) => (byGroup[d.deliverable].length === 0 ? { ...d, evidence: '' } : d)));
    const statuses = stageStatuses(project.snapshot);
    const inReview = (Object.keys(statuses) as StageKey[]).filter((s) => statuses[s] === 'in-review');
    const inProgress = (Object.keys(statuses) as StageKey[]).some((s) => statuses[s] === 'in-progress');
    if (inReview.length === 0 && !inProgress) return;
    const reviewers = await this.people.reviewers(manager, rows);
    // for the submission gate: who could decide if a stage went to review now
    facts.reviewers = REVIEW_GROUPS.map((group) => ({ group, label: GROUP_LABELS[group], ableToDecide: reviewers.filter((r) => r.group === group).length }));
    if (inReview.length === 0) return;
    facts.extra ??= {};
    for (const stage of inReview) {
      const round = await this.people.openRound(manager, project.id, stage);
      const decisions = round ? (await this.people.decisions(manager, [round.id])).map(toDecision) : [];
      const blockers = approvalBlockers(round ? toRound(round) : null, reviewers, decisions);
      const extra = (facts.extra[stage] ??= {});
      extra.approve = [...(extra.approve ?? []), ...blockers];
    }
  }

  /** Inside the workflow command's transaction: rounds follow the stage in and out of review. */
  async onAccepted(ctx: CommandContext, command: WorkflowCommand): Promise<void> {
    if (!command.stage) return;
    if (command.type === 'SUBMIT_FOR_REVIEW') await this.openRound(ctx, command.stage);
    if (command.type === 'REQUEST_CHANGES') await this.closeRound(ctx, command.stage, 'changes-requested');
    if (command.type === 'APPROVE_STAGE') await this.closeRound(ctx, command.stage, 'approved');
    // a reopening sends later stages back to not started: a review open on one of them has nothing left to decide
    if (command.type === 'REOPEN_STAGE') for (const stage of dependentStages(command.stage)) await this.closeRound(ctx, stage, 'superseded');
  }

  private async openRound(ctx: CommandContext, stage: StageKey): Promise<void> {
    const last = await ctx.manager.findOne(ReviewRoundEntity, { where: { projectId: ctx.project.id, stage }, order: { round: 'DESC' } });
    await ctx.manager.save(ReviewRoundEntity, {
      projectId: ctx.project.id,
      stage,
      round: (last?.round ?? 0) + 1,
      openedAt: ctx.now,
      openedById: ctx.actor.id,
      openedByName: ctx.actor.name,
      closedAt: null,
      closedById: null,
      closedByName: null,
      outcome: 'open',
    });
  }

  private async closeRound(ctx: CommandContext, stage: StageKey, outcome: ReviewOutcome): Promise<void> {
    const open = await this.people.openRound(ctx.manager, ctx.project.id, stage);
    if (!open) return;
    await ctx.manager.update(
      ReviewRoundEntity,
      { id: open.id },
      { outcome, closedAt: ctx.now, closedById: ctx.actor.id, closedByName: ctx.actor.name },
    );
  }

  async decide(slug: string, stage: StageKey, dto: ReviewDecisionDto, user: AuthUser, actor: Actor) {
    const errors = validateDecision(dto);
    if (errors.length > 0) throw new InvalidInputError('The decision has invalid fields.', errors);
    const comment = dto.comment?.trim() ?? '';
    // completed inside the command (round and group are known only there); written with the history entry
    const payload: Record<string, unknown> = { decision: dto.decision, comment };
    const done = await this.commands.execute({ slug, type: EVENT.REVIEW_DECISION_RECORDED, stage, payload, expectedVersion: dto.expectedVersion, actor }, async (ctx) => {
      assertMayWrite({ snapshot: persist(ctx.snapshot), window: WINDOWS.review, subject: `A review decision on ${stageLabel(stage)}`, stage, role: ctx.actor.role });
      const round = await this.people.openRound(ctx.manager, ctx.project.id, stage);
      if (!round) {
        throw new CommandRefusedError(`There is no open review round for ${stageLabel(stage)}.`, [
          { code: 'REVIEW_NO_OPEN_ROUND', message: `There is no open review round for ${stageLabel(stage)}; it must be submitted for review again.`, stage },
        ]);
      }
      const mine = (await this.people.reviewers(ctx.manager, await this.people.members(ctx.manager, ctx.project.id))).filter((r) => r.userId === user.id);
      if (mine.length === 0) throw new ForbiddenError('Only members with an account of the stakeholder group or the clinical/professional group review this project.');
      let reviewer = mine[0];
      if (dto.group) {
        const inGroup = mine.find((r) => r.group === dto.group);
        if (!inGroup) throw new InvalidInputError('You are not in that group.', [{ field: 'group', message: `you are not a member of the ${dto.group} of this project` }]);
        reviewer = inGroup;
      } else if (mine.length > 1) {
        throw new InvalidInputError('Say which group you decide for.', [
          { field: 'group', message: `you sit in both reviewing groups; group must be one of: ${REVIEW_GROUPS.join(', ')}` },
        ]);
      }
      const saved = await ctx.manager.save(ReviewDecisionEntity, {
        projectId: ctx.project.id,
        roundId: round.id,
        stage,
        round: round.round,
        reviewerUserId: user.id,
        reviewerName: reviewer.name,
        group: reviewer.group,
        decision: dto.decision,
        comment,
        decidedAt: ctx.now,
      });
      for (const listener of this.decisionListeners) await listener.onDecision(ctx, stage, saved);
      // round and group are known only here
      return { result: saved, event: { round: round.round, group: reviewer.group, decisionId: saved.id, decidedAt: ctx.now, reviewerName: reviewer.name } };
    });
    return { decision: decisionView(done.result), entry: done.entry, review: await this.stageReviews(slug, stage) };
  }

  async comment(slug: string, stage: StageKey, text: string, expectedVersion: number | undefined, user: AuthUser, actor: Actor) {
    const trimmed = text.trim();
    if (!trimmed) throw new InvalidInputError('The comment is empty.', [{ field: 'text', message: 'text must not be blank' }]);
    const payload: Record<string, unknown> = { text: trimmed };
    const done = await this.commands.execute({ slug, type: EVENT.STAGE_COMMENT_ADDED, stage, payload, expectedVersion, actor }, async (ctx) => {
      assertMayWrite({ snapshot: ctx.project.snapshot, window: WINDOWS.comment, subject: `A comment on ${stageLabel(stage)}`, stage, role: ctx.actor.role });
      const round = await this.people.openRound(ctx.manager, ctx.project.id, stage);
      const saved = await ctx.manager.save(StageCommentEntity, {
        projectId: ctx.project.id,
        stage,
        round: round?.round ?? null,
        authorUserId: user.id,
        authorName: user.name,
        text: trimmed,
        createdAt: ctx.now,
      });
      return { result: saved, event: { round: round?.round ?? null, commentId: saved.id } };
    });
    return { comment: commentView(done.result), entry: done.entry };
  }

  /** Every round of a stage with all its decisions (replaced ones too), who is still to decide, and the comments. */
  async stageReviews(slug: string, stage: StageKey) {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug } });
      if (!project) throw new NotFoundError('Project', slug);
      const reviewers = await this.people.reviewers(manager, await this.people.members(manager, project.id));
      const rounds = await this.people.rounds(manager, project.id, stage);
      const decisions = await this.people.decisions(manager, rounds.map((r) => r.id));
      const comments = await manager.find(StageCommentEntity, { where: { projectId: project.id, stage }, order: { id: 'ASC' } });
      return {
        stage,
        status: stageStatuses(project.snapshot)[stage],
        reviewers,
        rounds: rounds.map((r) => {
          const rows = decisions.filter((d) => d.roundId === r.id);
          const pure = rows.map(toDecision);
          const open = r.outcome === 'open';
          const standing = new Set(currentDecisions(rows.map((row) => ({ ...toDecision(row), id: row.id }))).map((d) => d.id));
          return {
            round: r.round,
            outcome: r.outcome,
            openedAt: r.openedAt,
            openedBy: r.openedByName,
            closedAt: r.closedAt,
            closedBy: r.closedByName,
            decisions: rows.map((d) => ({ ...decisionView(d), current: standing.has(d.id) })),
            currentDecisions: rows.filter((d) => standing.has(d.id)).map(decisionView),
            pendingReviewers: open ? pendingReviewers(toRound(r), reviewers, pure) : [],
            approvalBlockers: open ? approvalBlockers(toRound(r), reviewers, pure) : [],
          };
        }),
        comments: comments.map(commentView),
      };
    });
  }

  /** The stages, across the caller's projects, that are waiting for the caller's decision. */
  async waitingFor(user: AuthUser) {
    return this.transactions.read(async (manager) => {
      const mine = await manager.find(GroupMemberEntity, { where: { userId: user.id, group: In([...REVIEW_GROUPS]) } });
      const projectIds = [...new Set(mine.map((m) => m.projectId))];
      if (projectIds.length === 0) return { items: [], total: 0 };
      const projects = await manager.find(ProjectEntity, { where: { id: In(projectIds) }, order: { createdAt: 'ASC', slug: 'ASC' } });
      const items = [];
      for (const project of projects) {
        if (projectStatus(project.snapshot) !== 'active') continue;
        const statuses = stageStatuses(project.snapshot);
        const reviewers = await this.people.reviewers(manager, await this.people.members(manager, project.id));
        for (const stage of Object.keys(statuses) as StageKey[]) {
          if (statuses[stage] !== 'in-review') continue;
          const round = await this.people.openRound(manager, project.id, stage);
          if (!round) continue;
          const decisions = (await this.people.decisions(manager, [round.id])).map(toDecision);
          const pending = pendingReviewers(toRound(round), reviewers, decisions).filter((r) => r.userId === user.id);
          if (pending.length === 0) continue;
          items.push({
            project: { slug: project.slug, name: project.name },
            stage,
            stageTitle: stageDefinition(stage).title,
            round: round.round,
            openedAt: round.openedAt,
            groups: pending.map((r) => r.group),
          });
        }
      }
      return { items, total: items.length };
    });
  }
}

function decisionView(d: ReviewDecisionEntity) {
  return {
    id: d.id,
    round: d.round,
    reviewerUserId: d.reviewerUserId,
    reviewerName: d.reviewerName,
    group: d.group,
    decision: d.decision,
    comment: d.comment,
    decidedAt: d.decidedAt,
  };
}

function commentView(c: StageCommentEntity) {
  return { id: c.id, round: c.round, authorUserId: c.authorUserId, authorName: c.authorName, text: c.text, createdAt: c.createdAt };
}
