import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EntityManager, In } from 'typeorm';
import { boardApprover, EVENT, isStageDecision } from '../../workflows';
import { currentDecisions, GROUP_KEYS, REVIEW_GROUPS } from '../../workflows/people';
import { REGISTERS } from '../registers/register-catalogue';
import { NotFoundError } from '../common/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { toDecision } from '../people/people.repository';
import { ReviewDecisionEntity } from '../people/review-decision.entity';
import { ReviewRoundEntity } from '../people/review-round.entity';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectEntity } from '../projects/project.entity';
import { HistoryCheckpointEntity } from './history-checkpoint.entity';

/** One stage decision or business-case approval, as the record shows it. */
export interface DecisionRecord {
  sequence: number;
  occurredAt: string;
  type: string;
  stage: string | null;
  decidedBy: { id: string | null; name: string | null };
  reason: string | null;
  /**
   * Business-case approvals: which case ("all" for the board's decision on the whole business
   * case), who approved it and on what date (the board's meeting date).
   */
  businessCase: { case: string; approvedBy: string | null; approvedAt: string | null } | null;
  /** The board's own decisions: what it decided on, when it met and the minute. */
  board: { target: string; decision: string; meetingDate: string; minuteReference: string; note: string | null } | null;
  /** Approve / request changes: the review round the decision closed, with the decisions standing then. */
  review: {
    round: number;
    openedAt: string;
    decisions: Array<{ reviewerName: string; group: string; decision: string; comment: string; decidedAt: string }>;
    /** Standing approvals per reviewing group at that moment. */
    approvals: Record<string, number>;
  } | null;
  /** The attempt at the same decision refused just before it (what the board was shown as unmet), if any. */
  lastRefusal: { sequence: number; occurredAt: string; blockers: unknown } | null;
  /** The signed checkpoint of the history at this decision. */
  checkpoint: { sequence: number; headHash: string; at: string; keyId: string; signature: string } | null;
  /** The evidence as it stood at the decision: the project's reads asked `?at=` its instant. */
  evidence: DecisionEvidence;
}

export interface DecisionEvidence {
  at: string;
  project: string;
  workflow: string;
  history: string;
  registers: Record<string, string>;
  traceability: string;
  segmentCoverage: string;
  groups: Record<string, string>;
  reviews: string | null;
  options: string;
  appraisals: string;
  businessCase: string;
  businessCaseDocument: string;
  serviceChangeAssurance: string;
  plan: string;
  highlightReport: string;
}

/** Links to every `?at=` read of the project at `at` (the decision's own instant: its entry included). */
export function evidenceLinks(slug: string, at: string, stage: string | null): DecisionEvidence {
  const base = `/api/projects/${encodeURIComponent(slug)}`;
  const q = `at=${encodeURIComponent(at)}`;
  const link = (path: string) => `${base}${path}?${q}`;
  return {
    at,
    project: link(''),
    workflow: link('/workflow'),
    history: link('/history'),
    registers: Object.fromEntries(REGISTERS.map((r) => [r.name, link(`/registers/${r.name}`)])),
    traceability: link('/traceability'),
    segmentCoverage: link('/segment-coverage'),
    groups: Object.fromEntries(GROUP_KEYS.map((g) => [g, link(`/groups/${g}/members`)])),
    reviews: stage ? link(`/stages/${stage}/reviews`) : null,
    options: link('/options'),
    appraisals: link('/appraisals'),
    businessCase: link('/business-case'),
    businessCaseDocument: link('/business-case/document'),
    serviceChangeAssurance: link('/service-change-assurance'),
    plan: link('/plan'),
    highlightReport: link('/highlight-report'),
  };
}

/**
 * Every stage decision and business-case approval of a project, oldest first, from the history,
 * the review rounds and the signed checkpoints.
 */
export async function decisionRecords(transactions: TransactionRunner, slug: string): Promise<DecisionRecord[]> {
  return transactions.read(async (manager) => {
    const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
    if (!project) throw new NotFoundError('Project', slug);
    return build(manager, project.id, slug);
  });
}

/** The board's decision "approved" on the business case: who approved all five cases, on the meeting date. */
function boardBusinessCaseApproval(e: HistoryEntryEntity): DecisionRecord['businessCase'] {
  if (e.type !== EVENT.BOARD_DECISION_RECORDED || e.payload.target !== 'business-case' || e.payload.decision !== 'approved') return null;
  const record = (e.payload.record ?? {}) as { decidedByName?: string; minuteReference?: string };
  return { case: 'all', approvedBy: record.decidedByName ? boardApprover({ decidedByName: record.decidedByName, minuteReference: String(record.minuteReference ?? e.payload.minuteReference) }) : null, approvedAt: String(e.payload.meetingDate) };
}

function boardFields(p: Record<string, unknown>): DecisionRecord['board'] {
  return { target: String(p.target), decision: String(p.decision), meetingDate: String(p.meetingDate), minuteReference: String(p.minuteReference), note: (p.note as string | null) ?? null };
}

const DECISION_TYPES = [EVENT.APPROVE_STAGE, EVENT.REQUEST_CHANGES, EVENT.PUT_ON_HOLD, EVENT.RESUME, EVENT.WITHDRAW, EVENT.BUSINESS_CASE_STATUS_CHANGED, EVENT.BOARD_DECISION_RECORDED];

async function build(manager: EntityManager, projectId: string, slug: string): Promise<DecisionRecord[]> {
  const entries = await manager.find(HistoryEntryEntity, { where: { projectId, type: In(DECISION_TYPES) }, order: { sequence: 'ASC' } });
  const checkpoints = new Map(
    (await manager.find(HistoryCheckpointEntity, { where: { projectId } })).map((c) => [
      Number(c.sequence),
      { sequence: Number(c.sequence), headHash: c.headHash, at: c.at, keyId: c.keyId, signature: c.signature },
    ]),
  );
  const rounds = await manager.find(ReviewRoundEntity, { where: { projectId } });
  const roundDecisions = rounds.length ? await manager.find(ReviewDecisionEntity, { where: { roundId: In(rounds.map((r) => r.id)) }, order: { id: 'ASC' } }) : [];
  const records: DecisionRecord[] = [];
  let refused = new Map<string, HistoryEntryEntity>();
  for (const e of entries) {
    const key = `${e.type} ${e.stage ?? ''} ${(e.payload.case as string | undefined) ?? ''} ${(e.payload.status as string | undefined) ?? ''}`;
    if (e.outcome === 'refused') {
      refused.set(key, e);
      continue;
    }
    if (!isStageDecision(e.type, e.payload)) continue;
    const lastRefusal = refused.get(key);
    refused = new Map([...refused].filter(([k]) => k !== key));
    // the review round this decision closed: closed by the same command, so at the same instant
    const round =
      e.type === EVENT.APPROVE_STAGE || e.type === EVENT.REQUEST_CHANGES ? rounds.find((r) => r.stage === e.stage && r.closedAt === e.occurredAt) : undefined;
    const standing = round ? currentDecisions(roundDecisions.filter((d) => d.roundId === round.id).map((d) => ({ ...toDecision(d), row: d }))) : [];
    records.push({
      sequence: e.sequence,
      occurredAt: e.occurredAt,
      type: e.type,
      stage: e.stage,
      decidedBy: { id: e.actorId, name: e.actorName },
      reason: typeof e.payload.reason === 'string' ? e.payload.reason : null,
      businessCase:
        e.type === EVENT.BUSINESS_CASE_STATUS_CHANGED
          ? { case: String(e.payload.case), approvedBy: (e.payload.approvedBy as string) ?? null, approvedAt: (e.payload.approvedAt as string) ?? null }
          : boardBusinessCaseApproval(e),
      board: e.type === EVENT.BOARD_DECISION_RECORDED ? boardFields(e.payload) : null,
      review: round
        ? {
            round: round.round,
            openedAt: round.openedAt,
            decisions: standing.map((d) => ({ reviewerName: d.reviewerName, group: d.group, decision: d.decision, comment: d.comment, decidedAt: d.row.decidedAt })),
            approvals: Object.fromEntries(REVIEW_GROUPS.map((g) => [g, standing.filter((d) => d.group === g && d.decision === 'approve').length])),
          }
        : null,
      lastRefusal: lastRefusal ? { sequence: lastRefusal.sequence, occurredAt: lastRefusal.occurredAt, blockers: lastRefusal.blockers } : null,
      checkpoint: checkpoints.get(e.sequence) ?? null,
      evidence: evidenceLinks(slug, e.occurredAt, e.stage),
    });
  }
  return records;
}

/** The decisions as CSV (formula-like cells neutralised). */
export function decisionsCsv(records: DecisionRecord[]): Readable {
  const csv = stringify({
    header: true,
    columns: ['sequence', 'occurredAt', 'type', 'stage', 'decidedBy', 'reason', 'businessCase', 'approvedBy', 'approvedAt', 'reviewRound', 'reviewDecisions', 'lastRefusalBlockers', 'checkpointHeadHash', 'evidenceWorkflow', 'evidenceTraceability', 'evidenceReviews', 'evidenceBusinessCase', 'evidenceHighlightReport', 'boardDecision', 'boardMeetingDate', 'boardMinuteReference'],
    escape_formulas: true,
    record_delimiter: 'windows',
  });
  const rows = records.map((r) => ({
    sequence: r.sequence,
    occurredAt: r.occurredAt,
    type: r.type,
    stage: r.stage ?? '',
    decidedBy: r.decidedBy.name ?? '',
    reason: r.reason ?? '',
    businessCase: r.businessCase?.case ?? '',
    approvedBy: r.businessCase?.approvedBy ?? '',
    approvedAt: r.businessCase?.approvedAt ?? '',
    reviewRound: r.review?.round ?? '',
    reviewDecisions: r.review ? r.review.decisions.map((d) => `${d.reviewerName} (${d.group}): ${d.decision}`).join('; ') : '',
    lastRefusalBlockers: r.lastRefusal ? JSON.stringify(r.lastRefusal.blockers) : '',
    checkpointHeadHash: r.checkpoint?.headHash ?? '',
    evidenceWorkflow: r.evidence.workflow,
    evidenceTraceability: r.evidence.traceability,
    evidenceReviews: r.evidence.reviews ?? '',
    evidenceBusinessCase: r.evidence.businessCase,
    evidenceHighlightReport: r.evidence.highlightReport,
    boardDecision: r.board ? `${r.board.target}: ${r.board.decision}` : '',
    boardMeetingDate: r.board?.meetingDate ?? '',
    boardMinuteReference: r.board?.minuteReference ?? '',
  }));
  return Readable.from(rows).pipe(csv);
}
