import {
  type AppraisalInput,
  type BusinessCase,
  type ProjectOption,
  type SscAssuranceRecord,
  type Stage6Facts,
} from '../../../workflows/stage6';

const scores = (n: number): AppraisalInput['scores'] => ({
  deliverability: { score: n, rationale: 'Site and workforce identified' },
  operationalSustainability: { score: n, rationale: 'Recurrent staffing model' },
  affordability: { score: n, rationale: 'Within system envelope' },
});

export function appraisalInput(overrides: Partial<AppraisalInput> = {}): AppraisalInput {
  return {
    scores: scores(4),
    costs: [
      { year: 0, capital: 100, revenue: 0 },
      { year: 1, capital: 0, revenue: 50 },
      { year: 2, capital: 0, revenue: 50 },
    ],
    benefits: [
      { year: 1, amount: 80 },
      { year: 2, amount: 120 },
    ],
    unquantifiedBenefits: ['Care closer to home'],
    ...overrides,
  };
}

/**
 * The hand-worked 60-year estate case (years 0-59):
 *   capital £2m (year 0), £6m (year 1), £4m (year 2); revenue £400,000 a year in years 3-59;
 *   benefits: cash-releasing £700,000 a year in years 3-59, societal £50,000 a year in years 10-59,
 *   health £140,000 a year in years 3-59 (2 QALYs x £70,000), discounted at the health schedule.
 */
export function estateAppraisal(extra: Partial<AppraisalInput> = {}): AppraisalInput {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return appraisalInput({
    periodYears: 60,
    priceBaseYear: 2024,
    costs: [
      { year: 0, capital: 2_000_000, revenue: 0 },
      { year: 1, capital: 6_000_000, revenue: 0 },
      { year: 2, capital: 4_000_000, revenue: 0 },
      ...range(3, 59).map((year) => ({ year, capital: 0, revenue: 400_000 })),
    ],
    benefits: [
      ...range(3, 59).map((year) => ({ year, amount: 700_000 })),
      ...range(10, 59).map((year) => ({ year, amount: 50_000, kind: 'societal' as const })),
      ...range(3, 59).map((year) => ({ year, amount: 140_000, kind: 'health' as const })),
    ],
    healthValuation: '2 QALYs a year x £70,000 per QALY',
    ...extra,
  });
}

const filter = (solution: string) => ({
  scope: 'Wantage and surrounding villages (OX12)',
  solution,
  delivery: 'Oxford Health NHS FT with the PCN',
  implementation: 'Phased over two years',
  funding: 'System capital plus revenue shift',
});

function option(id: string, title: string, kind: ProjectOption['kind'], extra: Partial<ProjectOption> = {}): ProjectOption {
  return {
    id,
    title,
    kind,
    proposalIds: kind === 'business-as-usual' ? [] : ['p1'],
    filter: filter(title),
    status: 'short-listed',
    statusReason: 'Meets the critical success factors',
    preferred: false,
    appraisal: appraisalInput(),
    quickWin: null,
    significantServiceChange: { confirmed: false, reason: 'No change to where services are provided' },
    refinementNotes: [],
    ...extra,
  };
}

export function options(): ProjectOption[] {
  return [
    option('bau', 'Business as usual', 'business-as-usual'),
    option('dm', 'Do minimum: refurbish clinic rooms', 'do-minimum'),
    option('hub', 'Hub at Wantage Community Hospital', 'alternative', {
      preferred: true,
      quickWin: { flagged: true, description: 'Phlebotomy clinic can open now' },
      refinementNotes: [{ kind: 'engagement', summary: 'Wantage town hall event, 120 residents', date: '2019-06-12' }],
    }),
    option('spokes', 'Spokes in GP practices', 'alternative'),
    option('new-build', 'New-build health campus', 'alternative', { status: 'discounted', statusReason: 'Unaffordable', appraisal: null }),
  ];
}

export function businessCase(): BusinessCase {
  const approved = { status: 'approved' as const, approvedBy: 'ISDB', approvedAt: '2023-03-14' };
  return {
    strategic: {
      ...approved,
      spendingObjectives: [{ text: 'Reduce A&E attendances by over-75s', measure: '10% fewer by 2025 (SUS data)' }],
      existingArrangements: 'Services spread across two practices and the community hospital.',
      businessNeeds: { summary: 'Growing older population and housing growth', needIds: ['need-1', 'need-2'] },
      scope: 'OX12',
      benefits: 'Care closer to home',
      risks: 'Workforce',
      constraints: 'Capital envelope',
      dependencies: 'Housing growth deal',
    },
    economic: { ...approved, criticalSuccessFactors: ['Strategic fit', 'Affordability'], preferredOptionRationale: 'Highest NPSV of the short list' },
    commercial: { ...approved, procurementRoute: 'Existing NHS property', riskAllocation: 'Construction risk with the trust' },
    financial: { ...approved, fundingSources: [{ source: 'System capital', amount: 500, confirmed: true }], fundingGapPlan: '' },
    management: {
      ...approved,
      seniorResponsibleOwner: 'Director of Strategy',
      deliveryPlan: { summary: 'Two phases', milestones: [{ title: 'Hub opens', date: '2024-04-01' }] },
      governance: 'Reports to the ISDB',
      benefitsRealisationPlan: 'Quarterly dashboard',
      riskRegister: [{ description: 'Recruitment of nurses', owner: 'HR', mitigation: 'Rotational posts', rating: 'Amber' }],
      postImplementationEvaluation: 'Evaluation at 12 months',
    },
  };
}

export function assurance(): SscAssuranceRecord {
  return {
    tests: {
      publicEngagement: 'Six public events and a survey of 800 residents',
      patientChoice: 'Choice of site retained for outpatients',
      clinicalEvidence: 'Clinical senate review, March 2023',
      commissionerSupport: 'ICB board support, February 2023',
    },
    bedsClose: false,
    bedClosureEvidence: '',
    consultation: {
      periodWeeks: 12,
      informationProvided: 'Consultation document, easy-read version and data pack',
      responsesTakenIntoAccount: 'Independent analysis reported to the board before decision',
      formativeStage: 'No decision taken; options remain open',
    },
    healthScrutinyConsultedOn: '2023-01-26',
  };
}

/** A project that passes the stage 6 approval gate. */
export function facts(): Stage6Facts {
  return { options: options(), businessCase: businessCase(), assurance: null, knownNeedIds: ['need-1', 'need-2'], knownProposalIds: ['p1', 'p2'] };
}

export const codes = (blockers: { code: string }[]) => blockers.map((b) => b.code);
