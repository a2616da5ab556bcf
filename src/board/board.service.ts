import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { EVENT, findPcn, projectStatus, StageKey, stageStatuses } from '../../workflows';
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
  validateTargetDate,
} from '../../workflows/board';
import { currentDecisions, pendingReviewers } from '../../workflows/people';
import { AuthUser } from '../auth/current-user';
import { ProjectAccessService } from '../auth/project-access.service';
import { CommandRefusedError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { PeopleRepository, toDecision, toRound } from '../people/people.repository';
import { ReviewRoundEntity } from '../people/review-round.entity';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { latestCheckpoint } from '../history/history-verification';
import { ReportFormat } from './dto/board.dto';
import { StagePlanEntity } from './stage-plan.entity';

/** Today's date as the board counts days: the UTC calendar date, like the stored timestamps. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

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

  async setPlan(slug: string, stage: StageKey, targetDate: unknown, expectedVersion: number | undefined, actor: Actor) {
    const errors = validateTargetDate(targetDate);
    if (errors.length > 0) throw new InvalidInputError('The stage plan has invalid fields.', errors);
    const next = targetDate as string | null;
    let previousTargetDate: string | null = null;
    const done = await this.commands.execute({ slug, type: EVENT.STAGE_PLAN_SET, stage, payload: { targetDate: next }, expectedVersion, actor }, async (ctx) => {
      const status = projectStatus(ctx.project.snapshot);
      if (status === 'completed' || status === 'withdrawn') {
        throw new CommandRefusedError(`The project is ${status}; its stage plans cannot change any more.`, [
          { code: 'PROJECT_CLOSED', message: `The project is ${status}; stage plans can be set only while it is active or on hold.`, stage },
        ]);
      }
      const current = await ctx.manager.findOne(StagePlanEntity, { where: { projectId: ctx.project.id, stage } });
      previousTargetDate = current?.targetDate ?? null;
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
      previousTargetDate,
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
            .map((s) => ({ stage: s.stage, title: s.title, status: s.status, targetDate: s.targetDate, daysLate: s.daysLate, daysInStage: s.daysInStage, blockers: s.blockers.length })),
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
