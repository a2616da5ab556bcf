import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { APPRAISAL_CRITERIA, CaseKey, OPTIONS_FILTER_DIMENSIONS, ProjectOption } from '../../../workflows/stage6';
import { AppraisalDto } from '../../development-of-options/dto/appraisal.dto';
import { ServiceChangeAssuranceDto } from '../../development-of-options/dto/assurance.dto';
import { CommercialCaseDto, EconomicCaseDto, FinancialCaseDto, ManagementCaseDto, StrategicCaseDto } from '../../development-of-options/dto/business-case.dto';
import { FormErrors, formErrors, FormSpec } from '../forms';

/**
 * Stage 6 forms as flat fields (what a browser sends) and back: the DTOs of the API are nested
 * (filter.scope, costs[0].year), so each form is turned into the DTO's shape before validation
 * with the same DTO class. Lists are typed one per line, parts separated by "|".
 */

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '');
const lines = (v: unknown) => str(v).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const parts = (line: string) => line.split('|').map((p) => p.trim());
const num = (s: string | undefined) => (s !== undefined && /^-?\d+(\.\d+)?$/.test(s.replace(/[£,]/g, '')) ? Number(s.replace(/[£,]/g, '')) : s === undefined || s === '' ? undefined : NaN);
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

// ---- options --------------------------------------------------------------------------

export const OPTION_FORM: FormSpec = {
  labels: {
    id: 'the id', title: 'the option title', description: 'the description', kind: 'the kind of option', proposalIds: 'the proposals',
    filter: 'the options filter', status: 'the decision', statusReason: 'the reason for the decision', preferred: 'the preferred option',
    quickWin: 'the quick win', significantServiceChange: 'the significant service change decision',
  },
  required: { kind: 'Select the kind of option', status: 'Select whether the option is on the long list, short-listed or discounted' },
  coerce: { preferred: 'boolean', proposalIds: 'list' },
  ids: { kind: 'kind', status: 'status', proposalIds: 'proposalIds', quickWin: 'quickWinDescription', significantServiceChange: 'sscReason', filter: 'filter_scope' },
};

/** The option form as CreateOptionDto / UpdateOptionDto's shape. */
export function optionBody(body: Body, forUpdate: boolean): Body {
  const flagged = str(body.quickWin) === 'true';
  const ssc = str(body.ssc);
  return {
    title: str(body.title),
    description: str(body.description),
    kind: str(body.kind) || undefined,
    proposalIds: list(body.proposalIds),
    filter: Object.fromEntries(OPTIONS_FILTER_DIMENSIONS.map((d) => [d.key, str(body[`filter_${d.key}`])])),
    status: str(body.status) || undefined,
    statusReason: str(body.statusReason),
    preferred: str(body.preferred) === 'true',
    quickWin: flagged ? { flagged: true, description: str(body.quickWinDescription) } : forUpdate ? null : undefined,
    significantServiceChange:
      ssc === 'yes' || ssc === 'no' ? { confirmed: ssc === 'yes', reason: str(body.sscReason) } : forUpdate ? null : undefined,
  };
}

/** An option as the form's fields. */
export function optionValues(o: ProjectOption): Body {
  return {
    title: o.title,
    description: o.description ?? '',
    kind: o.kind,
    proposalIds: o.proposalIds,
    ...Object.fromEntries(OPTIONS_FILTER_DIMENSIONS.map((d) => [`filter_${d.key}`, o.filter?.[d.key] ?? ''])),
    status: o.status,
    statusReason: o.statusReason,
    preferred: o.preferred ? 'true' : '',
    quickWin: o.quickWin?.flagged ? 'true' : '',
    quickWinDescription: o.quickWin?.description ?? '',
    ssc: o.significantServiceChange?.confirmed === true ? 'yes' : o.significantServiceChange?.confirmed === false ? 'no' : '',
    sscReason: o.significantServiceChange?.reason ?? '',
  };
}

// ---- appraisal ------------------------------------------------------------------------

export const APPRAISAL_FORM: FormSpec = {
  labels: {
    scores: 'the scores', costs: 'the costs', benefits: 'the benefits', unquantifiedBenefits: 'the benefits not valued in money',
    periodYears: 'the appraisal period', discountRate: 'the discount rate',
  },
  coerce: { periodYears: 'number', discountRate: 'number' },
  ids: { scores: 'score-deliverability' },
};

export const COST_LINE_HELP = 'Enter each cost on its own line as: year | capital | revenue | description (optional), for example 0 | 100000 | 0 | Refurbishment';
export const BENEFIT_LINE_HELP = 'Enter each benefit on its own line as: year | amount | description (optional), for example 1 | 80000';

/** The appraisal form as AppraisalDto's shape, or the lines that are not in the expected form. */
export function appraisalBody(body: Body): { body: Body; errors: { field: string; text: string }[] } {
  const errors: { field: string; text: string }[] = [];
  const costs = lines(body.costs).map((l, i) => {
    const [year, capital, revenue, ...rest] = parts(l);
    const c = { year: num(year), capital: num(capital), revenue: num(revenue), ...(rest.join('|') && { description: rest.join(' | ') }) };
    if ([c.year, c.capital, c.revenue].some((v) => v === undefined || Number.isNaN(v))) errors.push({ field: 'costs', text: `Cost line ${i + 1} is not in the right form. ${COST_LINE_HELP}` });
    return c;
  });
  const benefits = lines(body.benefits).map((l, i) => {
    const [year, amount, ...rest] = parts(l);
    const b = { year: num(year), amount: num(amount), ...(rest.join('|') && { description: rest.join(' | ') }) };
    if ([b.year, b.amount].some((v) => v === undefined || Number.isNaN(v))) errors.push({ field: 'benefits', text: `Benefit line ${i + 1} is not in the right form. ${BENEFIT_LINE_HELP}` });
    return b;
  });
  const scores = Object.fromEntries(
    APPRAISAL_CRITERIA.map(({ key }) => [key, { score: num(str(body[`score_${key}`])) ?? null, rationale: str(body[`rationale_${key}`]) }]),
  );
  return {
    body: { scores, costs, benefits, unquantifiedBenefits: lines(body.unquantifiedBenefits), periodYears: num(str(body.periodYears)), discountRate: num(str(body.discountRate)) },
    errors,
  };
}

export function appraisalValues(input: AppraisalDto | null | undefined): Body {
  if (!input) return {};
  return {
    ...Object.fromEntries(APPRAISAL_CRITERIA.flatMap(({ key }) => [[`score_${key}`, String(input.scores?.[key]?.score ?? '')], [`rationale_${key}`, input.scores?.[key]?.rationale ?? '']])),
    costs: input.costs.map((c) => [c.year, c.capital, c.revenue, c.description].filter((x) => x !== undefined && x !== '').join(' | ')).join('\n'),
    benefits: input.benefits.map((b) => [b.year, b.amount, b.description].filter((x) => x !== undefined && x !== '').join(' | ')).join('\n'),
    unquantifiedBenefits: (input.unquantifiedBenefits ?? []).join('\n'),
    periodYears: input.periodYears ?? '',
    discountRate: input.discountRate ?? '',
  };
}

/** The engine's field paths ("costs[1].year", "scores.affordability.score") as the form's fields. */
export function appraisalField(path: string): string {
  const m = /^scores\.(\w+)\.(score|rationale)/.exec(path);
  if (m) return m[2] === 'score' ? `score_${m[1]}` : `rationale_${m[1]}`;
  return path.split(/[.[]/)[0];
}

// ---- business case --------------------------------------------------------------------

export interface CaseField {
  name: string;
  label: string;
  hint?: string;
  kind: 'text' | 'lines' | 'input' | 'needs';
}

export const CASE_FIELDS: Record<CaseKey, CaseField[]> = {
  strategic: [
    { name: 'spendingObjectives', label: 'Spending objectives', hint: 'One per line as: objective | how it is measured. At most 6.', kind: 'lines' },
    { name: 'existingArrangements', label: 'Existing arrangements', kind: 'text' },
    { name: 'businessNeedsSummary', label: 'Business needs', hint: 'Why the change is needed', kind: 'text' },
    { name: 'needIds', label: 'The stage 2 population needs it answers', kind: 'needs' },
    { name: 'scope', label: 'Scope', kind: 'text' },
    { name: 'benefits', label: 'Benefits', kind: 'text' },
    { name: 'risks', label: 'Risks', kind: 'text' },
    { name: 'constraints', label: 'Constraints', kind: 'text' },
    { name: 'dependencies', label: 'Dependencies', kind: 'text' },
  ],
  economic: [
    { name: 'criticalSuccessFactors', label: 'Critical success factors', hint: 'One per line', kind: 'lines' },
    { name: 'preferredOptionRationale', label: 'Why the preferred option is preferred', hint: 'The long and short lists and the appraisal results come from the options', kind: 'text' },
  ],
  commercial: [
    { name: 'procurementRoute', label: 'Procurement or delivery route', kind: 'text' },
    { name: 'riskAllocation', label: 'Risk allocation', kind: 'text' },
  ],
  financial: [
    { name: 'requirementNotes', label: 'Notes on the capital and revenue requirement', hint: 'The figures come from the preferred option\'s appraisal', kind: 'text' },
    { name: 'fundingSources', label: 'Funding sources', hint: 'One per line as: source | amount in pounds | confirmed (yes or no), for example ICS capital | 500000 | yes', kind: 'lines' },
    { name: 'affordabilityStatement', label: 'Affordability statement', kind: 'text' },
    { name: 'fundingGapPlan', label: 'Plan to close any funding gap', hint: 'Needed when the preferred option costs more than the funding identified', kind: 'text' },
  ],
  management: [
    { name: 'seniorResponsibleOwner', label: 'Senior responsible owner', kind: 'input' },
    { name: 'deliveryPlanSummary', label: 'Delivery plan', kind: 'text' },
    { name: 'milestones', label: 'Milestones', hint: 'One per line as: milestone | date (YYYY-MM-DD), for example Hub opens | 2027-04-01', kind: 'lines' },
    { name: 'governance', label: 'Governance', kind: 'text' },
    { name: 'benefitsRealisationPlan', label: 'Benefits realisation plan', kind: 'text' },
    { name: 'riskRegister', label: 'Risk register', hint: 'One risk per line as: description | owner | mitigation | rating', kind: 'lines' },
    { name: 'postImplementationEvaluation', label: 'Post-implementation evaluation', kind: 'text' },
  ],
};

export const CASE_DTOS = {
  strategic: StrategicCaseDto,
  economic: EconomicCaseDto,
  commercial: CommercialCaseDto,
  financial: FinancialCaseDto,
  management: ManagementCaseDto,
} as const;

/** DTO field -> the form field its messages belong to. */
const CASE_FIELD_OF: Record<string, string> = { businessNeeds: 'businessNeedsSummary', deliveryPlan: 'deliveryPlanSummary' };

export function caseSpec(key: CaseKey): FormSpec {
  const labels: Record<string, string> = {};
  for (const f of CASE_FIELDS[key]) labels[f.name] = f.label.toLowerCase();
  labels.businessNeeds = 'the business needs';
  labels.deliveryPlan = 'the delivery plan';
  return { labels, ids: { businessNeeds: 'businessNeedsSummary', deliveryPlan: 'deliveryPlanSummary', needIds: 'needIds' } };
}

export function caseFormField(dtoField: string): string {
  const top = dtoField.split(/[.[]/)[0];
  return CASE_FIELD_OF[top] ?? top;
}

const yes = (s: string | undefined) => (s ?? '').toLowerCase();

/** A case form as the case DTO's shape; text fields left empty are sent as '' so they clear. */
export function caseBody(key: CaseKey, body: Body): { body: Body; errors: { field: string; text: string }[] } {
  const errors: { field: string; text: string }[] = [];
  const out: Body = {};
  const text = (name: string) => {
    out[name] = str(body[name]);
  };
  switch (key) {
    case 'strategic':
      out.spendingObjectives = lines(body.spendingObjectives).map((l, i) => {
        const [t, measure] = parts(l);
        if (!t || !measure) errors.push({ field: 'spendingObjectives', text: `Spending objective ${i + 1} needs a measure: write it as objective | how it is measured` });
        return { text: t ?? '', measure: measure ?? '' };
      });
      ['existingArrangements', 'scope', 'benefits', 'risks', 'constraints', 'dependencies'].forEach(text);
      out.businessNeeds = { summary: str(body.businessNeedsSummary), needIds: list(body.needIds) };
      break;
    case 'economic':
      out.criticalSuccessFactors = lines(body.criticalSuccessFactors);
      text('preferredOptionRationale');
      break;
    case 'commercial':
      ['procurementRoute', 'riskAllocation'].forEach(text);
      break;
    case 'financial':
      ['requirementNotes', 'affordabilityStatement', 'fundingGapPlan'].forEach(text);
      out.fundingSources = lines(body.fundingSources).map((l, i) => {
        const [source, amount, confirmed] = parts(l);
        const value = num(amount);
        if (!source || value === undefined || Number.isNaN(value) || (confirmed && !['yes', 'no'].includes(yes(confirmed)))) {
          errors.push({ field: 'fundingSources', text: `Funding source ${i + 1} is not in the right form: write it as source | amount in pounds | yes or no` });
        }
        return { source: source ?? '', amount: value, confirmed: yes(confirmed) === 'yes' };
      });
      break;
    case 'management':
      ['seniorResponsibleOwner', 'governance', 'benefitsRealisationPlan', 'postImplementationEvaluation'].forEach(text);
      out.deliveryPlan = {
        summary: str(body.deliveryPlanSummary),
        milestones: lines(body.milestones).map((l, i) => {
          const [title, date] = parts(l);
          if (!title || !date) errors.push({ field: 'milestones', text: `Milestone ${i + 1} needs a date: write it as milestone | YYYY-MM-DD` });
          return { title: title ?? '', date: date ?? '' };
        }),
      };
      out.riskRegister = lines(body.riskRegister).map((l) => {
        const [description, owner, mitigation, rating] = parts(l);
        return { description: description ?? '', ...(owner && { owner }), ...(mitigation && { mitigation }), ...(rating && { rating }) };
      });
      break;
  }
  return { body: out, errors };
}

/** A case's content as the form's fields. */
export function caseValues(key: CaseKey, content: Record<string, any>): Body {
  const c = content ?? {};
  switch (key) {
    case 'strategic':
      return {
        ...c,
        spendingObjectives: (c.spendingObjectives ?? []).map((o: any) => `${o.text} | ${o.measure}`).join('\n'),
        businessNeedsSummary: c.businessNeeds?.summary ?? '',
        needIds: c.businessNeeds?.needIds ?? [],
      };
    case 'economic':
      return { ...c, criticalSuccessFactors: (c.criticalSuccessFactors ?? []).join('\n') };
    case 'financial':
      return { ...c, fundingSources: (c.fundingSources ?? []).map((f: any) => `${f.source} | ${f.amount} | ${f.confirmed ? 'yes' : 'no'}`).join('\n') };
    case 'management':
      return {
        ...c,
        deliveryPlanSummary: c.deliveryPlan?.summary ?? '',
        milestones: (c.deliveryPlan?.milestones ?? []).map((m: any) => `${m.title} | ${m.date}`).join('\n'),
        riskRegister: (c.riskRegister ?? []).map((r: any) => [r.description, r.owner ?? '', r.mitigation ?? '', r.rating ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
      };
    default:
      return { ...c };
  }
}

// ---- service change assurance -----------------------------------------------------------

export const ASSURANCE_TESTS = [
  { key: 'publicEngagement', title: 'Strong public and patient engagement' },
  { key: 'patientChoice', title: 'Consistency with current and prospective need for patient choice' },
  { key: 'clinicalEvidence', title: 'A clear clinical evidence base' },
  { key: 'commissionerSupport', title: 'Support for proposals from clinical commissioners' },
] as const;

export const ASSURANCE_FORM: FormSpec = {
  labels: {
    tests: 'the evidence for the four tests', bedsClose: 'whether beds close', bedClosureEvidence: 'the bed closure evidence',
    consultation: 'the consultation plan', healthScrutinyConsultedOn: 'the date health scrutiny was consulted', periodWeeks: 'the consultation period',
  },
  ids: { bedsClose: 'bedsClose', consultation: 'periodWeeks', tests: 'publicEngagement' },
};

export function assuranceBody(body: Body): Body {
  const beds = str(body.bedsClose);
  const weeks = str(body.periodWeeks);
  return {
    tests: Object.fromEntries(ASSURANCE_TESTS.map((t) => [t.key, str(body[t.key])])),
    bedsClose: beds === 'yes' ? true : beds === 'no' ? false : undefined,
    bedClosureEvidence: str(body.bedClosureEvidence),
    consultation: {
      periodWeeks: weeks === '' ? undefined : /^\d+$/.test(weeks) ? Number(weeks) : weeks,
      informationProvided: str(body.informationProvided),
      responsesTakenIntoAccount: str(body.responsesTakenIntoAccount),
      formativeStage: str(body.formativeStage),
    },
    healthScrutinyConsultedOn: str(body.healthScrutinyConsultedOn) || undefined,
  };
}

export function assuranceValues(record: ServiceChangeAssuranceDto | null): Body {
  if (!record) return {};
  return {
    ...record.tests,
    bedsClose: record.bedsClose === true ? 'yes' : record.bedsClose === false ? 'no' : '',
    bedClosureEvidence: record.bedClosureEvidence ?? '',
    periodWeeks: record.consultation?.periodWeeks ?? '',
    informationProvided: record.consultation?.informationProvided ?? '',
    responsesTakenIntoAccount: record.consultation?.responsesTakenIntoAccount ?? '',
    formativeStage: record.consultation?.formativeStage ?? '',
    healthScrutinyConsultedOn: record.healthScrutinyConsultedOn ?? '',
  };
}

/** Messages of a nested DTO / service refusal moved onto the form's flat fields. */
export function remapErrors(errors: FormErrors, fieldOf: (f: string) => string, ids: Record<string, string> = {}): FormErrors {
  const messages = Object.entries(errors.fields).map(([field, text]) => ({ field: fieldOf(field), text }));
  return { ...formErrors(messages, { ids }), title: errors.title };
}

// ---- validation of nested shapes ------------------------------------------------------

const WORDING: Array<[string, string]> = [
  ['isNotEmpty', 'is required'],
  ['isInt', 'must be a whole number'],
  ['isNumber', 'must be a number'],
  ['isBoolean', 'must be yes or no'],
  ['isIso8601', 'must be a real date, like 2026-12-31'],
  ['matches', 'must be a real date, like 2026-12-31'],
  ['maxLength', 'is too long'],
  ['arrayMaxSize', 'has too many lines'],
  ['min', 'is too small'],
  ['max', 'is too large'],
  ['isIn', 'is not one of the choices'],
];

function firstLeaf(e: ValidationError, path: string[] = []): { path: string[]; kind: string; text: string } | null {
  if (e.constraints && Object.keys(e.constraints).length) {
    const kind = Object.keys(e.constraints)[0];
    return { path, kind, text: e.constraints[kind] };
  }
  for (const child of e.children ?? []) {
    const found = firstLeaf(child, [...path, child.property]);
    if (found) return found;
  }
  return null;
}

/**
 * Validate an already shaped form (nested objects and lists) with the API's DTO class: the same
 * rules as the API; one plain message per top-level field ("Enter the option title",
 * "The costs: line 2 year must be a number").
 */
export function validateShape<T extends object>(dto: new () => T, shaped: Body, spec: FormSpec): { ok: true; value: T } | { ok: false; errors: FormErrors } {
  const instance = plainToInstance(dto, shaped);
  const found = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (found.length === 0) return { ok: true, value: instance };
  const messages = found.map((e) => {
    const label = spec.labels[e.property] ?? e.property;
    const given = shaped[e.property];
    const leaf = firstLeaf(e);
    if (given === undefined || given === '' || (leaf?.path.length === 0 && leaf.kind === 'isNotEmpty')) {
      return { field: e.property, text: spec.required?.[e.property] ?? `Enter ${label}` };
    }
    if (leaf?.path.length === 0 && (leaf.kind === 'isIn' || leaf.kind === 'isEnum')) return { field: e.property, text: spec.required?.[e.property] ?? `Select ${label}` };
    const wording = WORDING.find(([k]) => k === leaf?.kind)?.[1] ?? 'is not valid';
    const where = (leaf?.path ?? []).map((p) => (/^\d+$/.test(p) ? `line ${Number(p) + 1}` : p.replace(/([A-Z])/g, ' $1').toLowerCase())).join(' ');
    const capital = label.charAt(0).toUpperCase() + label.slice(1);
    return { field: e.property, text: where ? `${capital}: ${where} ${wording}` : `${capital} ${wording}` };
  });
  return { ok: false, errors: formErrors(messages, spec) };
}
