import {
  type Stage6Facts,
  stage6ApprovalBlockers,
  stage6DerivedDeliverables,
  stage6SubmissionBlockers,
} from '../../../workflows/stage6';
import { appraisalInput, assurance, codes, facts } from './fixtures';

function submission(mutate: (f: Stage6Facts) => void) {
  const f = facts();
  mutate(f);
  return stage6SubmissionBlockers(f);
}
const opt = (f: Stage6Facts, id: string) => f.options.find((o) => o.id === id)!;

describe('stage 6 submission gate', () => {
  it('passes a project that meets every criterion, and every blocker is stage 6', () => {
    expect(stage6SubmissionBlockers(facts())).toEqual([]);
    expect(stage6ApprovalBlockers(facts())).toEqual([]);
    const all = submission((f) => {
      f.options = [];
      f.businessCase = null;
    });
    expect(all.length).toBeGreaterThan(0);
    for (const b of all) expect(b.stage).toBe('development-of-options');
  });

  describe('the short-list rule', () => {
    it('needs business as usual on the short list', () => {
      const b = submission((f) => Object.assign(opt(f, 'bau'), { status: 'discounted' }));
      expect(codes(b)).toContain('SHORT_LIST_NO_BUSINESS_AS_USUAL');
    });
    it('needs a do-minimum option on the short list', () => {
      const b = submission((f) => (f.options = f.options.filter((o) => o.id !== 'dm')));
      expect(codes(b)).toContain('SHORT_LIST_NO_DO_MINIMUM');
    });
    it('needs another viable alternative', () => {
      const b = submission((f) => {
        f.options = f.options.filter((o) => o.kind !== 'alternative');
        opt(f, 'dm').preferred = true;
      });
      expect(codes(b)).toContain('SHORT_LIST_NO_ALTERNATIVE');
    });
    it('needs every long-list option decided, with a reason, on the filter and from proposals', () => {
      const b = submission((f) => {
        opt(f, 'spokes').status = 'long-list';
        opt(f, 'new-build').statusReason = ' ';
        opt(f, 'dm').filter.funding = '';
        opt(f, 'hub').proposalIds = ['p9'];
        opt(f, 'spokes').proposalIds = [];
      });
      expect(b.filter((x) => x.code === 'OPTION_NOT_DECIDED').map((x) => x.ref)).toEqual(['spokes']);
      expect(b.find((x) => x.code === 'OPTION_DECISION_REASON_MISSING')?.ref).toBe('new-build');
      expect(b.find((x) => x.code === 'OPTION_FILTER_INCOMPLETE')).toMatchObject({ ref: 'dm', message: expect.stringContaining('funding') });
      expect(b.find((x) => x.code === 'OPTION_UNKNOWN_PROPOSAL')?.ref).toBe('hub');
      expect(b.find((x) => x.code === 'OPTION_NO_PROPOSALS')?.ref).toBe('spokes');
    });
    it('needs a long list at all', () => {
      expect(codes(submission((f) => (f.options = [])))).toContain('LONG_LIST_EMPTY');
    });
  });

  describe('appraisal of every short-listed option', () => {
    it('refuses an unappraised short-listed option (but not a discounted one)', () => {
      const b = submission((f) => (opt(f, 'spokes').appraisal = null));
      expect(b.filter((x) => x.code === 'OPTION_NOT_APPRAISED').map((x) => x.ref)).toEqual(['spokes']);
    });
    it('refuses an invalid appraisal, naming the field', () => {
      const b = submission((f) => (opt(f, 'dm').appraisal = appraisalInput({ discountRate: 0.5 })));
      const x = b.find((y) => y.code === 'OPTION_APPRAISAL_INVALID');
      expect(x).toMatchObject({ ref: 'dm', deliverable: 'test-options' });
      expect(x!.message).toMatch(/discountRate/);
    });
  });

  describe('the preferred option', () => {
    it('needs one', () => {
      expect(codes(submission((f) => (opt(f, 'hub').preferred = false)))).toContain('PREFERRED_OPTION_MISSING');
    });
    it('needs exactly one', () => {
      expect(codes(submission((f) => (opt(f, 'spokes').preferred = true)))).toContain('PREFERRED_OPTION_NOT_UNIQUE');
    });
    it('must be short-listed', () => {
      const b = submission((f) => {
        opt(f, 'hub').preferred = false;
        opt(f, 'new-build').preferred = true;
      });
      expect(b.find((x) => x.code === 'PREFERRED_OPTION_NOT_SHORT_LISTED')?.ref).toBe('new-build');
    });
  });

  describe('the five cases', () => {
    it('needs a business case', () => {
      expect(codes(submission((f) => (f.businessCase = null)))).toEqual(['BUSINESS_CASE_MISSING']);
    });
    it('refuses a draft case, one blocker naming the case', () => {
      const b = submission((f) => (f.businessCase!.commercial.status = 'draft'));
      expect(b).toEqual([expect.objectContaining({ code: 'CASE_NOT_COMPLETE', ref: 'commercial', message: expect.stringContaining('Commercial case') })]);
    });
    it('refuses a case marked complete whose sections have since emptied', () => {
      const b = submission((f) => (f.businessCase!.management.governance = ''));
      expect(b).toEqual([expect.objectContaining({ code: 'CASE_SECTION_EMPTY', ref: 'governance' })]);
    });
    it('is satisfied by complete (not yet approved) cases at submission', () => {
      expect(
        submission((f) => {
          for (const k of ['strategic', 'economic', 'commercial', 'financial', 'management'] as const) f.businessCase![k].status = 'complete';
        }),
      ).toEqual([]);
    });
  });

  describe('significant service change', () => {
    it('needs a decision and a reason for every short-listed option', () => {
      const b = submission((f) => {
        opt(f, 'dm').significantServiceChange = { confirmed: null, reason: '' };
        opt(f, 'spokes').significantServiceChange = { confirmed: false, reason: '' };
      });
      expect(b.find((x) => x.code === 'SSC_NOT_DECIDED')?.ref).toBe('dm');
      expect(b.find((x) => x.code === 'SSC_REASON_MISSING')?.ref).toBe('spokes');
    });
    it('ignores discounted options', () => {
      expect(submission((f) => (opt(f, 'new-build').significantServiceChange = { confirmed: true, reason: 'Closes beds' }))).toEqual([]);
    });
    it('needs the assurance record once a change is confirmed for a short-listed option', () => {
      const confirm = (f: Stage6Facts) => (opt(f, 'hub').significantServiceChange = { confirmed: true, reason: 'Moves services from two sites to one' });
      expect(codes(submission(confirm))).toEqual(['SSC_ASSURANCE_MISSING']);
      expect(
        submission((f) => {
          confirm(f);
          f.assurance = assurance();
        }),
      ).toEqual([]);
      expect(
        codes(
          submission((f) => {
            confirm(f);
            f.assurance = { ...assurance(), healthScrutinyConsultedOn: null };
          }),
        ),
      ).toEqual(['SSC_SCRUTINY_NOT_CONSULTED']);
    });
  });
});

describe('stage 6 approval gate', () => {
  it('adds a blocker per unapproved case', () => {
    const f = facts();
    f.businessCase!.financial.status = 'complete';
    f.businessCase!.management.status = 'complete';
    expect(stage6SubmissionBlockers(f)).toEqual([]);
    const b = stage6ApprovalBlockers(f);
    expect(b.map((x) => [x.code, x.ref])).toEqual([
      ['CASE_NOT_APPROVED', 'financial'],
      ['CASE_NOT_APPROVED', 'management'],
    ]);
  });
  it('needs to know who approved', () => {
    const f = facts();
    f.businessCase!.economic.approvedBy = null;
    expect(stage6ApprovalBlockers(f).map((x) => [x.code, x.ref])).toEqual([['CASE_APPROVER_MISSING', 'economic']]);
  });
  it('includes the submission blockers', () => {
    const f = facts();
    f.options.find((o) => o.id === 'hub')!.preferred = false;
    expect(codes(stage6ApprovalBlockers(f))).toContain('PREFERRED_OPTION_MISSING');
  });
});

describe('stage 6 derived deliverables', () => {
  const byKey = (f: Stage6Facts) => Object.fromEntries(stage6DerivedDeliverables(f).map((d) => [d.deliverable, d]));

  it('reports all five deliverables of stage 6 as done for a finished project', () => {
    const d = stage6DerivedDeliverables(facts());
    expect(d.map((x) => x.deliverable).sort()).toEqual(['outline-business-case', 'quick-wins', 'refine-options', 'significant-service-change', 'test-options']);
    for (const x of d) {
      expect(x.stage).toBe('development-of-options');
      expect(x.done).toBe(true);
      expect(x.blockers).toEqual([]);
      expect(x.evidence.length).toBeGreaterThan(0);
    }
    const k = byKey(facts());
    expect(k['test-options'].evidence).toBe('Short list of 4 options appraised from a long list of 5; preferred: Hub at Wantage Community Hospital');
    expect(k['quick-wins'].evidence).toContain('Phlebotomy clinic can open now');
    expect(k['refine-options'].evidence).toContain('1 refinement note');
    expect(k['outline-business-case'].evidence).toContain('5 of 5 cases complete, 5 approved');
  });

  it('refine-options needs a recorded engagement or modelling note', () => {
    const f = facts();
    for (const o of f.options) o.refinementNotes = [];
    expect(byKey(f)['refine-options']).toMatchObject({ done: false, blockers: [expect.objectContaining({ code: 'OPTIONS_NOT_REFINED' })] });
  });

  it('quick-wins is done with a flagged win or an explicit none', () => {
    const f = facts();
    for (const o of f.options) o.quickWin = null;
    expect(byKey(f)['quick-wins']).toMatchObject({ done: false, blockers: [expect.objectContaining({ code: 'QUICK_WINS_NOT_RECORDED' })] });
    f.noQuickWins = true;
    expect(byKey(f)['quick-wins']).toMatchObject({ done: true, evidence: 'No quick wins identified (recorded)' });
  });

  it('test-options, outline-business-case and significant-service-change carry their blockers', () => {
    const f = facts();
    f.options.find((o) => o.id === 'spokes')!.appraisal = null;
    f.options.find((o) => o.id === 'hub')!.significantServiceChange = { confirmed: true, reason: 'Site change' };
    f.businessCase!.commercial.status = 'draft';
    const k = byKey(f);
    expect(k['test-options'].done).toBe(false);
    expect(k['test-options'].evidence).toContain('(3 appraised)');
    expect(codes(k['test-options'].blockers)).toContain('OPTION_NOT_APPRAISED');
    expect(k['outline-business-case'].done).toBe(false);
    expect(codes(k['significant-service-change'].blockers)).toEqual(['SSC_ASSURANCE_MISSING']);
    expect(k['significant-service-change'].evidence).toContain('assurance record incomplete');
  });
});
