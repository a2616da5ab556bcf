import { ProjectAccessLevel, Role } from '../../../src/auth/access.decorators';
import { allowsProjectAccess, ProjectRelation } from '../../../src/auth/access-policy';

const LEVELS: ProjectAccessLevel[] = ['read', 'manage', 'review', 'contribute'];
const me = (role: Role) => ({ id: 'me', role });
const allowed = (role: Role, relation: ProjectRelation) => LEVELS.filter((l) => allowsProjectAccess(me(role), relation, l));

describe('project access rules', () => {
  const outsider: ProjectRelation = { managerUserId: 'someone-else', groups: [] };

  it('auditors and admins read every project and do nothing else to it', () => {
    for (const role of ['auditor', 'admin'] as const) {
      expect(allowed(role, outsider)).toEqual(['read']);
      expect(allowed(role, { managerUserId: 'me', groups: ['stakeholder-group'] })).toEqual(['read']);
    }
  });

  it('a programme manager runs only the projects assigned to them, and never reviews', () => {
    expect(allowed('programme-manager', { managerUserId: 'me', groups: [] })).toEqual(['read', 'manage', 'contribute']);
    expect(allowed('programme-manager', outsider)).toEqual([]);
    expect(allowed('programme-manager', { managerUserId: null, groups: [] })).toEqual([]);
  });

  it('a stakeholder reads and comments where they are a member, and reviews only from a reviewing group', () => {
    expect(allowed('stakeholder', outsider)).toEqual([]);
    expect(allowed('stakeholder', { managerUserId: null, groups: ['core-project-team'] })).toEqual(['read', 'contribute']);
    expect(allowed('stakeholder', { managerUserId: null, groups: ['stakeholder-group'] })).toEqual(['read', 'review', 'contribute']);
    expect(allowed('stakeholder', { managerUserId: null, groups: ['clinical-professional-group'] })).toEqual(['read', 'review', 'contribute']);
    // being named as manager does not make a stakeholder account a manager
    expect(allowed('stakeholder', { managerUserId: 'me', groups: [] })).toEqual([]);
  });
});
