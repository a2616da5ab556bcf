import {
  DEFAULT_GROUP_RULES,
  GROUP_KEYS,
  ORGANISATION_TYPES,
  groupDerivedDeliverables,
  validateMember,
  type GroupKey,
  type GroupMember,
  type GroupRules,
  type MembersByGroup,
  type OrganisationType,
} from '../../../workflows/people';
import { deliverableDefinition } from '../../../workflows/framework';

let seq = 0;
const member = (organisationType: OrganisationType, extra: Partial<GroupMember> = {}): GroupMember => ({
  id: `m${++seq}`,
  name: `Person ${seq}`,
  organisation: `Org ${seq}`,
  organisationType,
  roleInGroup: 'member',
  ...extra,
});

const forGroup = (group: GroupKey, membersByGroup: MembersByGroup) => {
  const row = groupDerivedDeliverables(membersByGroup).find((d) => d.deliverable === group);
  if (!row) throw new Error(`no row for ${group}`);
  return row;
};
const codes = (group: GroupKey, membersByGroup: MembersByGroup) => forGroup(group, membersByGroup).blockers.map((b) => b.code);

describe('group catalogue', () => {
  it('derives exactly the three stage-1 group deliverables of the framework', () => {
    const rows = groupDerivedDeliverables({});
    expect(rows.map((r) => r.deliverable)).toEqual([...GROUP_KEYS]);
    for (const r of rows) {
      expect(r.stage).toBe('planning-and-codesign');
      expect(deliverableDefinition('planning-and-codesign', r.deliverable)).toBeDefined();
      expect(r.done).toBe(false);
    }
  });

  it('labels every organisation type', () => {
    expect(ORGANISATION_TYPES).toHaveLength(9);
    for (const t of ORGANISATION_TYPES) expect(t.label.length).toBeGreaterThan(0);
  });

  it('explains an empty group in plain words', () => {
    const row = forGroup('stakeholder-group', {});
    expect(row.evidence).toBe('No members in the stakeholder group yet');
    expect(row.blockers[0].message).toBe('The stakeholder group has no members; it needs at least 5.');
  });
});

describe('core project team', () => {
  it('needs 3 members including a named lead', () => {
    const team: GroupMember[] = [member('county-council'), member('nhs-trust')];
    expect(codes('core-project-team', { 'core-project-team': team })).toEqual(['GROUP_TOO_SMALL', 'GROUP_NO_LEAD']);
    expect(forGroup('core-project-team', { 'core-project-team': team }).blockers[0].message).toBe(
      'The core project team has 2 members; it needs at least 3.',
    );

    team.push(member('commissioner-or-icb'));
    expect(codes('core-project-team', { 'core-project-team': team })).toEqual(['GROUP_NO_LEAD']);

    // A lead with no name is nobody.
    team[0] = { ...team[0], isLead: true, name: '  ' };
    expect(codes('core-project-team', { 'core-project-team': team })).toEqual(['GROUP_NO_LEAD']);

    team[0] = { ...team[0], name: 'Jo Smith', organisation: 'Oxfordshire County Council' };
    const row = forGroup('core-project-team', { 'core-project-team': team });
    expect(row.done).toBe(true);
    expect(row.blockers).toEqual([]);
    expect(row.evidence).toBe('3 members from 3 organisation types; lead: Jo Smith (Oxfordshire County Council)');

    // Removing the lead blocks it again.
    const withoutLead = team.slice(1);
    expect(codes('core-project-team', { 'core-project-team': withoutLead })).toEqual(['GROUP_TOO_SMALL', 'GROUP_NO_LEAD']);
  });

  it('does not count the same member twice', () => {
    const lead = member('county-council', { isLead: true });
    const other = member('nhs-trust');
    expect(codes('core-project-team', { 'core-project-team': [lead, other, other] })).toEqual(['GROUP_TOO_SMALL']);
  });
});

describe('stakeholder group', () => {
  it('needs 5 members from 3 organisation types including Healthwatch or the VCS', () => {
    const group: GroupMember[] = [member('county-council'), member('county-council'), member('gp-practice-or-pcn')];
    const at = () => ({ 'stakeholder-group': [...group] });
    expect(codes('stakeholder-group', at())).toEqual(['GROUP_TOO_SMALL', 'GROUP_TOO_FEW_ORG_TYPES', 'GROUP_NO_COMMUNITY_VOICE']);
    const messages = forGroup('stakeholder-group', at()).blockers.map((b) => b.message);
    expect(messages[0]).toBe('The stakeholder group has 3 members; it needs at least 5.');
    expect(messages[1]).toBe(
      'The stakeholder group has members from 2 organisation types (County council, GP practice or PCN); it needs at least 3 different types of organisation.',
    );
    expect(messages[2]).toMatch(/no member from Healthwatch or the voluntary and community sector/);

    group.push(member('nhs-trust'));
    expect(codes('stakeholder-group', at())).toEqual(['GROUP_TOO_SMALL', 'GROUP_NO_COMMUNITY_VOICE']);

    group.push(member('healthwatch', { organisation: 'Healthwatch Oxfordshire' }));
    let row = forGroup('stakeholder-group', at());
    expect(row.done).toBe(true);
    expect(row.evidence).toBe('5 members from 4 organisation types incl. Healthwatch');

    group.push(member('voluntary-and-community-sector'));
    row = forGroup('stakeholder-group', at());
    expect(row.evidence).toBe('6 members from 5 organisation types incl. Healthwatch and Voluntary and community sector');

    // Remove Healthwatch and VCS: back to too small and no community voice.
    const trimmed = group.filter((m) => m.organisationType !== 'healthwatch' && m.organisationType !== 'voluntary-and-community-sector');
    expect(codes('stakeholder-group', { 'stakeholder-group': trimmed })).toEqual(['GROUP_TOO_SMALL', 'GROUP_NO_COMMUNITY_VOICE']);
  });

  it('accepts the voluntary and community sector in place of Healthwatch', () => {
    const group = [
      member('county-council'),
      member('district-or-city-council'),
      member('voluntary-and-community-sector'),
      member('resident-or-patient-representative'),
      member('resident-or-patient-representative'),
    ];
    expect(codes('stakeholder-group', { 'stakeholder-group': group })).toEqual([]);
  });

  it('carries stage, deliverable and rule reference on each blocker', () => {
    const [b] = forGroup('stakeholder-group', { 'stakeholder-group': [member('healthwatch')] }).blockers;
    expect(b).toMatchObject({ stage: 'planning-and-codesign', deliverable: 'stakeholder-group', ref: 'group-rules.stakeholder-group.minMembers' });
  });
});

describe('clinical/professional group', () => {
  it('needs 2 members including primary care', () => {
    const group: GroupMember[] = [member('nhs-trust')];
    expect(codes('clinical-professional-group', { 'clinical-professional-group': group })).toEqual([
      'GROUP_TOO_SMALL',
      'GROUP_NO_PRIMARY_CARE',
    ]);
    expect(forGroup('clinical-professional-group', { 'clinical-professional-group': group }).blockers[0].message).toBe(
      'The clinical/professional group has 1 member; it needs at least 2.',
    );
    group.push(member('nhs-trust'));
    expect(codes('clinical-professional-group', { 'clinical-professional-group': group })).toEqual(['GROUP_NO_PRIMARY_CARE']);
    group.push(member('gp-practice-or-pcn'));
    const row = forGroup('clinical-professional-group', { 'clinical-professional-group': group });
    expect(row.done).toBe(true);
    expect(row.evidence).toBe('3 members from 2 organisation types incl. GP practice or PCN');
  });
});

describe('rules are data', () => {
  it('uses rules passed in instead of the defaults', () => {
    const relaxed: GroupRules = {
      ...DEFAULT_GROUP_RULES,
      'stakeholder-group': { minMembers: 2, requireLead: false, minOrganisationTypes: 1, mustInclude: [] },
    };
    const group = { 'stakeholder-group': [member('county-council'), member('county-council')] };
    expect(groupDerivedDeliverables(group, relaxed).find((r) => r.deliverable === 'stakeholder-group')?.done).toBe(true);
    expect(groupDerivedDeliverables(group).find((r) => r.deliverable === 'stakeholder-group')?.done).toBe(false);
  });
});

describe('validateMember', () => {
  it('reports each bad field', () => {
    expect(validateMember({ name: 'A', organisation: 'B', organisationType: 'healthwatch', roleInGroup: 'chair' })).toEqual([]);
    const errors = validateMember({ name: '', organisation: 'x'.repeat(201), organisationType: 'pub', isLead: 'yes' });
    expect(errors.map((e) => e.field).sort()).toEqual(['isLead', 'name', 'organisation', 'organisationType', 'roleInGroup']);
  });
});
