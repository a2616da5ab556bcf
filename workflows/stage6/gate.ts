import type { Blocker } from '../blockers';
import { tryAppraise } from './appraisal';
import { type SscAssuranceRecord, SSC_MIN_CONSULTATION_WEEKS, serviceChangeAssuranceBlockers, serviceChangeDecisionBlockers } from './assurance';
import {
  type BusinessCase,
  type CaseContext,
  BUSINESS_CASE_CATALOGUE,
  caseBlockers,
  preferredAppraisal,
} from './business-case';
import { STAGE6, arr, blocker, formatMoney, isBlank } from './common';
import {
  confirmedServiceChanges,
  flaggedQuickWins,
  longListBlockers,
  optionLabel,
  optionsNeedingServiceChangeDecision,
  preferredOption,
  preferredOptionBlockers,
  shortListBlockers,
  shortListedOptions,
} from './options';

/** Everything stage 6's gate looks at, as a service would load it for one project. */
export interface Stage6Facts extends CaseContext {
  businessCase: BusinessCase | null;
  assurance: SscAssuranceRecord | null;
  /** The team looked for quick wins and found none (so the optional deliverable is still done). */
  noQuickWins?: boolean;
  minConsultationWeeks?: number;
}

export function appraisalBlockers(facts: Pick<Stage6Facts, 'options'>): Blocker[] {
  const out: Blocker[] = [];
  for (const o of shortListedOptions(facts.options)) {
    const at = { deliverable: 'test-options', ref: o.id };
    if (!o.appraisal) {
      out.push(blocker('OPTION_NOT_APPRAISED', `Short-listed option "${optionLabel(o)}" has not been appraised.`, at));
      continue;
    }
    const { errors } = tryAppraise(o.appraisal);
    if (errors.length > 0) {
      const first = errors.slice(0, 2).map((e) => `${e.field}: ${e.message}`).join('; ');
      out.push(blocker('OPTION_APPRAISAL_INVALID', `The appraisal of "${optionLabel(o)}" has ${errors.length} problem${errors.length === 1 ? '' : 's'} (${first}).`, at));
    }
  }
  return out;
}

/** A draft case gets one CASE_NOT_COMPLETE; a case marked complete whose content no longer holds gets its section blockers. */
export function businessCaseBlockers(facts: Stage6Facts): Blocker[] {
  if (!facts.businessCase) {
    return [blocker('BUSINESS_CASE_MISSING', 'No Outline Business Case has been started.', { deliverable: 'outline-business-case', ref: 'business-case' })];
  }
  const out: Blocker[] = [];
  for (const def of BUSINESS_CASE_CATALOGUE) {
    const sections = caseBlockers(def.key, facts.businessCase, facts);
    const status = facts.businessCase[def.key]?.status;
    if (status !== 'complete' && status !== 'approved') {
      const detail = sections.length > 0 ? ` (${sections.length} section${sections.length === 1 ? '' : 's'} still to do)` : ' (all sections filled in: mark it complete)';
      out.push(blocker('CASE_NOT_COMPLETE', `${def.title} is not complete${detail}.`, { deliverable: 'outline-business-case', ref: def.key }));
    } else {
      out.push(...sections);
    }
  }
  return out;
}

export function stage6SubmissionBlockers(facts: Stage6Facts): Blocker[] {
  return [
    ...longListBlockers(facts.options, facts.knownProposalIds),
    ...shortListBlockers(facts.options),
    ...appraisalBlockers(facts),
    ...preferredOptionBlockers(facts.options),
    ...businessCaseBlockers(facts),
    ...serviceChangeDecisionBlockers(facts.options),
    ...serviceChangeAssuranceBlockers(facts.options, facts.assurance, facts.minConsultationWeeks ?? SSC_MIN_CONSULTATION_WEEKS),
  ];
}

export function stage6ApprovalBlockers(facts: Stage6Facts): Blocker[] {
  const out = stage6SubmissionBlockers(facts);
  if (!facts.businessCase) return out;
  for (const def of BUSINESS_CASE_CATALOGUE) {
    const c = facts.businessCase[def.key];
    const at = { deliverable: 'outline-business-case', ref: def.key };
    if (c?.status !== 'approved') {
      out.push(blocker('CASE_NOT_APPROVED', `${def.title} has not been approved.`, at));
    } else if (isBlank(c.approvedBy)) {
      out.push(blocker('CASE_APPROVER_MISSING', `${def.title} is marked approved but does not say who approved it.`, at));
    }
  }
  return out;
}

import type { DerivedDeliverable } from '../gates';

export type { DerivedDeliverable };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function deliverable(key: string, blockers: Blocker[], evidence: string, done = blockers.length === 0): DerivedDeliverable {
  return { stage: STAGE6, deliverable: key, done, evidence, blockers };
}

export function stage6DerivedDeliverables(facts: Stage6Facts): DerivedDeliverable[] {
  const options = arr(facts.options);
  const short = shortListedOptions(options);
  const preferred = preferredOption(options);

  const withNotes = options.filter((o) => arr(o.refinementNotes).some((n) => !isBlank(n?.summary)));
  const notes = withNotes.flatMap((o) => arr(o.refinementNotes).filter((n) => !isBlank(n?.summary)));
  const engagement = notes.filter((n) => n.kind === 'engagement').length;
  const refine = deliverable(
    'refine-options',
    withNotes.length > 0
      ? []
      : [blocker('OPTIONS_NOT_REFINED', 'Record the engagement events or modelling that refined at least one option.', { deliverable: 'refine-options' })],
    withNotes.length > 0
      ? `${plural(notes.length, 'refinement note')} (${engagement} engagement, ${notes.length - engagement} modelling) across ${plural(withNotes.length, 'option')}`
      : 'No engagement or modelling notes recorded',
  );

  const testBlockers = [
    ...longListBlockers(options, facts.knownProposalIds),
    ...shortListBlockers(options),
    ...appraisalBlockers(facts),
    ...preferredOptionBlockers(options),
  ];
  const appraised = short.filter((o) => tryAppraise(o.appraisal).result !== null).length;
  const test = deliverable(
    'test-options',
    testBlockers,
    `Short list of ${plural(short.length, 'option')} ${appraised === short.length ? 'appraised' : `(${appraised} appraised)`} from a long list of ${options.length}; preferred: ${preferred ? optionLabel(preferred) : 'none'}`,
  );

  const caseBlockersAll = businessCaseBlockers(facts);
  const cases = facts.businessCase;
  const completeCount = cases ? BUSINESS_CASE_CATALOGUE.filter((d) => ['complete', 'approved'].includes(cases[d.key]?.status)).length : 0;
  const approvedCount = cases ? BUSINESS_CASE_CATALOGUE.filter((d) => cases[d.key]?.status === 'approved').length : 0;
  const pa = preferredAppraisal(options);
  const obc = deliverable(
    'outline-business-case',
    caseBlockersAll,
    cases
      ? `${completeCount} of 5 cases complete, ${approvedCount} approved${pa ? `; preferred option NPSV ${formatMoney(pa.result.npsv)}` : ''}`
      : 'No Outline Business Case started',
  );

  const considered = optionsNeedingServiceChangeDecision(options);
  const confirmed = confirmedServiceChanges(options);
  const decisionBlockers = serviceChangeDecisionBlockers(options);
  const assuranceBlockers = serviceChangeAssuranceBlockers(options, facts.assurance, facts.minConsultationWeeks ?? SSC_MIN_CONSULTATION_WEEKS);
  const decided = considered.filter((o) => typeof o.significantServiceChange?.confirmed === 'boolean').length;
  const ssc = deliverable(
    'significant-service-change',
    considered.length === 0
      ? [blocker('SSC_NO_SHORT_LIST', 'Short-list options before confirming significant service changes.', { deliverable: 'significant-service-change' })]
      : [...decisionBlockers, ...assuranceBlockers],
    confirmed.length > 0
      ? `Significant service change confirmed for ${confirmed.map(optionLabel).join(', ')}; assurance record ${assuranceBlockers.length === 0 ? 'complete' : 'incomplete'}`
      : `${decided} of ${plural(considered.length, 'short-listed option')} assessed; no significant service change confirmed`,
  );

  const wins = flaggedQuickWins(options);
  const badWins = wins.filter((o) => isBlank(o.quickWin?.description));
  const quickBlockers = [
    ...(wins.length === 0 && !facts.noQuickWins
      ? [blocker('QUICK_WINS_NOT_RECORDED', 'Flag any quick wins, or record that there are none.', { deliverable: 'quick-wins' })]
      : []),
    ...badWins.map((o) => blocker('QUICK_WIN_DESCRIPTION_MISSING', `Quick win on "${optionLabel(o)}" needs a description.`, { deliverable: 'quick-wins', ref: o.id })),
  ];
  const quick = deliverable(
    'quick-wins',
    quickBlockers,
    wins.length > 0 ? `${plural(wins.length, 'quick win')}: ${wins.map((o) => `${optionLabel(o)} (${o.quickWin!.description})`).join('; ')}` : facts.noQuickWins ? 'No quick wins identified (recorded)' : 'Quick wins not yet considered',
  );

  return [refine, test, obc, quick, ssc];
}
