import {
  SSC_MIN_CONSULTATION_WEEKS,
  SSC_TESTS,
  assuranceRecordBlockers,
  emptyAssuranceRecord,
  serviceChangeAssuranceBlockers,
  validateOption,
} from '../../../workflows/stage6';
import { assurance, codes, options } from './fixtures';

describe('significant service change assurance record', () => {
  it('keeps the 12-week minimum as a constant', () => {
    expect(SSC_MIN_CONSULTATION_WEEKS).toBe(12);
    expect(SSC_TESTS).toHaveLength(4);
  });

  it('accepts a complete record', () => {
    expect(assuranceRecordBlockers(assurance())).toEqual([]);
  });

  it('lists everything missing from an empty record, one blocker each', () => {
    const b = assuranceRecordBlockers(emptyAssuranceRecord());
    expect(b.map((x) => [x.code, x.ref])).toEqual([
      ['SSC_TEST_EVIDENCE_MISSING', 'tests.publicEngagement'],
      ['SSC_TEST_EVIDENCE_MISSING', 'tests.patientChoice'],
      ['SSC_TEST_EVIDENCE_MISSING', 'tests.clinicalEvidence'],
      ['SSC_TEST_EVIDENCE_MISSING', 'tests.commissionerSupport'],
      ['SSC_BED_CLOSURE_UNDECIDED', 'bedsClose'],
      ['SSC_CONSULTATION_TOO_SHORT', 'consultation.periodWeeks'],
      ['SSC_CONSULTATION_INFORMATION_MISSING', 'consultation.informationProvided'],
      ['SSC_CONSULTATION_RESPONSES_MISSING', 'consultation.responsesTakenIntoAccount'],
      ['SSC_CONSULTATION_FORMATIVE_MISSING', 'consultation.formativeStage'],
      ['SSC_SCRUTINY_NOT_CONSULTED', 'healthScrutinyConsultedOn'],
    ]);
    expect(b.every((x) => x.deliverable === 'significant-service-change')).toBe(true);
  });

  it('needs bed-closure evidence only where beds close', () => {
    expect(codes(assuranceRecordBlockers({ ...assurance(), bedsClose: true }))).toEqual(['SSC_BED_CLOSURE_EVIDENCE_MISSING']);
    expect(assuranceRecordBlockers({ ...assurance(), bedsClose: true, bedClosureEvidence: 'Alternative community capacity in place' })).toEqual([]);
  });

  it('needs a consultation of at least the minimum weeks (overridable)', () => {
    const r = assurance();
    r.consultation.periodWeeks = 8;
    expect(codes(assuranceRecordBlockers(r))).toEqual(['SSC_CONSULTATION_TOO_SHORT']);
    expect(assuranceRecordBlockers(r, 8)).toEqual([]);
  });

  it('needs a real date for the health scrutiny committee', () => {
    expect(codes(assuranceRecordBlockers({ ...assurance(), healthScrutinyConsultedOn: '2023-02-30' }))).toEqual(['SSC_SCRUTINY_NOT_CONSULTED']);
  });

  it('is only demanded when a change is confirmed for a short-listed or preferred option', () => {
    const opts = options();
    expect(serviceChangeAssuranceBlockers(opts, null)).toEqual([]);
    opts.find((o) => o.id === 'new-build')!.significantServiceChange = { confirmed: true, reason: 'x' };
    expect(serviceChangeAssuranceBlockers(opts, null)).toEqual([]);
    opts.find((o) => o.id === 'dm')!.significantServiceChange = { confirmed: true, reason: 'x' };
    expect(codes(serviceChangeAssuranceBlockers(opts, null))).toEqual(['SSC_ASSURANCE_MISSING']);
  });
});

describe('validateOption', () => {
  it('accepts the fixture options and reports field errors', () => {
    for (const o of options()) expect(validateOption(o, ['p1'])).toEqual([]);
    const bad = { ...options()[2], title: '', status: 'discounted' as const, proposalIds: ['zz'], quickWin: { flagged: true, description: '' } };
    expect(validateOption(bad, ['p1']).map((e) => e.field)).toEqual(['title', 'preferred', 'proposalIds[0]', 'quickWin.description']);
  });
});
