import type { Blocker } from '../blockers';
import type { AppraisalInput } from './appraisal';
import { type FieldError, arr, blocker, isBlank } from './common';

export type OptionKind = 'business-as-usual' | 'do-minimum' | 'alternative';
export const OPTION_KINDS: readonly OptionKind[] = ['business-as-usual', 'do-minimum', 'alternative'];
export const OPTION_KIND_LABELS: Record<OptionKind, string> = {
  'business-as-usual': 'Business as usual',
  'do-minimum': 'Do minimum',
  alternative: 'Alternative',
};

/** 'long-list' = not yet decided; every option must end up short-listed or discounted, with a reason. */
export type OptionStatus = 'long-list' | 'short-listed' | 'discounted';

/** The Green Book options framework filter: what each option chooses on each dimension. */
export const OPTIONS_FILTER_DIMENSIONS = [
  { key: 'scope', title: 'Scope' },
  { key: 'solution', title: 'Solution' },
  { key: 'delivery', title: 'Delivery' },
  { key: 'implementation', title: 'Implementation' },
  { key: 'funding', title: 'Funding' },
] as const;
export type OptionsFilterDimension = (typeof OPTIONS_FILTER_DIMENSIONS)[number]['key'];
export type OptionsFilter = Record<OptionsFilterDimension, string>;

export interface QuickWin {
  flagged: boolean;
  /** What can go ahead now: the whole option or the part of it. */
  description: string;
}

export interface SignificantServiceChangeDecision {
  /** null = not yet decided. */
  confirmed: boolean | null;
  reason: string;
}

export interface RefinementNote {
  kind: 'engagement' | 'modelling';
  summary: string;
  /** YYYY-MM-DD, when known. */
  date?: string | null;
}

export interface ProjectOption {
  id: string;
  title: string;
  description?: string;
  kind: OptionKind;
  /** Ids of the stage 5 proposals the option is built from. Business as usual may have none. */
  proposalIds: string[];
  filter: OptionsFilter;
  status: OptionStatus;
  /** Why it was short-listed or discounted. */
  statusReason: string;
  preferred: boolean;
  appraisal?: AppraisalInput | null;
  quickWin?: QuickWin | null;
  significantServiceChange?: SignificantServiceChangeDecision | null;
  /** Local engagement events and further modelling that refined the option. */
  refinementNotes?: RefinementNote[] | null;
}

export const isShortListed = (o: ProjectOption): boolean => o.status === 'short-listed';

export function shortListedOptions(options: readonly ProjectOption[]): ProjectOption[] {
  return arr(options).filter(isShortListed);
}

/** The single preferred option, or null when there is none or more than one. */
export function preferredOption(options: readonly ProjectOption[]): ProjectOption | null {
  const preferred = arr(options).filter((o) => o.preferred);
  return preferred.length === 1 ? preferred[0] : null;
}

export function optionLabel(o: Pick<ProjectOption, 'id' | 'title'>): string {
  return isBlank(o.title) ? o.id : o.title;
}

/** Field-level checks for an option form. `knownProposalIds`, when given, are the stage 5 proposal ids. */
export function validateOption(option: ProjectOption, knownProposalIds?: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (isBlank(option.id)) errors.push({ field: 'id', message: 'An option needs an id.' });
  if (isBlank(option.title)) errors.push({ field: 'title', message: 'An option needs a title.' });
  if (!OPTION_KINDS.includes(option.kind)) {
    errors.push({ field: 'kind', message: `Kind must be one of ${OPTION_KINDS.join(', ')}.` });
  }
  if (!['long-list', 'short-listed', 'discounted'].includes(option.status)) {
    errors.push({ field: 'status', message: 'Status must be long-list, short-listed or discounted.' });
  }
  if (option.preferred && option.status !== 'short-listed') {
    errors.push({ field: 'preferred', message: 'Only a short-listed option can be the preferred way forward.' });
  }
  if (option.kind !== 'business-as-usual' && arr(option.proposalIds).length === 0) {
    errors.push({ field: 'proposalIds', message: 'Build the option from at least one stage 5 proposal.' });
  }
  if (knownProposalIds) {
    arr(option.proposalIds).forEach((id, i) => {
      if (!knownProposalIds.includes(id)) {
        errors.push({ field: `proposalIds[${i}]`, message: `"${id}" is not a stage 5 proposal of this project.` });
      }
    });
  }
  if (option.quickWin?.flagged && isBlank(option.quickWin.description)) {
    errors.push({ field: 'quickWin.description', message: 'Describe what can go ahead now.' });
  }
  return errors;
}

/**
 * The long list: every option described on the filter and decided (short-listed or discounted)
 * with a reason. Business as usual is exempt from needing proposals: it is the status quo.
 */
export function longListBlockers(options: readonly ProjectOption[], knownProposalIds?: readonly string[]): Blocker[] {
  const list = arr(options);
  const out: Blocker[] = [];
  const at = { deliverable: 'test-options' };
  if (list.length === 0) {
    return [blocker('LONG_LIST_EMPTY', 'No options have been recorded: build a long list from the stage 5 proposals.', at)];
  }
  for (const o of list) {
    const name = `Option "${optionLabel(o)}"`;
    const missing = OPTIONS_FILTER_DIMENSIONS.filter((d) => isBlank(o.filter?.[d.key])).map((d) => d.title.toLowerCase());
    if (missing.length > 0) {
      out.push(blocker('OPTION_FILTER_INCOMPLETE', `${name} is not described on the options framework filter: ${missing.join(', ')}.`, { ...at, ref: o.id }));
    }
    if (o.kind !== 'business-as-usual' && arr(o.proposalIds).length === 0) {
      out.push(blocker('OPTION_NO_PROPOSALS', `${name} is not built from any stage 5 proposal.`, { ...at, ref: o.id }));
    }
    if (knownProposalIds) {
      const unknown = arr(o.proposalIds).filter((id) => !knownProposalIds.includes(id));
      if (unknown.length > 0) {
        out.push(blocker('OPTION_UNKNOWN_PROPOSAL', `${name} refers to proposals that are not in stage 5: ${unknown.join(', ')}.`, { ...at, ref: o.id }));
      }
    }
    if (o.status !== 'short-listed' && o.status !== 'discounted') {
      out.push(blocker('OPTION_NOT_DECIDED', `${name} has not been short-listed or discounted.`, { ...at, ref: o.id }));
    } else if (isBlank(o.statusReason)) {
      out.push(blocker('OPTION_DECISION_REASON_MISSING', `${name} was ${o.status} without a reason.`, { ...at, ref: o.id }));
    }
  }
  return out;
}

/** The short-list rule, less the preferred option (see preferredOptionBlockers). */
export function shortListBlockers(options: readonly ProjectOption[]): Blocker[] {
  const short = shortListedOptions(options);
  const has = (kind: OptionKind) => short.some((o) => o.kind === kind);
  const at = { deliverable: 'test-options', ref: 'short-list' };
  const out: Blocker[] = [];
  if (!has('business-as-usual')) {
    out.push(blocker('SHORT_LIST_NO_BUSINESS_AS_USUAL', 'The short list must include business as usual, the baseline every option is compared with.', at));
  }
  if (!has('do-minimum')) out.push(blocker('SHORT_LIST_NO_DO_MINIMUM', 'The short list must include a do-minimum option.', at));
  if (!has('alternative')) {
    out.push(blocker('SHORT_LIST_NO_ALTERNATIVE', 'The short list must include at least one viable alternative besides business as usual and do minimum.', at));
  }
  return out;
}

export function preferredOptionBlockers(options: readonly ProjectOption[]): Blocker[] {
  const preferred = arr(options).filter((o) => o.preferred);
  const at = { deliverable: 'test-options' };
  if (preferred.length === 0) {
    return [blocker('PREFERRED_OPTION_MISSING', 'No option is marked as the preferred way forward.', { ...at, ref: 'preferred-option' })];
  }
  if (preferred.length > 1) {
    return [
      blocker('PREFERRED_OPTION_NOT_UNIQUE', `Only one option can be preferred; ${preferred.length} are: ${preferred.map(optionLabel).join(', ')}.`, {
        ...at,
        ref: preferred.map((o) => o.id).join(','),
      }),
    ];
  }
  const [p] = preferred;
  return isShortListed(p)
    ? []
    : [blocker('PREFERRED_OPTION_NOT_SHORT_LISTED', `The preferred option "${optionLabel(p)}" is not on the short list.`, { ...at, ref: p.id })];
}

/** The full short-list rule of the framework: BAU, do minimum, an alternative and a short-listed preferred option. */
export function shortListRuleMet(options: readonly ProjectOption[]): boolean {
  return shortListBlockers(options).length === 0 && preferredOptionBlockers(options).length === 0;
}

export function flaggedQuickWins(options: readonly ProjectOption[]): ProjectOption[] {
  return arr(options).filter((o) => o.quickWin?.flagged === true);
}

/** Whose significant-service-change decision counts: the short list plus the preferred option (normally on it). */
export function optionsNeedingServiceChangeDecision(options: readonly ProjectOption[]): ProjectOption[] {
  return arr(options).filter((o) => isShortListed(o) || o.preferred);
}

export function confirmedServiceChanges(options: readonly ProjectOption[]): ProjectOption[] {
  return optionsNeedingServiceChangeDecision(options).filter((o) => o.significantServiceChange?.confirmed === true);
}
