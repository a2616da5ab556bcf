import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';

/**
 * The three project groups stage 1 asks for, and the rules that decide when each counts as
 * "established". The deliverables' done/blocked state is derived from membership rather than ticked
 * by hand, so the board can see why a group does not yet qualify.
 */

export const GROUP_KEYS = ['core-project-team', 'stakeholder-group', 'clinical-professional-group'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** Lower-case, for use inside sentences ("The stakeholder group has ..."). */
export const GROUP_LABELS: Readonly<Record<GroupKey, string>> = {
  'core-project-team': 'core project team',
  'stakeholder-group': 'stakeholder group',
  'clinical-professional-group': 'clinical/professional group',
};

export const ORGANISATION_TYPES = [
  { key: 'county-council', label: 'County council' },
  { key: 'district-or-city-council', label: 'District or city council' },
  { key: 'gp-practice-or-pcn', label: 'GP practice or PCN' },
  { key: 'nhs-trust', label: 'NHS trust' },
  { key: 'commissioner-or-icb', label: 'Commissioner or ICB' },
  { key: 'healthwatch', label: 'Healthwatch' },
  { key: 'voluntary-and-community-sector', label: 'Voluntary and community sector' },
  { key: 'resident-or-patient-representative', label: 'Resident or patient representative' },
  { key: 'other', label: 'Other' },
] as const;

export type OrganisationType = (typeof ORGANISATION_TYPES)[number]['key'];

export const ORGANISATION_TYPE_KEYS: readonly OrganisationType[] = ORGANISATION_TYPES.map((t) => t.key);

export interface GroupMember {
  id: string;
  name: string;
  organisation: string;
  organisationType: OrganisationType;
  roleInGroup: string;
  isLead?: boolean;
  /** Set when the member has a sign-in account; only members with accounts can review. */
  userId?: string | null;
}

export type MembersByGroup = Partial<Record<GroupKey, readonly GroupMember[]>>;

export interface RequiredOrganisationTypes {
  /** At least one member must come from one of these types. */
  anyOf: readonly OrganisationType[];
  /** Stable blocker code when none does. */
  code: string;
  /** Completes "has no member from ..." in the blocker message. */
  description: string;
  /** Completes "...; add one ..." in the blocker message: why the rule exists. */
  reason: string;
}

export interface GroupRule {
  minMembers: number;
  requireLead: boolean;
  minOrganisationTypes: number;
  mustInclude: readonly RequiredOrganisationTypes[];
}

export type GroupRules = Readonly<Record<GroupKey, GroupRule>>;

/** The one place the group rules live; change them here (or pass others) rather than in the checks. */
export const DEFAULT_GROUP_RULES: GroupRules = {
  'core-project-team': { minMembers: 3, requireLead: true, minOrganisationTypes: 0, mustInclude: [] },
  'stakeholder-group': {
    minMembers: 5,
    requireLead: false,
    minOrganisationTypes: 3,
    mustInclude: [
      {
        anyOf: ['healthwatch', 'voluntary-and-community-sector'],
        code: 'GROUP_NO_COMMUNITY_VOICE',
        description: 'Healthwatch or the voluntary and community sector',
        reason: 'so that patients and the community have a voice',
      },
    ],
  },
  'clinical-professional-group': {
    minMembers: 2,
    requireLead: false,
    minOrganisationTypes: 0,
    mustInclude: [
      {
        anyOf: ['gp-practice-or-pcn'],
        code: 'GROUP_NO_PRIMARY_CARE',
        description: 'primary care (a GP practice or PCN)',
        reason: 'so that primary care shapes the clinical view',
      },
    ],
  },
};

export const GROUP_STAGE: StageKey = 'planning-and-codesign';

export interface GroupDerivedDeliverable {
  stage: StageKey;
  deliverable: GroupKey;
  done: boolean;
  evidence: string;
  blockers: Blocker[];
}

export function isGroupKey(value: unknown): value is GroupKey {
  return typeof value === 'string' && (GROUP_KEYS as readonly string[]).includes(value);
}

export function isOrganisationType(value: unknown): value is OrganisationType {
  return typeof value === 'string' && (ORGANISATION_TYPE_KEYS as readonly string[]).includes(value);
}

export function organisationTypeLabel(type: OrganisationType): string {
  return ORGANISATION_TYPES.find((t) => t.key === type)?.label ?? type;
}

/** "Dr A Patel (Wantage Health Centre)": how a person is named in messages. */
export function memberLabel(m: { name: string; organisation?: string | null }): string {
  return m.organisation ? `${m.name} (${m.organisation})` : m.name;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The same person entered twice must not make a group look bigger than it is. */
function distinctMembers(members: readonly GroupMember[]): GroupMember[] {
  const seen = new Set<string>();
  return members.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}

function organisationTypesOf(members: readonly GroupMember[]): OrganisationType[] {
  // Catalogue order, so evidence and messages read the same way every time.
  const present = new Set(members.map((m) => m.organisationType));
  return ORGANISATION_TYPE_KEYS.filter((t) => present.has(t));
}

function leadsOf(members: readonly GroupMember[]): GroupMember[] {
  // "Named" lead: a lead flag on a blank name would name nobody.
  return members.filter((m) => m.isLead === true && m.name.trim() !== '');
}

/** Why a group does not (yet) satisfy its rule; empty when it does. */
export function groupBlockers(group: GroupKey, members: readonly GroupMember[], rules: GroupRules = DEFAULT_GROUP_RULES): Blocker[] {
  const rule = rules[group];
  const label = GROUP_LABELS[group];
  const list = distinctMembers(members);
  const blockers: Blocker[] = [];
  const at = (code: string, message: string, ruleName: string): Blocker => ({
    code,
    message,
    stage: GROUP_STAGE,
    deliverable: group,
    ref: `group-rules.${group}.${ruleName}`,
  });

  if (list.length < rule.minMembers) {
    const has = list.length === 0 ? 'no members' : plural(list.length, 'member');
    blockers.push(at('GROUP_TOO_SMALL', `The ${label} has ${has}; it needs at least ${rule.minMembers}.`, 'minMembers'));
  }
  if (rule.requireLead && leadsOf(list).length === 0) {
    blockers.push(at('GROUP_NO_LEAD', `The ${label} has no named lead; mark one member as the lead.`, 'requireLead'));
  }
  const types = organisationTypesOf(list);
  if (types.length < rule.minOrganisationTypes) {
    const from =
      types.length === 0
        ? 'no organisation types yet'
        : `${plural(types.length, 'organisation type')} (${types.map(organisationTypeLabel).join(', ')})`;
    blockers.push(
      at(
        'GROUP_TOO_FEW_ORG_TYPES',
        `The ${label} has members from ${from}; it needs at least ${rule.minOrganisationTypes} different types of organisation.`,
        'minOrganisationTypes',
      ),
    );
  }
  for (const req of rule.mustInclude) {
    if (!list.some((m) => req.anyOf.includes(m.organisationType))) {
      blockers.push(at(req.code, `The ${label} has no member from ${req.description}; add one ${req.reason}.`, req.code));
    }
  }
  return blockers;
}

/** "6 members from 4 organisation types incl. Healthwatch; lead: Jo Smith (Oxfordshire County Council)". */
export function groupEvidence(group: GroupKey, members: readonly GroupMember[], rules: GroupRules = DEFAULT_GROUP_RULES): string {
  const list = distinctMembers(members);
  if (list.length === 0) return `No members in the ${GROUP_LABELS[group]} yet`;
  const types = organisationTypesOf(list);
  let text = `${plural(list.length, 'member')} from ${plural(types.length, 'organisation type')}`;
  const required = new Set(rules[group].mustInclude.flatMap((r) => r.anyOf));
  const included = types.filter((t) => required.has(t));
  if (included.length > 0) text += ` incl. ${included.map(organisationTypeLabel).join(' and ')}`;
  const leads = leadsOf(list);
  if (leads.length > 0) text += `; ${leads.length === 1 ? 'lead' : 'leads'}: ${leads.map(memberLabel).join(', ')}`;
  return text;
}

/** The stage-1 group deliverables, in GROUP_KEYS order; a missing group counts as empty. */
export function groupDerivedDeliverables(
  membersByGroup: MembersByGroup,
  rules: GroupRules = DEFAULT_GROUP_RULES,
): GroupDerivedDeliverable[] {
  return GROUP_KEYS.map((group) => {
    const members = membersByGroup[group] ?? [];
    const blockers = groupBlockers(group, members, rules);
    return {
      stage: GROUP_STAGE,
      deliverable: group,
      done: blockers.length === 0,
      evidence: groupEvidence(group, members, rules),
      blockers,
    };
  });
}

import type { FieldError } from '../validation';

export type { FieldError };

export const MEMBER_LIMITS = { nameMaxLength: 200, organisationMaxLength: 200, roleMaxLength: 200 } as const;

/** Field errors for a member as entered by the programme manager (before it gets an id). */
export function validateMember(input: {
  name?: unknown;
  organisation?: unknown;
  organisationType?: unknown;
  roleInGroup?: unknown;
  isLead?: unknown;
}): FieldError[] {
  const errors: FieldError[] = [];
  const text = (field: string, value: unknown, what: string, max: number) => {
    if (typeof value !== 'string' || value.trim() === '') errors.push({ field, message: `${capitalise(what)} is required.` });
    else if (value.length > max) errors.push({ field, message: `${capitalise(what)} must be at most ${max} characters.` });
  };
  text('name', input.name, 'name', MEMBER_LIMITS.nameMaxLength);
  text('organisation', input.organisation, 'organisation', MEMBER_LIMITS.organisationMaxLength);
  text('roleInGroup', input.roleInGroup, 'role in the group', MEMBER_LIMITS.roleMaxLength);
  if (!isOrganisationType(input.organisationType)) {
    errors.push({
      field: 'organisationType',
      message: `Organisation type must be one of: ${ORGANISATION_TYPE_KEYS.join(', ')}.`,
    });
  }
  if (input.isLead !== undefined && typeof input.isLead !== 'boolean') {
    errors.push({ field: 'isLead', message: 'isLead must be true or false.' });
  }
  return errors;
}
