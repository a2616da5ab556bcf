import { Injectable } from '@nestjs/common';
import { StageKey } from '../../workflows';
import { GroupKey, OrganisationType } from '../../workflows/people';
import { Role } from '../auth/access.decorators';
import { AuthUser } from '../auth/current-user';
import { UsersService } from '../auth/users.service';
import { AppConfig } from '../config/app-config';
import { Actor } from '../projects/actor';
import { GroupsService } from '../people/groups.service';
import { ReviewsService } from '../people/reviews.service';

/** The demo users: one per role, all with the DEMO_PASSWORD. */
export const DEMO_USERS = {
  admin: { email: 'admin@example.org', name: 'Alex Admin', role: 'admin' },
  pm: { email: 'pm@example.org', name: 'Priya Manning', role: 'programme-manager' },
  stakeholder: { email: 'stakeholder@example.org', name: 'Sam Holder', role: 'stakeholder' },
  clinician: { email: 'clinician@example.org', name: 'Dr Chris Lin', role: 'stakeholder' },
  auditor: { email: 'auditor@example.org', name: 'Ada Auditor', role: 'auditor' },
  board: { email: 'board@example.org', name: 'Integrated System Delivery Board member', role: 'board-member' },
} as const satisfies Record<string, { email: string; name: string; role: Role }>;

export type DemoUsers = Record<keyof typeof DEMO_USERS, AuthUser>;

interface DemoMember {
  name: string;
  organisation: string;
  organisationType: OrganisationType;
  roleInGroup: string;
  isLead?: boolean;
  account?: 'stakeholder' | 'clinician';
}

const WANTAGE_GROUPS: Record<GroupKey, DemoMember[]> = {
  'core-project-team': [
    { name: 'Helen Ward', organisation: 'Oxfordshire CCG', organisationType: 'commissioner-or-icb', roleInGroup: 'Locality lead', isLead: true },
    { name: 'Tom Reed', organisation: 'Oxford Health NHS FT', organisationType: 'nhs-trust', roleInGroup: 'Community services manager' },
    { name: 'Ruth Gale', organisation: 'Vale of White Horse District Council', organisationType: 'district-or-city-council', roleInGroup: 'Communities officer' },
  ],
  'stakeholder-group': [
    { name: 'Sam Holder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Engagement lead', account: 'stakeholder' },
    { name: 'Cllr Jane Moss', organisation: 'Wantage Town Council', organisationType: 'other', roleInGroup: 'Town councillor' },
    { name: 'Peter Grove', organisation: 'Grove Parish Council', organisationType: 'other', roleInGroup: 'Parish councillor' },
    { name: 'Mary Hall', organisation: 'OX12 Community Partnership', organisationType: 'voluntary-and-community-sector', roleInGroup: 'Coordinator' },
    { name: 'David Shaw', organisation: 'Wantage patient participation group', organisationType: 'resident-or-patient-representative', roleInGroup: 'Chair' },
    { name: 'Emma Cole', organisation: 'Oxfordshire County Council', organisationType: 'county-council', roleInGroup: 'Public health registrar' },
  ],
  'clinical-professional-group': [
    { name: 'Dr Chris Lin', organisation: 'Wantage PCN', organisationType: 'gp-practice-or-pcn', roleInGroup: 'Clinical director', account: 'clinician' },
    { name: 'Karen Ellis', organisation: 'Oxford Health NHS FT', organisationType: 'nhs-trust', roleInGroup: 'District nursing lead' },
    { name: 'Dr Raj Mehta', organisation: 'Wantage Community Hospital', organisationType: 'nhs-trust', roleInGroup: 'Consultant geriatrician' },
  ],
};

/** Banbury is at the start of stage 1: its groups are still being formed. */
const BANBURY_GROUPS: Record<GroupKey, DemoMember[]> = {
  'core-project-team': [
    { name: 'Nadia Khan', organisation: 'Oxfordshire CCG', organisationType: 'commissioner-or-icb', roleInGroup: 'Locality lead', isLead: true },
    { name: 'Ian Brooks', organisation: 'Oxford University Hospitals NHS FT', organisationType: 'nhs-trust', roleInGroup: 'Horton strategy manager' },
  ],
  'stakeholder-group': [
    { name: 'Sam Holder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Engagement lead', account: 'stakeholder' },
    { name: 'Cllr Tony Ilott', organisation: 'Cherwell District Council', organisationType: 'district-or-city-council', roleInGroup: 'District councillor' },
  ],
  'clinical-professional-group': [
    { name: 'Dr Chris Lin', organisation: 'Banbury Town PCN', organisationType: 'gp-practice-or-pcn', roleInGroup: 'GP adviser', account: 'clinician' },
  ],
};

/** Demo users, groups and reviews, created through the same services the API uses. */
@Injectable()
export class DemoPeople {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly reviews: ReviewsService,
  ) {}

  async createUsers(): Promise<DemoUsers> {
    const out = {} as DemoUsers;
    for (const [key, u] of Object.entries(DEMO_USERS) as Array<[keyof typeof DEMO_USERS, (typeof DEMO_USERS)[keyof typeof DEMO_USERS]]>) {
      const created = await this.users.ensure({ ...u, password: this.config.DEMO_PASSWORD });
      out[key] = { id: created.id, email: created.email, name: created.name, role: created.role };
    }
    return out;
  }

  async formGroups(slug: string, which: 'wantage' | 'banbury', users: DemoUsers, actor: Actor): Promise<void> {
    const groups = which === 'wantage' ? WANTAGE_GROUPS : BANBURY_GROUPS;
    for (const [group, members] of Object.entries(groups) as Array<[GroupKey, DemoMember[]]>) {
      for (const { account, ...m } of members) {
        await this.groups.add(slug, group, { ...m, userId: account ? users[account].id : null }, actor);
      }
    }
  }

  /** The stakeholder and the clinician approve the stage in review, after a comment from the stakeholder. */
  async reviewersApprove(slug: string, stage: StageKey, users: DemoUsers): Promise<void> {
    const { stakeholder, clinician } = users;
    await this.reviews.comment(slug, stage, 'Good to see the parish councils and the PPG involved from the start.', undefined, stakeholder, stakeholder);
    await this.reviews.decide(slug, stage, { decision: 'approve', comment: 'The involvement strategy reflects what residents asked for.' }, stakeholder, stakeholder);
    await this.reviews.decide(slug, stage, { decision: 'approve' }, clinician, clinician);
  }
}
