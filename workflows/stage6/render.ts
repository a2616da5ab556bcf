import { APPRAISAL_CRITERIA, BENEFIT_KINDS, BENEFIT_KIND_LABELS, type AppraisalResult, tryAppraise } from './appraisal';
import { SSC_TESTS, type SscAssuranceRecord } from './assurance';
import { type BusinessCase, type CaseDefinition, BUSINESS_CASE_CATALOGUE, affordability, shortListRankingSwitch } from './business-case';
import { arr, formatMoney, isBlank } from './common';
import {
  OPTIONS_FILTER_DIMENSIONS,
  OPTION_KIND_LABELS,
  type ProjectOption,
  confirmedServiceChanges,
  flaggedQuickWins,
  optionLabel,
  preferredOption,
  shortListedOptions,
} from './options';

/**
 * The Outline Business Case as one board-ready document. Both renderers serialise the same
 * block list, so the Markdown and HTML versions cannot drift apart.
 */

export interface BusinessCaseDocumentInput {
  projectName: string;
  /** Defaults to "Outline Business Case". */
  title?: string;
  options: readonly ProjectOption[];
  businessCase: BusinessCase;
  assurance?: SscAssuranceRecord | null;
  /** Stage 2 need titles by id, so linked needs read as words rather than ids. */
  needTitles?: Record<string, string>;
  /** Shown under the title, e.g. "2023-03-14". */
  preparedOn?: string;
  noQuickWins?: boolean;
  /** The board's own decisions on the business case, oldest first (who decided and when comes from these). */
  boardDecisions?: ReadonlyArray<{ meetingDate: string; minuteReference: string; decision: string; decidedBy: string; note: string | null }>;
}

type Align = 'left' | 'right';
export type DocBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; emphasis?: boolean }
  | { kind: 'fields'; items: [string, string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][]; align?: Align[] };

const NOT_DONE = 'Not yet completed.';
const money = formatMoney;
const bcr = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
const pct = (rate: number) => `${+(rate * 100).toFixed(4)}%`;
/** A switching value in percent, 1 decimal; a negative one means NPSV (or the lead) is already gone. */
const switching = (v: number | null) => (v === null ? 'n/a' : v < 0 ? `${v.toFixed(1)}% (NPSV already below zero)` : `${v.toFixed(1)}%`);
const discountingShort = (r: AppraisalResult) =>
  r.discounting.kind === 'flat' ? ` at flat ${pct(r.discounting.bands[0].rate)}` : ', Green Book declining schedule';
const or = (v: unknown, fallback = NOT_DONE) => (isBlank(v) ? fallback : String(v).trim());
const yesNo = (v: boolean | null | undefined) => (v === true ? 'Yes' : v === false ? 'No' : 'Not decided');

function textSection(title: string, value: unknown): DocBlock[] {
  return [{ kind: 'heading', level: 3, text: title }, isBlank(value) ? { kind: 'paragraph', text: NOT_DONE, emphasis: true } : { kind: 'paragraph', text: String(value).trim() }];
}

function caseHeader(def: CaseDefinition, bc: BusinessCase): DocBlock[] {
  const c = bc[def.key];
  const status = c?.status ?? 'draft';
  const approval = status === 'approved' ? `approved by ${or(c.approvedBy, 'unknown')}${isBlank(c.approvedAt) ? '' : ` on ${c.approvedAt}`}` : status;
  return [
    { kind: 'heading', level: 2, text: def.title },
    { kind: 'paragraph', text: def.question, emphasis: true },
    { kind: 'fields', items: [['Status', approval]] },
  ];
}

function appraisals(options: readonly ProjectOption[]): { option: ProjectOption; result: AppraisalResult | null }[] {
  return shortListedOptions(options).map((option) => ({ option, result: tryAppraise(option.appraisal).result }));
}

export function buildBusinessCaseDocument(input: BusinessCaseDocumentInput): DocBlock[] {
  const { businessCase: bc, options } = input;
  const preferred = preferredOption(options);
  const short = shortListedOptions(options);
  const appraised = appraisals(options);
  const [strategicDef, economicDef, commercialDef, financialDef, managementDef] = BUSINESS_CASE_CATALOGUE;
  const out: DocBlock[] = [];

  out.push({ kind: 'heading', level: 1, text: `${input.title ?? 'Outline Business Case'}: ${input.projectName}` });
  out.push({
    kind: 'fields',
    items: [
      ['Project', input.projectName],
      ['Preferred option', preferred ? optionLabel(preferred) : 'None chosen'],
      ...(input.preparedOn ? ([['Prepared', input.preparedOn]] as [string, string][]) : []),
    ],
  });
  out.push({
    kind: 'table',
    caption: 'Status of the five cases',
    head: ['Case', 'Status', 'Approved by', 'Approved on'],
    rows: BUSINESS_CASE_CATALOGUE.map((d) => [d.title, bc[d.key]?.status ?? 'draft', bc[d.key]?.approvedBy ?? '', bc[d.key]?.approvedAt ?? '']),
  });
  if (input.boardDecisions) {
    out.push({ kind: 'heading', level: 2, text: "The board's decisions" });
    out.push(
      input.boardDecisions.length > 0
        ? {
            kind: 'table',
            caption: "The Integrated System Delivery Board's decisions on the business case",
            head: ['Meeting date', 'Minute', 'Decision', 'Recorded by', 'Note'],
            rows: input.boardDecisions.map((d) => [d.meetingDate, d.minuteReference, d.decision.replace('-', ' '), d.decidedBy, d.note ?? '']),
          }
        : { kind: 'paragraph', text: 'The board has not yet recorded a decision on the business case.', emphasis: true },
    );
  }

  // Strategic
  const s = bc.strategic;
  out.push(...caseHeader(strategicDef, bc), { kind: 'heading', level: 3, text: 'Spending objectives' });
  const objectives = arr(s?.spendingObjectives);
  out.push(
    objectives.length > 0
      ? { kind: 'table', caption: 'Spending objectives', head: ['No.', 'Objective', 'Measure'], rows: objectives.map((o, i) => [String(i + 1), or(o.text, ''), or(o.measure, '')]), align: ['right', 'left', 'left'] }
      : { kind: 'paragraph', text: NOT_DONE, emphasis: true },
  );
  out.push(...textSection('Existing arrangements', s?.existingArrangements), ...textSection('Business needs', s?.businessNeeds?.summary));
  const needIds = arr(s?.businessNeeds?.needIds);
  if (needIds.length > 0) out.push({ kind: 'list', items: needIds.map((id) => (input.needTitles?.[id] ? `${input.needTitles[id]} (${id})` : id)) });
  for (const [key, title] of [['scope', 'Scope'], ['benefits', 'Benefits'], ['risks', 'Risks'], ['constraints', 'Constraints'], ['dependencies', 'Dependencies']] as const) {
    out.push(...textSection(title, s?.[key]));
  }

  // Economic
  const e = bc.economic;
  out.push(...caseHeader(economicDef, bc), { kind: 'heading', level: 3, text: 'Critical success factors' });
  const csfs = arr(e?.criticalSuccessFactors).filter((f) => !isBlank(f));
  out.push(csfs.length > 0 ? { kind: 'list', items: csfs } : { kind: 'paragraph', text: NOT_DONE, emphasis: true });
  out.push({ kind: 'heading', level: 3, text: 'Long and short lists' });
  out.push({
    kind: 'table',
    caption: 'Long list through the options framework filter',
    head: ['Option', 'Kind', ...OPTIONS_FILTER_DIMENSIONS.map((d) => d.title), 'Decision', 'Reason'],
    rows: arr(options).map((o) => [
      optionLabel(o),
      OPTION_KIND_LABELS[o.kind] ?? o.kind,
      ...OPTIONS_FILTER_DIMENSIONS.map((d) => or(o.filter?.[d.key], '')),
      o.status === 'long-list' ? 'Not decided' : o.status,
      or(o.statusReason, ''),
    ]),
  });
  out.push({
    kind: 'table',
    caption: 'Short list',
    head: ['Option', 'Kind', 'Preferred', ...APPRAISAL_CRITERIA.map((c) => c.title), 'Significant service change', 'Quick win'],
    rows: short.map((o) => [
      optionLabel(o),
      OPTION_KIND_LABELS[o.kind] ?? o.kind,
      o.preferred ? 'Yes' : 'No',
      ...APPRAISAL_CRITERIA.map((c) => {
        const sc = o.appraisal?.scores?.[c.key];
        return sc ? `${sc.score}/5: ${or(sc.rationale, '')}` : '';
      }),
      yesNo(o.significantServiceChange?.confirmed),
      o.quickWin?.flagged ? or(o.quickWin.description, 'Yes') : 'No',
    ]),
  });
  out.push({ kind: 'heading', level: 3, text: 'Appraisal results' });
  out.push(...appraisalBlocks(appraised, options));
  const unquantified = appraised.filter((a) => a.result && a.result.unquantifiedBenefits.length > 0);
  if (unquantified.length > 0) {
    out.push({ kind: 'paragraph', text: 'Unquantified benefits:' });
    out.push({ kind: 'list', items: unquantified.map(({ option, result }) => `${optionLabel(option)}: ${result!.unquantifiedBenefits.join('; ')}`) });
  }
  out.push({ kind: 'heading', level: 3, text: 'Preferred option and why' });
  out.push({ kind: 'fields', items: [['Preferred option', preferred ? optionLabel(preferred) : 'None chosen']] });
  out.push(isBlank(e?.preferredOptionRationale) ? { kind: 'paragraph', text: NOT_DONE, emphasis: true } : { kind: 'paragraph', text: e.preferredOptionRationale.trim() });

  // Commercial
  out.push(...caseHeader(commercialDef, bc), ...textSection('Procurement or delivery route', bc.commercial?.procurementRoute), ...textSection('Risk allocation', bc.commercial?.riskAllocation));

  // Financial
  const f = bc.financial;
  const a = affordability(f, options);
  out.push(...caseHeader(financialDef, bc), { kind: 'heading', level: 3, text: 'Capital and revenue requirement' });
  out.push(
    a
      ? { kind: 'table', caption: 'Preferred option cash requirement over the appraisal period (undiscounted)', head: ['Capital', 'Revenue', 'Total'], rows: [[money(a.capital), money(a.revenue), money(a.totalCost)]], align: ['right', 'right', 'right'] }
      : { kind: 'paragraph', text: 'The preferred option has not been appraised.', emphasis: true },
  );
  if (!isBlank(f?.requirementNotes)) out.push({ kind: 'paragraph', text: f.requirementNotes!.trim() });
  out.push({ kind: 'heading', level: 3, text: 'Funding sources' });
  const sources = arr(f?.fundingSources);
  out.push(
    sources.length > 0
      ? { kind: 'table', caption: 'Funding sources', head: ['Source', 'Amount', 'Confirmed'], rows: sources.map((x) => [or(x.source, ''), money(x.amount), x.confirmed ? 'Yes' : 'No']), align: ['left', 'right', 'left'] }
      : { kind: 'paragraph', text: NOT_DONE, emphasis: true },
  );
  out.push({ kind: 'heading', level: 3, text: 'Affordability' });
  if (a) {
    out.push({
      kind: 'paragraph',
      text: a.withinFunding
        ? `The preferred option's cash cost of ${money(a.totalCost)} is within the identified (confirmed) funding of ${money(a.totalFunding)}.`
        : `The preferred option's cash cost of ${money(a.totalCost)} exceeds the identified (confirmed) funding of ${money(a.totalFunding)}: a gap of ${money(a.gap)}.`,
    });
    if (a.unconfirmedFunding > 0) out.push({ kind: 'paragraph', text: `A further ${money(a.unconfirmedFunding)} is listed but not confirmed, so it is not counted as identified.` });
    if (!a.withinFunding) out.push(...textSection('Plan to close the funding gap', f?.fundingGapPlan));
  } else {
    out.push({ kind: 'paragraph', text: 'Cannot be assessed until the preferred option is appraised.', emphasis: true });
  }
  // under its own heading: after the gap plan it would read as part of that plan
  if (!isBlank(f?.affordabilityStatement)) out.push(...textSection('Affordability statement', f?.affordabilityStatement));

  // Management
  const m = bc.management;
  out.push(...caseHeader(managementDef, bc), ...textSection('Senior responsible owner', m?.seniorResponsibleOwner));
  out.push({ kind: 'heading', level: 3, text: 'Delivery plan and milestones' });
  if (!isBlank(m?.deliveryPlan?.summary)) out.push({ kind: 'paragraph', text: m.deliveryPlan.summary.trim() });
  const milestones = arr(m?.deliveryPlan?.milestones);
  out.push(milestones.length > 0 ? { kind: 'table', caption: 'Milestones', head: ['Milestone', 'Date'], rows: milestones.map((x) => [or(x.title, ''), or(x.date, '')]) } : { kind: 'paragraph', text: NOT_DONE, emphasis: true });
  out.push(...textSection('Governance', m?.governance), ...textSection('Benefits realisation plan', m?.benefitsRealisationPlan));
  out.push({ kind: 'heading', level: 3, text: 'Risk register' });
  const risks = arr(m?.riskRegister);
  out.push(
    risks.length > 0
      ? { kind: 'table', caption: 'Risk register', head: ['Risk', 'Rating', 'Owner', 'Mitigation'], rows: risks.map((r) => [or(r.description, ''), or(r.rating, ''), or(r.owner, ''), or(r.mitigation, '')]) }
      : { kind: 'paragraph', text: NOT_DONE, emphasis: true },
  );
  out.push(...textSection('Post-implementation evaluation', m?.postImplementationEvaluation));

  // Significant service change
  out.push({ kind: 'heading', level: 2, text: 'Significant service change' });
  const confirmed = confirmedServiceChanges(options);
  if (confirmed.length === 0) {
    out.push({ kind: 'paragraph', text: 'No significant service change is confirmed for the short-listed options.' });
  } else {
    out.push({ kind: 'list', items: confirmed.map((o) => `${optionLabel(o)}: ${or(o.significantServiceChange?.reason, 'no reason recorded')}`) });
    const r = input.assurance;
    if (!r) {
      out.push({ kind: 'paragraph', text: 'The NHS England assurance record has not been started.', emphasis: true });
    } else {
      out.push({ kind: 'table', caption: 'NHS England assurance: the four tests', head: ['Test', 'Evidence'], rows: SSC_TESTS.map((t) => [t.title, or(r.tests?.[t.key])]) });
      out.push({
        kind: 'fields',
        items: [
          ['Beds close', yesNo(r.bedsClose)],
          ...(r.bedsClose ? ([['Bed-closure test evidence', or(r.bedClosureEvidence)]] as [string, string][]) : []),
          ['Consultation period', typeof r.consultation?.periodWeeks === 'number' ? `${r.consultation.periodWeeks} weeks` : NOT_DONE],
          ['Information provided', or(r.consultation?.informationProvided)],
          ['How responses will be taken into account', or(r.consultation?.responsesTakenIntoAccount)],
          ['Formative stage', or(r.consultation?.formativeStage)],
          ['Health scrutiny committee consulted', or(r.healthScrutinyConsultedOn)],
        ],
      });
    }
  }

  // Quick wins
  out.push({ kind: 'heading', level: 2, text: 'Quick wins' });
  const wins = flaggedQuickWins(options);
  out.push(
    wins.length > 0
      ? { kind: 'list', items: wins.map((o) => `${optionLabel(o)}: ${or(o.quickWin?.description, '')}`) }
      : { kind: 'paragraph', text: input.noQuickWins ? 'No quick wins were identified.' : 'Quick wins have not yet been recorded.' },
  );
  return out;
}

/** The economic case's figures: discounting, value for money, benefits by kind, optimism bias, switching values. */
function appraisalBlocks(appraised: { option: ProjectOption; result: AppraisalResult | null }[], options: readonly ProjectOption[]): DocBlock[] {
  const out: DocBlock[] = [];
  const done = appraised.filter((a): a is { option: ProjectOption; result: AppraisalResult } => a.result !== null);
  out.push({
    kind: 'table',
    caption: 'Discounting, price base and equivalent annual cost',
    head: ['Option', 'Period', 'Costs and non-health benefits discounted at', 'Health effects discounted at', 'Price base', 'Equivalent annual cost'],
    align: ['left', 'right', 'left', 'left', 'left', 'right'],
    rows: done.map(({ option, result: r }) => [
      optionLabel(option),
      `${r.periodYears} years`,
      r.discounting.label,
      r.benefitsByKind.health.total > 0 ? r.healthDiscounting.label : 'no health effects',
      r.priceBase.year === null ? 'Not stated' : `${r.priceBase.year} prices (real)${r.priceBase.prices === 'nominal' ? ', converted from nominal with the deflators given' : ''}`,
      money(r.equivalentAnnualCost),
    ]),
  });
  out.push({
    kind: 'table',
    caption: 'Appraisal: present values, net present social value (NPSV) and benefit-cost ratio (BCR), with sensitivity',
    head: ['Option', 'Case', 'PV costs', 'PV benefits', 'NPSV', 'BCR'],
    align: ['left', 'left', 'right', 'right', 'right', 'right'],
    rows: appraised.flatMap(({ option, result }) =>
      result
        ? [
            [
              optionLabel(option),
              `Central (${result.periodYears} years${discountingShort(result)}${result.optimismBias ? ', after optimism bias' : ''})`,
              money(result.pvCosts),
              money(result.pvBenefits),
              money(result.npsv),
              bcr(result.bcr),
            ],
            ...(result.optimismBias
              ? [[optionLabel(option), 'Before optimism bias', money(result.optimismBias.before.pvCosts), money(result.optimismBias.before.pvBenefits), money(result.optimismBias.before.npsv), bcr(result.optimismBias.before.bcr)]]
              : []),
            ...result.sensitivity.map((x) => [optionLabel(option), x.label, money(x.pvCosts), money(x.pvBenefits), money(x.npsv), bcr(x.bcr)]),
          ]
        : [[optionLabel(option), 'Not appraised', '', '', '', '']],
    ),
  });
  out.push({
    kind: 'table',
    caption: 'Present value of benefits by kind (health effects at the health discount rate)',
    head: ['Option', ...BENEFIT_KINDS.map((k) => BENEFIT_KIND_LABELS[k]), 'Non-health', 'Total'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: done.map(({ option, result: r }) => [optionLabel(option), ...BENEFIT_KINDS.map((k) => money(r.benefitsByKind[k].pv)), money(r.pvNonHealthBenefits), money(r.pvBenefits)]),
  });
  const valued = done.filter((a) => a.result.healthValuation);
  if (valued.length > 0) {
    out.push({ kind: 'paragraph', text: 'How health effects were valued:' });
    out.push({ kind: 'list', items: valued.map(({ option, result }) => `${optionLabel(option)}: ${result.healthValuation}`) });
  }
  const biased = done.filter((a) => a.result.optimismBias);
  if (biased.length > 0) {
    out.push({
      kind: 'table',
      caption: 'Optimism bias: costs uplifted before discounting, figures before and after',
      head: ['Option', 'Basis', 'Capital uplift', 'Revenue uplift', 'PV costs before', 'PV costs after', 'NPSV before', 'NPSV after', 'BCR before', 'BCR after'],
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: biased.map(({ option, result }) => {
        const ob = result.optimismBias!;
        return [
          optionLabel(option),
          ob.basis,
          `${+ob.capitalUpliftPercent.toFixed(4)}%`,
          `${+ob.revenueUpliftPercent.toFixed(4)}%`,
          money(ob.before.pvCosts),
          money(ob.after.pvCosts),
          money(ob.before.npsv),
          money(ob.after.npsv),
          bcr(ob.before.bcr),
          bcr(ob.after.bcr),
        ];
      }),
    });
  }
  out.push({
    kind: 'table',
    caption: 'Switching values: the change at which NPSV reaches zero',
    head: ['Option', 'NPSV', 'Rise in PV costs', 'Fall in PV benefits'],
    align: ['left', 'right', 'right', 'right'],
    rows: done.map(({ option, result: r }) => [optionLabel(option), money(r.npsv), switching(r.switchingValues.costsIncreasePercent), switching(r.switchingValues.benefitsDecreasePercent)]),
  });
  const rank = shortListRankingSwitch(options);
  if (rank) {
    const label = (id: string | null) => optionLabel(arr(options).find((o) => o.id === id) ?? { id: id ?? '', title: '' });
    const preferred = label(rank.preferredOptionId);
    out.push({
      kind: 'paragraph',
      text:
        rank.runnerUpId === null
          ? `${preferred} is the only appraised option on the short list, so no other option can overtake it.`
          : rank.rankedFirst
            ? `${preferred} ranks first on NPSV, ${money(rank.npsvMargin!)} ahead of ${label(rank.runnerUpId)}. It stops ranking first if its PV costs rise by ${switching(rank.costsIncreasePercent)} or its PV benefits fall by ${switching(rank.benefitsDecreasePercent)}.`
            : `${preferred} does not rank first on NPSV: ${label(rank.runnerUpId)} is ${money(-rank.npsvMargin!)} ahead.`,
    });
  }
  for (const { option, result } of done.filter((a) => a.result.priceBase.prices === 'nominal')) {
    out.push({
      kind: 'table',
      caption: `${optionLabel(option)}: nominal figures converted to ${result.priceBase.year} prices`,
      head: ['Year', 'Calendar year', 'Deflator factor', 'Nominal cost', 'Real cost', 'Nominal benefit', 'Real benefit'],
      align: ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: result.years
        .filter((y) => y.cost !== 0 || y.benefit !== 0)
        .map((y) => [String(y.year), String(result.priceBase.firstYear! + y.year), y.nominal!.deflatorFactor.toFixed(4), money(y.nominal!.capital + y.nominal!.revenue), money(y.cost), money(y.nominal!.benefit), money(y.benefit)]),
    });
  }
  return out;
}

// ---- Markdown -------------------------------------------------------------------------

/** Backslash-escape what Markdown would act on, so user text cannot become markup (or raw HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/^(\s*)(#|[-+]|\d+\.)(?=\s|#|$)/gm, (_m, sp: string, mark: string) => `${sp}${mark.replace(/([#\-+.])/, '\\$1')}`);
}

const mdCell = (text: string) => escapeMarkdown(text).replace(/\s*\r?\n\s*/g, ' ');

function toMarkdown(blocks: DocBlock[]): string {
  const parts = blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${mdCell(b.text)}`;
      case 'paragraph':
        return b.emphasis ? `_${mdCell(b.text)}_` : escapeMarkdown(b.text).replace(/\r?\n(?!\r?\n)/g, '  \n');
      case 'fields':
        return b.items.map(([k, v]) => `- **${mdCell(k)}:** ${mdCell(v)}`).join('\n');
      case 'list':
        return b.items.map((x) => `- ${mdCell(x)}`).join('\n');
      case 'table': {
        const sep = b.head.map((_, i) => (b.align?.[i] === 'right' ? '---:' : '---'));
        const row = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
        const body = b.rows.length > 0 ? b.rows.map(row) : [row(b.head.map((_, i) => (i === 0 ? 'None' : '')))];
        return [`_${mdCell(b.caption)}_`, '', row(b.head), `| ${sep.join(' | ')} |`, ...body].join('\n');
      }
    }
  });
  return `${parts.join('\n\n')}\n`;
}

export function renderBusinessCaseMarkdown(input: BusinessCaseDocumentInput): string {
  return toMarkdown(buildBusinessCaseDocument(input));
}

// ---- HTML -----------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toHtml(blocks: DocBlock[]): string {
  return blocks
    .map((b): string => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
        case 'paragraph': {
          const body = escapeHtml(b.text).replace(/\r?\n/g, '<br>');
          return b.emphasis ? `<p><em>${body}</em></p>` : `<p>${body}</p>`;
        }
        case 'fields':
          return `<dl>${b.items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
        case 'list':
          return `<ul>${b.items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
        case 'table': {
          const cls = (i: number) => (b.align?.[i] === 'right' ? ' class="num"' : '');
          const head = b.head.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('');
          const rows = b.rows.length > 0 ? b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`) : [`<tr><td colspan="${b.head.length}">None</td></tr>`];
          return `<table><caption>${escapeHtml(b.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
        }
      }
    })
    .join('\n');
}

const STYLE =
  'body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#212b32;line-height:1.4}' +
  'table{border-collapse:collapse;margin:1em 0;width:100%}caption{text-align:left;font-style:italic;margin-bottom:.3em}' +
  'th,td{border:1px solid #aeb7bd;padding:.3em .5em;vertical-align:top;text-align:left}th{background:#e8edee}.num{text-align:right;white-space:nowrap}' +
  'dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}';

/** A standalone page: no scripts, no external resources; every piece of user text is escaped. */
export function renderBusinessCaseHtml(input: BusinessCaseDocumentInput): string {
  const title = `${input.title ?? 'Outline Business Case'}: ${input.projectName}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    toHtml(buildBusinessCaseDocument(input)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
