import { STAGE_KEYS } from '../../workflows';
import { SCORES, createShortList, registerIds } from './support/stage6-stage-work';
import { TestApp } from './support/test-app';

/**
 * The appraisal to the Green Book through the API: the declining schedule by default, health
 * effects at the health rate, benefit kinds, optimism bias, switching values (per option and the
 * preferred option's ranking), price base with nominal conversion, equivalent annual cost, and
 * 400s with one plain message per field. Figures are the hand-worked 60-year estate case of
 * test/unit/stage6/greenbook.spec.ts (worked separately and typed in), here to the penny.
 */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Capital £2m, £6m, £4m in years 0-2; revenue £400k a year and benefits to year 59 (cash-releasing, societal, health). */
const estate = {
  scores: SCORES,
  periodYears: 60,
  priceBaseYear: 2024,
  costs: [
    { year: 0, capital: 2_000_000, revenue: 0, description: 'Enabling works' },
    { year: 1, capital: 6_000_000, revenue: 0 },
    { year: 2, capital: 4_000_000, revenue: 0 },
    ...range(3, 59).map((year) => ({ year, capital: 0, revenue: 400_000 })),
  ],
  benefits: [
    ...range(3, 59).map((year) => ({ year, amount: 700_000 })),
    ...range(10, 59).map((year) => ({ year, amount: 50_000, kind: 'societal' })),
    ...range(3, 59).map((year) => ({ year, amount: 140_000, kind: 'health' })),
  ],
  healthValuation: '2 QALYs a year x £70,000 per QALY',
  unquantifiedBenefits: ['Care closer to home'],
};
const optimismBias = { capitalUpliftPercent: 24, revenueUpliftPercent: 5, basis: 'Standard buildings, upper bound 24% on capital; 5% on running costs' };

describe('development of options (e2e): appraisal to the Green Book', () => {
  let t: TestApp;
  const slug = 'stage6-greenbook';
  const api = (path = '') => `/api/projects/${slug}${path}`;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(slug, stage);
      await t.submitAndApprove(slug, stage);
    }
    // bau (appraisal at half scale: NPSV -2,834.37), do-minimum (NPSV -5,668.74) and the preferred hub.
    await createShortList(t, slug, (await registerIds(t, slug, 'proposals')).slice(0, 1));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('discounts a 60-year case on the declining schedule, health lines at the health schedule, and totals each kind of benefit', async () => {
    const res = await t.as('pm').put(api('/options/hub/appraisal')).send(estate).expect(200);
    const r = res.body.result;
    expect(r.discounting).toEqual({
      kind: 'green-book-schedule',
      bands: [{ fromYear: 0, toYear: 30, rate: 0.035 }, { fromYear: 31, toYear: 59, rate: 0.03 }],
      label: 'Green Book declining schedule: 3.5% years 0-30, 3% years 31-59',
    });
    expect(r.healthDiscounting.label).toBe('Green Book health schedule: 1.5% years 0-30, 1.29% years 31-59');
    expect(r.years[40]).toMatchObject({ discountFactor: 0.265105, healthDiscountFactor: 0.562799 });
    expect(r.years[59]).toMatchObject({ discountFactor: 0.151185, healthDiscountFactor: 0.441152 });
    expect(r).toMatchObject({
      periodYears: 60,
      pvCapital: 11531144.25,
      pvRevenue: 9331513.3,
      pvCosts: 20862657.55,
      pvBenefits: 22455044.4,
      pvHealthBenefits: 5243856.58,
      pvNonHealthBenefits: 17211187.82,
      npsv: 1592386.86,
      bcr: 1.08,
      switchingValues: { costsIncreasePercent: 7.63, benefitsDecreasePercent: 7.09 },
      equivalentAnnualCost: 795420.07,
      optimismBias: null,
      healthValuation: '2 QALYs a year x £70,000 per QALY',
      priceBase: { year: 2024, prices: 'real', firstYear: null },
      totalCost: 34800000,
    });
    expect(r.benefitsByKind).toEqual({
      'cash-releasing': { total: 39900000, pv: 16330148.27 },
      'non-cash-releasing': { total: 0, pv: 0 },
      societal: { total: 2500000, pv: 881039.55 },
      health: { total: 7980000, pv: 5243856.58 },
    });
    // Preferred hub leads bau (NPSV -2,834.37) by 1,595,221.23: costs +7.65% or benefits -7.10% and it no longer ranks first.
    const list = await t.as('pm').get(api('/appraisals')).expect(200);
    expect(list.body.rankingSwitch).toEqual({
      preferredOptionId: 'hub',
      rankedFirst: true,
      runnerUpId: 'bau',
      npsvMargin: 1595221.23,
      costsIncreasePercent: 7.65,
      benefitsDecreasePercent: 7.1,
    });
    expect(list.body.items.find((i: { optionId: string }) => i.optionId === 'bau').result.switchingValues).toEqual({ costsIncreasePercent: -2.91, benefitsDecreasePercent: -2.99 });
  });

  it('uplifts costs for optimism bias before discounting and answers both figures; the documents print them', async () => {
    const res = await t.as('pm').put(api('/options/hub/appraisal')).send({ ...estate, optimismBias }).expect(200);
    const r = res.body.result;
    expect(r).toMatchObject({ pvCapital: 14298618.87, pvRevenue: 9798088.96, pvCosts: 24096707.83, pvBenefits: 22455044.4, npsv: -1641663.43, bcr: 0.93 });
    expect(r.optimismBias).toEqual({
      ...optimismBias,
      before: { pvCosts: 20862657.55, pvBenefits: 22455044.4, npsv: 1592386.86, bcr: 1.08, pvCapital: 11531144.25, pvRevenue: 9331513.3 },
      after: { pvCosts: 24096707.83, pvBenefits: 22455044.4, npsv: -1641663.43, bcr: 0.93 },
    });
    expect(r.years[1]).toMatchObject({ cost: 6000000, upliftedCost: 7440000 });
    expect(r.switchingValues).toEqual({ costsIncreasePercent: -6.81, benefitsDecreasePercent: -7.31 });
    expect(r.equivalentAnnualCost).toBe(918723.09);
    expect(r.sensitivity[0]).toMatchObject({ pvCosts: 28916049.4, npsv: -6461005 });
    // The uplift costs the hub its lead: bau is now 1,638,829.06 ahead.
    const list = await t.as('pm').get(api('/appraisals')).expect(200);
    expect(list.body.rankingSwitch).toMatchObject({ rankedFirst: false, runnerUpId: 'bau', npsvMargin: -1638829.06, costsIncreasePercent: -6.8, benefitsDecreasePercent: -7.3 });

    const md = (await t.as('pm').get(api('/business-case/document?format=markdown')).expect(200)).text;
    expect(md).toContain('| Integrated care hub | 60 years | Green Book declining schedule: 3.5% years 0-30, 3% years 31-59 | Green Book health schedule: 1.5% years 0-30, 1.29% years 31-59 | 2024 prices (real) | £918,723 |');
    expect(md).toContain('| Integrated care hub | Central (60 years, Green Book declining schedule, after optimism bias) | £24,096,708 | £22,455,044 | -£1,641,663 | 0.93 |');
    expect(md).toContain('| Integrated care hub | Before optimism bias | £20,862,658 | £22,455,044 | £1,592,387 | 1.08 |');
    expect(md).toContain('| Integrated care hub | Standard buildings, upper bound 24% on capital; 5% on running costs | 24% | 5% | £20,862,658 | £24,096,708 | £1,592,387 | -£1,641,663 | 1.08 | 0.93 |');
    expect(md).toContain('| Integrated care hub | -£1,641,663 | -6.8% (NPSV already below zero) | -7.3% (NPSV already below zero) |');
    expect(md).toContain('Integrated care hub does not rank first on NPSV: Business as usual is £1,638,829 ahead.');
    expect(md).toContain('| Business as usual | Central (10 years, Green Book declining schedule) | £97,492 | £94,658 | -£2,834 | 0.97 |');
    const html = (await t.as('pm').get(api('/business-case/document?format=html')).expect(200)).text;
    expect(html).toContain('<td>Integrated care hub</td><td>Before optimism bias</td><td class="num">£20,862,658</td>');
    expect(html).toContain('<caption>Switching values: the change at which NPSV reaches zero</caption>');
    expect(html).toContain('<td>Green Book health schedule: 1.5% years 0-30, 1.29% years 31-59</td>');
  });

  it('keeps an explicit discount rate flat and says so', async () => {
    const res = await t.as('pm').put(api('/options/do-minimum/appraisal')).send({ ...estate, discountRate: 0.035, healthDiscountRate: 0.015 }).expect(200);
    expect(res.body.result.discounting).toEqual({ kind: 'flat', bands: [{ fromYear: 0, toYear: 59, rate: 0.035 }], label: 'flat 3.5% (rate given)' });
    expect(res.body.result.years[40].discountFactor).toBe(0.252572);
    // At the flat rate PV costs are 20,698,386.47 against 20,862,657.55 on the schedule.
    expect(res.body.result.pvCosts).toBe(20698386.47);
    const md = (await t.as('pm').get(api('/business-case/document?format=markdown')).expect(200)).text;
    expect(md).toContain('| Do minimum: longer opening | Central (60 years at flat 3.5%) | £20,698,386 |');
  });

  it('converts nominal figures to the price base year with the deflators and shows the conversion', async () => {
    // 2024 = 100, 2025 = 102, 2026 = 104.04: nominal £510 in 2025 and £520.20 in 2026 are £500 in 2024 prices.
    const nominal = {
      scores: SCORES,
      periodYears: 3,
      prices: 'nominal',
      priceBaseYear: 2024,
      firstYear: 2024,
      deflators: [{ year: 2024, index: 100 }, { year: 2025, index: 102 }, { year: 2026, index: 104.04 }],
      costs: [{ year: 0, capital: 1000, revenue: 0 }, { year: 1, capital: 0, revenue: 510 }, { year: 2, capital: 0, revenue: 520.2 }],
      benefits: [{ year: 2, amount: 1040.4 }],
    };
    const res = await t.as('pm').put(api('/options/do-minimum/appraisal')).send(nominal).expect(200);
    const r = res.body.result;
    expect(r.years.map((y: { cost: number }) => y.cost)).toEqual([1000, 500, 500]);
    expect(r.years[1].nominal).toEqual({ capital: 0, revenue: 510, benefit: 0, deflatorFactor: 0.980392 });
    expect(r).toMatchObject({ pvCosts: 1949.85, pvBenefits: 933.51, npsv: -1016.34, equivalentAnnualCost: 672.43, priceBase: { year: 2024, prices: 'nominal', firstYear: 2024 } });
    const md = (await t.as('pm').get(api('/business-case/document?format=markdown')).expect(200)).text;
    expect(md).toContain('_Do minimum: longer opening: nominal figures converted to 2024 prices_');
    expect(md).toContain('| 2 | 2026 | 0.9612 | £520 | £500 | £1,040 | £1,000 |');
  });

  it('answers 400 with one plain message per field for bad Green Book input, and changes nothing', async () => {
    const before = (await t.as('pm').get(api('/options/hub/appraisal')).expect(200)).body;
    const bad = async (body: Record<string, unknown>) => {
      const res = await t.as('pm').put(api('/options/hub/appraisal')).send({ ...estate, ...body }).expect(400);
      return res.body.fields as { field: string; message: string }[];
    };
    expect(await bad({ periodYears: 126 })).toEqual([{ field: 'periodYears', message: 'The appraisal period must be a whole number of years from 1 to 125.' }]);
    expect(await bad({ healthValuation: null })).toEqual([
      { field: 'healthValuation', message: 'Say how the health benefits were valued in pounds (e.g. "QALYs x £70,000 per QALY"): the business case states it.' },
    ]);
    expect(await bad({ benefits: [{ year: 3, amount: 1, kind: 'wellbeing' }] })).toEqual([
      { field: 'benefits[0].kind', message: 'The kind of benefit must be one of: cash-releasing, non-cash-releasing, societal, health.' },
    ]);
    expect(await bad({ optimismBias: { capitalUpliftPercent: 250, revenueUpliftPercent: -1, basis: ' ' } })).toEqual([
      { field: 'optimismBias.capitalUpliftPercent', message: 'The capital uplift must be a percentage from 0 to 200 (e.g. 24 for 24%).' },
      { field: 'optimismBias.revenueUpliftPercent', message: 'The revenue uplift must be a percentage from 0 to 200 (e.g. 24 for 24%).' },
      { field: 'optimismBias.basis', message: 'Say which project type and mitigation the uplifts come from (the Green Book supplementary guidance).' },
    ]);
    expect((await bad({ optimismBias: 'lots' })).map((f) => f.field)).toContain('optimismBias');
    expect((await bad({ optimismBias: { capitalUpliftPercent: 'x', revenueUpliftPercent: 5, basis: 'x' } })).map((f) => f.field)).toEqual(['optimismBias.capitalUpliftPercent']);
    expect(await bad({ healthDiscountRate: 0.5 })).toEqual([
      { field: 'healthDiscountRate', message: 'The health discount rate must be a fraction from 0 to 0.2 (e.g. 0.015 for 1.5%), or left out for the Green Book health schedule.' },
    ]);
    expect(await bad({ priceBaseYear: 24 })).toEqual([{ field: 'priceBaseYear', message: 'The price base year must be a calendar year from 1900 to 2200.' }]);
    expect(await bad({ prices: 'cash' })).toEqual([{ field: 'prices', message: 'Prices must be "real" (in the price base year\'s prices) or "nominal" (cash of each year).' }]);
    expect(await bad({ prices: 'nominal', firstYear: 2024, deflators: [{ year: 2024, index: 0 }] })).toEqual([
      { field: 'deflators[0].index', message: 'The deflator index must be a number from 0.001 to 1,000,000.' },
      { field: 'deflators', message: expect.stringMatching(/^Nominal figures need a deflator for the price base year and every year with a figure; missing: 2025, 2026, .*2083\.$/) },
    ]);
    expect(await bad({ prices: 'nominal' })).toEqual([{ field: 'firstYear', message: 'Nominal figures need the calendar year of appraisal year 0.' }]);
    expect((await bad({ deflators: 'x' })).map((f) => f.field)).toContain('deflators');
    expect((await bad({ deflators: [{ year: 'x', index: 1 }] })).map((f) => f.field)).toEqual(['deflators.0.year']);
    expect((await bad({ benefits: [{ year: 3, amount: 1, kind: 7 }] })).map((f) => f.field)).toEqual(['benefits.0.kind']);
    const after = (await t.as('pm').get(api('/options/hub/appraisal')).expect(200)).body;
    expect(after).toEqual(before);
  });

  it('never answers 500 for strange values in the new fields', async () => {
    const strange: unknown[] = [null, '', 'x', -1, 0, 1e308, -1e308, 1e-308, 3.5, true, [], [null], {}, { year: 2024, index: 1e-308 }, '__proto__', { __proto__: { polluted: true } }];
    const fields = ['healthDiscountRate', 'healthValuation', 'optimismBias', 'priceBaseYear', 'prices', 'firstYear', 'deflators'];
    const nominal = { prices: 'nominal', firstYear: 2024, priceBaseYear: 2024 };
    const small = { scores: SCORES, costs: [{ year: 0, capital: 1, revenue: 0 }], benefits: [{ year: 1, amount: 1, kind: 'health' }], healthValuation: 'x' };
    for (const value of strange) {
      const res = await t.as('pm').put(api('/options/bau/appraisal')).send({ ...small, optimismBias: { ...optimismBias, capitalUpliftPercent: value } });
      expect([200, 400]).toContain(res.status);
    }
    for (const field of fields) {
      for (const value of strange) {
        for (const body of [{ ...small, [field]: value }, { ...small, ...nominal, [field]: value }, { ...small, [field]: [value] }]) {
          const res = await t.as('pm').put(api('/options/bau/appraisal')).send(body);
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) for (const f of res.body.fields) expect(typeof f.message).toBe('string');
        }
      }
    }
    const kinds = await t.as('pm').put(api('/options/bau/appraisal')).send({ ...small, benefits: strange.map((kind) => ({ year: 0, amount: 1, kind })) });
    expect(kinds.status).toBe(400);
    const deflated = await t.as('pm').put(api('/options/bau/appraisal')).send({ ...small, ...nominal, deflators: [{ year: 2024, index: 1e-308 }] });
    expect(deflated.body.fields[0]).toEqual({ field: 'deflators[0].index', message: 'The deflator index must be a number from 0.001 to 1,000,000.' });
    await t.as('pm').get(api('/business-case/document')).expect(200);
  });
});
