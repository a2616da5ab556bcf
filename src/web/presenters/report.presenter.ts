import { Injectable } from '@nestjs/common';
import { HighlightReport } from '../../../workflows/board';
import { BoardService } from '../../board/board.service';
import { PROJECT_STATUS, RAG, STAGE_STATUS } from './labels';
import { typeLabel } from './history.presenter';

/** The board's highlight report (BoardService, as GET /api/projects/:slug/report) as a printable page. */
@Injectable()
export class ReportPresenter {
  constructor(private readonly board: BoardService) {}

  async page(slug: string) {
    const r = (await this.board.highlightReport(slug, 'json')) as HighlightReport;
    return {
      pageTitle: `Highlight report: ${r.project.name}`,
      generatedOn: r.generatedOn,
      project: { ...r.project, status: PROJECT_STATUS[r.project.status] },
      pcns: r.project.pcns.map((p) => p.name).join(', '),
      rag: RAG[r.rag],
      reasons: r.reasons.map((x) => ({ rag: RAG[x.rag], message: x.message })),
      lastActivity: r.lastActivity,
      stages: r.stages.map((s) => ({
        order: s.order,
        title: s.title,
        status: STAGE_STATUS[s.status],
        targetDate: s.targetDate,
        daysLate: s.daysLate,
        daysInStage: s.daysInStage,
        pendingReviewers: s.pendingReviewers,
      })),
      blockers: r.currentBlockers.map((b) => ({ stage: r.stages.find((s) => s.stage === b.stage)?.title ?? b.stage, message: b.message })),
      decisions: r.recentDecisions.map((d) => ({ occurredAt: d.occurredAt, who: d.actorName ?? 'System', summary: d.summary })),
      refusals: r.refusals.map((x) => ({ occurredAt: x.occurredAt, who: x.actorName ?? 'System', what: typeLabel(x.type), message: x.message })),
      thresholds: r.thresholds,
    };
  }
}
