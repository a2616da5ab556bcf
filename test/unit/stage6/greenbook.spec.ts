import {
  GREEN_BOOK_HEALTH_SCHEDULE,
  GREEN_BOOK_STANDARD_SCHEDULE,
  MAX_APPRAISAL_PERIOD_YEARS,
  type AppraisalInput,
  appraise,
  rankingSwitch,
  roundAppraisal,
  scheduleDiscountFactor,
  validateAppraisalInput,
} from '../../../workflows/stage6';
import { appraisalInput, estateAppraisal } from './fixtures';

/**
 * The appraisal against HM Treasury's Green Book: the declining long-term schedule, the health
 * schedule, optimism bias, switching values, price base and equivalent annual cost.
 *
 * Where the reference figures come from (typed in by hand, never produced by the code under test):
 * - The band rates are the Green Book's published tables: standard 3.5% (years 0-30), 3.0% (31-75),
 *   2.5% (76-125), 2.0% (126-200), 1.5% (201-300), 1.0% (301+) (Green Book Table 6.1 / 2022 Annex
 *   A6); health 1.50%, 1.29%, 1.07%, 0.86%, 0.64%, 0.43% over the same bands (Green Book 2022
 *   Annex A6, the STPR without its wealth effect).
 * - The published table of discount *factors* was not available where this was written, so the
 *   4-decimal factors below were worked separately (Python, exact fractions, compounding year by year
 *   from the band rates above) and typed in; every year 0-125 is also recomputed here, year by
 *   year, from the band rates typed in this file.
 * - The 60-year estate case was worked the same way, separately, and its figures typed in.
 */

// Typed from the published tables: [first year, last year, rate].
const STANDARD_BANDS: [number, number, number][] = [[0, 30, 0.035], [31, 75, 0.03], [76, 125, 0.025], [126, 200, 0.02], [201, 300, 0.015], [301, Infinity, 0.01]];
const HEALTH_BANDS: [number, number, number][] = [[0, 30, 0.015], [31, 75, 0.0129], [76, 125, 0.0107], [126, 200, 0.0086], [201, 300, 0.0064], [301, Infinity, 0.0043]];

/** Independent of the engine: multiply in one year at a time at the rate of the band holding that year. */
function yearByYear(bands: [number, number, number][], lastYear: number): number[] {
  const out = [1];
  for (let k = 1; k <= lastYear; k++) out.push(out[k - 1] / (1 + bands.find(([lo, hi]) => k >= lo && k <= hi)![2]));
  return out;
}

describe('Green Book discount schedules', () => {
  it('holds the published band rates', () => {
    expect(GREEN_BOOK_STANDARD_SCHEDULE.map((b) => [b.fromYear, b.toYear ?? Infinity, b.rate])).toEqual(STANDARD_BANDS);
    expect(GREEN_BOOK_HEALTH_SCHEDULE.map((b) => [b.fromYear, b.toYear ?? Infinity, b.rate])).toEqual(HEALTH_BANDS);
  });

  // Selected years at 4 decimal places: [year, standard, health].
  const TABLE: [number, number, number][] = [
    [0, 1.0, 1.0],
    [1, 0.9662, 0.9852],
    [2, 0.9335, 0.9707],
    [5, 0.842, 0.9283],
    [10, 0.7089, 0.8617],
    [20, 0.5026, 0.7425],
    [30, 0.3563, 0.6398],
    [31, 0.3459, 0.6316],
    [35, 0.3073, 0.6],
    [40, 0.2651, 0.5628],
    [50, 0.1973, 0.4951],
    [59, 0.1512, 0.4412],
    [60, 0.1468, 0.4355],
    [75, 0.0942, 0.3594],
    [76, 0.0919, 0.3556],
    [80, 0.0833, 0.3407],
    [100, 0.0508, 0.2754],
    [110, 0.0397, 0.2476],
    [125, 0.0274, 0.2111],
  ];

  it.each(TABLE)('year %i: standard %d, health %d (4 decimal places)', (year, standard, health) => {
    expect(scheduleDiscountFactor(year, GREEN_BOOK_STANDARD_SCHEDULE).toFixed(4)).toBe(standard.toFixed(4));
    expect(scheduleDiscountFactor(year, GREEN_BOOK_HEALTH_SCHEDULE).toFixed(4)).toBe(health.toFixed(4));
  });

  it('matches a year-by-year recomputation from the band rates for every year 0-125, in the appraisal itself', () => {
    const standard = yearByYear(STANDARD_BANDS, 124);
    const health = yearByYear(HEALTH_BANDS, 124);
    const r = appraise(appraisalInput({ periodYears: 125 }));
    expect(MAX_APPRAISAL_PERIOD_YEARS).toBe(125);
    expect(r.years).toHaveLength(125);
    r.years.forEach((y, t) => {
      expect(y.discountFactor).toBeCloseTo(standard[t], 12);
      expect(y.healthDiscountFactor).toBeCloseTo(health[t], 12);
    });
    // Year 125 is beyond a 125-year period (years 0-124), so check it directly.
    expect(scheduleDiscountFactor(125)).toBeCloseTo(yearByYear(STANDARD_BANDS, 125)[125], 12);
    expect(r.discounting).toEqual({
      kind: 'green-book-schedule',
      bands: [
        { fromYear: 0, toYear: 30, rate: 0.035 },
        { fromYear: 31, toYear: 75, rate: 0.03 },
        { fromYear: 76, toYear: 124, rate: 0.025 },
      ],
      label: 'Green Book declining schedule: 3.5% years 0-30, 3% years 31-75, 2.5% years 76-124',
    });
    expect(r.healthDiscounting.label).toBe('Green Book health schedule: 1.5% years 0-30, 1.29% years 31-75, 1.07% years 76-124');
  });

  it('the issue\'s figures: year 40 is 1.035^-30 x 1.03^-10 = 0.26510, year 59 is 0.15119 (flat 3.5% would give 0.25257 and 0.13138)', () => {
    expect(scheduleDiscountFactor(40)).toBeCloseTo(0.26510, 5);
    expect(scheduleDiscountFactor(59)).toBeCloseTo(0.15119, 5);
    const flat = appraise(appraisalInput({ periodYears: 60, discountRate: 0.035 }));
    expect(flat.years[40].discountFactor).toBeCloseTo(0.25257, 5);
    expect(flat.years[59].discountFactor).toBeCloseTo(0.13138, 5);
    expect(flat.discounting).toEqual({ kind: 'flat', bands: [{ fromYear: 0, toYear: 59, rate: 0.035 }], label: 'flat 3.5% (rate given)' });
  });

  it('within 30 years the schedule is exactly the flat 3.5%, so the 10-year cases keep their figures', () => {
    const schedule = appraise(appraisalInput());
    const flat = appraise(appraisalInput({ discountRate: 0.035 }));
    expect(schedule.years.map((y) => y.discountFactor)).toEqual(flat.years.map((y) => y.discountFactor));
    expect([schedule.pvCosts, schedule.pvBenefits, schedule.npsv, schedule.bcr]).toEqual([flat.pvCosts, flat.pvBenefits, flat.npsv, flat.bcr]);
    expect(schedule.pvCosts).toBeCloseTo(194.984714, 6);
    expect(schedule.discounting.label).toBe('Green Book declining schedule: 3.5% years 0-9');
    expect(flat.discounting.label).toBe('flat 3.5% (rate given)');
  });
});

const estate = estateAppraisal;

describe('the hand-worked 60-year estate case', () => {
  it('every figure without optimism bias', () => {
    const r = appraise(estate());
    expect(r.periodYears).toBe(60);
    expect(r.discounting.label).toBe('Green Book declining schedule: 3.5% years 0-30, 3% years 31-59');
    expect(r.healthDiscounting.label).toBe('Green Book health schedule: 1.5% years 0-30, 1.29% years 31-59');
    expect(r.years[40].discountFactor).toBeCloseTo(0.265105, 6);
    expect(r.years[59].discountFactor).toBeCloseTo(0.151185, 6);
    expect(r.years[40].healthDiscountFactor).toBeCloseTo(0.562799, 6);
    expect(r.years[59].healthDiscountFactor).toBeCloseTo(0.441152, 6);
    // PV capital 11,531,144.250741 + PV revenue 9,331,513.295736 = PV costs 20,862,657.546477
    expect(r.pvCapital).toBeCloseTo(11_531_144.250741, 4);
    expect(r.pvRevenue).toBeCloseTo(9_331_513.295736, 4);
    expect(r.pvCosts).toBeCloseTo(20_862_657.546477, 4);
    // PV benefits: cash-releasing 16,330,148.267538 + societal 881,039.550286 + health 5,243,856.584593
    expect(r.benefitsByKind['cash-releasing'].pv).toBeCloseTo(16_330_148.267538, 4);
    expect(r.benefitsByKind.societal.pv).toBeCloseTo(881_039.550286, 4);
    expect(r.benefitsByKind.health.pv).toBeCloseTo(5_243_856.584593, 4);
    expect(r.benefitsByKind['non-cash-releasing']).toEqual({ total: 0, pv: 0 });
    expect(r.benefitsByKind['cash-releasing'].total).toBe(39_900_000);
    expect(r.benefitsByKind.societal.total).toBe(2_500_000);
    expect(r.benefitsByKind.health.total).toBe(7_980_000);
    expect(r.pvHealthBenefits).toBeCloseTo(5_243_856.584593, 4);
    expect(r.pvNonHealthBenefits).toBeCloseTo(17_211_187.817824, 4);
    expect(r.pvBenefits).toBeCloseTo(22_455_044.402417, 4);
    expect(r.npsv).toBeCloseTo(1_592_386.85594, 4);
    expect(r.bcr).toBeCloseTo(1.076327, 6);
    // Switching values: NPSV / PV costs and NPSV / PV benefits.
    expect(r.switchingValues.costsIncreasePercent).toBeCloseTo(7.632713, 5);
    expect(r.switchingValues.benefitsDecreasePercent).toBeCloseTo(7.091444, 5);
    // Equivalent annual cost: PV costs / sum of the 60 factors (26.228478).
    expect(r.equivalentAnnualCost).toBeCloseTo(795_420.074798, 4);
    // Cash totals (undiscounted).
    expect([r.totalCapital, r.totalRevenue, r.totalCost, r.totalBenefits]).toEqual([12_000_000, 22_800_000, 34_800_000, 50_380_000]);
    expect(r.optimismBias).toBeNull();
    expect(r.healthValuation).toBe('2 QALYs a year x £70,000 per QALY');
    expect(r.priceBase).toEqual({ year: 2024, prices: 'real', firstYear: null });
    // At a flat 3.5% the old engine understated PV costs: 20,698,386.465598.
    expect(appraise(estate({ discountRate: 0.035, healthDiscountRate: 0.015 })).pvCosts).toBeCloseTo(20_698_386.465598, 4);
  });

  it('every figure with optimism bias (capital +24%, revenue +5%): costs uplifted before discounting', () => {
    const basis = 'Standard buildings, upper bound 24% on capital; 5% on running costs';
    const r = appraise(estate({ optimismBias: { capitalUpliftPercent: 24, revenueUpliftPercent: 5, basis } }));
    // PV capital 14,298,618.870919 + PV revenue 9,798,088.960523 = 24,096,707.831442
    expect(r.pvCapital).toBeCloseTo(14_298_618.870919, 4);
    expect(r.pvRevenue).toBeCloseTo(9_798_088.960523, 4);
    expect(r.pvCosts).toBeCloseTo(24_096_707.831442, 4);
    expect(r.pvBenefits).toBeCloseTo(22_455_044.402417, 4);
    expect(r.npsv).toBeCloseTo(-1_641_663.429025, 4);
    expect(r.bcr).toBeCloseTo(0.931872, 6);
    expect(r.optimismBias).toMatchObject({ capitalUpliftPercent: 24, revenueUpliftPercent: 5, basis });
    expect(r.optimismBias!.before.pvCosts).toBeCloseTo(20_862_657.546477, 4);
    expect(r.optimismBias!.before.pvCapital).toBeCloseTo(11_531_144.250741, 4);
    expect(r.optimismBias!.before.npsv).toBeCloseTo(1_592_386.85594, 4);
    expect(r.optimismBias!.before.bcr).toBeCloseTo(1.076327, 6);
    expect(r.optimismBias!.after.pvCosts).toBeCloseTo(24_096_707.831442, 4);
    expect(r.optimismBias!.after.npsv).toBeCloseTo(-1_641_663.429025, 4);
    expect(r.optimismBias!.after.bcr).toBeCloseTo(0.931872, 6);
    // Year 1: £6m capital becomes £7.44m before discounting.
    expect(r.years[1].cost).toBe(6_000_000);
    expect(r.years[1].upliftedCost).toBeCloseTo(7_440_000, 6);
    expect(r.years[10].upliftedCost).toBeCloseTo(420_000, 6);
    // Switching values on the uplifted figures: negative, as NPSV is already below zero.
    expect(r.switchingValues.costsIncreasePercent).toBeCloseTo(-6.812812, 5);
    expect(r.switchingValues.benefitsDecreasePercent).toBeCloseTo(-7.310889, 5);
    expect(r.equivalentAnnualCost).toBeCloseTo(918_723.087074, 4);
    // Sensitivity runs on the uplifted costs.
    const [up, down, both] = r.sensitivity;
    expect(up.pvCosts).toBeCloseTo(28_916_049.39773, 4);
    expect(up.npsv).toBeCloseTo(-6_461_004.995313, 4);
    expect(up.bcr).toBeCloseTo(0.77656, 6);
    expect(down.pvBenefits).toBeCloseTo(17_964_035.521933, 4);
    expect(down.npsv).toBeCloseTo(-6_132_672.309508, 4);
    expect(down.bcr).toBeCloseTo(0.745498, 6);
    expect(both.npsv).toBeCloseTo(-10_952_013.875797, 4);
    expect(both.bcr).toBeCloseTo(0.621248, 6);
    // Cash totals stay as estimated (the financial case's base figures).
    expect(r.totalCost).toBe(34_800_000);
    // The presentation copy rounds every new figure.
    const rounded = roundAppraisal(r);
    expect(rounded.optimismBias!.before.npsv).toBe(1_592_386.86);
    expect(rounded.optimismBias!.after.npsv).toBe(-1_641_663.43);
    expect(rounded.switchingValues).toEqual({ costsIncreasePercent: -6.81, benefitsDecreasePercent: -7.31 });
    expect(rounded.equivalentAnnualCost).toBe(918_723.09);
    expect(rounded.benefitsByKind.health.pv).toBe(5_243_856.58);
  });
});

describe('price base and nominal figures', () => {
  it('converts nominal cash to the price base year with the deflators, and shows both', () => {
    // Deflators 2024 = 100, 2025 = 102, 2026 = 104.04. Nominal: £1,000 capital 2024, £510 revenue 2025,
    // £520.20 revenue 2026, £1,040.40 benefit 2026 -> real 2024 prices: 1,000, 500, 500 and 1,000.
    // PV costs = 1,000 + 500/1.035 + 500/1.035^2 = 1,949.847138; PV benefits = 1,000/1.035^2 = 933.510700.
    const r = appraise(
      appraisalInput({
        periodYears: 3,
        prices: 'nominal',
        priceBaseYear: 2024,
        firstYear: 2024,
        deflators: [{ year: 2024, index: 100 }, { year: 2025, index: 102 }, { year: 2026, index: 104.04 }],
        costs: [{ year: 0, capital: 1000, revenue: 0 }, { year: 1, capital: 0, revenue: 510 }, { year: 2, capital: 0, revenue: 520.2 }],
        benefits: [{ year: 2, amount: 1040.4 }],
      }),
    );
    expect(r.years.map((y) => y.cost)).toEqual([1000, expect.closeTo(500, 9), expect.closeTo(500, 9)]);
    expect(r.years[2].nominal).toEqual({ capital: 0, revenue: 520.2, benefit: 1040.4, deflatorFactor: expect.closeTo(100 / 104.04, 12) });
    expect(r.pvCosts).toBeCloseTo(1949.847138, 5);
    expect(r.pvBenefits).toBeCloseTo(933.5107, 5);
    expect(r.npsv).toBeCloseTo(-1016.336437, 5);
    // EAC = 1,949.847138 / (1 + 0.966184 + 0.933511) = 672.431971
    expect(r.equivalentAnnualCost).toBeCloseTo(672.431971, 5);
    expect(r.priceBase).toEqual({ year: 2024, prices: 'nominal', firstYear: 2024 });
    // Cash as entered (for the financial case): 1,000 + 510 + 520.20 = 2,030.20; the real total is 2,000.
    expect(r.nominalTotals).toEqual({ capital: 1000, revenue: 1030.2, cost: 2030.2, benefits: 1040.4 });
    expect(r.totalCost).toBeCloseTo(2000, 9);
    expect(appraise(appraisalInput()).nominalTotals).toBeNull();
  });
});

describe('the preferred option\'s ranking switch', () => {
  it('gives the change in its own costs or benefits at which it stops ranking first on NPSV', () => {
    const list = [
      { id: 'hub', result: { pvCosts: 1000, pvBenefits: 1500, npsv: 500, bcr: 1.5 } },
      { id: 'spokes', result: { pvCosts: 700, pvBenefits: 1000, npsv: 300, bcr: 1.43 } },
      { id: 'bau', result: { pvCosts: 100, pvBenefits: 200, npsv: 100, bcr: 2 } },
    ];
    // Margin over the runner-up (spokes) 200: costs +200/1000 = 20%, benefits -200/1500 = 13.33%.
    expect(rankingSwitch('hub', list)).toEqual({
      preferredOptionId: 'hub',
      rankedFirst: true,
      runnerUpId: 'spokes',
      npsvMargin: 200,
      costsIncreasePercent: 20,
      benefitsDecreasePercent: expect.closeTo(13.333333, 5),
    });
    expect(rankingSwitch('spokes', list)).toMatchObject({ rankedFirst: false, runnerUpId: 'hub', npsvMargin: -200 });
    expect(rankingSwitch('bau', [list[2]])).toMatchObject({ rankedFirst: true, runnerUpId: null, costsIncreasePercent: null });
    expect(rankingSwitch('missing', list)).toBeNull();
  });
});

describe('validation of the Green Book fields', () => {
  const errors = (extra: Partial<AppraisalInput> | Record<string, unknown>) => validateAppraisalInput(appraisalInput(extra as Partial<AppraisalInput>));
  const fields = (extra: Partial<AppraisalInput> | Record<string, unknown>) => errors(extra).map((e) => e.field);

  it('accepts the 60-year case, with and without optimism bias', () => {
    expect(validateAppraisalInput(estate())).toEqual([]);
    expect(validateAppraisalInput(estate({ optimismBias: { capitalUpliftPercent: 0, revenueUpliftPercent: 200, basis: 'x' } }))).toEqual([]);
  });

  it('needs a stated valuation for health lines and a known benefit kind', () => {
    expect(validateAppraisalInput(estate({ healthValuation: ' ' })).map((e) => e.field)).toEqual(['healthValuation']);
    expect(fields({ benefits: [{ year: 1, amount: 1, kind: 'wellbeing' }] })).toEqual(['benefits[0].kind']);
    expect(errors({ benefits: [{ year: 1, amount: 1, kind: 'wellbeing' }] })[0].message).toBe(
      'The kind of benefit must be one of: cash-releasing, non-cash-releasing, societal, health.',
    );
  });

  it('checks optimism bias: uplifts 0-200% and a basis', () => {
    expect(fields({ optimismBias: { capitalUpliftPercent: -1, revenueUpliftPercent: 201, basis: '' } })).toEqual([
      'optimismBias.capitalUpliftPercent',
      'optimismBias.revenueUpliftPercent',
      'optimismBias.basis',
    ]);
    expect(fields({ optimismBias: 'lots' })).toEqual(['optimismBias']);
    expect(errors({ optimismBias: { capitalUpliftPercent: 300, revenueUpliftPercent: 0, basis: 'x' } })[0].message).toBe(
      'The capital uplift must be a percentage from 0 to 200 (e.g. 24 for 24%).',
    );
  });

  it('checks the price base, nominal prices and the deflators', () => {
    expect(fields({ priceBaseYear: 24 })).toEqual(['priceBaseYear']);
    expect(fields({ prices: 'cash' })).toEqual(['prices']);
    expect(fields({ prices: 'nominal' })).toEqual(['priceBaseYear', 'firstYear']);
    const missing = errors({ prices: 'nominal', priceBaseYear: 2024, firstYear: 2024, deflators: [{ year: 2024, index: 100 }, { year: 2024, index: 0 }] });
    expect(missing.map((e) => e.field)).toEqual(['deflators[1].year', 'deflators[1].index', 'deflators']);
    expect(missing[2].message).toBe('Nominal figures need a deflator for the price base year and every year with a figure; missing: 2025, 2026.');
    expect(fields({ deflators: [null] })).toEqual(['deflators[0].year', 'deflators[0].index']);
    expect(fields({ deflators: [{ year: 2024, index: 1e-308 }, { year: 2025, index: 1e7 }, { year: 2026, index: 0.001 }] })).toEqual(['deflators[0].index', 'deflators[1].index']);
  });

  it('checks a flat health rate like the discount rate', () => {
    expect(fields({ healthDiscountRate: 0.5 })).toEqual(['healthDiscountRate']);
    expect(fields({ healthDiscountRate: 0.015, discountRate: 0.035 })).toEqual([]);
  });
});
