import { Injectable } from '@nestjs/common';
import { StageKey, stageDefinition } from '../../../workflows';
import { GROUP_LABELS, REVIEW_GROUPS } from '../../../workflows/people';
import { allowsProjectAccess } from '../../auth/access-policy';
import { AuthUser } from '../../auth/current-user';
import { ProjectAccessService } from '../../auth/project-access.service';
import { AppConfig } from '../../config/app-config';
import { EvidenceFilesService } from '../../files/evidence-files.service';
import { ReviewsService } from '../../people/reviews.service';
import { ProjectsService } from '../../projects/projects.service';
import { REGISTERS } from '../../registers/register-catalogue';
import { RegistersService } from '../../registers/registers.service';
import { FormErrors } from '../forms';
import { fileRows, uploadHint } from './evidence-files';
import { STAGE_STATUS } from './labels';
import { registerTable } from './register-forms';
import { Stage6Presenter } from './stage6.presenter';

export interface ReviewFailedForm {
  /** 'decision', 'comment', or `files:<comment id>` (a comment's upload form) */
  key: 'decision' | 'comment' | `files:${number | string}`;
  values: Record<string, unknown>;
  errors: FormErrors;
}

const DECISION_TEXT: Record<string, { text: string; tag: string }> = {
  approve: { text: 'Approved', tag: 'nhsuk-tag--green' },
  'request-changes': { text: 'Changes requested', tag: 'nhsuk-tag--orange' },
};
const ROUND_OUTCOME: Record<string, string> = { open: 'Open', approved: 'Approved', 'changes-requested': 'Changes requested' };
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The review queue and a stage's review page, from ReviewsService, ProjectsService and RegistersService. */
@Injectable()
export class ReviewPresenter {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly projects: ProjectsService,
    private readonly registers: RegistersService,
    private readonly access: ProjectAccessService,
    private readonly stage6: Stage6Presenter,
    private readonly files: EvidenceFilesService,
    private readonly config: AppConfig,
  ) {}

  async queue(user: AuthUser) {
    const waiting = await this.reviews.waitingFor(user);
    return { pageTitle: 'Awaiting your review', items: waiting.items.map((w) => ({ ...w, groups: w.groups.map((g) => GROUP_LABELS[g]) })) };
  }

  async page(slug: string, stage: StageKey, user: AuthUser, failed?: ReviewFailedForm) {
    const [project, review, relation, files, mayChangeFiles] = await Promise.all([
      this.projects.get(slug),
      this.reviews.stageReviews(slug, stage),
      this.access.relation(user, slug),
      this.files.filesByTarget(slug, 'review-comment', stage),
      this.files.changeRule(slug, user),
    ]);
    const view = project.workflow.stages.find((s) => s.key === stage)!;
    const registerDefs = REGISTERS.filter((r) => r.stage === stage);
    const registers = await Promise.all(registerDefs.map(async (def) => ({ def, list: await this.registers.list(slug, def) })));
    const rounds = [...review.rounds].reverse();
    const open = rounds.find((r) => r.outcome === 'open');
    const mine = review.reviewers.filter((r) => r.userId === user.id);
    const canReview = relation !== null && allowsProjectAccess(user, relation, 'review') && review.status === 'in-review' && open !== undefined;
    const myDecision = open?.currentDecisions.find((d) => d.reviewerUserId === user.id);
    return {
      developmentOfOptions: stage === 'development-of-options' ? await this.developmentOfOptions(slug, user) : null,
      pageTitle: `Review of stage ${view.order}: ${view.title} – ${project.name}`,
      project: { slug, name: project.name },
      stage: { key: stage, order: view.order, title: view.title, summary: stageDefinition(stage).summary, status: STAGE_STATUS[view.status] },
      deliverables: view.deliverables.map((d) => ({ title: d.title, done: d.status === 'done', status: capitalise(d.status.replace(/-/g, ' ')), evidence: d.evidence, derived: d.derived })),
      registers: registers.map(({ def, list }) => ({ name: def.name, title: capitalise(def.name.replace(/-/g, ' ')), total: list.total, table: registerTable(def, list.items) })),
      open: open
        ? {
            round: open.round,
            openedAt: open.openedAt,
            openedBy: open.openedBy,
            decisions: open.currentDecisions.map((d) => ({ ...d, groupLabel: capitalise(GROUP_LABELS[d.group]), decisionLabel: DECISION_TEXT[d.decision] })),
            pending: open.pendingReviewers.map((r) => ({ name: r.name, organisation: r.organisation, group: capitalise(GROUP_LABELS[r.group]) })),
            quorum: open.approvalBlockers,
          }
        : null,
      earlier: rounds
        .filter((r) => r.outcome !== 'open')
        .map((r) => ({ round: r.round, outcome: ROUND_OUTCOME[r.outcome] ?? r.outcome, closedAt: r.closedAt, closedBy: r.closedBy, decisions: r.currentDecisions.map((d) => ({ ...d, decisionLabel: DECISION_TEXT[d.decision] })) })),
      comments: [...review.comments].reverse().map((c) => {
        const failedHere = failed?.key === `files:${c.id}`;
        const mayChange = mayChangeFiles({ kind: 'review-comment', stage, commentId: c.id }, c.authorUserId);
        return {
          ...c,
          files: fileRows(files.get(String(c.id))),
          removable: mayChange,
          // the author's upload form while the API would take a file; shown again after a refusal, with the reason at the field
          uploadable: mayChange || (failedHere && c.authorUserId === user.id),
          fileError: failedHere ? failed.errors.fields[`file-comment-${c.id}`] : undefined,
        };
      }),
      version: project.workflow.version,
      uploadHint: uploadHint(this.config.UPLOAD_LIMIT_BYTES),
      canReview,
      myDecision: myDecision ? DECISION_TEXT[myDecision.decision].text.toLowerCase() : null,
      groupChoice: mine.length > 1 ? REVIEW_GROUPS.map((g) => ({ value: g, text: capitalise(GROUP_LABELS[g]), checked: failed?.values.group === g })) : null,
      canComment: relation !== null && allowsProjectAccess(user, relation, 'contribute') && view.status !== 'not-started',
      decisionChoices: [
        { value: 'approve', text: 'Approve', checked: failed?.key === 'decision' && failed.values.decision === 'approve' },
        { value: 'request-changes', text: 'Request changes', checked: failed?.key === 'decision' && failed.values.decision === 'request-changes', conditional: true },
      ],
      failed,
      errors: failed?.errors,
    };
  }

  /** Stage 6's outputs for its reviewers: the short list, each appraisal's figures and the five cases (the same presenter as the stage 6 pages). */
  private async developmentOfOptions(slug: string, user: AuthUser) {
    const [options, appraisals, businessCase] = await Promise.all([this.stage6.options(slug, user, {}), this.stage6.appraisals(slug, user), this.stage6.businessCase(slug, user)]);
    return {
      shortList: options.shortList,
      appraisals: appraisals.items.map((a) => ({ title: a.title, preferred: a.preferred, appraised: a.appraised, central: a.rows[0] ?? null })),
      cases: businessCase.cases.map((c) => ({ title: c.title, status: c.status, approvedBy: c.approvedBy, approvedAt: c.approvedAt })),
    };
  }
}
