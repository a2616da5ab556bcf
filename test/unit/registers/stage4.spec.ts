import { GoodPracticeKind, stage4Deliverables, stage4GateBlockers } from '../../../workflows/registers';
import { codes, wantage } from './fixtures';

describe('stage 4 gate: innovation and good practice', () => {
  it('passes with a linked record for each deliverable', () => {
    expect(stage4GateBlockers({ registers: wantage() })).toEqual([]);
    expect(stage4Deliverables({ registers: wantage() }).map((d) => [d.deliverable, d.done, d.evidence])).toEqual([
      ['innovative-approaches', true, '1 record (1 innovation); 1 linked to needs'],
      ['clinical-good-practice', true, '1 record; 1 linked to needs'],
      ['local-delivery-views', true, '1 record; 1 linked to needs'],
      ['wellbeing-and-prevention', true, '1 record; 1 linked to needs'],
    ]);
  });

  it('accepts an early-adopter site for innovative approaches', () => {
    const r = wantage();
    r.goodPractice[0].kind = 'early-adopter-site';
    expect(stage4GateBlockers({ registers: r })).toEqual([]);
  });

  it.each<[GoodPracticeKind, string]>([
    ['innovation', 'innovative-approaches'],
    ['clinical-good-practice', 'clinical-good-practice'],
    ['local-idea', 'local-delivery-views'],
    ['wellbeing-and-prevention', 'wellbeing-and-prevention'],
  ])('blocks when no %s record is recorded', (kind, deliverable) => {
    const r = wantage();
    r.goodPractice = r.goodPractice.filter((g) => g.kind !== kind);
    expect(stage4GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'GOOD_PRACTICE_MISSING', stage: 'innovation-and-good-practice', deliverable }),
    ]);
  });

  it('blocks when the records of a kind are not linked to any need', () => {
    const r = wantage();
    r.goodPractice[1].needIds = [];
    r.goodPractice.push({ id: 'gp-clin2', title: 'Frailty MDT', kind: 'clinical-good-practice', source: 'BGS', needIds: [], concernIds: [] });
    const blockers = stage4GateBlockers({ registers: r });
    expect(codes(blockers)).toEqual(['GOOD_PRACTICE_NOT_LINKED', 'GOOD_PRACTICE_NOT_LINKED']);
    expect(blockers.map((b) => b.ref)).toEqual(['gp-clin', 'gp-clin2']);
    // One linked record of the kind is enough.
    r.goodPractice[4].concernIds = ['uc-access'];
    expect(stage4GateBlockers({ registers: r })).toEqual([]);
  });
});
