import { barChartSvg } from '../../../src/web/presenters/bar-chart';
import { documentBody, withoutEmails } from '../../../src/web/presenters/document-html';
import { historyCsv, neutraliseCell, payloadSummary } from '../../../src/web/presenters/history.presenter';
import { pagination } from '../../../src/web/presenters/paging';
import type { HistoryEntryEntity } from '../../../src/projects/history-entry.entity';

describe('CSV formula neutralising', () => {
  it.each(['=SUM(A1)', '+1', '-1+1', '@cmd', '\tx', '\rx'])('prefixes %j with an apostrophe', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });
  it('leaves other text alone', () => {
    expect(neutraliseCell('Stage approved')).toBe('Stage approved');
    expect(neutraliseCell('1-2')).toBe('1-2');
    expect(neutraliseCell('')).toBe('');
  });
  it('the history CSV neutralises every cell, then quotes it', () => {
    const entry = { sequence: 3, occurredAt: '2026-12-01T10:00:00.000Z', actorName: '=HYPERLINK("x")', type: 'PUT_ON_HOLD', stage: null, outcome: 'accepted', blockers: null, payload: { reason: '@home' } } as unknown as HistoryEntryEntity;
    const [head, row] = historyCsv([entry]).trim().split('\r\n');
    expect(head).toBe('sequence,occurredAt,person,type,stage,outcome,blockers,details');
    expect(row).toBe(`3,2026-12-01T10:00:00.000Z,"'=HYPERLINK(""x"")",PUT_ON_HOLD,,accepted,,reason: @home`);
  });
});

describe('history payload summary', () => {
  it('lists scalar fields with their paths, counts lists of records and cuts long text', () => {
    expect(payloadSummary({ option: { title: 'Hub', filter: { scope: 'OX12' } }, ids: ['a', 'b'], costs: [{ year: 0 }, { year: 1 }] })).toBe('option.title: Hub; option.filter.scope: OX12; ids: a, b; costs: 2 items');
    expect(payloadSummary({ reason: 'x'.repeat(400) }, 50)).toHaveLength(50);
    expect(payloadSummary(null)).toBe('');
  });
});

describe('bar chart', () => {
  it('writes every value as text and hatches negative bars', () => {
    const svg = barChartSvg('NPSV', [
      { label: 'PV costs', value: 100, text: '£100', kind: 'cost' },
      { label: 'NPSV', value: -40, text: '-£40', kind: 'net' },
    ], { id: 'c1' });
    expect(svg).toContain('<title id="c1-title">NPSV</title>');
    expect(svg).toContain('>£100</text>');
    expect(svg).toContain('>-£40</text>');
    expect(svg).toContain('>PV costs</text>');
    expect(svg.match(/fill="url\(#c1-hatch\)"/g)).toHaveLength(1);
  });
  it('escapes labels', () => {
    expect(barChartSvg('<t>', [{ label: 'a<b', value: 1, text: '1' }])).toContain('a&lt;b');
  });
});

describe('document bodies and public text', () => {
  it('takes the body and demotes headings', () => {
    expect(documentBody('<html><body><h1>A</h1><h2>B</h2></body></html>', 1)).toBe('<h2>A</h2><h3>B</h3>');
  });
  it('removes email addresses', () => {
    expect(withoutEmails('ask jo.smith@nhs.net or x@y.org')).toBe('ask [email address removed] or [email address removed]');
    expect(withoutEmails(null)).toBeNull();
  });
});

describe('pagination', () => {
  it('shows the first, last and neighbouring pages with ellipses', () => {
    const p = pagination(250, 5, 25, (n) => `?page=${n}`)!;
    expect(p.items.map((i) => (i.ellipsis ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(p.previous).toEqual({ href: '?page=4' });
    expect(p.next).toEqual({ href: '?page=6' });
    expect(pagination(10, 1, 25, String)).toBeNull();
  });
});
