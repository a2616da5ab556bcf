import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { findPcn, projectStatus, StageKey, stageLabel, stageStatuses, WINDOWS, EVENT } from '../../workflows';
import {
  BOARD_THRESHOLDS,
  BoardHistoryFacts,
  buildHighlightReport,
  emptyHistoryFacts,
  foldHistoryEntry,
  Highlight,
  highlight,
  HighlightReport,
  refusalsInWindow,
  renderHighlightHtml,
  renderHighlightMarkdown,
  ReportProject,
  describeMove,
  validateTargetDate,
} from '../../workflows/board';
import { ProjectStatus } from '../../workflows/snapshot';
import { AuthUser } from '../auth/current-user';
import { ProjectAccessService } from '../auth/project-access.service';
import { CommandRefusedError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { PeopleRepository } from '../people/people.repository';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { CommandRequest, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { latestCheckpoint } from '../history/history-verification';
import { PortfolioQuery, PORTFOLIO_DEFAULT_LIMIT, ReportFormat } from './dto/board.dto';
import { ProjectSummaryRepository } from './project-summary.repository';
import { boardEntry, plansOf } from './project-summary.service';
import { latestReviewRounds } from './review-rounds';
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
    private readonly summaries: ProjectSummaryRepository,
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

  /** Each stage's status and plan, with its lateness today (from the summary row: constant-size reads). */
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

  /**
   * One page of the projects the caller may read, with their RAG: filtered, sorted and paged in
   * SQL over the summary rows (RAG by today's date is part of the query); only the page's rows
   * are rated, each from its own row.
   */
  async portfolio(user: AuthUser, query: PortfolioQuery) {
    return this.transactions.read(async (manager) => {
      const today = todayUtc();
      const readable = await this.access.readableProjectIds(manager, user);
      const limit = query.limit ?? PORTFOLIO_DEFAULT_LIMIT;
      const offset = query.offset ?? 0;
      const { total, rows } = await this.summaries.page(manager, {
        readable,
        rag: query.rag,
        status: query.status,
        stage: query.stage,
        district: query.district,
        text: query.q?.trim() || undefined,
        sort: query.sort ?? 'created',
        order: query.order ?? 'asc',
        limit,
        offset,
        today,
      });
      const items = rows.map((row) => {
        const h = highlight({ status: row.status as ProjectStatus, stages: row.stages, plans: plansOf(row.facts), facts: row.facts, reviewRounds: row.reviewRounds, today });
        const count = (stage: StageKey) => row.blockers[stage] ?? 0;
        return {
          slug: row.slug,
          name: row.name,
          status: h.status,
          rag: h.rag,
          reasons: h.reasons,
          districts: row.districts,
          managerUserId: row.managerUserId,
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
              blockers: count(s.stage),
            })),
          lateStages: h.lateStages,
          daysInStage: h.daysInStage,
          lastActivity: h.lastActivity,
          blockersCount: h.stages.filter((s) => s.current).reduce((n, s) => n + count(s.stage), 0),
          refusalsLast30Days: h.refusalsCount,
        };
      });
      return { today, total, limit, offset, items };
    });
  }

  async highlightReport(slug: string, format: ReportFormat): Promise<HighlightReport | string> {
    const { report } = await this.transactions.read(async (manager) => {
      const project = await this.load(manager, slug);
      const facts = await this.factsOf(manager, project);
      const h = await this.highlightOf(manager, project, todayUtc(), true, facts);
      const checkpoint = await latestCheckpoint(manager, project.id);
      return { report: buildHighlightReport(reportProject(project, h), h, facts.decisions, checkpoint && { sequence: checkpoint.sequence, headHash: checkpoint.headHash, at: checkpoint.at, keyId: checkpoint.keyId, signature: checkpoint.signature }) };
    });
    if (format === 'markdown') return renderHighlightMarkdown(report);
    if (format === 'html') return renderHighlightHtml(report);
    return report;
  }

  /** The project's history facts: its summary row's (folded from the history only for a project older than the table, before its row is built). */
  private async factsOf(manager: EntityManager, project: ProjectEntity): Promise<BoardHistoryFacts> {
    const parts = await this.summaries.parts(manager, project.id);
    if (parts) return parts.facts;
    let facts = emptyHistoryFacts();
    await this.summaries.eachEntry(manager, project.id, (e) => {
      facts = foldHistoryEntry(facts, boardEntry(e));
    });
    return facts;
  }

  /**
   * Gathers what the pure highlight needs, inside the caller's read: the summary's facts, the
   * live review rounds and plans, and only the refusal window's refused entries (a bounded read).
   */
  private async highlightOf(manager: EntityManager, project: ProjectEntity, today: string, withBlockers: boolean, known?: BoardHistoryFacts): Promise<Highlight> {
    const facts = known ?? (await this.factsOf(manager, project));
    const plans = await manager.find(StagePlanEntity, { where: { projectId: project.id } });
    const blockers = withBlockers ? Object.fromEntries((await this.projects.view(manager, project)).stages.map((s) => [s.key, s.blockers])) : undefined;
    const inWindow = refusalsInWindow(facts, today, BOARD_THRESHOLDS.refusalWindowDays);
    // entries are appended in time order: the window's refusals are the project's last `inWindow` refused entries
    const refused = inWindow === 0 ? [] : await manager.find(HistoryEntryEntity, { where: { projectId: project.id, outcome: 'refused' }, order: { sequence: 'DESC' }, take: inWindow });
    return highlight({
      status: projectStatus(project.snapshot),
      stages: stageStatuses(project.snapshot),
      plans: Object.fromEntries(plans.map((p) => [p.stage, p.targetDate])),
      facts,
      refusals: refused.map(boardEntry),
      reviewRounds: await latestReviewRounds(this.people, manager, project.id),
      blockers,
      today,
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
