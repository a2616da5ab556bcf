import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { findPcn, projectStatus, StageKey, stageLabel, stageStatuses, WINDOWS, EVENT } from '../../workflows';
import {
  BoardHistoryEntry,
  BoardReviewRound,
  buildHighlightReport,
  Highlight,
  highlight,
  HighlightReport,
  Rag,
  renderHighlightHtml,
  renderHighlightMarkdown,
  ReportProject,
  describeMove,
  validateTargetDate,
} from '../../workflows/board';
import { currentDecisions, pendingReviewers } from '../../workflows/people';
import { AuthUser } from '../auth/current-user';
import { ProjectAccessService } from '../auth/project-access.service';
import { CommandRefusedError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { PeopleRepository, toDecision, toRound } from '../people/people.repository';
import { ReviewRoundEntity } from '../people/review-round.entity';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { CommandRequest, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { latestCheckpoint } from '../history/history-verification';
import { ReportFormat } from './dto/board.dto';
import { StagePlanEntity } from './stage-plan.entity';

/** Today's date as the board counts days: the UTC calendar date, like the stored timestamps (the Clock's, so `?at=` counts from that date). */
export { todayUtc } from '../common/clock';
import { todayUtc } from '../common/clock';

/**
 * Stage plans (a programme-manager command) and the board's reads: the portfolio and the
 * highlight report. The RAG rules are workflows/board's; this service only gathers the records.
 */
@Injectable()
export class BoardService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly commands: ProjectCommandService,
    private readonly projects: ProjectsService,
    private readonly people: PeopleRepository,
    private readonly access: ProjectAccessService,
  ) {}

  /**
   * The first target date of a stage is its baseline (STAGE_PLAN_SET); every later change is a
   * move (STAGE_TARGET_MOVED) and needs a reason, so the board sees what moved, who moved it and why.
   * An approved stage's plan is closed (the write-window rule).
   */
  async setPlan(slug: string, stage: StageKey, targetDate: unknown, reason: unknown, expectedVersion: number | undefined, actor: Actor) {
    const errors = validateTargetDate(targetDate);
    if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > 2000)) {
      errors.push({ field: 'reason', message: 'reason must be text of at most 2000 characters' });
    }
    if (errors.length > 0) throw new InvalidInputError('The stage plan has invalid fields.', errors);
    const next = targetDate as string | null;
    const why = typeof reason === 'string' && reason.trim() ? reason.trim() : null;
    // completed inside the command, where the current plan is read; written with the history entry
    const payload: Record<string, unknown> = { targetDate: next };
    const request: CommandRequest = { slug, type: EVENT.STAGE_PLAN_SET, stage, payload, expectedVersion, actor };
    const done = await this.commands.execute(request, async (ctx) => {
      assertMayWrite({ snapshot: ctx.project.snapshot, window: WINDOWS.stagePlan, subject: `The target date of ${stageLabel(stage)}`, stage, role: ctx.actor.role });
      const current = await ctx.manager.findOne(StagePlanEntity, { where: { projectId: ctx.project.id, stage } });
      const previous = current?.targetDate ?? null;
      const previousTargetDate = previous;
      payload.previousTargetDate = previous;
      if (previous !== null && previous !== next) {
        // the entry is typed as the move it is (the request's type is read when the entry is written)
        request.type = EVENT.STAGE_TARGET_MOVED;
        payload.reason = why;
        if (!why) {
          const message = `The target date of ${stageLabel(stage)} is ${previous}; moving it ${next ? `to ${next}` : 'off the plan'} needs a reason, which the board will see beside the move.`;
          throw new CommandRefusedError(message, [{ code: 'TARGET_MOVE_NEEDS_REASON', message, stage }]);
        }
      }
      if (next === null) {
        if (current) await ctx.manager.delete(StagePlanEntity, { id: current.id });
      } else {
        const fields = { targetDate: next, updatedAt: ctx.now, updatedById: ctx.actor.id, updatedByName: ctx.actor.name };
        if (current) await ctx.manager.update(StagePlanEntity, { id: current.id }, fields);
        else await ctx.manager.insert(StagePlanEntity, { id: randomUUID(), projectId: ctx.project.id, stage, ...fields });
      }
      return { result: undefined, event: { previousTargetDate } };
    });
    return {
      stage,
      targetDate: next,
      previousTargetDate: payload.previousTargetDate as string | null,
      reason: (payload.reason as string | null | undefined) ?? null,
      version: done.project.version,
      entry: done.entry,
    };
  }

  /** Each stage's status and plan, with its lateness today. */
  async plan(slug: string) {
    return this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      const plans = await manager.find(StagePlanEntity, { where: { projectId: project.id } });
      const h = await this.highlightOf(manager, project, todayUtc(), false);
      return {
        project: { slug: project.slug, name: project.name, status: h.status, version: project.version },
        today: h.today,
        stages: h.stages.map((s) => {
          const row = plans.find((p) => p.stage === s.stage);
          return {
            stage: s.stage,
            title: s.title,
            status: s.status,
            targetDate: s.targetDate,
            daysLate: s.daysLate,
            baselineDate: s.baselineDate,
            daysLateAgainstBaseline: s.daysLateAgainstBaseline,
            targetMoves: s.targetMoves,
            setAt: row?.updatedAt ?? null,
            setBy: row?.updatedByName ?? null,
          };
        }),
      };
    });
  }

  /** One row per project the caller may read, with its RAG. */
  async portfolio(user: AuthUser, filter: { rag?: Rag; status?: string }) {
    return this.transactions.read(async (manager) => {
      const ids = await this.access.readableProjectIds(manager, user);
      const projects =
        ids === 'all' ? await manager.find(ProjectEntity, { order: { createdAt: 'ASC', slug: 'ASC' } })
        : ids.length === 0 ? []
        : await manager.find(ProjectEntity, { where: { id: In(ids) }, order: { createdAt: 'ASC', slug: 'ASC' } });
      const today = todayUtc();
      const items = [];
      for (const project of projects) {
        if (filter.status && projectStatus(project.snapshot) !== filter.status) continue;
        const h = await this.highlightOf(manager, project, today, true);
        if (filter.rag && h.rag !== filter.rag) continue;
        items.push({
          slug: project.slug,
          name: project.name,
          status: h.status,
          rag: h.rag,
          reasons: h.reasons,
          currentStages: h.stages
            .filter((s) => s.current)
            .map((s) => ({
              stage: s.stage,
              title: s.title,
              status: s.status,
              targetDate: s.targetDate,
              daysLate: s.daysLate,
              baselineDate: s.baselineDate,
              daysLateAgainstBaseline: s.daysLateAgainstBaseline,
              targetMoves: s.targetMoves.map(describeMove),
              daysInStage: s.daysInStage,
              blockers: s.blockers.length,
            })),
          lateStages: h.lateStages,
          daysInStage: h.daysInStage,
          lastActivity: h.lastActivity,
          blockersCount: h.blockersCount,
          refusalsLast30Days: h.refusals.length,
        });
      }
      return { today, total: items.length, items };
    });
  }

  async highlightReport(slug: string, format: ReportFormat): Promise<HighlightReport | string> {
    const { report } = await this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      const history = await this.history(manager, project.id);
      const h = await this.highlightOf(manager, project, todayUtc(), true, history);
      const checkpoint = await latestCheckpoint(manager, project.id);
      return { report: buildHighlightReport(reportProject(project, h), h, history, checkpoint && { sequence: checkpoint.sequence, headHash: checkpoint.headHash, at: checkpoint.at, keyId: checkpoint.keyId, signature: checkpoint.signature }) };
    });
    if (format === 'markdown') return renderHighlightMarkdown(report);
    if (format === 'html') return renderHighlightHtml(report);
    return report;
  }

  /** Gathers what the pure highlight needs, inside the caller's read. */
  private async highlightOf(manager: EntityManager, project: ProjectEntity, today: string, withBlockers: boolean, history?: BoardHistoryEntry[]): Promise<Highlight> {
    const plans = await manager.find(StagePlanEntity, { where: { projectId: project.id } });
    const blockers = withBlockers ? Object.fromEntries((await this.projects.view(manager, project)).stages.map((s) => [s.key, s.blockers])) : undefined;
    return highlight({
      status: projectStatus(project.snapshot),
      stages: stageStatuses(project.snapshot),
      plans: Object.fromEntries(plans.map((p) => [p.stage, p.targetDate])),
      history: history ?? (await this.history(manager, project.id)),
      reviewRounds: await this.reviewRounds(manager, project.id),
      blockers,
      today,
    });
  }

  private async history(manager: EntityManager, projectId: string): Promise<BoardHistoryEntry[]> {
    const rows = await manager.find(HistoryEntryEntity, { where: { projectId }, order: { sequence: 'ASC' } });
    return rows.map((r) => ({
      sequence: r.sequence,
      occurredAt: r.occurredAt,
      type: r.type,
      stage: r.stage,
      outcome: r.outcome,
      actorName: r.actorName,
      payload: r.payload,
      blockers: r.blockers,
      stages: r.resultingState?.stages,
    }));
  }

  /** The latest round of each stage, with who is still to decide and who asks for changes. */
  private async reviewRounds(manager: EntityManager, projectId: string): Promise<BoardReviewRound[]> {
    const rows = await manager.find(ReviewRoundEntity, { where: { projectId }, order: { round: 'ASC' } });
    const latest = new Map<string, ReviewRoundEntity>();
    for (const r of rows) latest.set(r.stage, r);
    if (latest.size === 0) return [];
    const rounds = [...latest.values()];
    const decisions = (await this.people.decisions(manager, rounds.map((r) => r.id))).map((d) => ({ ...toDecision(d), roundId: d.roundId }));
    const reviewers = rounds.some((r) => r.outcome === 'open') ? await this.people.reviewers(manager, await this.people.members(manager, projectId)) : [];
    return rounds.map((r) => {
      const mine = decisions.filter((d) => d.roundId === r.id);
      return {
        stage: r.stage,
        round: r.round,
        openedAt: r.openedAt,
        outcome: r.outcome,
        pendingReviewers: pendingReviewers(toRound(r), reviewers, mine).map((x) => x.name),
        changesRequestedBy: currentDecisions(mine).filter((d) => d.decision === 'request-changes').map((d) => d.reviewerName),
      };
    });
  }

  private async load(manager: EntityManager, slug: string): Promise<ProjectEntity> {
    const project = await manager.findOne(ProjectEntity, { where: { slug } });
    if (!project) throw new NotFoundError('Project', slug);
    return project;
  }
}

function reportProject(p: ProjectEntity, h: Highlight): ReportProject {
  const pcns = p.pcns.map((code) => {
    const pcn = findPcn(code);
    return { code, name: pcn?.name ?? code, registeredPopulation: pcn?.registeredPopulation ?? 0 };
  });
  return {
    name: p.name,
    slug: p.slug,
    scope: p.scope,
    area: p.area,
    districts: p.districts,
    pcns,
    registeredPopulation: pcns.reduce((n, x) => n + x.registeredPopulation, 0),
    status: h.status,
  };
}
