import { Blocker } from '../blockers';
import { StageKey, stageLabel } from '../framework';
import { ProjectStatus, StageStatus } from '../snapshot';
import { escapeHtml, escapeMarkdown } from '../stage6/render';
import { BOARD_THRESHOLDS, describeMove, Highlight, Rag, RagReason, RefusalSummary, TargetMove } from './highlight';
import { BoardDecisionEntry, DECISION_TYPES, RECENT_DECISIONS_LIMIT } from './history-facts';

/** A decision entry, or any history entry (refused ones are left out). */
type DecisionInput = BoardDecisionEntry & { outcome?: string };

export interface ReportProject {
  name: string;
  slug: string;
  scope: string;
  area: string | null;
  districts: string[];
  pcns: Array<{ code: string; name: string; registeredPopulation: number }>;
  registeredPopulation: number;
  status: ProjectStatus;
}

export interface DecisionSummary {
  sequence: number;
  occurredAt: string;
  type: string;
  stage: string | null;
  actorName: string | null;
  summary: string;
}

export interface HighlightReport {
  generatedOn: string;
  project: ReportProject;
  rag: Rag;
  reasons: RagReason[];
  lastActivity: string | null;
  stages: Array<{
    stage: StageKey;
    order: number;
    title: string;
    status: StageStatus;
    targetDate: string | null;
    daysLate: number | null;
    baselineDate: string | null;
    daysLateAgainstBaseline: number | null;
    targetMoves: TargetMove[];
    daysInStage: number | null;
    pendingReviewers: string[];
  }>;
  /** The blockers of the stages the project stands on now. */
  currentBlockers: Array<Blocker & { stage: StageKey }>;
  recentDecisions: DecisionSummary[];
  refusals: RefusalSummary[];
  thresholds: typeof BOARD_THRESHOLDS;
  /**
   * The latest signed checkpoint of the project's history (null before its first stage
   * decision): a board that minutes this head hash can later prove the history extends it.
   */
  historyCheckpoint: ReportCheckpoint | null;
}

export interface ReportCheckpoint {
  sequence: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a decision entry said, in a line. */
export function describeDecision(e: DecisionInput): string {
  const p = e.payload ?? {};
  const reason = text(p.reason) ? `: ${text(p.reason)}` : '';
  switch (e.type) {
    case 'SUBMIT_FOR_REVIEW':
      return 'Submitted for review';
    case 'APPROVE_STAGE':
      return 'Stage approved';
    case 'REQUEST_CHANGES':
      return `Changes requested${reason}`;
    case 'PUT_ON_HOLD':
      return `Project put on hold${reason}`;
    case 'RESUME':
      return 'Project resumed';
    case 'WITHDRAW':
      return `Project withdrawn${reason}`;
    case 'STAGE_REOPENED': {
      const sent = Array.isArray(p.invalidated) && p.invalidated.length ? `; sent back to not started: ${p.invalidated.map((s) => safeLabel(String(s))).join(', ')}` : '';
      return `Stage reopened${reason}${sent}`;
    }
    case 'REVIEW_DECISION_RECORDED': {
      const kind = p.decision === 'approve' ? 'approved' : p.decision === 'request-changes' ? 'asked for changes' : text(p.decision);
      const where = [p.round !== undefined ? `round ${String(p.round)}` : '', text(p.group)].filter(Boolean).join(', ');
      return `Review ${where ? `(${where}) ` : ''}${kind}${text(p.comment) ? `: ${text(p.comment)}` : ''}`;
    }
    default:
      return e.type;
  }
}

/**
 * The last accepted decisions, newest first. `history` is the whole history, or the decisions the summary row keeps (BoardHistoryFacts.decisions). */
export function recentDecisions(history: readonly DecisionInput[], limit = RECENT_DECISIONS_LIMIT): DecisionSummary[] {
  return history
    .filter((e) => e.outcome !== 'refused' && (DECISION_TYPES as readonly string[]).includes(e.type))
    .sort((a, b) => b.sequence - a.sequence)
    .slice(0, limit)
    .map((e) => ({ sequence: e.sequence, occurredAt: e.occurredAt, type: e.type, stage: e.stage, actorName: e.actorName, summary: describeDecision(e) }));
}

export function buildHighlightReport(
  project: ReportProject,
  h: Highlight,
  history: readonly DecisionInput[],
  historyCheckpoint: ReportCheckpoint | null = null,
): HighlightReport {
  return {
    generatedOn: h.today,
    project,
    rag: h.rag,
    reasons: h.reasons,
    lastActivity: h.lastActivity,
    stages: h.stages.map((s) => ({
      stage: s.stage,
      order: s.order,
      title: s.title,
      status: s.status,
      targetDate: s.targetDate,
      daysLate: s.daysLate,
      baselineDate: s.baselineDate,
      daysLateAgainstBaseline: s.daysLateAgainstBaseline,
      targetMoves: s.targetMoves,
      daysInStage: s.daysInStage,
      pendingReviewers: s.pendingReviewers,
    })),
    currentBlockers: h.stages.filter((s) => s.current).flatMap((s) => s.blockers.map((b) => ({ ...b, stage: s.stage }))),
    recentDecisions: recentDecisions(history),
    refusals: h.refusals,
    thresholds: BOARD_THRESHOLDS,
    historyCheckpoint,
  };
}

// ---- rendering: one list of blocks, two outputs ------------------------------------------

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'fields'; items: Array<[string, string]> }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; empty: string };

const RAG_WORDS: Record<Rag, string> = { red: 'RED', amber: 'AMBER', green: 'GREEN' };
const STATUS_WORDS: Record<string, string> = { 'not-started': 'not started', 'in-progress': 'in progress', 'in-review': 'in review', approved: 'approved' };
const stageName = (key: string | null) => (key ? safeLabel(key) : '');
function safeLabel(key: string): string {
  try {
    return stageLabel(key as StageKey);
  } catch {
    return key;
  }
}
const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

function blocks(r: HighlightReport): Block[] {
  const p = r.project;
  const out: Block[] = [
    { kind: 'heading', level: 1, text: `Highlight report: ${p.name}` },
    {
      kind: 'fields',
      items: [
        ['RAG status', RAG_WORDS[r.rag]],
        ['Project status', p.status],
        ['Scope', p.scope],
        ['Area', p.area ?? 'not recorded'],
        ['Districts', p.districts.join(', ') || 'none recorded'],
        ['PCNs', p.pcns.map((x) => `${x.name} (${x.registeredPopulation.toLocaleString('en-GB')})`).join(', ') || 'none recorded'],
        ['Registered population', p.registeredPopulation.toLocaleString('en-GB')],
        ['Last activity', r.lastActivity ? when(r.lastActivity) : 'none'],
        ['Report date', r.generatedOn],
      ],
    },
    { kind: 'heading', level: 2, text: `RAG: ${RAG_WORDS[r.rag]}` },
    { kind: 'list', items: r.reasons.map((x) => `${RAG_WORDS[x.rag]}: ${x.message}`) },
    { kind: 'heading', level: 2, text: 'Stages' },
    {
      kind: 'table',
      head: ['Stage', 'Status', 'Target date', 'Late by (days)', 'First baseline', 'Late against baseline (days)', 'Days in stage', 'Waiting for'],
      rows: r.stages.map((s) => [
        `${s.order}. ${s.title}`,
        STATUS_WORDS[s.status] ?? s.status,
        s.targetDate ?? 'no plan',
        s.daysLate === null ? '' : String(s.daysLate),
        s.baselineDate ?? '',
        s.daysLateAgainstBaseline === null ? '' : String(s.daysLateAgainstBaseline),
        s.daysInStage === null ? '' : String(s.daysInStage),
        s.pendingReviewers.join(', '),
      ]),
      empty: 'No stages',
    },
    { kind: 'heading', level: 2, text: 'Target date moves' },
    r.stages.some((s) => s.targetMoves.length)
      ? { kind: 'list', items: r.stages.flatMap((s) => s.targetMoves.map((m) => `${stageName(s.stage)}: ${describeMove(m)}.`)) }
      : { kind: 'paragraph', text: 'No target date has been moved.' },
    { kind: 'heading', level: 2, text: 'Blockers of the current stages' },
    r.currentBlockers.length
      ? { kind: 'list', items: r.currentBlockers.map((b) => `${stageName(b.stage)}: ${b.message}`) }
      : { kind: 'paragraph', text: 'None.' },
    { kind: 'heading', level: 2, text: `Recent decisions (last ${RECENT_DECISIONS_LIMIT})` },
    {
      kind: 'table',
      head: ['When', 'Stage', 'Decision', 'Who'],
      rows: r.recentDecisions.map((d) => [when(d.occurredAt), stageName(d.stage), d.summary, d.actorName ?? 'system']),
      empty: 'No decisions yet',
    },
    { kind: 'heading', level: 2, text: `Refused commands (last ${r.thresholds.refusalWindowDays} days)` },
    {
      kind: 'table',
      head: ['When', 'Command', 'Stage', 'Who', 'Why'],
      rows: r.refusals.map((x) => [when(x.occurredAt), x.type, stageName(x.stage), x.actorName ?? 'system', x.message]),
      empty: 'None',
    },
    { kind: 'heading', level: 2, text: 'Signed history checkpoint' },
    r.historyCheckpoint
      ? {
          kind: 'fields',
          items: [
            ['History entry', String(r.historyCheckpoint.sequence)],
            ['Head hash (SHA-256)', r.historyCheckpoint.headHash],
            ['Signed at', when(r.historyCheckpoint.at)],
            ['Signing key', r.historyCheckpoint.keyId],
          ],
        }
      : { kind: 'paragraph', text: 'No stage decision yet, so no signed checkpoint.' },
  ];
  return out;
}

/** Table cells: escaped, pipes included, and on one line. */
const mdCell = (s: string) => escapeMarkdown(s).replace(/\s*\r?\n\s*/g, ' ');

export function renderHighlightMarkdown(r: HighlightReport): string {
  const parts = blocks(r).map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${mdCell(b.text)}`;
      case 'paragraph':
        return mdCell(b.text);
      case 'fields':
        return b.items.map(([k, v]) => `- **${mdCell(k)}:** ${mdCell(v)}`).join('\n');
      case 'list':
        return b.items.map((x) => `- ${mdCell(x)}`).join('\n');
      case 'table': {
        const row = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
        const body = b.rows.length ? b.rows.map(row) : [row([b.empty, ...b.head.slice(1).map(() => '')])];
        return [row(b.head), `| ${b.head.map(() => '---').join(' | ')} |`, ...body].join('\n');
      }
    }
  });
  return `${parts.join('\n\n')}\n`;
}

const RAG_COLOURS: Record<Rag, string> = { red: '#d5281b', amber: '#ffb81c', green: '#007f3b' };

export function renderHighlightHtml(r: HighlightReport): string {
  const body = blocks(r)
    .map((b): string => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${escapeHtml(b.text)}</p>`;
        case 'fields':
          return `<dl>${b.items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
        case 'list':
          return `<ul>${b.items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
        case 'table': {
          const head = b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
          const rows = b.rows.length
            ? b.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
            : [`<tr><td colspan="${b.head.length}">${escapeHtml(b.empty)}</td></tr>`];
          return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
        }
      }
    })
    .join('\n');
  const style =
    'body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#212b32;line-height:1.4}' +
    'table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border:1px solid #aeb7bd;padding:.3em .5em;vertical-align:top;text-align:left}' +
    `th{background:#e8edee}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}.rag{display:inline-block;padding:.2em .6em;color:#fff;background:${RAG_COLOURS[r.rag]}}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`Highlight report: ${r.project.name}`)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<p class="rag">${RAG_WORDS[r.rag]}</p>`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
