import { BoardHistoryEntry, buildHighlightReport, highlight, recentDecisions, renderHighlightHtml, renderHighlightMarkdown } from '../../../workflows/board';

const S2 = 'population-health-and-care-needs' as const;
let seq = 0;
const e = (type: string, payload: Record<string, unknown> = {}, extra: Partial<BoardHistoryEntry> = {}): BoardHistoryEntry => ({
  sequence: ++seq,
  occurredAt: '2025-06-20T09:30:00.000Z',
  type,
  stage: S2,
  outcome: 'accepted',
  actorName: 'Pat <b>Manager</b>',
  payload,
  ...extra,
});

const history = [
  e('PROJECT_CREATED', {}, { stage: null, stages: { 'planning-and-codesign': 'in-progress' } }),
  ...Array.from({ length: 8 }, () => e('DELIVERABLE_UPDATED')),
  e('SUBMIT_FOR_REVIEW'),
  e('REVIEW_DECISION_RECORDED', { decision: 'request-changes', comment: 'Split | the table <script>', round: 1, group: 'stakeholder-group' }),
  e('REQUEST_CHANGES', { reason: 'Future needs missing' }),
  e('SUBMIT_FOR_REVIEW'),
  e('APPROVE_STAGE', {}, { outcome: 'refused', blockers: [{ code: 'REVIEW_NO_STAKEHOLDER_APPROVAL', message: 'Waiting | for <Sue>.' }] }),
  ...Array.from({ length: 8 }, () => e('PUT_ON_HOLD', { reason: 'r' })),
];

const project = {
  name: 'Wantage & <Grove> | villages',
  slug: 'wantage',
  scope: 'town',
  area: 'OX12',
  districts: ['Vale of White Horse'],
  pcns: [{ code: 'wantage', name: 'Wantage', registeredPopulation: 30070 }],
  registeredPopulation: 30070,
  status: 'active' as const,
};

describe('board: highlight report', () => {
  const h = highlight({
    status: 'active',
    stages: {
      'planning-and-codesign': 'approved',
      'population-health-and-care-needs': 'in-review',
      'review-of-services-and-assets': 'in-progress',
      'innovation-and-good-practice': 'in-progress',
      'meeting-population-needs': 'not-started',
      'development-of-options': 'not-started',
    },
    plans: { [S2]: '2025-06-10' },
    history,
    blockers: { [S2]: [{ code: 'REVIEW_NO_STAKEHOLDER_APPROVAL', message: 'Waiting for | <Sue>' }] },
    today: '2025-06-30',
  });
  const report = buildHighlightReport(project, h, history);

  it('keeps the last 10 accepted decisions of the board types, newest first, with who and when', () => {
    expect(report.recentDecisions).toHaveLength(10);
    expect(report.recentDecisions[0].sequence).toBeGreaterThan(report.recentDecisions[9].sequence);
    expect(report.recentDecisions.some((d) => d.type === 'APPROVE_STAGE')).toBe(false); // the refused one
    const all = recentDecisions(history, 100);
    expect(all.map((d) => d.type)).not.toContain('DELIVERABLE_UPDATED');
    expect(all.find((d) => d.type === 'REVIEW_DECISION_RECORDED')!.summary).toBe('Review (round 1, stakeholder-group) asked for changes: Split | the table <script>');
    expect(all.find((d) => d.type === 'REQUEST_CHANGES')!.summary).toBe('Changes requested: Future needs missing');
  });

  it('carries the RAG, stage targets and lateness, current blockers and refusals', () => {
    expect(report.rag).toBe('red');
    expect(report.stages.find((s) => s.stage === S2)).toMatchObject({ targetDate: '2025-06-10', daysLate: 20 });
    expect(report.currentBlockers).toEqual([{ code: 'REVIEW_NO_STAKEHOLDER_APPROVAL', message: 'Waiting for | <Sue>', stage: S2 }]);
    expect(report.refusals.map((r) => r.type)).toEqual(['APPROVE_STAGE']);
  });

  it('Markdown escapes pipes in table cells and markup in user text', () => {
    const md = renderHighlightMarkdown(report);
    expect(md).toContain('# Highlight report: Wantage & \\<Grove\\> \\| villages');
    expect(md).toContain('Waiting \\| for \\<Sue\\>.');
    expect(md).not.toMatch(/[^\\]\| the table/);
    // every table row has exactly the header's number of unescaped cell separators
    for (const line of md.split('\n').filter((l) => l.startsWith('| When | Command'))) expect(line.split(/(?<!\\)\|/).length).toBe(7);
    const refusalRow = md.split('\n').find((l) => l.includes('Waiting \\| for'))!;
    expect(refusalRow.split(/(?<!\\)\|/).length).toBe(7);
  });

  it('HTML escapes all user text and is a whole document', () => {
    const html = renderHighlightHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<Sue>');
    expect(html).not.toContain('<b>Manager');
    expect(html).toContain('Wantage &amp; &lt;Grove&gt; | villages');
    expect(html).toContain('Pat &lt;b&gt;Manager&lt;/b&gt;');
    expect(html).toContain('RED');
  });
});
