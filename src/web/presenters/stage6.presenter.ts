import { Injectable } from '@nestjs/common';
import {
  APPRAISAL_CRITERIA,
  BUSINESS_CASE_CATALOGUE,
  CaseKey,
  formatMoney,
  OPTION_KIND_LABELS,
  OPTION_KINDS,
  OPTIONS_FILTER_DIMENSIONS,
  ProjectOption,
  STAGE6,
} from '../../../workflows/stage6';
import { allowsProjectAccess } from '../../auth/access-policy';
import { AuthUser } from '../../auth/current-user';
import { ProjectAccessService } from '../../auth/project-access.service';
import { AppConfig } from '../../config/app-config';
import { EvidenceFilesService } from '../../files/evidence-files.service';
import { DevelopmentOfOptionsService } from '../../development-of-options/development-of-options.service';
import { ProjectsService } from '../../projects/projects.service';
import { findRegister } from '../../registers/register-catalogue';
import { RegistersService } from '../../registers/registers.service';
import { FormErrors } from '../forms';
import { BoardDecisionsService } from '../../collaboration/board-decisions.service';
import { boardSection, CollaborationForm } from './collaboration';
import { barChartSvg } from './bar-chart';
import { documentBody } from './document-html';
import { fileRows, uploadHint } from './evidence-files';
import { STAGE_STATUS } from './labels';
import { ASSURANCE_TESTS, assuranceValues, CASE_FIELDS, caseValues, optionValues, appraisalValues, BENEFIT_LINE_HELP, COST_LINE_HELP } from './stage6-forms';

const OPTION_STATUS: Record<string, { text: string; tag: string }> = {
  'long-list': { text: 'Long list', tag: 'nhsuk-tag--grey' },
  'short-listed': { text: 'Short-listed', tag: 'nhsuk-tag--blue' },
  discounted: { text: 'Discounted', tag: 'nhsuk-tag--orange' },
};
const CASE_STATUS: Record<string, { text: string; tag: string }> = {
  draft: { text: 'Draft', tag: 'nhsuk-tag--grey' },
  complete: { text: 'Complete', tag: 'nhsuk-tag--blue' },
  approved: { text: 'Approved', tag: 'nhsuk-tag--green' },
};
const bcrText = (v: number | null) => (v === null ? 'Not defined (no costs)' : v.toFixed(2));

export interface Stage6Form {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  /** which form of a page with several failed (business case status forms) */
  key?: string;
}

/** Stage 6 pages: options, appraisals, business case, service change assurance. Reads DevelopmentOfOptionsService like the API. */
@Injectable()
export class Stage6Presenter {
  constructor(
    private readonly stage6: DevelopmentOfOptionsService,
    private readonly projects: ProjectsService,
    private readonly access: ProjectAccessService,
    private readonly registers: RegistersService,
    private readonly board: BoardDecisionsService,
    private readonly files: EvidenceFilesService,
    private readonly config: AppConfig,
  ) {}

  private async base(slug: string, user: AuthUser) {
    const [project, relation] = await Promise.all([this.projects.get(slug), this.access.relation(user, slug)]);
    const stage = project.workflow.stages.find((s) => s.key === STAGE6)!;
    return {
      project: { slug, name: project.name },
      manages: relation !== null && allowsProjectAccess(user, relation, 'manage'),
      stage6: { status: STAGE_STATUS[stage.status], editable: stage.status === 'in-progress' && project.status === 'active', raw: stage.status },
      /** the project's version, for forms that send expectedVersion (the evidence files') */
      version: project.workflow.version,
    };
  }

  private async proposals(slug: string) {
    const list = await this.registers.list(slug, findRegister('proposals')!);
    return list.items.map((r) => ({ id: String(r.id), title: String((r as Record<string, unknown>).title ?? r.id) }));
  }

  async options(slug: string, user: AuthUser, query: Record<string, unknown> = {}) {
    const [base, list] = await Promise.all([this.base(slug, user), this.stage6.listOptions(slug)]);
    const show = typeof query.show === 'string' && ['short-listed', 'long-list', 'discounted'].includes(query.show) ? query.show : '';
    const options = (list.items as ProjectOption[]).filter((o) => !show || o.status === show);
    return {
      ...base,
      pageTitle: `Options: ${base.project.name}`,
      show,
      showItems: [
        { value: '', text: 'All options', selected: !show },
        { value: 'short-listed', text: 'Short-listed', selected: show === 'short-listed' },
        { value: 'long-list', text: 'Long list, not yet decided', selected: show === 'long-list' },
        { value: 'discounted', text: 'Discounted', selected: show === 'discounted' },
      ],
      dimensions: OPTIONS_FILTER_DIMENSIONS,
      options: options.map((o) => ({
        id: o.id,
        title: o.title,
        kind: OPTION_KIND_LABELS[o.kind],
        status: OPTION_STATUS[o.status],
        statusReason: o.statusReason,
        preferred: o.preferred,
        filter: OPTIONS_FILTER_DIMENSIONS.map((d) => o.filter?.[d.key] || 'Not set'),
        quickWin: o.quickWin?.flagged ? o.quickWin.description || 'Yes' : '',
      })),
      shortList: (list.items as ProjectOption[]).filter((o) => o.status === 'short-listed').map((o) => ({ id: o.id, title: o.title, kind: OPTION_KIND_LABELS[o.kind], preferred: o.preferred, reason: o.statusReason })),
      total: list.items.length,
      blockers: list.blockers,
    };
  }

  async optionForm(slug: string, user: AuthUser, optionId: string | null, form: Stage6Form = {}) {
    const [base, proposals, option] = await Promise.all([
      this.base(slug, user),
      this.proposals(slug),
      optionId ? (this.stage6.getOption(slug, optionId) as Promise<ProjectOption>) : Promise.resolve(null),
    ]);
    const values = form.values ?? (option ? optionValues(option) : { status: 'long-list' });
    const chosen = new Set((Array.isArray(values.proposalIds) ? values.proposalIds : values.proposalIds ? [values.proposalIds] : []).map(String));
    const radio = (items: readonly { value: string; text: string }[], current: unknown) => items.map((i) => ({ ...i, checked: i.value === current }));
    return {
      ...base,
      pageTitle: option ? `Change option: ${option.title}` : 'Add an option',
      option: option ? { id: option.id, title: option.title } : null,
      action: option ? `/projects/${slug}/options/${option.id}` : `/projects/${slug}/options`,
      values,
      errors: form.errors,
      kindItems: radio(OPTION_KINDS.map((k) => ({ value: k, text: OPTION_KIND_LABELS[k] })), values.kind),
      statusItems: radio([
        { value: 'long-list', text: 'Long list: not decided yet' },
        { value: 'short-listed', text: 'Short-listed' },
        { value: 'discounted', text: 'Discounted' },
      ], values.status),
      sscItems: radio([
        { value: 'yes', text: 'Yes, it is a significant service change' },
        { value: 'no', text: 'No' },
        { value: '', text: 'Not decided yet' },
      ], values.ssc ?? ''),
      proposalItems: proposals.map((p) => ({ value: p.id, text: `${p.title} (${p.id})`, checked: chosen.has(p.id) })),
      dimensions: OPTIONS_FILTER_DIMENSIONS.map((d) => ({ key: d.key, title: d.title, name: `filter_${d.key}`, value: values[`filter_${d.key}`] ?? '' })),
    };
  }

  async appraisals(slug: string, user: AuthUser) {
    const [base, list] = await Promise.all([this.base(slug, user), this.stage6.appraisals(slug)]);
    const items = list.items.map((a) => {
      const r = a.result;
      const rows = r
        ? [
            { label: 'Central case', pvCosts: r.pvCosts, pvBenefits: r.pvBenefits, npsv: r.npsv, bcr: r.bcr },
            ...r.sensitivity.map((s) => ({ label: s.label, pvCosts: s.pvCosts, pvBenefits: s.pvBenefits, npsv: s.npsv, bcr: s.bcr })),
          ]
        : [];
      return {
        optionId: a.optionId,
        title: a.title,
        kind: OPTION_KIND_LABELS[a.kind],
        preferred: a.preferred,
        appraised: r !== null,
        errors: a.errors,
        period: r?.periodYears,
        discountRate: r ? `${+(r.discountRate * 100).toFixed(4)}%` : '',
        rows: rows.map((x) => ({ ...x, pvCostsText: formatMoney(x.pvCosts), pvBenefitsText: formatMoney(x.pvBenefits), npsvText: formatMoney(x.npsv), bcrText: bcrText(x.bcr) })),
        scores: r ? APPRAISAL_CRITERIA.map((c) => ({ title: c.title, score: r.scores[c.key].score, rationale: r.scores[c.key].rationale })) : [],
        chart: r
          ? barChartSvg(`${a.title}: present values and net present social value, central case and sensitivity cases`, [
              { label: 'PV costs', value: r.pvCosts, text: formatMoney(r.pvCosts), kind: 'cost' },
              { label: 'PV benefits', value: r.pvBenefits, text: formatMoney(r.pvBenefits), kind: 'benefit' },
              { label: 'NPSV, central case', value: r.npsv, text: formatMoney(r.npsv), kind: 'net' },
              ...r.sensitivity.map((s) => ({ label: `NPSV, ${s.label.toLowerCase()}`, value: s.npsv, text: formatMoney(s.npsv), kind: 'net' as const })),
            ], { id: `chart-${a.optionId}` })
          : null,
      };
    });
    const appraised = items.filter((i) => i.appraised);
    return {
      ...base,
      pageTitle: `Appraisals: ${base.project.name}`,
      items,
      comparison:
        appraised.length > 1
          ? barChartSvg('Net present social value of each short-listed option, central case', appraised.map((i) => ({ label: i.title.length > 34 ? `${i.title.slice(0, 33)}…` : i.title, value: i.rows[0].npsv, text: i.rows[0].npsvText, kind: 'net' as const })), { id: 'chart-comparison' })
          : null,
      comparisonRows: appraised.map((i) => ({ title: i.title, npsvText: i.rows[0].npsvText, bcrText: i.rows[0].bcrText, preferred: i.preferred })),
      blockers: list.blockers,
    };
  }

  async appraisalForm(slug: string, user: AuthUser, optionId: string, form: Stage6Form = {}) {
    const [base, option] = await Promise.all([this.base(slug, user), this.stage6.getOption(slug, optionId) as Promise<ProjectOption>]);
    const values = form.values ?? appraisalValues(option.appraisal as never);
    return {
      ...base,
      pageTitle: `Appraise: ${option.title}`,
      option: { id: option.id, title: option.title },
      values,
      errors: form.errors,
      criteria: APPRAISAL_CRITERIA.map((c) => ({
        key: c.key,
        title: c.title,
        scoreItems: [{ value: '', text: 'Choose a score' }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: `${n}${n === 1 ? ' (poor)' : n === 5 ? ' (strong)' : ''}` }))].map((i) => ({ ...i, selected: i.value === String(values[`score_${c.key}`] ?? '') })),
      })),
      costHelp: COST_LINE_HELP,
      benefitHelp: BENEFIT_LINE_HELP,
    };
  }

  async businessCase(slug: string, user: AuthUser, form: Stage6Form = {}, collaboration?: CollaborationForm) {
    const [base, bc, decisions, relation, project, files, mayChangeFiles] = await Promise.all([
      this.base(slug, user),
      this.stage6.businessCase(slug),
      this.board.list(slug),
      this.access.relation(user, slug),
      this.projects.get(slug),
      this.files.filesByTarget(slug, 'business-case-section', STAGE6),
      this.files.changeRule(slug, user),
    ]);
    const open = project.workflow.status === 'active' && (base.stage6.raw === 'in-progress' || base.stage6.raw === 'in-review');
    return {
      ...base,
      board: boardSection(
        decisions.items.filter((d) => d.target === 'business-case'),
        open && relation !== null && allowsProjectAccess(user, relation, 'board'),
        collaboration,
      ),
      pageTitle: `Business case: ${base.project.name}`,
      uploadHint: uploadHint(this.config.UPLOAD_LIMIT_BYTES),
      failedKey: form.key,
      values: form.values ?? {},
      errors: form.errors ?? collaboration?.errors,
      cases: bc.cases.map((c) => ({
        key: c.key,
        title: c.title,
        question: c.question,
        status: CASE_STATUS[c.status],
        rawStatus: c.status,
        approvedBy: c.approvedBy,
        approvedAt: c.approvedAt,
        sections: c.sections,
        blockers: c.blockers,
        files: this.caseFiles(c.key, files.get(c.key), mayChangeFiles({ kind: 'business-case-section', stage: STAGE6, section: c.key }), form),
      })),
      affordability: bc.affordability ? { cost: formatMoney(bc.affordability.totalCost), funding: formatMoney(bc.affordability.totalFunding), gap: bc.affordability.gap > 0 ? formatMoney(bc.affordability.gap) : null } : null,
    };
  }

  /** A case's evidence files: the list, and the manager's form and Remove buttons while stage 6's work is open (the form also after a refusal, to show why). */
  private caseFiles(key: CaseKey, items: Parameters<typeof fileRows>[0], mayChange: boolean, form: Stage6Form) {
    const failedHere = form.key === `files:${key}`;
    return { rows: fileRows(items), removable: mayChange, uploadable: mayChange || failedHere, error: failedHere ? form.errors?.fields[`file-${key}`] : undefined };
  }

  async caseForm(slug: string, user: AuthUser, key: CaseKey, form: Stage6Form = {}) {
    const [base, bc, needs] = await Promise.all([this.base(slug, user), this.stage6.businessCase(slug), this.registers.list(slug, findRegister('needs')!)]);
    const c = bc.cases.find((x) => x.key === key)!;
    const values = form.values ?? caseValues(key, c.content as unknown as Record<string, unknown>);
    const chosen = new Set((Array.isArray(values.needIds) ? values.needIds : values.needIds ? [values.needIds] : []).map(String));
    return {
      ...base,
      pageTitle: `${c.title}: ${base.project.name}`,
      case: { key, title: c.title, question: c.question, status: CASE_STATUS[c.status] },
      fields: CASE_FIELDS[key],
      needItems: needs.items.map((n) => ({ value: String(n.id), text: `${String((n as Record<string, unknown>).description ?? n.id)} (${n.id})`, checked: chosen.has(String(n.id)) })),
      derived: BUSINESS_CASE_CATALOGUE.find((d) => d.key === key)!.sections.filter((s) => s.derived).map((s) => s.title),
      values,
      errors: form.errors,
      cases: BUSINESS_CASE_CATALOGUE.map((d, i) => ({ key: d.key, title: d.title, order: i + 1 })),
      index: BUSINESS_CASE_CATALOGUE.findIndex((d) => d.key === key),
    };
  }

  async document(slug: string, user: AuthUser) {
    const [base, html] = await Promise.all([this.base(slug, user), this.stage6.document(slug, 'html')]);
    return { ...base, pageTitle: `Outline Business Case: ${base.project.name}`, document: documentBody(html) };
  }

  async assurance(slug: string, user: AuthUser, form: Stage6Form = {}) {
    const [base, a] = await Promise.all([this.base(slug, user), this.stage6.assurance(slug)]);
    const values = form.values ?? assuranceValues(a.record as never);
    return {
      ...base,
      pageTitle: `Significant service change assurance: ${base.project.name}`,
      required: a.required,
      confirmedFor: a.confirmedFor,
      complete: a.complete,
      recordBlockers: a.recordBlockers,
      tests: ASSURANCE_TESTS.map((t) => ({ ...t, value: values[t.key] ?? '' })),
      bedsItems: [
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
        { value: '', text: 'Not answered yet' },
      ].map((i) => ({ ...i, checked: i.value === (values.bedsClose ?? '') })),
      values,
      errors: form.errors,
    };
  }
}
