import {
  escapeHtml,
  formatMoney,
  renderBusinessCaseHtml,
  renderBusinessCaseMarkdown,
  type BusinessCaseDocumentInput,
} from '../../../workflows/stage6';
import { appraisalInput, assurance, businessCase, estateAppraisal, options } from './fixtures';

function input(): BusinessCaseDocumentInput {
  const opts = options();
  // Hub: 1,200,000 capital in year 0 and 150,000 revenue in years 1-2; benefits 900,000 in years 1-2.
  // PV costs = 1,200,000 + 150,000/1.035 + 150,000/1.071225 = 1,200,000 + 144,927.54 + 140,026.61 = 1,484,954.14
  // PV benefits = 900,000 * (0.966184 + 0.933511) = 1,709,725.43; NPSV = 224,771.28 (£224,771); BCR = 1.15
  opts.find((o) => o.id === 'hub')!.appraisal = appraisalInput({
    costs: [
      { year: 0, capital: 1_200_000, revenue: 0 },
      { year: 1, capital: 0, revenue: 150_000 },
      { year: 2, capital: 0, revenue: 150_000 },
    ],
    benefits: [
      { year: 1, amount: 900_000 },
      { year: 2, amount: 900_000 },
    ],
  });
  opts.find((o) => o.id === 'hub')!.significantServiceChange = { confirmed: true, reason: 'Moves clinics to one site' };
  const bc = businessCase();
  bc.financial.fundingSources = [{ source: 'System capital', amount: 1_000_000, confirmed: true }];
  bc.financial.fundingGapPlan = 'Bid to the ICB capital programme';
  return { projectName: 'Wantage (OX12)', options: opts, businessCase: bc, assurance: assurance(), preparedOn: '2023-03-14' };
}

describe('formatMoney', () => {
  it('formats whole pounds with thousands separators', () => {
    expect(formatMoney(1234567)).toBe('£1,234,567');
    expect(formatMoney(999.5)).toBe('£1,000');
    expect(formatMoney(0)).toBe('£0');
    expect(formatMoney(-5668.74)).toBe('-£5,669');
  });
});

describe('renderBusinessCaseMarkdown', () => {
  const md = renderBusinessCaseMarkdown(input());

  it('has the title, project, preferred option and every case with its sections', () => {
    expect(md.startsWith('# Outline Business Case: Wantage (OX12)\n')).toBe(true);
    expect(md).toContain('- **Preferred option:** Hub at Wantage Community Hospital');
    for (const h of ['## Strategic case', '## Economic case', '## Commercial case', '## Financial case', '## Management case', '### Spending objectives', '### Risk register', '### Post-implementation evaluation']) {
      expect(md).toContain(h);
    }
  });

  it('has the short list and appraisal tables with money formatted and sensitivity rows', () => {
    expect(md).toContain('| Option | Kind | Preferred | Deliverability | Operational sustainability | Affordability | Significant service change | Quick win |');
    expect(md).toContain('| Option | Case | PV costs | PV benefits | NPSV | BCR |');
    expect(md).toContain('| --- | --- | ---: | ---: | ---: | ---: |');
    expect(md).toContain('| Hub at Wantage Community Hospital | Central (10 years, Green Book declining schedule) | £1,484,954 | £1,709,725 | £224,771 | 1.15 |');
    expect(md).toContain('| Hub at Wantage Community Hospital | Costs +20% |');
    expect(md).toContain('| Hub at Wantage Community Hospital | Benefits -20% |');
    expect(md).toContain('| Hub at Wantage Community Hospital | Costs +20% and benefits -20% |');
    // Cash requirement 1,500,000 against funding 1,000,000.
    expect(md).toContain('exceeds the identified (confirmed) funding of £1,000,000: a gap of £500,000');
    expect(md).toContain('Strong public and patient engagement');
  });

  it('prints the affordability statement under its own heading, not under the plan to close the funding gap', () => {
    const i = input();
    i.businessCase.financial.affordabilityStatement = 'Affordable within the ICB envelope once the bid succeeds.';
    i.businessCase.financial.fundingSources.push({ source: 'Section 106 (expected)', amount: 400_000, confirmed: false });
    const out = renderBusinessCaseMarkdown(i);
    const gapPlan = out.indexOf('### Plan to close the funding gap\n\nBid to the ICB capital programme\n');
    const statement = out.indexOf('### Affordability statement\n\nAffordable within the ICB envelope once the bid succeeds.');
    expect(gapPlan).toBeGreaterThan(0);
    expect(statement).toBeGreaterThan(gapPlan);
    // the unconfirmed £400,000 is shown but not counted: the gap stays £500,000
    expect(out).toContain('exceeds the identified (confirmed) funding of £1,000,000: a gap of £500,000');
    expect(out).toContain('A further £400,000 is listed but not confirmed, so it is not counted as identified.');
  });

  it('escapes user text so it cannot break tables or become markup', () => {
    const i = input();
    i.options[0].title = 'BAU | <script>alert(1)</script>';
    i.businessCase.commercial.procurementRoute = '# not a heading';
    const out = renderBusinessCaseMarkdown(i);
    expect(out).toContain('BAU \\| \\<script\\>alert(1)\\</script\\>');
    expect(out).not.toContain('<script>');
    expect(out).toContain('\\# not a heading');
  });
});

describe('renderBusinessCaseHtml', () => {
  it('produces a standalone document with the same tables', () => {
    const html = renderBusinessCaseHtml(input());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Outline Business Case: Wantage (OX12)</title>');
    expect(html).toContain('<caption>Short list</caption>');
    expect(html).toContain('<th scope="col" class="num">NPSV</th>');
    expect(html).toContain('<td class="num">£224,771</td>');
    expect(html).toContain('<h2>Management case</h2>');
    expect(html).toMatch(/<\/html>\n$/);
  });

  it('escapes all user text', () => {
    const i = input();
    i.projectName = 'Banbury & "Horton" <b>';
    i.options[2].title = '<img src=x onerror=alert(1)>';
    i.businessCase.strategic.scope = "It's <script>bad()</script>";
    i.businessCase.management.riskRegister[0].description = '</td><td>';
    const html = renderBusinessCaseHtml(i);
    expect(html).toContain('<title>Outline Business Case: Banbury &amp; &quot;Horton&quot; &lt;b&gt;</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('It&#39;s &lt;script&gt;bad()&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('<td>&lt;/td&gt;&lt;td&gt;</td>');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});

describe('the economic case to the Green Book (Markdown and HTML)', () => {
  // Hub: the hand-worked 60-year estate case (see greenbook.spec.ts): PV costs 20,862,657.55,
  // PV benefits 22,455,044.40 (health 5,243,856.58), NPSV 1,592,386.86, BCR 1.08, switching values
  // 7.63% (costs) and 7.09% (benefits), EAC 795,420.07.
  // Spokes: the 10-year example with optimism bias 24% capital, 5% revenue: PV costs 194.98 -> 223.73,
  // NPSV -5.67 -> -34.42, BCR 0.97 -> 0.85; switching values -15.38% and -18.18%.
  // Ranking: hub leads the best other option (NPSV -5.668744) by 1,592,392.52: costs +7.63%, benefits -7.09%.
  function greenBookInput(): BusinessCaseDocumentInput {
    const opts = options();
    opts.find((o) => o.id === 'hub')!.appraisal = estateAppraisal();
    opts.find((o) => o.id === 'spokes')!.appraisal = appraisalInput({
      optimismBias: { capitalUpliftPercent: 24, revenueUpliftPercent: 5, basis: 'Standard buildings, upper bound' },
    });
    return { projectName: 'Wantage (OX12)', options: opts, businessCase: businessCase(), preparedOn: '2023-03-14' };
  }
  const md = renderBusinessCaseMarkdown(greenBookInput());
  const html = renderBusinessCaseHtml(greenBookInput());

  it('says which schedule each option was discounted at, with the price base and equivalent annual cost', () => {
    expect(md).toContain(
      '| Hub at Wantage Community Hospital | 60 years | Green Book declining schedule: 3.5% years 0-30, 3% years 31-59 | Green Book health schedule: 1.5% years 0-30, 1.29% years 31-59 | 2024 prices (real) | £795,420 |',
    );
    expect(md).toContain('| Business as usual | 10 years | Green Book declining schedule: 3.5% years 0-9 | no health effects | Not stated | £23 |');
    expect(md).toContain('| Hub at Wantage Community Hospital | Central (60 years, Green Book declining schedule) | £20,862,658 | £22,455,044 | £1,592,387 | 1.08 |');
    expect(md).toContain('| Hub at Wantage Community Hospital | £16,330,148 | £0 | £881,040 | £5,243,857 | £17,211,188 | £22,455,044 |');
    expect(md).toContain('- Hub at Wantage Community Hospital: 2 QALYs a year x £70,000 per QALY');
  });

  it('prints both figures under optimism bias', () => {
    expect(md).toContain('| Spokes in GP practices | Central (10 years, Green Book declining schedule, after optimism bias) | £224 | £189 | -£34 | 0.85 |');
    expect(md).toContain('| Spokes in GP practices | Before optimism bias | £195 | £189 | -£6 | 0.97 |');
    expect(md).toContain('| Spokes in GP practices | Standard buildings, upper bound | 24% | 5% | £195 | £224 | -£6 | -£34 | 0.97 | 0.85 |');
    expect(html).toContain('<caption>Optimism bias: costs uplifted before discounting, figures before and after</caption>');
    expect(html).toContain('<td class="num">-£34</td>');
  });

  it('shows the switching values and the change at which the preferred option stops ranking first', () => {
    expect(md).toContain('| Option | NPSV | Rise in PV costs | Fall in PV benefits |');
    expect(md).toContain('| Hub at Wantage Community Hospital | £1,592,387 | 7.6% | 7.1% |');
    expect(md).toContain('| Spokes in GP practices | -£34 | -15.4% (NPSV already below zero) | -18.2% (NPSV already below zero) |');
    expect(md).toContain(
      'Hub at Wantage Community Hospital ranks first on NPSV, £1,592,393 ahead of Business as usual. It stops ranking first if its PV costs rise by 7.6% or its PV benefits fall by 7.1%.',
    );
    expect(html).toContain('<caption>Switching values: the change at which NPSV reaches zero</caption>');
    expect(html).toContain('<td>Green Book declining schedule: 3.5% years 0-30, 3% years 31-59</td>');
    expect(html).toContain('It stops ranking first if its PV costs rise by 7.6% or its PV benefits fall by 7.1%.');
  });

  it('shows a flat rate as flat, and nominal figures converted to the price base', () => {
    const i = greenBookInput();
    i.options.find((o) => o.id === 'dm')!.appraisal = appraisalInput({
      periodYears: 3,
      discountRate: 0.05,
      prices: 'nominal',
      priceBaseYear: 2024,
      firstYear: 2024,
      deflators: [{ year: 2024, index: 100 }, { year: 2025, index: 102 }, { year: 2026, index: 104.04 }],
      costs: [{ year: 0, capital: 1000, revenue: 0 }, { year: 1, capital: 0, revenue: 510 }],
      benefits: [{ year: 2, amount: 1040.4 }],
    });
    const out = renderBusinessCaseMarkdown(i);
    expect(out).toContain('| Do minimum: refurbish clinic rooms | 3 years | flat 5% (rate given) | no health effects | 2024 prices (real), converted from nominal with the deflators given |');
    expect(out).toContain('| Do minimum: refurbish clinic rooms | Central (3 years at flat 5%) |');
    expect(out).toContain('_Do minimum: refurbish clinic rooms: nominal figures converted to 2024 prices_');
    expect(out).toContain('| 1 | 2025 | 0.9804 | £510 | £500 | £0 | £0 |');
    expect(out).toContain('| 2 | 2026 | 0.9612 | £0 | £0 | £1,040 | £1,000 |');
  });
});
