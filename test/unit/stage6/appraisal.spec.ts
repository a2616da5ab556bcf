import {
  DEFAULT_APPRAISAL_PERIOD_YEARS,
  DEFAULT_DISCOUNT_RATE,
  AppraisalInputError,
  appraise,
  discountFactor,
  presentValue,
  roundAppraisal,
  tryAppraise,
  validateAppraisalInput,
} from '../../../workflows/stage6';
import { appraisalInput } from './fixtures';

describe('stage 6 appraisal: discounting (Green Book, year 0 undiscounted)', () => {
  it('uses 1/(1+r)^t with r = 3.5% by default', () => {
    expect(DEFAULT_DISCOUNT_RATE).toBe(0.035);
    expect(DEFAULT_APPRAISAL_PERIOD_YEARS).toBe(10);
    expect(discountFactor(0, 0.035)).toBe(1);
    // 1 / 1.035 = 0.966184
    expect(discountFactor(1, 0.035)).toBeCloseTo(0.966184, 6);
    // 1 / 1.035^2 = 1 / 1.071225 = 0.933511
    expect(discountFactor(2, 0.035)).toBeCloseTo(0.933511, 6);
    expect(presentValue([10, 10], 0)).toBe(20);
  });

  it('computes PV, NPSV and BCR for the hand-worked example', () => {
    // Costs: 100 capital in year 0, 50 revenue in years 1 and 2. Benefits: 80 in year 1, 120 in year 2.
    // PV costs    = 100 + 50/1.035 + 50/1.071225 = 100 + 48.309179 + 46.675535 = 194.984714
    // PV benefits = 80/1.035 + 120/1.071225     = 77.294686 + 112.021284       = 189.315970
    // NPSV        = 189.315970 - 194.984714 = -5.668744
    // BCR         = 189.315970 / 194.984714 = 0.970927
    const r = appraise(appraisalInput());
    expect(r.periodYears).toBe(10);
    expect(r.discountRate).toBe(0.035);
    expect(r.pvCosts).toBeCloseTo(194.984714, 5);
    expect(r.pvCapital).toBeCloseTo(100, 10);
    expect(r.pvRevenue).toBeCloseTo(94.984714, 5);
    expect(r.pvBenefits).toBeCloseTo(189.31597, 5);
    expect(r.npsv).toBeCloseTo(-5.668744, 5);
    expect(r.bcr).toBeCloseTo(0.970927, 5);
    // Cash totals are undiscounted.
    expect(r.totalCapital).toBe(100);
    expect(r.totalRevenue).toBe(100);
    expect(r.totalCost).toBe(200);
    expect(r.totalBenefits).toBe(200);
    expect(r.years).toHaveLength(10);
    expect(r.years[1]).toMatchObject({ cost: 50, benefit: 80 });
    expect(r.unquantifiedBenefits).toEqual(['Care closer to home']);
  });

  it('sums several lines in the same year', () => {
    const r = appraise(appraisalInput({ costs: [{ year: 1, capital: 30, revenue: 10 }, { year: 1, capital: 0, revenue: 10 }], benefits: [] }));
    // 50 / 1.035 = 48.309179
    expect(r.pvCosts).toBeCloseTo(48.309179, 5);
    expect(r.years[1].capital).toBe(30);
    expect(r.years[1].revenue).toBe(20);
  });

  it('discounts over the appraisal period given', () => {
    const revenueEveryYear = (n: number) => Array.from({ length: n }, (_, year) => ({ year, capital: 0, revenue: 100 }));
    // 100 a year for years 0-4: 100 * (1 + 0.966184 + 0.933511 + 0.901943 + 0.871442) = 467.307921
    const five = appraise(appraisalInput({ periodYears: 5, costs: revenueEveryYear(5), benefits: [] }));
    expect(five.years).toHaveLength(5);
    expect(five.pvCosts).toBeCloseTo(467.307921, 5);
    // Years 0-9 (default period): 100 * sum_{t=0..9} 1.035^-t = 860.768651
    const ten = appraise(appraisalInput({ costs: revenueEveryYear(10), benefits: [] }));
    expect(ten.pvCosts).toBeCloseTo(860.768651, 5);
    // At 0% nothing is discounted.
    const flat = appraise(appraisalInput({ discountRate: 0, costs: revenueEveryYear(10), benefits: [] }));
    expect(flat.pvCosts).toBe(1000);
  });

  it('shows the three sensitivity cases: costs +20%, benefits -20%, both', () => {
    const r = appraise(appraisalInput());
    const [up, down, both] = r.sensitivity;
    // Costs +20%: PV costs 194.984714 * 1.2 = 233.981657; NPSV 189.315970 - 233.981657 = -44.665686; BCR 0.809106
    expect(up.key).toBe('costs-up');
    expect(up.label).toBe('Costs +20%');
    expect(up.pvCosts).toBeCloseTo(233.981657, 5);
    expect(up.pvBenefits).toBeCloseTo(189.31597, 5);
    expect(up.npsv).toBeCloseTo(-44.665686, 5);
    expect(up.bcr).toBeCloseTo(0.809106, 5);
    // Benefits -20%: PV benefits 189.315970 * 0.8 = 151.452776; NPSV -43.531938; BCR 0.776742
    expect(down.key).toBe('benefits-down');
    expect(down.pvBenefits).toBeCloseTo(151.452776, 5);
    expect(down.npsv).toBeCloseTo(-43.531938, 5);
    expect(down.bcr).toBeCloseTo(0.776742, 5);
    // Both: NPSV 151.452776 - 233.981657 = -82.528880; BCR 0.647285
    expect(both.key).toBe('costs-up-benefits-down');
    expect(both.npsv).toBeCloseTo(-82.52888, 5);
    expect(both.bcr).toBeCloseTo(0.647285, 5);
  });

  it('gives a null BCR when there is no cost, in the central case and the sensitivities', () => {
    const r = appraise(appraisalInput({ costs: [] }));
    expect(r.pvCosts).toBe(0);
    expect(r.bcr).toBeNull();
    expect(r.npsv).toBeCloseTo(189.31597, 5);
    expect(r.sensitivity.map((s) => s.bcr)).toEqual([null, null, null]);
  });

  it('rounds only in the presentation copy', () => {
    const r = appraise(appraisalInput());
    const rounded = roundAppraisal(r);
    expect(rounded.pvCosts).toBe(194.98);
    expect(rounded.npsv).toBe(-5.67);
    expect(rounded.bcr).toBe(0.97);
    expect(rounded.sensitivity[2].npsv).toBe(-82.53);
    expect(r.pvCosts).not.toBe(194.98);
  });
});

describe('stage 6 appraisal: validation', () => {
  const fields = (input: Parameters<typeof validateAppraisalInput>[0]) => validateAppraisalInput(input).map((e) => e.field);

  it('accepts a good appraisal', () => {
    expect(validateAppraisalInput(appraisalInput())).toEqual([]);
  });

  it('rejects a negative, fractional, zero or longer than 125-year period', () => {
    for (const periodYears of [-1, 0, 2.5, 126]) expect(fields(appraisalInput({ periodYears }))).toContain('periodYears');
    expect(fields(appraisalInput({ periodYears: 125 }))).not.toContain('periodYears');
  });

  it('rejects a discount rate outside 0..0.2', () => {
    expect(fields(appraisalInput({ discountRate: -0.01 }))).toEqual(['discountRate']);
    expect(fields(appraisalInput({ discountRate: 3.5 }))).toEqual(['discountRate']);
    expect(fields(appraisalInput({ discountRate: 0.2 }))).toEqual([]);
    expect(fields(appraisalInput({ discountRate: 0 }))).toEqual([]);
  });

  it('rejects negative costs and benefits', () => {
    const errors = validateAppraisalInput(
      appraisalInput({ costs: [{ year: 0, capital: -5, revenue: 0 }], benefits: [{ year: 0, amount: -1 }] }),
    );
    expect(errors.map((e) => e.field)).toEqual(['costs[0].capital', 'benefits[0].amount']);
    expect(errors[0].message).toMatch(/from 0 to 1,000,000,000,000/);
  });

  it('rejects years outside the appraisal period', () => {
    expect(fields(appraisalInput({ periodYears: 3, costs: [{ year: 3, capital: 1, revenue: 0 }], benefits: [{ year: -1, amount: 1 }] }))).toEqual([
      'costs[0].year',
      'benefits[0].year',
    ]);
  });

  it('requires integer scores 1..5 with a rationale for each criterion', () => {
    const errors = fields(
      appraisalInput({
        scores: {
          deliverability: { score: 0, rationale: 'x' },
          operationalSustainability: { score: 3.5, rationale: 'x' },
          affordability: { score: 3, rationale: '  ' },
        },
      }),
    );
    expect(errors).toEqual(['scores.deliverability.score', 'scores.operationalSustainability.score', 'scores.affordability.rationale']);
    expect(fields(appraisalInput({ scores: {} }))).toHaveLength(6);
  });

  it('appraise refuses invalid input; tryAppraise reports it', () => {
    expect(() => appraise(appraisalInput({ periodYears: -1 }))).toThrow(AppraisalInputError);
    expect(tryAppraise(appraisalInput({ periodYears: -1 })).errors[0].field).toBe('periodYears');
    expect(tryAppraise(null).result).toBeNull();
    expect(tryAppraise(appraisalInput()).result?.pvCosts).toBeCloseTo(194.984714, 5);
  });
});
