import { registerStageWork } from './stage-work';
import type { TestApp } from './test-app';

/**
 * Stage 1's groups, formed through the API so that they meet the default rules: the stakeholder
 * and the clinician test users are the reviewers (members with accounts).
 */
export const STAGE1_MEMBERS = {
  'core-project-team': [
    { name: 'Lee Lead', organisation: 'Oxfordshire CCG', organisationType: 'commissioner-or-icb', roleInGroup: 'Locality lead', isLead: true },
    { name: 'Nia Nurse', organisation: 'Oxford Health NHS FT', organisationType: 'nhs-trust', roleInGroup: 'Community services' },
    { name: 'Col Council', organisation: 'Vale of White Horse DC', organisationType: 'district-or-city-council', roleInGroup: 'Communities officer' },
  ],
  'stakeholder-group': [
    { name: 'Sue Stakeholder', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Engagement lead', account: 'stakeholder' },
    { name: 'Vic Volunteer', organisation: 'OX12 Community Partnership', organisationType: 'voluntary-and-community-sector', roleInGroup: 'Coordinator' },
    { name: 'Cllr Cat', organisation: 'Oxfordshire County Council', organisationType: 'county-council', roleInGroup: 'Councillor' },
    { name: 'Dee District', organisation: 'Vale of White Horse DC', organisationType: 'district-or-city-council', roleInGroup: 'Councillor' },
    { name: 'Rob Resident', organisation: 'Patient participation group', organisationType: 'resident-or-patient-representative', roleInGroup: 'Chair' },
  ],
  'clinical-professional-group': [
    { name: 'Dr Cal Clinician', organisation: 'Wantage PCN', organisationType: 'gp-practice-or-pcn', roleInGroup: 'Clinical director', account: 'clinician' },
    { name: 'Ned Nurse', organisation: 'Oxford Health NHS FT', organisationType: 'nhs-trust', roleInGroup: 'District nursing lead' },
  ],
} as const;

export async function formGroups(t: TestApp, slug: string, who = 'pm'): Promise<void> {
  for (const [group, members] of Object.entries(STAGE1_MEMBERS)) {
    for (const { account, ...m } of members as ReadonlyArray<Record<string, unknown> & { account?: string }>) {
      const body = account ? { ...m, userId: t.user(account).id } : m;
      const res = await t.as(who).post(`/api/projects/${slug}/groups/${group}/members`).send(body);
      if (res.status !== 201) throw new Error(`add ${String(m.name)} to ${group}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
}

registerStageWork('planning-and-codesign', (t, slug) => formGroups(t, slug));
