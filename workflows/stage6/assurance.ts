import type { Blocker } from '../blockers';
import { arr, blocker, isBlank, isIsoDate } from './common';
import { type ProjectOption, confirmedServiceChanges, optionLabel, optionsNeedingServiceChangeDecision } from './options';

/**
 * NHS England assurance of a significant service change. One record per project: the
 * consultation and scrutiny are about the change the project proposes, whichever
 * short-listed option (or the preferred one) triggers it.
 */

/** Gunning principles' "adequate time": the engine's default minimum; callers may pass another. */
export const SSC_MIN_CONSULTATION_WEEKS = 12;

export const SSC_TESTS = [
  { key: 'publicEngagement', title: 'Strong public and patient engagement' },
  { key: 'patientChoice', title: 'Consistency with current and prospective need for patient choice' },
  { key: 'clinicalEvidence', title: 'A clear clinical evidence base' },
  { key: 'commissionerSupport', title: 'Support from clinical commissioners' },
] as const;
export type SscTestKey = (typeof SSC_TESTS)[number]['key'];

export interface ConsultationPlan {
  periodWeeks: number | null;
  /** Gunning: enough information for intelligent consideration. */
  informationProvided: string;
  /** Gunning: responses conscientiously taken into account. */
  responsesTakenIntoAccount: string;
  /** Gunning: consultation at a formative stage, when proposals can still change. */
  formativeStage: string;
}

export interface SscAssuranceRecord {
  /** Evidence text for each of the four tests. */
  tests: Partial<Record<SscTestKey, string>>;
  /** null = not yet answered. */
  bedsClose: boolean | null;
  bedClosureEvidence: string;
  consultation: ConsultationPlan;
  /** YYYY-MM-DD the local authority's health scrutiny committee was consulted. */
  healthScrutinyConsultedOn: string | null;
}

export function emptyAssuranceRecord(): SscAssuranceRecord {
  return {
    tests: {},
    bedsClose: null,
    bedClosureEvidence: '',
    consultation: { periodWeeks: null, informationProvided: '', responsesTakenIntoAccount: '', formativeStage: '' },
    healthScrutinyConsultedOn: null,
  };
}

const AT = { deliverable: 'significant-service-change' };

/** What is missing from the record itself, one blocker per item; empty = complete. */
export function assuranceRecordBlockers(
  record: SscAssuranceRecord | null | undefined,
  minConsultationWeeks: number = SSC_MIN_CONSULTATION_WEEKS,
): Blocker[] {
  if (!record) {
    return [blocker('SSC_ASSURANCE_MISSING', 'A significant service change is confirmed but there is no NHS England assurance record.', { ...AT, ref: 'assurance' })];
  }
  const out: Blocker[] = [];
  for (const t of SSC_TESTS) {
    if (isBlank(record.tests?.[t.key])) {
      out.push(blocker('SSC_TEST_EVIDENCE_MISSING', `Assurance: no evidence recorded for the test "${t.title}".`, { ...AT, ref: `tests.${t.key}` }));
    }
  }
  if (record.bedsClose !== true && record.bedsClose !== false) {
    out.push(blocker('SSC_BED_CLOSURE_UNDECIDED', 'Assurance: say whether any beds close.', { ...AT, ref: 'bedsClose' }));
  } else if (record.bedsClose && isBlank(record.bedClosureEvidence)) {
    out.push(blocker('SSC_BED_CLOSURE_EVIDENCE_MISSING', 'Assurance: beds close, so the bed-closure test needs evidence.', { ...AT, ref: 'bedClosureEvidence' }));
  }
  const c = record.consultation;
  const weeks = c?.periodWeeks;
  if (typeof weeks !== 'number' || !Number.isFinite(weeks) || weeks < minConsultationWeeks) {
    out.push(
      blocker('SSC_CONSULTATION_TOO_SHORT', `Assurance: the public consultation must run at least ${minConsultationWeeks} weeks${typeof weeks === 'number' ? ` (planned: ${weeks})` : ''}.`, {
        ...AT,
        ref: 'consultation.periodWeeks',
      }),
    );
  }
  const gunning = [
    ['informationProvided', 'SSC_CONSULTATION_INFORMATION_MISSING', 'what information consultees will be given'],
    ['responsesTakenIntoAccount', 'SSC_CONSULTATION_RESPONSES_MISSING', 'how responses will be taken into account'],
    ['formativeStage', 'SSC_CONSULTATION_FORMATIVE_MISSING', 'why the proposals are still at a formative stage'],
  ] as const;
  for (const [field, code, what] of gunning) {
    if (isBlank(c?.[field])) out.push(blocker(code, `Assurance: the consultation plan must state ${what} (Gunning principles).`, { ...AT, ref: `consultation.${field}` }));
  }
  if (!isIsoDate(record.healthScrutinyConsultedOn)) {
    out.push(blocker('SSC_SCRUTINY_NOT_CONSULTED', 'Assurance: record the date the health scrutiny committee was consulted (YYYY-MM-DD).', { ...AT, ref: 'healthScrutinyConsultedOn' }));
  }
  return out;
}

/** Decisions per option: every short-listed (or preferred) option needs a yes/no with a reason. */
export function serviceChangeDecisionBlockers(options: readonly ProjectOption[]): Blocker[] {
  const out: Blocker[] = [];
  for (const o of optionsNeedingServiceChangeDecision(arr(options))) {
    const d = o.significantServiceChange;
    if (d?.confirmed !== true && d?.confirmed !== false) {
      out.push(blocker('SSC_NOT_DECIDED', `Option "${optionLabel(o)}": confirm whether it is a significant service change.`, { ...AT, ref: o.id }));
    } else if (isBlank(d.reason)) {
      out.push(blocker('SSC_REASON_MISSING', `Option "${optionLabel(o)}": give the reason it is${d.confirmed ? '' : ' not'} a significant service change.`, { ...AT, ref: o.id }));
    }
  }
  return out;
}

/** The assurance record is only demanded once a change is confirmed for a short-listed or preferred option. */
export function serviceChangeAssuranceBlockers(
  options: readonly ProjectOption[],
  record: SscAssuranceRecord | null | undefined,
  minConsultationWeeks: number = SSC_MIN_CONSULTATION_WEEKS,
): Blocker[] {
  return confirmedServiceChanges(options).length === 0 ? [] : assuranceRecordBlockers(record, minConsultationWeeks);
}
