import { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import {
  type AppraisalInput,
  type BusinessCase,
  type CaseKey,
  type CaseStatus,
  type ProjectOption,
  type SscAssuranceRecord,
  BUSINESS_CASE_CATALOGUE,
  OPTIONS_FILTER_DIMENSIONS,
  STAGE6,
  affordability,
  appraisalBlockers,
  assuranceRecordBlockers,
  caseBlockers,
  confirmedServiceChanges,
  emptyAssuranceRecord,
  emptyBusinessCase,
  flaggedQuickWins,
  longListBlockers,
  optionLabel,
  preferredOptionBlockers,
  renderBusinessCaseHtml,
  renderBusinessCaseMarkdown,
  roundAppraisal,
  roundRankingSwitch,
  serviceChangeAssuranceBlockers,
  setCaseStatus,
  shortListBlockers,
  shortListRankingSwitch,
  shortListedOptions,
  tryAppraise,
  validateAppraisalInput,
  validateOption,
} from '../../workflows/stage6';
import { persist, WINDOWS, type WriteWindow, EVENT } from '../../workflows';
import { decisionDateErrors } from '../../workflows/validation';
import { currentInstant, todayUtc } from '../common/clock';
import { assertMayWrite } from '../common/write-window';
import { CommandRefusedError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { withoutVersion } from '../common/expected-version.dto';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { CommandContext, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { BoardDecisionEntity } from '../collaboration/board-decision.entity';
import { AppraisalDto } from './dto/appraisal.dto';
import { ServiceChangeAssuranceDto } from './dto/assurance.dto';
import { CaseStatusDto } from './dto/business-case.dto';
import { CreateOptionDto, UpdateOptionDto } from './dto/option.dto';
import { Stage6Records, Stage6Repository } from './stage6.repository';

/** The sections a PUT /business-case/:case may send, per case. */
export type CaseSections = Record<string, unknown>;

const EDITABLE: WriteWindow = WINDOWS.stageWork;

/**
 * Stage 6 commands and reads. Rules come from workflows/stage6; every change is a project
 * command (one transaction, a history entry, the project version bumped).
 */
@Injectable()
export class DevelopmentOfOptionsService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly transactions: TransactionRunner,
    private readonly repo: Stage6Repository,
  ) {}

  // ---- options --------------------------------------------------------------------------

  async listOptions(slug: string) {
    return this.read(slug, async (_p, r) => ({
      items: r.options.map(optionView),
      blockers: [...longListBlockers(r.options, r.knownProposalIds), ...shortListBlockers(r.options), ...preferredOptionBlockers(r.options)],
    }));
  }

  async getOption(slug: string, optionId: string) {
    return this.read(slug, async (_p, r) => optionView(findOption(r.options, optionId)));
  }

  async createOption(slug: string, dto: CreateOptionDto, actor: Actor) {
    const done = await this.commands.execute(
      { slug, type: EVENT.OPTION_CREATED, stage: STAGE6, payload: { option: { ...withoutVersion(dto) } }, expectedVersion: dto.expectedVersion, actor },
      async (ctx) => {
        requireStage(ctx, EDITABLE);
        const r = await this.repo.load(ctx.manager, ctx.project.id);
        const id = dto.id ?? uniqueId(dto.title, r.options);
        if (r.options.some((o) => o.id === id)) {
          throw new InvalidInputError('An option with that id already exists.', [{ field: 'id', message: `option "${id}" already exists in this project` }]);
        }
        const option: ProjectOption = {
          id,
          title: dto.title.trim(),
          description: dto.description?.trim() ?? '',
          kind: dto.kind,
          proposalIds: dto.proposalIds ?? [],
          filter: mergeFilter(undefined, dto.filter),
          status: dto.status ?? 'long-list',
          statusReason: dto.statusReason?.trim() ?? '',
          preferred: dto.preferred ?? false,
          appraisal: null,
          quickWin: dto.quickWin ? { flagged: dto.quickWin.flagged, description: dto.quickWin.description ?? '' } : null,
          significantServiceChange: sscDecision(dto.significantServiceChange),
          refinementNotes: (dto.refinementNotes ?? []).map((n) => ({ kind: n.kind, summary: n.summary, date: n.date ?? null })),
        };
        const unpreferred = await this.saveOption(ctx, r, option);
        return { result: option, event: { option: { ...option }, unpreferred } };
      },
    );
    return { ...optionView(done.result), entry: done.entry };
  }

  async updateOption(slug: string, optionId: string, dto: UpdateOptionDto, actor: Actor) {
    const done = await this.commands.execute(
      { slug, type: EVENT.OPTION_UPDATED, stage: STAGE6, payload: { optionId, changes: { ...withoutVersion(dto) } }, expectedVersion: dto.expectedVersion, actor },
      async (ctx) => {
        requireStage(ctx, EDITABLE);
        const r = await this.repo.load(ctx.manager, ctx.project.id);
        const current = findOption(r.options, optionId);
        // null clears only what may be absent (quick win, service change decision); elsewhere it means "unchanged".
        const option: ProjectOption = {
          ...current,
          ...(dto.title != null && { title: dto.title.trim() }),
          ...(dto.description != null && { description: dto.description.trim() }),
          ...(dto.kind != null && { kind: dto.kind }),
          ...(dto.proposalIds != null && { proposalIds: dto.proposalIds }),
          ...(dto.filter != null && { filter: mergeFilter(current.filter, dto.filter) }),
          ...(dto.status != null && { status: dto.status }),
          ...(dto.statusReason != null && { statusReason: dto.statusReason.trim() }),
          ...(dto.preferred != null && { preferred: dto.preferred }),
          ...(dto.quickWin !== undefined && { quickWin: dto.quickWin ? { flagged: dto.quickWin.flagged, description: dto.quickWin.description ?? '' } : null }),
          ...(dto.significantServiceChange !== undefined && { significantServiceChange: sscDecision(dto.significantServiceChange) }),
          ...(dto.refinementNotes != null && {
            refinementNotes: dto.refinementNotes.map((n) => ({ kind: n.kind, summary: n.summary, date: n.date ?? null })),
          }),
        };
        // A new decision needs its own reason, not the one given for the previous decision.
        if (dto.status != null && dto.status !== current.status && dto.statusReason == null) option.statusReason = '';
        const unpreferred = await this.saveOption(ctx, r, option);
        return { result: option, event: { before: { ...current }, option: { ...option }, unpreferred } };
      },
    );
    return { ...optionView(done.result), entry: done.entry };
  }

  async deleteOption(slug: string, optionId: string, expectedVersion: number | undefined, actor: Actor) {
    const done = await this.commands.execute({ slug, type: EVENT.OPTION_DELETED, stage: STAGE6, payload: { optionId }, expectedVersion, actor }, async (ctx) => {
      requireStage(ctx, EDITABLE);
      const r = await this.repo.load(ctx.manager, ctx.project.id);
      const before = findOption(r.options, optionId);
      await this.repo.deleteOption(ctx.manager, ctx.project.id, optionId);
      return { result: undefined, event: { before: { ...before } } };
    });
    return { entry: done.entry };
  }

  /** Field rules (validateOption), a reason for every decision, and one preferred option at a time. */
  /** Returns the ids of the other options saved as no longer preferred (for the history's event). */
  private async saveOption(ctx: CommandContext, r: Stage6Records, option: ProjectOption): Promise<string[]> {
    const errors = validateOption(option, r.knownProposalIds);
    if ((option.status === 'short-listed' || option.status === 'discounted') && !option.statusReason) {
      errors.push({ field: 'statusReason', message: `Say why the option is ${option.status}.` });
    }
    if (option.significantServiceChange && typeof option.significantServiceChange.confirmed === 'boolean' && !option.significantServiceChange.reason.trim()) {
      errors.push({ field: 'significantServiceChange.reason', message: 'Give the reason it is, or is not, a significant service change.' });
    }
    if (errors.length > 0) throw new InvalidInputError('The option is not valid.', errors);
    const unpreferred: string[] = [];
    if (option.preferred) {
      for (const other of r.options.filter((o) => o.preferred && o.id !== option.id)) {
        await this.repo.saveOption(ctx.manager, ctx.project.id, { ...other, preferred: false }, ctx.now);
        unpreferred.push(other.id);
      }
    }
    await this.repo.saveOption(ctx.manager, ctx.project.id, option, ctx.now);
    return unpreferred;
  }

  // ---- appraisal ------------------------------------------------------------------------

  async recordAppraisal(slug: string, optionId: string, dto: AppraisalDto, actor: Actor) {
    const input: AppraisalInput = {
      scores: { ...dto.scores },
      costs: dto.costs.map((c) => ({ year: c.year, capital: c.capital, revenue: c.revenue, ...(c.description && { description: c.description }) })),
      benefits: dto.benefits.map((b) => ({ year: b.year, amount: b.amount, ...(b.kind != null && { kind: b.kind }), ...(b.description && { description: b.description }) })),
      unquantifiedBenefits: dto.unquantifiedBenefits ?? [],
      periodYears: dto.periodYears ?? null,
      discountRate: dto.discountRate ?? null,
      // Only what was sent, so appraisals recorded before these fields existed read the same.
      ...(dto.healthDiscountRate != null && { healthDiscountRate: dto.healthDiscountRate }),
      ...(dto.healthValuation != null && { healthValuation: dto.healthValuation }),
      ...(dto.optimismBias != null && {
        optimismBias: { capitalUpliftPercent: dto.optimismBias.capitalUpliftPercent, revenueUpliftPercent: dto.optimismBias.revenueUpliftPercent, basis: dto.optimismBias.basis },
      }),
      ...(dto.priceBaseYear != null && { priceBaseYear: dto.priceBaseYear }),
      ...(dto.prices != null && { prices: dto.prices }),
      ...(dto.firstYear != null && { firstYear: dto.firstYear }),
      ...(dto.deflators != null && { deflators: dto.deflators.map((d) => ({ year: d.year, index: d.index })) }),
    };
    const errors = validateAppraisalInput(input);
    if (errors.length > 0) throw new InvalidInputError('The appraisal figures are not valid.', errors);
    const done = await this.commands.execute(
      { slug, type: EVENT.APPRAISAL_RECORDED, stage: STAGE6, payload: { optionId, appraisal: input }, expectedVersion: dto.expectedVersion, actor },
      async (ctx) => {
        requireStage(ctx, EDITABLE);
        const r = await this.repo.load(ctx.manager, ctx.project.id);
        const current = findOption(r.options, optionId);
        const option = { ...current, appraisal: input };
        await this.repo.saveOption(ctx.manager, ctx.project.id, option, ctx.now);
        return { result: option, event: { before: current.appraisal ?? null } };
      },
    );
    return { ...appraisalView(done.result), entry: done.entry };
  }

  async getAppraisal(slug: string, optionId: string) {
    return this.read(slug, async (_p, r) => {
      const option = findOption(r.options, optionId);
      if (!option.appraisal) throw new NotFoundError('Appraisal of option', optionId);
      return appraisalView(option);
    });
  }

  /** The short list side by side: scores, PV costs and benefits, NPSV, BCR, sensitivity and switching values. */
  async appraisals(slug: string) {
    return this.read(slug, async (_p, r) => {
      const ranking = shortListRankingSwitch(r.options);
      return {
        items: shortListedOptions(r.options).map((o) => ({ ...appraisalView(o), kind: o.kind, preferred: o.preferred })),
        /** The change in the preferred option's PV costs or benefits at which it stops ranking first on NPSV. */
        rankingSwitch: ranking ? roundRankingSwitch(ranking) : null,
        blockers: appraisalBlockers(r),
      };
    });
  }

  // ---- business case --------------------------------------------------------------------

  async businessCase(slug: string) {
    return this.read(slug, async (_p, r) => businessCaseView(r));
  }

  async updateCase(slug: string, caseKey: CaseKey, sent: CaseSections, expectedVersion: number | undefined, actor: Actor) {
    const sections = defined(sent);
    const done = await this.commands.execute(
      { slug, type: EVENT.BUSINESS_CASE_UPDATED, stage: STAGE6, payload: { case: caseKey, sections: { ...sections } }, expectedVersion, actor },
      async (ctx) => {
        requireStage(ctx, EDITABLE);
        const r = await this.repo.load(ctx.manager, ctx.project.id);
        const bc = (await this.repo.businessCase(ctx.manager, ctx.project.id)).data;
        const needs = (sections.businessNeeds as { needIds?: string[] } | undefined)?.needIds;
        if (needs) {
          const unknown = needs.filter((id) => !r.knownNeedIds!.includes(id));
          if (unknown.length > 0) {
            throw new InvalidInputError('Business needs must be stage 2 needs.', unknown.map((id) => ({
              field: `businessNeeds.needIds[${needs.indexOf(id)}]`,
              message: `"${id}" is not a stage 2 need of this project.`,
            })));
          }
        }
        // Content that changes after a case was marked complete or approved has to be re-asserted.
        const updated = { ...bc[caseKey], ...sections, status: 'draft', approvedBy: null, approvedAt: null };
        await this.repo.saveBusinessCase(ctx.manager, ctx.project.id, { data: { ...bc, [caseKey]: updated } as BusinessCase }, ctx.now);
        return { result: undefined, event: { before: bc[caseKey], after: updated } };
      },
    );
    return { ...(await this.businessCase(slug)), entry: done.entry };
  }

  /** Draft or complete, by the programme manager; approval comes only from the board's decision (src/collaboration). */
  async setCaseStatus(slug: string, caseKey: CaseKey, dto: CaseStatusDto, actor: Actor) {
    const done = await this.commands.execute(
      { slug, type: EVENT.BUSINESS_CASE_STATUS_CHANGED, stage: STAGE6, payload: { case: caseKey, status: dto.status }, expectedVersion: dto.expectedVersion, actor },
      async (ctx) => {
        requireStage(ctx, EDITABLE);
        const r = await this.repo.load(ctx.manager, ctx.project.id);
        const bc = (await this.repo.businessCase(ctx.manager, ctx.project.id)).data;
        const title = BUSINESS_CASE_CATALOGUE.find((c) => c.key === caseKey)!.title;
        if (bc[caseKey].status === 'approved') {
          throw new CommandRefusedError(`${title} was approved by the board: only the board's decision changes that.`, [
            {
              code: 'CASE_APPROVED_BY_BOARD',
              message: `${title} was approved by ${bc[caseKey].approvedBy ?? 'the board'}${bc[caseKey].approvedAt ? ` on ${bc[caseKey].approvedAt}` : ''}: only the board's decision (not approved) withdraws the approval; editing the case's content returns it to draft.`,
              stage: STAGE6,
              deliverable: 'outline-business-case',
              ref: caseKey,
            },
          ]);
        }
        const change = setCaseStatus(bc, caseKey, dto.status as CaseStatus, r);
        if (!change.ok) {
          throw new CommandRefusedError(`${title} cannot be marked ${dto.status}: see the blockers for the sections still to do.`, change.blockers);
        }
        await this.repo.saveBusinessCase(ctx.manager, ctx.project.id, { data: change.businessCase }, ctx.now);
        return { result: undefined, event: { before: bc[caseKey].status, after: change.businessCase[caseKey] } };
      },
    );
    return { ...(await this.businessCase(slug)), entry: done.entry };
  }

  async recordQuickWins(slug: string, noneIdentified: boolean, expectedVersion: number | undefined, actor: Actor) {
    const done = await this.commands.execute({ slug, type: EVENT.QUICK_WINS_RECORDED, stage: STAGE6, payload: { noneIdentified }, expectedVersion, actor }, async (ctx) => {
      requireStage(ctx, EDITABLE);
      const r = await this.repo.load(ctx.manager, ctx.project.id);
      const flagged = flaggedQuickWins(r.options);
      if (noneIdentified && flagged.length > 0) {
        throw new InvalidInputError('Options are flagged as quick wins.', [
          { field: 'noneIdentified', message: `Quick wins are flagged on ${flagged.map(optionLabel).join(', ')}; unflag them first.` },
        ]);
      }
      await this.repo.saveBusinessCase(ctx.manager, ctx.project.id, { noQuickWins: noneIdentified }, ctx.now);
      return { result: undefined, event: { before: r.noQuickWins ?? null } };
    });
    return { ...(await this.quickWins(slug)), entry: done.entry };
  }

  async quickWins(slug: string) {
    return this.read(slug, async (_p, r) => ({
      noneIdentified: r.noQuickWins ?? false,
      items: flaggedQuickWins(r.options).map((o) => ({ optionId: o.id, title: o.title, description: o.quickWin?.description ?? '' })),
    }));
  }

  async document(slug: string, format: 'html' | 'markdown'): Promise<string> {
    return this.read(slug, async (project, r, manager) => {
      const board = await manager.find(BoardDecisionEntity, { where: { projectId: project.id, target: 'business-case' }, order: { position: 'ASC' } });
      const input = {
        boardDecisions: board.map((d) => ({ meetingDate: d.meetingDate, minuteReference: d.minuteReference, decision: d.decision, decidedBy: d.decidedByName, note: d.note })),
        projectName: project.name,
        options: r.options,
        businessCase: r.businessCase ?? emptyBusinessCase(),
        assurance: r.assurance,
        needTitles: Object.fromEntries(r.registers.needs.map((n) => [n.id, n.description])),
        preparedOn: currentInstant().toISOString().slice(0, 10),
        noQuickWins: r.noQuickWins,
      };
      return format === 'markdown' ? renderBusinessCaseMarkdown(input) : renderBusinessCaseHtml(input);
    });
  }

  // ---- significant service change assurance ---------------------------------------------

  async assurance(slug: string) {
    return this.read(slug, async (_p, r) => assuranceView(r));
  }

  async recordAssurance(slug: string, dto: ServiceChangeAssuranceDto, actor: Actor) {
    const future = decisionDateErrors('healthScrutinyConsultedOn', dto.healthScrutinyConsultedOn, todayUtc(), 'a scrutiny consultation');
    if (future.length > 0) throw new InvalidInputError('The scrutiny date is in the future.', future);
    const empty = emptyAssuranceRecord();
    const record: SscAssuranceRecord = {
      tests: defined({ ...dto.tests }),
      bedsClose: dto.bedsClose ?? null,
      bedClosureEvidence: dto.bedClosureEvidence ?? '',
      consultation: { ...empty.consultation, ...defined({ ...dto.consultation }), periodWeeks: dto.consultation?.periodWeeks ?? null },
      healthScrutinyConsultedOn: dto.healthScrutinyConsultedOn ?? null,
    };
    const done = await this.commands.execute({ slug, type: EVENT.SERVICE_CHANGE_ASSURANCE_RECORDED, stage: STAGE6, payload: { record }, expectedVersion: dto.expectedVersion, actor }, async (ctx) => {
      requireStage(ctx, EDITABLE);
      const before = (await this.repo.load(ctx.manager, ctx.project.id)).assurance ?? null;
      await this.repo.saveAssurance(ctx.manager, ctx.project.id, record, ctx.now);
      return { result: undefined, event: { before } };
    });
    return { ...(await this.assurance(slug)), entry: done.entry };
  }

  // ---- helpers --------------------------------------------------------------------------

  private read<T>(slug: string, fn: (project: ProjectEntity, records: Stage6Records, manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug } });
      if (!project) throw new NotFoundError('Project', slug);
      return fn(project, await this.repo.load(manager, project.id), manager);
    });
  }
}

/** Stage 6 records change inside their write window (case approval also while the stage is in review). */
function requireStage(ctx: CommandContext, window: WriteWindow): void {
  assertMayWrite({ snapshot: persist(ctx.snapshot), window, subject: 'This stage 6 record', stage: STAGE6, role: ctx.actor.role });
}

/** DTO instances carry every declared field, unset ones as undefined: keep only what was sent. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function findOption(options: readonly ProjectOption[], optionId: string): ProjectOption {
  const option = options.find((o) => o.id === optionId);
  if (!option) throw new NotFoundError('Option', optionId);
  return option;
}

function mergeFilter(current: ProjectOption['filter'] | undefined, change: Partial<ProjectOption['filter']> | undefined): ProjectOption['filter'] {
  return Object.fromEntries(
    OPTIONS_FILTER_DIMENSIONS.map(({ key }) => [key, (change?.[key] ?? current?.[key] ?? '').trim()]),
  ) as ProjectOption['filter'];
}

function sscDecision(dto: { confirmed?: boolean | null; reason?: string } | null | undefined): ProjectOption['significantServiceChange'] {
  return dto ? { confirmed: typeof dto.confirmed === 'boolean' ? dto.confirmed : null, reason: dto.reason?.trim() ?? '' } : null;
}

/** "Frailty hub at Wantage" -> "frailty-hub-at-wantage", suffixed until unique. */
function uniqueId(title: string, options: readonly ProjectOption[]): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'option';
  let id = base;
  for (let n = 2; options.some((o) => o.id === id); n++) id = `${base}-${n}`;
  return id;
}

function optionView(option: ProjectOption) {
  const { result } = tryAppraise(option.appraisal);
  return {
    ...option,
    appraised: result !== null,
    appraisalSummary: result ? (({ pvCosts, pvBenefits, npsv, bcr }) => ({ pvCosts, pvBenefits, npsv, bcr }))(roundAppraisal(result)) : null,
  };
}

/** The input as recorded and the engine's figures (money to the penny, BCR to 2 places). */
function appraisalView(option: ProjectOption) {
  const { result, errors } = tryAppraise(option.appraisal);
  return {
    optionId: option.id,
    title: option.title,
    input: option.appraisal ?? null,
    result: result ? roundAppraisal(result) : null,
    errors: option.appraisal ? errors : [],
  };
}

function businessCaseView(r: Stage6Records) {
  const bc = r.businessCase;
  const data = bc ?? emptyBusinessCase();
  return {
    started: r.businessCaseStarted,
    preferredOptionId: r.options.find((o) => o.preferred)?.id ?? null,
    cases: BUSINESS_CASE_CATALOGUE.map((def) => {
      const blockers = caseBlockers(def.key, data, r);
      return {
        key: def.key,
        title: def.title,
        question: def.question,
        status: data[def.key].status,
        approvedBy: data[def.key].approvedBy,
        approvedAt: data[def.key].approvedAt,
        sections: def.sections.map((s) => ({ key: s.key, title: s.title, derived: !!s.derived, done: !blockers.some((b) => b.ref === s.key) })),
        content: data[def.key],
        blockers,
      };
    }),
    affordability: affordability(data.financial, r.options),
  };
}

function assuranceView(r: Stage6Records) {
  const confirmed = confirmedServiceChanges(r.options);
  return {
    required: confirmed.length > 0,
    confirmedFor: confirmed.map((o) => ({ optionId: o.id, title: o.title, reason: o.significantServiceChange?.reason ?? '' })),
    record: r.assurance,
    complete: r.assurance !== null && assuranceRecordBlockers(r.assurance).length === 0,
    /** What the gate still needs (empty when no significant service change is confirmed). */
    blockers: serviceChangeAssuranceBlockers(r.options, r.assurance),
    /** What the record itself still lacks, whether or not it is required yet. */
    recordBlockers: assuranceRecordBlockers(r.assurance),
  };
}
