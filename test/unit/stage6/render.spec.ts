import {
  escapeHtml,
  formatMoney,
  renderBusinessCaseHtml,
  renderBusinessCaseMarkdown,
  type BusinessCaseDocumentInput,
} from '../../../workflows/stage6';
import { appraisalInput, assurance, businessCase, options } from './fixtures';

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
    expect(md).toContain('| Hub at Wantage Community Hospital | Central (10 years at 3.5%) | £1,484,954 | £1,709,725 | £224,771 | 1.15 |');
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
