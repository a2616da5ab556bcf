import {
  BUSINESS_CASE_CATALOGUE,
  CASE_KEYS,
  affordability,
  caseBlockers,
  emptyBusinessCase,
  setCaseStatus,
} from '../../../workflows/stage6';
import { appraisalInput, businessCase, codes, facts, options } from './fixtures';

describe('five-case catalogue', () => {
  it('lists the five cases with unique section keys', () => {
    expect(CASE_KEYS).toEqual(['strategic', 'economic', 'commercial', 'financial', 'management']);
    const keys = BUSINESS_CASE_CATALOGUE.flatMap((c) => c.sections.map((s) => s.key));
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of BUSINESS_CASE_CATALOGUE) for (const s of c.sections) expect(s.title).toBeTruthy();
  });
});

describe('caseBlockers', () => {
  const ctx = () => facts();

  it('gives one CASE_SECTION_EMPTY per empty section of an empty case, naming case and section', () => {
    const empty = emptyBusinessCase();
    for (const def of BUSINESS_CASE_CATALOGUE) {
      const derived = def.sections.filter((s) => s.derived).map((s) => s.key);
      const b = caseBlockers(def.key, empty, { options: [] });
      // With no options, derived sections and the preferred option are empty too.
      expect(b.map((x) => x.ref)).toEqual(def.sections.map((s) => s.key));
      for (const x of b) {
        expect(x.code).toBe('CASE_SECTION_EMPTY');
        expect(x.message).toContain(def.title);
        expect(x.stage).toBe('development-of-options');
      }
      expect(derived.every((k) => b.some((x) => x.ref === k))).toBe(true);
    }
    expect(caseBlockers('commercial', emptyBusinessCase(), ctx())[0].message).toBe('Commercial case: Procurement or delivery route is empty.');
  });

  it('is empty for every case of the finished fixture', () => {
    for (const k of CASE_KEYS) expect(caseBlockers(k, businessCase(), ctx())).toEqual([]);
  });

  it('strategic: 1 to 6 measurable objectives and needs linked to stage 2', () => {
    const bc = businessCase();
    bc.strategic.spendingObjectives = [{ text: 'Fewer admissions', measure: ' ' }];
    bc.strategic.businessNeeds.needIds = ['need-1', 'need-99'];
    expect(caseBlockers('strategic', bc, ctx()).map((x) => [x.code, x.ref])).toEqual([
      ['CASE_SECTION_INVALID', 'spendingObjectives'],
      ['CASE_SECTION_INVALID', 'businessNeeds'],
    ]);
    bc.strategic.spendingObjectives = Array.from({ length: 7 }, (_, i) => ({ text: `o${i}`, measure: 'm' }));
    bc.strategic.businessNeeds.needIds = [];
    const b = caseBlockers('strategic', bc, ctx());
    expect(b[0].message).toMatch(/at most 6/);
    expect(b[1].message).toMatch(/at least one stage 2 need/);
  });

  it('economic: derived from the options (short-list rule, appraisals, preferred option and why)', () => {
    const f = facts();
    f.options = f.options.filter((o) => o.kind !== 'do-minimum');
    f.options.find((o) => o.id === 'spokes')!.appraisal = null;
    const bc = businessCase();
    bc.economic.preferredOptionRationale = '';
    expect(caseBlockers('economic', bc, f).map((x) => x.ref)).toEqual(['longAndShortLists', 'appraisalResults', 'preferredOption']);
  });

  it('financial: affordability uses the undiscounted cost; a gap needs a plan', () => {
    const bc = businessCase();
    // Hub: capital 100 + revenue 100 = 200 cash; funding 150 gives a gap of 50.
    bc.financial.fundingSources = [{ source: 'System capital', amount: 150, confirmed: true }];
    const a = affordability(bc.financial, options());
    expect(a).toMatchObject({ preferredOptionId: 'hub', totalCost: 200, totalFunding: 150, unconfirmedFunding: 0, gap: 50, withinFunding: false });
    const b = caseBlockers('financial', bc, facts());
    expect(b).toEqual([expect.objectContaining({ code: 'CASE_SECTION_INVALID', ref: 'affordability', message: expect.stringContaining('£50') })]);
    bc.financial.fundingGapPlan = 'Bid to the ICB capital programme in 2024/25';
    expect(caseBlockers('financial', bc, facts())).toEqual([]);
  });

  it('financial: for an appraisal entered in nominal prices, affordability uses the cash as entered', () => {
    const opts = options();
    // Nominal: 1,000 capital in 2024, 510 revenue in 2025 (deflators 100, 102): cash 1,510; real 2024 prices 1,500.
    opts.find((o) => o.id === 'hub')!.appraisal = appraisalInput({
      prices: 'nominal',
      priceBaseYear: 2024,
      firstYear: 2024,
      deflators: [{ year: 2024, index: 100 }, { year: 2025, index: 102 }],
      costs: [{ year: 0, capital: 1000, revenue: 0 }, { year: 1, capital: 0, revenue: 510 }],
      benefits: [],
    });
    expect(affordability({ fundingSources: [{ source: 'System capital', amount: 1500, confirmed: true }] }, opts)).toMatchObject({ capital: 1000, revenue: 510, totalCost: 1510, gap: 10, withinFunding: false });
  });

  it('financial: only confirmed funding counts as identified', () => {
    const bc = businessCase();
    bc.financial.fundingSources = [
      { source: 'System capital', amount: 150, confirmed: true },
      { source: 'Developer contributions (hoped for)', amount: 500, confirmed: false },
    ];
    expect(affordability(bc.financial, options())).toMatchObject({ totalCost: 200, totalFunding: 150, unconfirmedFunding: 500, gap: 50, withinFunding: false });
    expect(caseBlockers('financial', bc, facts())).toEqual([expect.objectContaining({ ref: 'affordability', message: expect.stringContaining('£50') })]);
  });

  it('financial: capital and revenue requirement needs an appraised preferred option', () => {
    const f = facts();
    f.options.find((o) => o.id === 'hub')!.appraisal = appraisalInput({ periodYears: 0 });
    expect(caseBlockers('financial', businessCase(), f).map((x) => x.ref)).toEqual(['capitalAndRevenueRequirement', 'affordability']);
  });

  it('management: a dated milestone and at least one risk', () => {
    const bc = businessCase();
    bc.management.deliveryPlan.milestones = [{ title: 'Hub opens', date: 'next spring' }];
    bc.management.riskRegister = [];
    expect(caseBlockers('management', bc, facts()).map((x) => [x.code, x.ref])).toEqual([
      ['CASE_SECTION_INVALID', 'deliveryPlan'],
      ['CASE_SECTION_EMPTY', 'riskRegister'],
    ]);
  });

  it('copes with partial JSON from storage', () => {
    const partial = { strategic: { status: 'draft' } } as unknown as Parameters<typeof caseBlockers>[1];
    expect(caseBlockers('strategic', partial, { options: [] })).toHaveLength(8);
    expect(caseBlockers('management', null, { options: [] })).toHaveLength(6);
  });
});

describe('setCaseStatus', () => {
  it('will not mark a case complete while sections are empty', () => {
    const r = setCaseStatus(emptyBusinessCase(), 'commercial', 'complete', facts());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(codes(r.blockers)).toEqual(['CASE_SECTION_EMPTY', 'CASE_SECTION_EMPTY']);
  });

  it('marks complete, approves with an approver, and clears approval on return to draft', () => {
    const bc = businessCase();
    bc.commercial = { ...bc.commercial, status: 'draft', approvedBy: null, approvedAt: null };
    const done = setCaseStatus(bc, 'commercial', 'complete', facts());
    expect(done.ok && done.businessCase.commercial.status).toBe('complete');
    const noApprover = setCaseStatus(bc, 'commercial', 'approved', facts());
    expect(noApprover.ok ? [] : codes(noApprover.blockers)).toEqual(['CASE_APPROVER_MISSING']);
    const approved = setCaseStatus(bc, 'commercial', 'approved', facts(), { by: 'ISDB', at: '2023-03-14' });
    expect(approved.ok && approved.businessCase.commercial).toMatchObject({ status: 'approved', approvedBy: 'ISDB', approvedAt: '2023-03-14' });
    expect(bc.commercial.status).toBe('draft'); // input untouched
    const back = setCaseStatus(approved.ok ? approved.businessCase : bc, 'commercial', 'draft', facts());
    expect(back.ok && back.businessCase.commercial).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
  });
});
