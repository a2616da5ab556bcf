import { Registers, Stage2Input } from '../../../workflows/registers';

/** A complete, gate-passing set of registers for Wantage (30,070 registered, 2019). */
export function wantage(): Registers {
  return {
    segments: [
      { id: 'seg-healthy', model: 'Bridges to Health', name: 'Healthy', people: 18000, sharePercent: 59.9, trend: 'stable' },
      { id: 'seg-ltc', model: 'Bridges to Health', name: 'Long-term conditions', people: 9000, sharePercent: 29.9, trend: 'increasing' },
      { id: 'seg-frail', model: 'Bridges to Health', name: 'Frailty', people: 2000, sharePercent: 6.7, trend: 'increasing' },
    ],
    needs: [
      { id: 'need-prevention', segmentId: 'seg-healthy', description: 'Healthy lifestyles for new families on housing estates' },
      { id: 'need-ltc', segmentId: 'seg-ltc', description: 'Diabetes and COPD care closer to home' },
      { id: 'need-frail', segmentId: 'seg-frail', description: 'Step-up care avoiding admission' },
    ],
    projections: [
      { id: 'proj-2031', year: 2031, population: 38500, source: 'Vale of White Horse Local Plan', assumptions: 'Housing growth, the growth deal' },
    ],
    urgentConcerns: [
      { id: 'uc-access', what: 'GP appointment access', whyUrgent: 'Lists growing faster than staff', action: 'Extended-access hub', owner: 'Wantage PCN', status: 'in-hand' },
    ],
    assets: [
      { id: 'asset-hospital', name: 'Wantage Community Hospital', type: 'community-hospital', postcode: 'OX12 9AT', owner: 'Oxford Health', condition: 'D', backlogRisk: 'high' },
      { id: 'asset-surgery', name: 'Church Street Practice', type: 'gp-surgery', postcode: 'OX12 8BL', owner: 'GP partners', condition: 'B', backlogRisk: 'low' },
    ],
    services: [
      { id: 'svc-gp', name: 'General practice', provider: 'Church Street Practice', assetId: 'asset-surgery', when: 'Mon-Fri 08:00-18:30', segmentIds: ['seg-healthy', 'seg-ltc', 'seg-frail'], annualActivity: 120000, funding: 'recurrent' },
      { id: 'svc-mlu', name: 'Midwifery clinics', provider: 'Oxford University Hospitals', assetId: 'asset-hospital', when: 'Tue, Thu 09:00-17:00', segmentIds: ['seg-healthy'], funding: 'non-recurrent' },
    ],
    sustainabilityIssues: [
      { id: 'si-building', category: 'building-condition', severity: 'high', assetId: 'asset-hospital', description: 'Inpatient beds closed; building needs major works' },
      { id: 'si-funding', category: 'non-recurrent-funding', severity: 'medium', serviceId: 'svc-mlu', description: 'Funded year to year' },
    ],
    goodPractice: [
      { id: 'gp-innov', title: 'Virtual ward', kind: 'innovation', source: 'NHS England', evidenceOfImpact: '20% fewer admissions', needIds: ['need-frail'], concernIds: [] },
      { id: 'gp-clin', title: 'Diabetes integrated clinic', kind: 'clinical-good-practice', source: 'NICE', needIds: ['need-ltc'], concernIds: [] },
      { id: 'gp-local', title: 'Shared reception across practices', kind: 'local-idea', source: 'Practice managers workshop', needIds: [], concernIds: ['uc-access'] },
      { id: 'gp-well', title: 'Social prescribing', kind: 'wellbeing-and-prevention', source: 'Age UK Oxfordshire', needIds: ['need-prevention'], concernIds: [] },
    ],
    solutionEvents: [
      { id: 'ev-1', date: '2019-06-12', format: 'accelerated-event', attendees: 64, organisations: ['Oxford Health', 'OCCG', 'Healthwatch Oxfordshire'] },
    ],
    proposals: [
      {
        id: 'prop-hub', title: 'Integrated care hub', description: 'Hub at the community hospital', needIds: ['need-ltc', 'need-frail'], concernIds: ['uc-access'],
        gapsClosed: 'Care closer to home', localDelivery: 'partly', routeBeyondLocality: 'OCCG capital bid', affordabilityChallenge: 'Within system envelope',
        challengeOutcome: 'passed', preventionEffect: 'Fewer admissions of frail people', status: 'active',
      },
      {
        id: 'prop-families', title: 'Family wellbeing programme', description: 'Health visitors and leisure', needIds: ['need-prevention'], concernIds: [],
        localDelivery: 'yes', challengeOutcome: 'passed', preventionEffect: 'Lower childhood obesity', status: 'active',
      },
    ],
    notMet: [],
  };
}

export function stage2Input(registers: Registers = wantage()): Stage2Input {
  return { registers, registeredPopulation: 30070, todayYear: 2019 };
}

export const codes = (blockers: { code: string }[]) => blockers.map((b) => b.code).sort();
