import { type FieldError, arr, isBlank } from './common';

/**
 * Options appraisal: scores against the three stage 6 tests and a discounted cash-flow
 * appraisal on the HM Treasury Green Book convention.
 *
 * Precision: `appraise` returns full-precision figures so that totals, sensitivities and
 * comparisons never compound rounding; `roundAppraisal` (2 decimals) and the renderers'
 * whole-pound formatting are for presentation only.
 */

export const DEFAULT_APPRAISAL_PERIOD_YEARS = 10;
/** Green Book social time preference rate for years 0-30. */
export const DEFAULT_DISCOUNT_RATE = 0.035;
export const MIN_APPRAISAL_PERIOD_YEARS = 1;
export const MAX_APPRAISAL_PERIOD_YEARS = 60;
export const MAX_DISCOUNT_RATE = 0.2;
/** Bound of any one amount of pounds (£1 trillion): sums of up to 1,000 lines stay exact to the penny and finite. */
export const MAX_POUNDS = 1_000_000_000_000;
/** The sensitivity the framework asks for: costs 20% higher, benefits 20% lower. */
export const SENSITIVITY_COST_UPLIFT = 0.2;
export const SENSITIVITY_BENEFIT_REDUCTION = 0.2;

export const APPRAISAL_CRITERIA = [
  { key: 'deliverability', title: 'Deliverability' },
  { key: 'operationalSustainability', title: 'Operational sustainability' },
  { key: 'affordability', title: 'Affordability' },
] as const;

export type AppraisalCriterion = (typeof APPRAISAL_CRITERIA)[number]['key'];

export interface CriterionScore {
  /** Integer 1 (poor) to 5 (strong). */
  score: number;
  rationale: string;
}

/** Several lines may fall in the same year (e.g. building works and equipment); they are summed. */
export interface CostLine {
  /** 0 = first year of the appraisal period (undiscounted). */
  year: number;
  capital: number;
  revenue: number;
  description?: string;
}

export interface BenefitLine {
  year: number;
  amount: number;
  description?: string;
}

export interface AppraisalInput {
  scores: Partial<Record<AppraisalCriterion, CriterionScore>>;
  costs: CostLine[];
  /** Monetised benefits. */
  benefits: BenefitLine[];
  /** Benefits that cannot be given a money value, listed beside the figures. */
  unquantifiedBenefits: string[];
  /** Defaults to DEFAULT_APPRAISAL_PERIOD_YEARS. */
  periodYears?: number | null;
  /** A fraction (0.035 = 3.5%); defaults to DEFAULT_DISCOUNT_RATE. */
  discountRate?: number | null;
}

export interface AppraisalYear {
  year: number;
  discountFactor: number;
  capital: number;
  revenue: number;
  cost: number;
  benefit: number;
  pvCost: number;
  pvBenefit: number;
}

export interface ValueSummary {
  pvCosts: number;
  pvBenefits: number;
  /** Net present social value = PV benefits - PV costs. */
  npsv: number;
  /** Benefit-cost ratio = PV benefits / PV costs; null when PV costs is 0. */
  bcr: number | null;
}

export type SensitivityKey = 'costs-up' | 'benefits-down' | 'costs-up-benefits-down';

export interface SensitivityCase extends ValueSummary {
  key: SensitivityKey;
  label: string;
}

export interface AppraisalResult extends ValueSummary {
  periodYears: number;
  discountRate: number;
  pvCapital: number;
  pvRevenue: number;
  /** Undiscounted (cash) totals over the period, used by the financial case. */
  totalCapital: number;
  totalRevenue: number;
  totalCost: number;
  totalBenefits: number;
  years: AppraisalYear[];
  sensitivity: SensitivityCase[];
  scores: Record<AppraisalCriterion, CriterionScore>;
  unquantifiedBenefits: string[];
}

export function effectivePeriod(input: Pick<AppraisalInput, 'periodYears'>): number {
  return input.periodYears ?? DEFAULT_APPRAISAL_PERIOD_YEARS;
}

export function effectiveDiscountRate(input: Pick<AppraisalInput, 'discountRate'>): number {
  return input.discountRate ?? DEFAULT_DISCOUNT_RATE;
}

/** Green Book: year 0 is undiscounted, year t is weighted 1/(1+r)^t. */
export function discountFactor(year: number, rate: number): number {
  return 1 / Math.pow(1 + rate, year);
}

export function presentValue(amountsByYear: readonly number[], rate: number): number {
  return amountsByYear.reduce((sum, amount, year) => sum + amount * discountFactor(year, rate), 0);
}

export function valueSummary(pvCosts: number, pvBenefits: number): ValueSummary {
  return { pvCosts, pvBenefits, npsv: pvBenefits - pvCosts, bcr: pvCosts === 0 ? null : pvBenefits / pvCosts };
}

export function sensitivityCases(pvCosts: number, pvBenefits: number): SensitivityCase[] {
  const up = 1 + SENSITIVITY_COST_UPLIFT;
  const down = 1 - SENSITIVITY_BENEFIT_REDUCTION;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    { key: 'costs-up', label: `Costs +${pct(SENSITIVITY_COST_UPLIFT)}`, ...valueSummary(pvCosts * up, pvBenefits) },
    { key: 'benefits-down', label: `Benefits -${pct(SENSITIVITY_BENEFIT_REDUCTION)}`, ...valueSummary(pvCosts, pvBenefits * down) },
    {
      key: 'costs-up-benefits-down',
      label: `Costs +${pct(SENSITIVITY_COST_UPLIFT)} and benefits -${pct(SENSITIVITY_BENEFIT_REDUCTION)}`,
      ...valueSummary(pvCosts * up, pvBenefits * down),
    },
  ];
}

const isPounds = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_POUNDS;
const POUNDS_RANGE = `from 0 to ${MAX_POUNDS.toLocaleString('en-GB')}`;

/** Every problem at once, so a form can show them all; an empty array means `appraise` will succeed. */
export function validateAppraisalInput(input: AppraisalInput): FieldError[] {
  const errors: FieldError[] = [];
  const period = effectivePeriod(input);
  const rate = effectiveDiscountRate(input);
  const periodOk =
    Number.isInteger(period) && period >= MIN_APPRAISAL_PERIOD_YEARS && period <= MAX_APPRAISAL_PERIOD_YEARS;
  if (!periodOk) {
    errors.push({
      field: 'periodYears',
      message: `The appraisal period must be a whole number of years from ${MIN_APPRAISAL_PERIOD_YEARS} to ${MAX_APPRAISAL_PERIOD_YEARS}.`,
    });
  }
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > MAX_DISCOUNT_RATE) {
    errors.push({
      field: 'discountRate',
      message: `The discount rate must be a fraction from 0 to ${MAX_DISCOUNT_RATE} (e.g. 0.035 for 3.5%).`,
    });
  }
  const checkYear = (field: string, year: unknown) => {
    if (!Number.isInteger(year) || (year as number) < 0 || (periodOk && (year as number) >= period)) {
      errors.push({
        field,
        message: periodOk
          ? `The year must be a whole number from 0 to ${period - 1} (the appraisal period is ${period} years).`
          : 'The year must be a whole number from 0.',
      });
    }
  };
  arr(input.costs).forEach((line, i) => {
    checkYear(`costs[${i}].year`, line?.year);
    for (const key of ['capital', 'revenue'] as const) {
      if (!isPounds(line?.[key])) {
        errors.push({ field: `costs[${i}].${key}`, message: `The ${key} cost must be a number of pounds ${POUNDS_RANGE}.` });
      }
    }
  });
  arr(input.benefits).forEach((line, i) => {
    checkYear(`benefits[${i}].year`, line?.year);
    if (!isPounds(line?.amount)) {
      errors.push({ field: `benefits[${i}].amount`, message: `The benefit must be a number of pounds ${POUNDS_RANGE}.` });
    }
  });
  for (const { key, title } of APPRAISAL_CRITERIA) {
    const s = input.scores?.[key];
    if (!Number.isInteger(s?.score) || (s!.score as number) < 1 || (s!.score as number) > 5) {
      errors.push({ field: `scores.${key}.score`, message: `${title} needs a score: a whole number from 1 to 5.` });
    }
    if (isBlank(s?.rationale)) {
      errors.push({ field: `scores.${key}.rationale`, message: `${title} needs a rationale for its score.` });
    }
  }
  arr(input.unquantifiedBenefits).forEach((text, i) => {
    if (isBlank(text)) errors.push({ field: `unquantifiedBenefits[${i}]`, message: 'An unquantified benefit cannot be blank.' });
  });
  return errors;
}

export class AppraisalInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid appraisal input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'AppraisalInputError';
  }
}

/** Full-precision appraisal. Throws AppraisalInputError if `validateAppraisalInput` reports anything. */
export function appraise(input: AppraisalInput): AppraisalResult {
  const errors = validateAppraisalInput(input);
  if (errors.length > 0) throw new AppraisalInputError(errors);
  const periodYears = effectivePeriod(input);
  const discountRate = effectiveDiscountRate(input);
  const years: AppraisalYear[] = Array.from({ length: periodYears }, (_, year) => ({
    year,
    discountFactor: discountFactor(year, discountRate),
    capital: 0,
    revenue: 0,
    cost: 0,
    benefit: 0,
    pvCost: 0,
    pvBenefit: 0,
  }));
  for (const line of arr(input.costs)) {
    years[line.year].capital += line.capital;
    years[line.year].revenue += line.revenue;
  }
  for (const line of arr(input.benefits)) years[line.year].benefit += line.amount;
  let pvCapital = 0;
  let pvRevenue = 0;
  let pvBenefits = 0;
  for (const y of years) {
    y.cost = y.capital + y.revenue;
    y.pvCost = y.cost * y.discountFactor;
    y.pvBenefit = y.benefit * y.discountFactor;
    pvCapital += y.capital * y.discountFactor;
    pvRevenue += y.revenue * y.discountFactor;
    pvBenefits += y.pvBenefit;
  }
  const pvCosts = pvCapital + pvRevenue;
  const sum = (f: (y: AppraisalYear) => number) => years.reduce((s, y) => s + f(y), 0);
  const totalCapital = sum((y) => y.capital);
  const totalRevenue = sum((y) => y.revenue);
  const scores = Object.fromEntries(
    APPRAISAL_CRITERIA.map(({ key }) => [key, { ...input.scores[key]! }]),
  ) as Record<AppraisalCriterion, CriterionScore>;
  return {
    periodYears,
    discountRate,
    ...valueSummary(pvCosts, pvBenefits),
    pvCapital,
    pvRevenue,
    totalCapital,
    totalRevenue,
    totalCost: totalCapital + totalRevenue,
    totalBenefits: sum((y) => y.benefit),
    years,
    sensitivity: sensitivityCases(pvCosts, pvBenefits),
    scores,
    unquantifiedBenefits: arr(input.unquantifiedBenefits).slice(),
  };
}

/** Never throws: for callers (gate, renderers) that must carry on past a bad appraisal. */
export function tryAppraise(
  input: AppraisalInput | null | undefined,
): { result: AppraisalResult; errors: [] } | { result: null; errors: FieldError[] } {
  if (!input) return { result: null, errors: [{ field: 'appraisal', message: 'No appraisal has been recorded.' }] };
  const errors = validateAppraisalInput(input);
  return errors.length > 0 ? { result: null, errors } : { result: appraise(input), errors: [] };
}

/** Half-up to 2 decimals; EPSILON stops 1.005 from becoming 1.00. */
export function round2(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100 || 0;
}

function roundSummary<T extends ValueSummary>(v: T): T {
  return { ...v, pvCosts: round2(v.pvCosts), pvBenefits: round2(v.pvBenefits), npsv: round2(v.npsv), bcr: v.bcr === null ? null : round2(v.bcr) };
}

/** Presentation copy: money and BCR to 2 decimals, discount factors to 6. Do not feed it back into sums. */
export function roundAppraisal(result: AppraisalResult): AppraisalResult {
  return {
    ...roundSummary(result),
    pvCapital: round2(result.pvCapital),
    pvRevenue: round2(result.pvRevenue),
    totalCapital: round2(result.totalCapital),
    totalRevenue: round2(result.totalRevenue),
    totalCost: round2(result.totalCost),
    totalBenefits: round2(result.totalBenefits),
    years: result.years.map((y) => ({
      ...y,
      discountFactor: Math.round(y.discountFactor * 1e6) / 1e6,
      capital: round2(y.capital),
      revenue: round2(y.revenue),
      cost: round2(y.cost),
      benefit: round2(y.benefit),
      pvCost: round2(y.pvCost),
      pvBenefit: round2(y.pvBenefit),
    })),
    sensitivity: result.sensitivity.map(roundSummary),
  };
}
