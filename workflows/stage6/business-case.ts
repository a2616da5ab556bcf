import type { Blocker } from '../blockers';
import { type AppraisalResult, MAX_POUNDS, type RankingSwitch, rankingSwitch, tryAppraise } from './appraisal';
import { arr, blocker, formatMoney, isBlank, isIsoDate } from './common';
import {
  type ProjectOption,
  longListBlockers,
  optionLabel,
  preferredOption,
  preferredOptionBlockers,
  shortListBlockers,
  shortListedOptions,
} from './options';

/** The five-case Outline Business Case (HM Treasury Green Book) for the project's preferred option. */

export type CaseKey = 'strategic' | 'economic' | 'commercial' | 'financial' | 'management';
export type CaseStatus = 'draft' | 'complete' | 'approved';

export interface SectionDefinition {
  key: string;
  title: string;
  /** Computed from the options rather than typed into the case. */
  derived?: boolean;
}

export interface CaseDefinition {
  key: CaseKey;
  title: string;
  question: string;
  sections: readonly SectionDefinition[];
}

/** The one place the cases and their required sections are defined. Section keys are unique across cases. */
export const BUSINESS_CASE_CATALOGUE: readonly CaseDefinition[] = [
  {
    key: 'strategic',
    title: 'Strategic case',
    question: 'Is there a robust case for change that fits policy?',
    sections: [
      { key: 'spendingObjectives', title: 'Spending objectives' },
      { key: 'existingArrangements', title: 'Existing arrangements' },
      { key: 'businessNeeds', title: 'Business needs' },
      { key: 'scope', title: 'Scope' },
      { key: 'benefits', title: 'Benefits' },
      { key: 'risks', title: 'Risks' },
      { key: 'constraints', title: 'Constraints' },
      { key: 'dependencies', title: 'Dependencies' },
    ],
  },
  {
    key: 'economic',
    title: 'Economic case',
    question: 'Which option gives best public value?',
    sections: [
      { key: 'criticalSuccessFactors', title: 'Critical success factors' },
      { key: 'longAndShortLists', title: 'Long and short lists', derived: true },
      { key: 'appraisalResults', title: 'Appraisal results', derived: true },
      { key: 'preferredOption', title: 'Preferred option and why' },
    ],
  },
  {
    key: 'commercial',
    title: 'Commercial case',
    question: 'Is it commercially viable?',
    sections: [
      { key: 'procurementRoute', title: 'Procurement or delivery route' },
      { key: 'riskAllocation', title: 'Risk allocation' },
    ],
  },
  {
    key: 'financial',
    title: 'Financial case',
    question: 'Is it affordable?',
    sections: [
      { key: 'capitalAndRevenueRequirement', title: 'Capital and revenue requirement', derived: true },
      { key: 'fundingSources', title: 'Funding sources' },
      { key: 'affordability', title: 'Affordability' },
    ],
  },
  {
    key: 'management',
    title: 'Management case',
    question: 'Can it be delivered?',
    sections: [
      { key: 'seniorResponsibleOwner', title: 'Senior responsible owner' },
      { key: 'deliveryPlan', title: 'Delivery plan and milestones' },
      { key: 'governance', title: 'Governance' },
      { key: 'benefitsRealisationPlan', title: 'Benefits realisation plan' },
      { key: 'riskRegister', title: 'Risk register' },
      { key: 'postImplementationEvaluation', title: 'Post-implementation evaluation' },
    ],
  },
];

export const CASE_KEYS: readonly CaseKey[] = BUSINESS_CASE_CATALOGUE.map((c) => c.key);
export const MAX_SPENDING_OBJECTIVES = 6;

export function caseDefinition(key: CaseKey): CaseDefinition {
  const def = BUSINESS_CASE_CATALOGUE.find((c) => c.key === key);
  if (!def) throw new Error(`Unknown business case ${key}`);
  return def;
}

export interface CaseState {
  status: CaseStatus;
  approvedBy: string | null;
  /** YYYY-MM-DD or ISO timestamp. */
  approvedAt: string | null;
}

export interface SpendingObjective {
  text: string;
  /** How achievement will be measured (the M of SMART). */
  measure: string;
}

export interface StrategicCase extends CaseState {
  spendingObjectives: SpendingObjective[];
  existingArrangements: string;
  /** Linked to the stage 2 needs. */
  businessNeeds: { summary: string; needIds: string[] };
  scope: string;
  benefits: string;
  risks: string;
  constraints: string;
  dependencies: string;
}

export interface EconomicCase extends CaseState {
  criticalSuccessFactors: string[];
  /** The preferred option itself is the option flagged `preferred`; this says why. */
  preferredOptionRationale: string;
}

export interface CommercialCase extends CaseState {
  procurementRoute: string;
  riskAllocation: string;
}

export interface FundingSource {
  source: string;
  /** Pounds, cash (undiscounted) over the appraisal period. */
  amount: number;
  confirmed?: boolean;
}

export interface FinancialCase extends CaseState {
  /** Optional commentary; the figures come from the preferred option's appraisal. */
  requirementNotes?: string;
  fundingSources: FundingSource[];
  affordabilityStatement?: string;
  /** Required when the preferred option costs more than the identified funding. */
  fundingGapPlan: string;
}

export interface Milestone {
  title: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface RiskEntry {
  description: string;
  owner?: string;
  mitigation?: string;
  rating?: string;
}

export interface ManagementCase extends CaseState {
  seniorResponsibleOwner: string;
  deliveryPlan: { summary: string; milestones: Milestone[] };
  governance: string;
  benefitsRealisationPlan: string;
  riskRegister: RiskEntry[];
  postImplementationEvaluation: string;
}

export interface BusinessCase {
  strategic: StrategicCase;
  economic: EconomicCase;
  commercial: CommercialCase;
  financial: FinancialCase;
  management: ManagementCase;
}

/** What the derived sections are computed from. */
export interface CaseContext {
  options: readonly ProjectOption[];
  /** Stage 2 need ids; when given, business needs must refer to them. */
  knownNeedIds?: readonly string[];
  /** Stage 5 proposal ids; when given, options must refer to them. */
  knownProposalIds?: readonly string[];
}

const draft = (): CaseState => ({ status: 'draft', approvedBy: null, approvedAt: null });

export function emptyBusinessCase(): BusinessCase {
  return {
    strategic: {
      ...draft(),
      spendingObjectives: [],
      existingArrangements: '',
      businessNeeds: { summary: '', needIds: [] },
      scope: '',
      benefits: '',
      risks: '',
      constraints: '',
      dependencies: '',
    },
    economic: { ...draft(), criticalSuccessFactors: [], preferredOptionRationale: '' },
    commercial: { ...draft(), procurementRoute: '', riskAllocation: '' },
    financial: { ...draft(), fundingSources: [], fundingGapPlan: '' },
    management: {
      ...draft(),
      seniorResponsibleOwner: '',
      deliveryPlan: { summary: '', milestones: [] },
      governance: '',
      benefitsRealisationPlan: '',
      riskRegister: [],
      postImplementationEvaluation: '',
    },
  };
}

export interface Affordability {
  preferredOptionId: string;
  capital: number;
  revenue: number;
  /**
   * Undiscounted cash cost over the appraisal period. Affordability is a budget question and
   * budgets are cash (the Green Book's financial case is not discounted), so PV is not used here.
   */
  totalCost: number;
  /** Identified funding: confirmed sources only (an unconfirmed source is a hope, not money). */
  totalFunding: number;
  /** Sources listed but not confirmed: shown, never counted as identified. */
  unconfirmedFunding: number;
  /** Positive when cost exceeds funding, else 0. */
  gap: number;
  withinFunding: boolean;
}

export function preferredAppraisal(options: readonly ProjectOption[]): { option: ProjectOption; result: AppraisalResult } | null {
  const option = preferredOption(options);
  if (!option) return null;
  const { result } = tryAppraise(option.appraisal);
  return result ? { option, result } : null;
}

/**
 * On the short list: the change in the preferred option's PV costs or benefits at which it stops
 * ranking first on NPSV. null without a single preferred option with a valid appraisal.
 */
export function shortListRankingSwitch(options: readonly ProjectOption[]): RankingSwitch | null {
  const p = preferredAppraisal(options);
  if (!p) return null;
  const appraised = shortListedOptions(options).flatMap((o) => {
    const { result } = tryAppraise(o.appraisal);
    return result ? [{ id: o.id, result }] : [];
  });
  return rankingSwitch(p.option.id, appraised);
}

/** null when there is no single preferred option with a valid appraisal. */
export function affordability(financial: Pick<FinancialCase, 'fundingSources'> | null | undefined, options: readonly ProjectOption[]): Affordability | null {
  const p = preferredAppraisal(options);
  if (!p) return null;
  const sum = (confirmed: boolean) =>
    arr(financial?.fundingSources).reduce((s, f) => s + (Boolean(f?.confirmed) === confirmed && Number.isFinite(f?.amount) ? f.amount : 0), 0);
  const totalFunding = sum(true);
  // Budgets are cash: nominal figures as entered when the appraisal was entered in nominal prices.
  const cash = p.result.nominalTotals ?? { capital: p.result.totalCapital, revenue: p.result.totalRevenue, cost: p.result.totalCost };
  const totalCost = cash.cost;
  return {
    preferredOptionId: p.option.id,
    capital: cash.capital,
    revenue: cash.revenue,
    totalCost,
    totalFunding,
    unconfirmedFunding: sum(false),
    gap: Math.max(0, totalCost - totalFunding),
    withinFunding: totalCost <= totalFunding,
  };
}

type SectionProblem = { code: 'CASE_SECTION_EMPTY' | 'CASE_SECTION_INVALID'; detail: string } | null;
const EMPTY = (detail = 'is empty'): SectionProblem => ({ code: 'CASE_SECTION_EMPTY', detail });
const INVALID = (detail: string): SectionProblem => ({ code: 'CASE_SECTION_INVALID', detail });
const text = (v: unknown): SectionProblem => (isBlank(v) ? EMPTY() : null);

type Check = (bc: Partial<BusinessCase>, ctx: CaseContext) => SectionProblem;

const CHECKS: Record<string, Check> = {
  spendingObjectives: (bc) => {
    const objectives = arr(bc.strategic?.spendingObjectives);
    if (objectives.length === 0) return EMPTY();
    if (objectives.length > MAX_SPENDING_OBJECTIVES) return INVALID(`has ${objectives.length} objectives; at most ${MAX_SPENDING_OBJECTIVES}`);
    const bad = objectives.findIndex((o) => isBlank(o?.text) || isBlank(o?.measure));
    return bad >= 0 ? INVALID(`objective ${bad + 1} needs both its text and how it will be measured`) : null;
  },
  existingArrangements: (bc) => text(bc.strategic?.existingArrangements),
  businessNeeds: (bc, ctx) => {
    const needs = bc.strategic?.businessNeeds;
    const ids = arr(needs?.needIds);
    if (isBlank(needs?.summary) && ids.length === 0) return EMPTY();
    if (ids.length === 0) return INVALID('must be linked to at least one stage 2 need');
    if (isBlank(needs?.summary)) return INVALID('needs a summary');
    const unknown = ctx.knownNeedIds ? ids.filter((id) => !ctx.knownNeedIds!.includes(id)) : [];
    return unknown.length > 0 ? INVALID(`refers to needs not recorded in stage 2: ${unknown.join(', ')}`) : null;
  },
  scope: (bc) => text(bc.strategic?.scope),
  benefits: (bc) => text(bc.strategic?.benefits),
  risks: (bc) => text(bc.strategic?.risks),
  constraints: (bc) => text(bc.strategic?.constraints),
  dependencies: (bc) => text(bc.strategic?.dependencies),

  criticalSuccessFactors: (bc) => (arr(bc.economic?.criticalSuccessFactors).some((f) => !isBlank(f)) ? null : EMPTY()),
  longAndShortLists: (_bc, ctx) => {
    if (arr(ctx.options).length === 0) return EMPTY('is empty: no options recorded');
    const problems = [...longListBlockers(ctx.options, ctx.knownProposalIds), ...shortListBlockers(ctx.options)];
    return problems.length > 0 ? INVALID(`does not meet the short-list rule (${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0].message})`) : null;
  },
  appraisalResults: (_bc, ctx) => {
    const short = shortListedOptions(ctx.options);
    if (short.length === 0) return EMPTY('is empty: no options are short-listed');
    const unappraised = short.filter((o) => tryAppraise(o.appraisal).result === null).map(optionLabel);
    return unappraised.length > 0 ? INVALID(`is missing a valid appraisal for: ${unappraised.join(', ')}`) : null;
  },
  preferredOption: (bc, ctx) => {
    const problems = preferredOptionBlockers(ctx.options);
    if (problems.length > 0) return problems[0].code === 'PREFERRED_OPTION_MISSING' ? EMPTY('is empty: no option is preferred') : INVALID(problems[0].message);
    return isBlank(bc.economic?.preferredOptionRationale) ? EMPTY('is empty: say why the option is preferred') : null;
  },

  procurementRoute: (bc) => text(bc.commercial?.procurementRoute),
  riskAllocation: (bc) => text(bc.commercial?.riskAllocation),

  capitalAndRevenueRequirement: (_bc, ctx) =>
    preferredAppraisal(ctx.options) ? null : EMPTY('is empty: the preferred option has no valid appraisal to take the costs from'),
  fundingSources: (bc) => {
    const sources = arr(bc.financial?.fundingSources);
    if (sources.length === 0) return EMPTY();
    const bad = sources.findIndex((f) => isBlank(f?.source) || typeof f?.amount !== 'number' || !Number.isFinite(f.amount) || f.amount < 0 || f.amount > MAX_POUNDS);
    return bad >= 0 ? INVALID(`funding source ${bad + 1} needs a name and an amount from 0 to ${MAX_POUNDS.toLocaleString('en-GB')} pounds`) : null;
  },
  affordability: (bc, ctx) => {
    const a = affordability(bc.financial, ctx.options);
    if (!a) return EMPTY('cannot be assessed: the preferred option has no valid appraisal');
    if (!a.withinFunding && isBlank(bc.financial?.fundingGapPlan)) {
      return INVALID(`shows a funding gap of ${formatMoney(a.gap)}; state the plan to close it`);
    }
    return null;
  },

  seniorResponsibleOwner: (bc) => text(bc.management?.seniorResponsibleOwner),
  deliveryPlan: (bc) => {
    const milestones = arr(bc.management?.deliveryPlan?.milestones);
    if (milestones.length === 0) return EMPTY('is empty: add at least one milestone');
    const bad = milestones.findIndex((m) => isBlank(m?.title) || !isIsoDate(m?.date));
    return bad >= 0 ? INVALID(`milestone ${bad + 1} needs a title and a date (YYYY-MM-DD)`) : null;
  },
  governance: (bc) => text(bc.management?.governance),
  benefitsRealisationPlan: (bc) => text(bc.management?.benefitsRealisationPlan),
  riskRegister: (bc) => (arr(bc.management?.riskRegister).some((r) => !isBlank(r?.description)) ? null : EMPTY('is empty: record at least one risk')),
  postImplementationEvaluation: (bc) => text(bc.management?.postImplementationEvaluation),
};

/** One blocker per required section that is empty or fails its rule; ref = the section key. */
export function caseBlockers(caseKey: CaseKey, businessCase: Partial<BusinessCase> | null | undefined, context: CaseContext): Blocker[] {
  const def = caseDefinition(caseKey);
  const bc = businessCase ?? {};
  const out: Blocker[] = [];
  for (const section of def.sections) {
    const problem = CHECKS[section.key](bc, context);
    if (problem) {
      out.push(blocker(problem.code, `${def.title}: ${section.title} ${problem.detail}.`, { deliverable: 'outline-business-case', ref: section.key }));
    }
  }
  return out;
}

export function isCaseComplete(caseKey: CaseKey, businessCase: Partial<BusinessCase> | null | undefined, context: CaseContext): boolean {
  return caseBlockers(caseKey, businessCase, context).length === 0;
}

export type CaseStatusChange = { ok: true; businessCase: BusinessCase } | { ok: false; blockers: Blocker[] };

/**
 * Move a case between draft, complete and approved. Complete and approved need every section
 * filled in; approved also needs an approver. Returning to draft clears the approval.
 */
export function setCaseStatus(
  businessCase: BusinessCase,
  caseKey: CaseKey,
  status: CaseStatus,
  context: CaseContext,
  approval?: { by: string; at: string },
): CaseStatusChange {
  const def = caseDefinition(caseKey);
  if (status !== 'draft') {
    const blockers = caseBlockers(caseKey, businessCase, context);
    if (status === 'approved' && isBlank(approval?.by)) {
      blockers.push(blocker('CASE_APPROVER_MISSING', `${def.title}: say who approved it.`, { deliverable: 'outline-business-case', ref: caseKey }));
    }
    if (blockers.length > 0) return { ok: false, blockers };
  }
  const state: CaseState =
    status === 'approved' ? { status, approvedBy: approval!.by, approvedAt: approval!.at ?? null } : { status, approvedBy: null, approvedAt: null };
  return { ok: true, businessCase: { ...businessCase, [caseKey]: { ...businessCase[caseKey], ...state } } };
}
