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
/** Green Book social time preference rate for years 0-30 (the first band of the schedule). */
export const DEFAULT_DISCOUNT_RATE = 0.035;
export const MIN_APPRAISAL_PERIOD_YEARS = 1;
/** The Green Book's declining schedule is tabulated well past this; NHS estate cases stop at 125 years. */
export const MAX_APPRAISAL_PERIOD_YEARS = 125;
export const MAX_DISCOUNT_RATE = 0.2;
/** The supplementary guidance's upper bounds reach 200% (equipment and development projects, capital). */
export const MAX_OPTIMISM_BIAS_PERCENT = 200;
export const MIN_PRICE_BASE_YEAR = 1900;
export const MAX_PRICE_BASE_YEAR = 2200;
export const MIN_DEFLATOR_INDEX = 0.001;
export const MAX_DEFLATOR_INDEX = 1_000_000;
/** Bound of any one amount of pounds (£1 trillion): sums of up to 1,000 lines stay exact to the penny and finite. */
export const MAX_POUNDS = 1_000_000_000_000;
/** The sensitivity the framework asks for: costs 20% higher, benefits 20% lower. */
export const SENSITIVITY_COST_UPLIFT = 0.2;
export const SENSITIVITY_BENEFIT_REDUCTION = 0.2;

/** One band of a discount schedule: `rate` applies to each year from `fromYear` to `toYear` (null: and beyond). */
export interface DiscountBand {
  fromYear: number;
  toYear: number | null;
  rate: number;
}

/**
 * HM Treasury Green Book declining long-term discount rate (Green Book 2022, Annex A6; Table 6.1 of
 * the 2003 edition): the social time preference rate for effects in each band of years.
 */
export const GREEN_BOOK_STANDARD_SCHEDULE: readonly DiscountBand[] = [
  { fromYear: 0, toYear: 30, rate: 0.035 },
  { fromYear: 31, toYear: 75, rate: 0.03 },
  { fromYear: 76, toYear: 125, rate: 0.025 },
  { fromYear: 126, toYear: 200, rate: 0.02 },
  { fromYear: 201, toYear: 300, rate: 0.015 },
  { fromYear: 301, toYear: null, rate: 0.01 },
];

/**
 * Green Book 2022 Annex A6 health discount rate (the STPR without its wealth effect), as published
 * to two places of a percent: 1.50%, 1.29%, 1.07%, 0.86%, 0.64%, 0.43%.
 */
export const GREEN_BOOK_HEALTH_SCHEDULE: readonly DiscountBand[] = [
  { fromYear: 0, toYear: 30, rate: 0.015 },
  { fromYear: 31, toYear: 75, rate: 0.0129 },
  { fromYear: 76, toYear: 125, rate: 0.0107 },
  { fromYear: 126, toYear: 200, rate: 0.0086 },
  { fromYear: 201, toYear: 300, rate: 0.0064 },
  { fromYear: 301, toYear: null, rate: 0.0043 },
];

export const BENEFIT_KINDS = ['cash-releasing', 'non-cash-releasing', 'societal', 'health'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];
export const BENEFIT_KIND_LABELS: Record<BenefitKind, string> = {
  'cash-releasing': 'Cash-releasing',
  'non-cash-releasing': 'Non-cash-releasing',
  societal: 'Societal',
  health: 'Health',
};

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
  /** Defaults to cash-releasing. Health lines are health effects already valued in pounds. */
  kind?: BenefitKind | null;
  description?: string;
}

export interface OptimismBias {
  /** Percent added to capital costs (e.g. 24 for a standard building at the lower bound). */
  capitalUpliftPercent: number;
  /** Percent added to revenue costs. */
  revenueUpliftPercent: number;
  /** The project type and mitigation from the Green Book's supplementary guidance, e.g. "Standard buildings, upper bound less 40% mitigation". */
  basis: string;
}

/** A GDP deflator index for one calendar year (any base: only ratios are used). */
export interface DeflatorPoint {
  year: number;
  index: number;
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
  /** A flat rate for every year (0.035 = 3.5%). Absent: the Green Book declining schedule. */
  discountRate?: number | null;
  /** A flat rate for health lines. Absent: the Green Book health schedule. */
  healthDiscountRate?: number | null;
  /** How the health lines were valued, e.g. "QALYs x £70,000 per QALY"; required when there is a health line. */
  healthValuation?: string | null;
  /** Uplifts applied to costs before discounting. */
  optimismBias?: OptimismBias | null;
  /** The calendar year whose prices the figures are in (real terms). */
  priceBaseYear?: number | null;
  /** `nominal`: the lines are cash of each year, converted to the price base with `deflators`. Default `real`. */
  prices?: 'real' | 'nominal' | null;
  /** Calendar year of appraisal year 0; needed to convert nominal figures. */
  firstYear?: number | null;
  /** GDP deflator by calendar year; for nominal figures it must cover the price base year and every year with a line. */
  deflators?: DeflatorPoint[] | null;
}

export interface AppraisalYear {
  year: number;
  /** Factor for costs and non-health benefits. */
  discountFactor: number;
  /** Factor for health benefits. */
  healthDiscountFactor: number;
  /** Real figures (after any nominal conversion), before optimism bias. */
  capital: number;
  revenue: number;
  cost: number;
  /** Cost after the optimism bias uplift (equal to `cost` without one). */
  upliftedCost: number;
  benefit: number;
  healthBenefit: number;
  /** Discounted `cost` (before optimism bias). */
  pvCost: number;
  pvUpliftedCost: number;
  pvBenefit: number;
  /** Only for nominal input: the cash figures as entered and the factor that took them to the price base. */
  nominal?: { capital: number; revenue: number; benefit: number; deflatorFactor: number };
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

export interface DiscountingUsed {
  kind: 'green-book-schedule' | 'flat';
  /** The bands reached within the period (one band for a flat rate). */
  bands: DiscountBand[];
  /** E.g. "Green Book declining schedule: 3.5% years 0-30, 3% years 31-59". */
  label: string;
}

export interface SwitchingValues {
  /** % rise in PV costs at which NPSV reaches zero (negative: costs must fall); null when PV costs is 0. */
  costsIncreasePercent: number | null;
  /** % fall in PV benefits at which NPSV reaches zero (negative: benefits must rise); null when PV benefits is 0. */
  benefitsDecreasePercent: number | null;
}

export interface BenefitKindTotal {
  total: number;
  pv: number;
}

export interface AppraisalResult extends ValueSummary {
  periodYears: number;
  /** The flat rate given, or the schedule's rate for years 0-30. */
  discountRate: number;
  discounting: DiscountingUsed;
  healthDiscounting: DiscountingUsed;
  /** PV capital and revenue after any optimism bias (the headline figures). */
  pvCapital: number;
  pvRevenue: number;
  pvHealthBenefits: number;
  pvNonHealthBenefits: number;
  benefitsByKind: Record<BenefitKind, BenefitKindTotal>;
  healthValuation: string | null;
  /** When given, the headline pvCosts/npsv/bcr are after the uplift; `before` is without it. */
  optimismBias: (OptimismBias & { before: ValueSummary & { pvCapital: number; pvRevenue: number }; after: ValueSummary }) | null;
  switchingValues: SwitchingValues;
  /** PV costs spread evenly over the period's years: PV costs / sum of the period's discount factors. */
  equivalentAnnualCost: number;
  priceBase: { year: number | null; prices: 'real' | 'nominal'; firstYear: number | null };
  /** Only for nominal input: the undiscounted figures as entered (cash of each year), which budgets are set in. */
  nominalTotals: { capital: number; revenue: number; cost: number; benefits: number } | null;
  /** Undiscounted totals over the period, in the price base, before optimism bias; the financial case uses them for real input. */
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

/** The flat rate given, else the schedule's first-band rate (the validation range applies to the former). */
export function effectiveDiscountRate(input: Pick<AppraisalInput, 'discountRate'>): number {
  return input.discountRate ?? DEFAULT_DISCOUNT_RATE;
}

export function benefitKind(line: Pick<BenefitLine, 'kind'>): BenefitKind {
  return line.kind ?? 'cash-releasing';
}

/** Green Book: year 0 is undiscounted, year t is weighted 1/(1+r)^t. */
export function discountFactor(year: number, rate: number): number {
  return 1 / Math.pow(1 + rate, year);
}

/**
 * The factor for year t under a declining schedule. It compounds year on year: each year k = 1..t
 * is discounted at the rate of the band holding k, so year 40 is 1.035^-30 x 1.03^-10. Within the
 * first band this is exactly 1/(1+r)^t, the flat-rate figure.
 */
export function scheduleDiscountFactor(year: number, schedule: readonly DiscountBand[] = GREEN_BOOK_STANDARD_SCHEDULE): number {
  let divisor = 1;
  for (const band of schedule) {
    const first = Math.max(band.fromYear, 1);
    const last = band.toYear === null ? year : Math.min(band.toYear, year);
    if (last >= first) divisor *= Math.pow(1 + band.rate, last - first + 1);
  }
  return 1 / divisor;
}

/** The bands a period of `periodYears` (years 0 to periodYears-1) reaches, the last cut at the final year. */
export function bandsWithin(schedule: readonly DiscountBand[], periodYears: number): DiscountBand[] {
  const lastYear = periodYears - 1;
  return schedule
    .filter((b) => b.fromYear <= lastYear)
    .map((b) => ({ ...b, toYear: b.toYear === null || b.toYear > lastYear ? lastYear : b.toYear }));
}

const pctLabel = (rate: number) => `${+(rate * 100).toFixed(4)}%`;

export function discountingLabel(d: Pick<DiscountingUsed, 'kind' | 'bands'>, health = false): string {
  if (d.kind === 'flat') return `flat ${pctLabel(d.bands[0].rate)} (rate given)`;
  const bands = d.bands.map((b) => `${pctLabel(b.rate)} years ${b.fromYear}-${b.toYear}`).join(', ');
  return `Green Book ${health ? 'health' : 'declining'} schedule: ${bands}`;
}

function discounting(rate: number | null | undefined, schedule: readonly DiscountBand[], periodYears: number, health = false): DiscountingUsed & { factor: (year: number) => number } {
  const flat = typeof rate === 'number';
  const bands = flat ? [{ fromYear: 0, toYear: periodYears - 1, rate }] : bandsWithin(schedule, periodYears);
  const kind = flat ? 'flat' : 'green-book-schedule';
  return {
    kind,
    bands,
    label: discountingLabel({ kind, bands }, health),
    factor: flat ? (year) => discountFactor(year, rate) : (year) => scheduleDiscountFactor(year, schedule),
  };
}

export function presentValue(amountsByYear: readonly number[], rate: number): number {
  return amountsByYear.reduce((sum, amount, year) => sum + amount * discountFactor(year, rate), 0);
}

export function valueSummary(pvCosts: number, pvBenefits: number): ValueSummary {
  return { pvCosts, pvBenefits, npsv: pvBenefits - pvCosts, bcr: pvCosts === 0 ? null : pvBenefits / pvCosts };
}

/** Where NPSV reaches zero: costs up by NPSV/PV costs, benefits down by NPSV/PV benefits (in percent). */
export function switchingValues(v: ValueSummary): SwitchingValues {
  return {
    costsIncreasePercent: v.pvCosts === 0 ? null : (v.npsv / v.pvCosts) * 100,
    benefitsDecreasePercent: v.pvBenefits === 0 ? null : (v.npsv / v.pvBenefits) * 100,
  };
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

const isNonNegativeNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isRate = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_DISCOUNT_RATE;
const isCalendarYear = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= MIN_PRICE_BASE_YEAR && (x as number) <= MAX_PRICE_BASE_YEAR;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isPounds = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_POUNDS;
const POUNDS_RANGE = `from 0 to ${MAX_POUNDS.toLocaleString('en-GB')}`;

/** Every problem at once, so a form can show them all; an empty array means `appraise` will succeed. */
export function validateAppraisalInput(input: AppraisalInput): FieldError[] {
  const errors: FieldError[] = [];
  const period = effectivePeriod(input);
  const periodOk =
    Number.isInteger(period) && period >= MIN_APPRAISAL_PERIOD_YEARS && period <= MAX_APPRAISAL_PERIOD_YEARS;
  if (!periodOk) {
    errors.push({
      field: 'periodYears',
      message: `The appraisal period must be a whole number of years from ${MIN_APPRAISAL_PERIOD_YEARS} to ${MAX_APPRAISAL_PERIOD_YEARS}.`,
    });
  }
  if (input.discountRate != null && !isRate(input.discountRate)) {
    errors.push({
      field: 'discountRate',
      message: `The discount rate must be a fraction from 0 to ${MAX_DISCOUNT_RATE} (e.g. 0.035 for 3.5%), or left out for the Green Book declining schedule.`,
    });
  }
  if (input.healthDiscountRate != null && !isRate(input.healthDiscountRate)) {
    errors.push({
      field: 'healthDiscountRate',
      message: `The health discount rate must be a fraction from 0 to ${MAX_DISCOUNT_RATE} (e.g. 0.015 for 1.5%), or left out for the Green Book health schedule.`,
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
  let healthLines = 0;
  arr(input.benefits).forEach((line, i) => {
    checkYear(`benefits[${i}].year`, line?.year);
    if (!isPounds(line?.amount)) {
      errors.push({ field: `benefits[${i}].amount`, message: `The benefit must be a number of pounds ${POUNDS_RANGE}.` });
    }
    if (line?.kind != null && !BENEFIT_KINDS.includes(line.kind)) {
      errors.push({ field: `benefits[${i}].kind`, message: `The kind of benefit must be one of: ${BENEFIT_KINDS.join(', ')}.` });
    }
    if (line?.kind === 'health') healthLines++;
  });
  if (input.healthValuation != null && typeof input.healthValuation !== 'string') {
    errors.push({ field: 'healthValuation', message: 'Say in words how the health effects were valued.' });
  } else if (healthLines > 0 && isBlank(input.healthValuation)) {
    errors.push({
      field: 'healthValuation',
      message: 'Say how the health benefits were valued in pounds (e.g. "QALYs x £70,000 per QALY"): the business case states it.',
    });
  }
  const ob = input.optimismBias;
  if (ob != null) {
    if (!isObject(ob)) {
      errors.push({ field: 'optimismBias', message: 'Optimism bias needs a capital uplift, a revenue uplift and its basis.' });
    } else {
      for (const key of ['capitalUpliftPercent', 'revenueUpliftPercent'] as const) {
        if (!isNonNegativeNumber(ob[key]) || ob[key] > MAX_OPTIMISM_BIAS_PERCENT) {
          errors.push({
            field: `optimismBias.${key}`,
            message: `The ${key === 'capitalUpliftPercent' ? 'capital' : 'revenue'} uplift must be a percentage from 0 to ${MAX_OPTIMISM_BIAS_PERCENT} (e.g. 24 for 24%).`,
          });
        }
      }
      if (isBlank(ob.basis)) {
        errors.push({ field: 'optimismBias.basis', message: 'Say which project type and mitigation the uplifts come from (the Green Book supplementary guidance).' });
      }
    }
  }
  if (input.priceBaseYear != null && !isCalendarYear(input.priceBaseYear)) {
    errors.push({ field: 'priceBaseYear', message: `The price base year must be a calendar year from ${MIN_PRICE_BASE_YEAR} to ${MAX_PRICE_BASE_YEAR}.` });
  }
  if (input.firstYear != null && !isCalendarYear(input.firstYear)) {
    errors.push({ field: 'firstYear', message: `The first year of the appraisal must be a calendar year from ${MIN_PRICE_BASE_YEAR} to ${MAX_PRICE_BASE_YEAR}.` });
  }
  if (input.prices != null && input.prices !== 'real' && input.prices !== 'nominal') {
    errors.push({ field: 'prices', message: 'Prices must be "real" (in the price base year\'s prices) or "nominal" (cash of each year).' });
  }
  const deflators = input.deflators;
  const seen = new Set<number>();
  if (deflators != null && !Array.isArray(deflators)) {
    errors.push({ field: 'deflators', message: 'The deflators must be a list of {year, index}.' });
  } else {
    arr(deflators).forEach((d, i) => {
      if (!isCalendarYear(d?.year)) {
        errors.push({ field: `deflators[${i}].year`, message: `The deflator's year must be a calendar year from ${MIN_PRICE_BASE_YEAR} to ${MAX_PRICE_BASE_YEAR}.` });
      } else if (seen.has(d.year)) {
        errors.push({ field: `deflators[${i}].year`, message: `${d.year} has more than one deflator.` });
      } else seen.add(d.year);
      // Bounded so that a ratio of two indices cannot overflow the figures it converts.
      if (typeof d?.index !== 'number' || !Number.isFinite(d.index) || d.index < MIN_DEFLATOR_INDEX || d.index > MAX_DEFLATOR_INDEX) {
        errors.push({ field: `deflators[${i}].index`, message: `The deflator index must be a number from ${MIN_DEFLATOR_INDEX} to ${String(MAX_DEFLATOR_INDEX).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.` });
      }
    });
  }
  if (input.prices === 'nominal') {
    if (input.priceBaseYear == null) errors.push({ field: 'priceBaseYear', message: 'Nominal figures need the price base year to convert them to.' });
    if (input.firstYear == null) errors.push({ field: 'firstYear', message: 'Nominal figures need the calendar year of appraisal year 0.' });
    if (isCalendarYear(input.priceBaseYear) && isCalendarYear(input.firstYear) && periodOk) {
      const used = new Set<number>([input.priceBaseYear]);
      for (const line of [...arr(input.costs), ...arr(input.benefits)]) {
        if (Number.isInteger(line?.year) && line.year >= 0 && line.year < period) used.add(input.firstYear + line.year);
      }
      const missing = [...used].filter((y) => !seen.has(y)).sort((a, b) => a - b);
      if (missing.length > 0) {
        errors.push({ field: 'deflators', message: `Nominal figures need a deflator for the price base year and every year with a figure; missing: ${missing.join(', ')}.` });
      }
    }
  }
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
  const standard = discounting(input.discountRate, GREEN_BOOK_STANDARD_SCHEDULE, periodYears);
  const health = discounting(input.healthDiscountRate, GREEN_BOOK_HEALTH_SCHEDULE, periodYears, true);
  const prices = input.prices ?? 'real';
  // Nominal cash of year t becomes base-year prices by the ratio of the deflators.
  const deflatorOf = new Map(arr(input.deflators).map((d) => [d.year, d.index]));
  const toReal = (year: number) =>
    prices === 'nominal' ? deflatorOf.get(input.priceBaseYear!)! / deflatorOf.get(input.firstYear! + year)! : 1;
  const years: AppraisalYear[] = Array.from({ length: periodYears }, (_, year) => ({
    year,
    discountFactor: standard.factor(year),
    healthDiscountFactor: health.factor(year),
    capital: 0,
    revenue: 0,
    cost: 0,
    upliftedCost: 0,
    benefit: 0,
    healthBenefit: 0,
    pvCost: 0,
    pvUpliftedCost: 0,
    pvBenefit: 0,
  }));
  const byKind = Object.fromEntries(BENEFIT_KINDS.map((k) => [k, { total: 0, pv: 0 }])) as Record<BenefitKind, BenefitKindTotal>;
  const nominal = years.map(() => ({ capital: 0, revenue: 0, benefit: 0 }));
  for (const line of arr(input.costs)) {
    const f = toReal(line.year);
    years[line.year].capital += line.capital * f;
    years[line.year].revenue += line.revenue * f;
    nominal[line.year].capital += line.capital;
    nominal[line.year].revenue += line.revenue;
  }
  for (const line of arr(input.benefits)) {
    const y = years[line.year];
    const amount = line.amount * toReal(line.year);
    const kind = benefitKind(line);
    const df = kind === 'health' ? y.healthDiscountFactor : y.discountFactor;
    y.benefit += amount;
    if (kind === 'health') y.healthBenefit += amount;
    byKind[kind].total += amount;
    byKind[kind].pv += amount * df;
    nominal[line.year].benefit += line.amount;
  }
  const ob = input.optimismBias ?? null;
  const capitalUplift = 1 + (ob ? ob.capitalUpliftPercent / 100 : 0);
  const revenueUplift = 1 + (ob ? ob.revenueUpliftPercent / 100 : 0);
  let pvCapitalBase = 0;
  let pvRevenueBase = 0;
  let pvCapital = 0;
  let pvRevenue = 0;
  let pvBenefits = 0;
  let pvHealthBenefits = 0;
  for (const y of years) {
    y.cost = y.capital + y.revenue;
    // Optimism bias uplifts each year's costs before they are discounted.
    y.upliftedCost = y.capital * capitalUplift + y.revenue * revenueUplift;
    y.pvCost = y.cost * y.discountFactor;
    y.pvUpliftedCost = y.upliftedCost * y.discountFactor;
    pvCapitalBase += y.capital * y.discountFactor;
    pvRevenueBase += y.revenue * y.discountFactor;
    pvCapital += y.capital * capitalUplift * y.discountFactor;
    pvRevenue += y.revenue * revenueUplift * y.discountFactor;
    y.pvBenefit = (y.benefit - y.healthBenefit) * y.discountFactor + y.healthBenefit * y.healthDiscountFactor;
    pvBenefits += y.pvBenefit;
    pvHealthBenefits += y.healthBenefit * y.healthDiscountFactor;
    if (prices === 'nominal') y.nominal = { ...nominal[y.year], deflatorFactor: toReal(y.year) };
  }
  const pvCosts = pvCapital + pvRevenue;
  const headline = valueSummary(pvCosts, pvBenefits);
  const sum = (f: (y: AppraisalYear) => number) => years.reduce((s, y) => s + f(y), 0);
  const totalCapital = sum((y) => y.capital);
  const totalRevenue = sum((y) => y.revenue);
  const annuityFactor = sum((y) => y.discountFactor);
  const scores = Object.fromEntries(
    APPRAISAL_CRITERIA.map(({ key }) => [key, { ...input.scores[key]! }]),
  ) as Record<AppraisalCriterion, CriterionScore>;
  const { factor: _s, ...standardUsed } = standard;
  const { factor: _h, ...healthUsed } = health;
  return {
    periodYears,
    discountRate: effectiveDiscountRate(input),
    discounting: standardUsed,
    healthDiscounting: healthUsed,
    ...headline,
    pvCapital,
    pvRevenue,
    pvHealthBenefits,
    pvNonHealthBenefits: pvBenefits - pvHealthBenefits,
    benefitsByKind: byKind,
    healthValuation: isBlank(input.healthValuation) ? null : input.healthValuation!.trim(),
    optimismBias: ob
      ? {
          capitalUpliftPercent: ob.capitalUpliftPercent,
          revenueUpliftPercent: ob.revenueUpliftPercent,
          basis: ob.basis.trim(),
          before: { ...valueSummary(pvCapitalBase + pvRevenueBase, pvBenefits), pvCapital: pvCapitalBase, pvRevenue: pvRevenueBase },
          after: headline,
        }
      : null,
    switchingValues: switchingValues(headline),
    equivalentAnnualCost: pvCosts / annuityFactor,
    priceBase: { year: input.priceBaseYear ?? null, prices, firstYear: input.firstYear ?? null },
    nominalTotals:
      prices === 'nominal'
        ? (() => {
            const capital = nominal.reduce((s, n) => s + n.capital, 0);
            const revenue = nominal.reduce((s, n) => s + n.revenue, 0);
            return { capital, revenue, cost: capital + revenue, benefits: nominal.reduce((s, n) => s + n.benefit, 0) };
          })()
        : null,
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

export interface RankingSwitch {
  preferredOptionId: string;
  /** Ranking is by NPSV (after optimism bias), highest first. */
  rankedFirst: boolean;
  /** The best of the other appraised options; null when the preferred option is the only one. */
  runnerUpId: string | null;
  /** Preferred NPSV - runner-up NPSV. */
  npsvMargin: number | null;
  /** % rise in the preferred option's PV costs at which it no longer ranks first (negative: it already does not). */
  costsIncreasePercent: number | null;
  /** % fall in the preferred option's PV benefits at which it no longer ranks first. */
  benefitsDecreasePercent: number | null;
}

/**
 * The short list's switching value on the ranking: how far the preferred option's own PV costs may
 * rise (or its PV benefits fall) before another appraised option has the higher NPSV.
 */
export function rankingSwitch(preferredOptionId: string, appraised: readonly { id: string; result: ValueSummary }[]): RankingSwitch | null {
  const preferred = appraised.find((a) => a.id === preferredOptionId);
  if (!preferred) return null;
  const others = appraised.filter((a) => a.id !== preferredOptionId);
  if (others.length === 0) {
    return { preferredOptionId, rankedFirst: true, runnerUpId: null, npsvMargin: null, costsIncreasePercent: null, benefitsDecreasePercent: null };
  }
  const runnerUp = others.reduce((best, a) => (a.result.npsv > best.result.npsv ? a : best));
  const margin = preferred.result.npsv - runnerUp.result.npsv;
  const p = preferred.result;
  return {
    preferredOptionId,
    rankedFirst: margin >= 0,
    runnerUpId: runnerUp.id,
    npsvMargin: margin,
    costsIncreasePercent: p.pvCosts === 0 ? null : (margin / p.pvCosts) * 100,
    benefitsDecreasePercent: p.pvBenefits === 0 ? null : (margin / p.pvBenefits) * 100,
  };
}

/** Half-up to 2 decimals; EPSILON stops 1.005 from becoming 1.00. */
export function round2(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100 || 0;
}

const round2OrNull = (v: number | null) => (v === null ? null : round2(v));

function roundSummary<T extends ValueSummary>(v: T): T {
  return { ...v, pvCosts: round2(v.pvCosts), pvBenefits: round2(v.pvBenefits), npsv: round2(v.npsv), bcr: round2OrNull(v.bcr) };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Presentation copy: money, BCR and percentages to 2 decimals, discount factors to 6. Do not feed it back into sums. */
export function roundAppraisal(result: AppraisalResult): AppraisalResult {
  const ob = result.optimismBias;
  return {
    ...roundSummary(result),
    pvCapital: round2(result.pvCapital),
    pvRevenue: round2(result.pvRevenue),
    pvHealthBenefits: round2(result.pvHealthBenefits),
    pvNonHealthBenefits: round2(result.pvNonHealthBenefits),
    benefitsByKind: Object.fromEntries(
      Object.entries(result.benefitsByKind).map(([k, v]) => [k, { total: round2(v.total), pv: round2(v.pv) }]),
    ) as Record<BenefitKind, BenefitKindTotal>,
    optimismBias: ob
      ? {
          ...ob,
          before: { ...roundSummary(ob.before), pvCapital: round2(ob.before.pvCapital), pvRevenue: round2(ob.before.pvRevenue) },
          after: roundSummary(ob.after),
        }
      : null,
    switchingValues: {
      costsIncreasePercent: round2OrNull(result.switchingValues.costsIncreasePercent),
      benefitsDecreasePercent: round2OrNull(result.switchingValues.benefitsDecreasePercent),
    },
    equivalentAnnualCost: round2(result.equivalentAnnualCost),
    nominalTotals: result.nominalTotals && {
      capital: round2(result.nominalTotals.capital),
      revenue: round2(result.nominalTotals.revenue),
      cost: round2(result.nominalTotals.cost),
      benefits: round2(result.nominalTotals.benefits),
    },
    totalCapital: round2(result.totalCapital),
    totalRevenue: round2(result.totalRevenue),
    totalCost: round2(result.totalCost),
    totalBenefits: round2(result.totalBenefits),
    years: result.years.map((y) => ({
      ...y,
      discountFactor: round6(y.discountFactor),
      healthDiscountFactor: round6(y.healthDiscountFactor),
      capital: round2(y.capital),
      revenue: round2(y.revenue),
      cost: round2(y.cost),
      upliftedCost: round2(y.upliftedCost),
      benefit: round2(y.benefit),
      healthBenefit: round2(y.healthBenefit),
      pvCost: round2(y.pvCost),
      pvUpliftedCost: round2(y.pvUpliftedCost),
      pvBenefit: round2(y.pvBenefit),
      ...(y.nominal && {
        nominal: { capital: round2(y.nominal.capital), revenue: round2(y.nominal.revenue), benefit: round2(y.nominal.benefit), deflatorFactor: round6(y.nominal.deflatorFactor) },
      }),
    })),
    sensitivity: result.sensitivity.map(roundSummary),
  };
}

/** Presentation copy of a ranking switch (money and percentages to 2 decimals). */
export function roundRankingSwitch(r: RankingSwitch): RankingSwitch {
  return { ...r, npsvMargin: round2OrNull(r.npsvMargin), costsIncreasePercent: round2OrNull(r.costsIncreasePercent), benefitsDecreasePercent: round2OrNull(r.benefitsDecreasePercent) };
}
