import { Actor } from '../projects/actor';
import { findRegister } from '../registers/register-catalogue';
import { RegistersService } from '../registers/registers.service';

/**
 * Wantage's stage 2-4 registers, partly filled as they stood mid-way through the work: the
 * Bridges to Health segments of the 30,070 registered patients with most of their needs, a
 * 2019 to 2031 projection for the housing growth, an urgent concern, the community hospital
 * and health centre with their services, and one good-practice record. Stages 2-4 stay in
 * progress: the gates still name what is missing.
 */
const WANTAGE: [register: string, record: Record<string, unknown>][] = [
  // Stage 2: population health and care needs (Bridges to Health segmentation, 2019 list sizes)
  ['segments', { id: 'seg-healthy', model: 'Bridges to Health', name: 'Healthy', people: 17850, sharePercent: 59.4, trend: 'increasing' }],
  ['segments', { id: 'seg-maternal', model: 'Bridges to Health', name: 'Maternal and infant health', people: 1420, sharePercent: 4.7, trend: 'increasing' }],
  ['segments', { id: 'seg-chronic', model: 'Bridges to Health', name: 'Chronic conditions, stable', people: 7300, sharePercent: 24.3, trend: 'increasing' }],
  ['segments', { id: 'seg-disability', model: 'Bridges to Health', name: 'Serious disability, stable', people: 550, sharePercent: 1.8, trend: 'stable' }],
  ['segments', { id: 'seg-reserve', model: 'Bridges to Health', name: 'Limited reserve and serious exacerbations', people: 1150, sharePercent: 3.8, trend: 'increasing' }],
  ['segments', { id: 'seg-frailty', model: 'Bridges to Health', name: 'Frailty and dementia', people: 1560, sharePercent: 5.2, trend: 'increasing' }],
  ['segments', { id: 'seg-end-of-life', model: 'Bridges to Health', name: 'Short period of decline before dying', people: 240, sharePercent: 0.8, trend: 'stable' }],
  ['needs', { id: 'need-prevention', segmentId: 'seg-healthy', description: 'Healthy lifestyles and early help for new families on the growth estates' }],
  ['needs', { id: 'need-maternity', segmentId: 'seg-maternal', description: 'Antenatal and health visiting capacity in Grove as young families move in' }],
  ['needs', { id: 'need-ltc', segmentId: 'seg-chronic', description: 'Diabetes and COPD care closer to home, without travel to Oxford' }],
  ['needs', { id: 'need-step-up', segmentId: 'seg-reserve', description: 'Rapid step-up care at home to avoid emergency admission' }],
  ['needs', { id: 'need-frailty', segmentId: 'seg-frailty', description: 'Falls prevention and dementia support for people living alone in the villages' }],
  [
    'projections',
    { id: 'proj-2019', year: 2019, population: 30070, source: 'GP registered list, Wantage PCN, April 2019', assumptions: 'Baseline' },
  ],
  [
    'projections',
    {
      id: 'proj-2031',
      year: 2031,
      population: 39700,
      source: 'Vale of White Horse Local Plan 2031 and Oxfordshire County Council housing-led forecasts',
      assumptions:
        'Housing growth at Grove Airfield (about 2,500 homes) and Crab Hill (about 1,500 homes) at 2.4 people per home; the Oxfordshire Housing and Growth Deal',
    },
  ],
  [
    'urgent-concerns',
    {
      id: 'uc-gp-access',
      what: 'GP appointment access as the practice lists grow with the new housing',
      whyUrgent: 'Lists are growing faster than clinical staff; routine waits are over three weeks',
      action: 'Extended-access hub sessions at the health centre, and a shared recruitment drive',
      owner: 'Wantage PCN clinical director',
      status: 'in-hand',
    },
  ],
  // Stage 3: review of services and assets
  [
    'assets',
    {
      id: 'asset-community-hospital',
      name: 'Wantage Community Hospital',
      type: 'community-hospital',
      postcode: 'OX12 7AS',
      owner: 'Oxford Health NHS Foundation Trust',
      condition: 'C',
      backlogRisk: 'significant',
    },
  ],
  [
    'assets',
    { id: 'asset-health-centre', name: 'Wantage Health Centre', type: 'health-centre', postcode: 'OX12 9BN', owner: 'NHS Property Services', condition: 'B', backlogRisk: 'moderate' },
  ],
  [
    'services',
    {
      id: 'svc-mlu',
      name: 'Midwife-led unit and antenatal clinics',
      provider: 'Oxford University Hospitals NHS Foundation Trust',
      assetId: 'asset-community-hospital',
      when: 'Births 24/7; clinics Mon-Fri 09:00-17:00',
      segmentIds: ['seg-maternal'],
      annualActivity: 1400,
      funding: 'recurrent',
    },
  ],
  [
    'services',
    {
      id: 'svc-outpatients',
      name: 'Outpatient clinics',
      provider: 'Oxford Health NHS Foundation Trust',
      assetId: 'asset-community-hospital',
      when: 'Mon-Fri 09:00-17:00',
      segmentIds: ['seg-chronic', 'seg-reserve'],
      funding: 'recurrent',
    },
  ],
  [
    'services',
    {
      id: 'svc-district-nursing',
      name: 'District nursing',
      provider: 'Oxford Health NHS Foundation Trust',
      assetId: 'asset-health-centre',
      when: 'Every day 08:00-22:00',
      segmentIds: ['seg-chronic', 'seg-reserve', 'seg-frailty', 'seg-end-of-life'],
      annualActivity: 52000,
      funding: 'recurrent',
    },
  ],
  [
    'sustainability-issues',
    {
      id: 'si-hospital-building',
      category: 'building-condition',
      severity: 'high',
      assetId: 'asset-community-hospital',
      description: 'Inpatient ward closed since 2016 because of the water system; the building needs major works before beds can reopen',
    },
  ],
  // Stage 4: innovation and good practice
  [
    'good-practice',
    {
      id: 'gp-social-prescribing',
      title: 'Social prescribing link workers',
      kind: 'wellbeing-and-prevention',
      source: 'Age UK Oxfordshire and the PCN',
      evidenceOfImpact: 'Fewer repeat GP appointments among people referred, in the first year',
      needIds: ['need-prevention', 'need-frailty'],
      concernIds: [],
    },
  ],
];

export async function loadWantageRegisters(registers: RegistersService, actor: Actor): Promise<void> {
  for (const [name, record] of WANTAGE) {
    await registers.create('wantage', findRegister(name)!, record, undefined, actor);
  }
}
