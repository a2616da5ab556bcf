import { segmentCoveragePercent, stage2Deliverables, stage2GateBlockers } from '../../../workflows/registers';
import { codes, stage2Input, wantage } from './fixtures';

describe('stage 2 gate: population health and care needs', () => {
  it('passes with segments covering >= 90%, a projection 5+ years ahead and owned concerns', () => {
    expect(stage2GateBlockers(stage2Input())).toEqual([]);
  });

  it('summarises the evidence', () => {
    const [seg, uc, proj] = stage2Deliverables(stage2Input());
    expect(seg).toMatchObject({ stage: 'population-health-and-care-needs', deliverable: 'population-segmentation', done: true });
    expect(seg.evidence).toBe('3 segments (Bridges to Health) covering 96% of 30,070 registered; 3 main needs');
    expect(uc.evidence).toBe('1 urgent concern (1 in-hand)');
    expect(proj.evidence).toBe('1 projection; furthest 2031: 38,500 (Vale of White Horse Local Plan)');
  });

  it('computes coverage from segment people', () => {
    expect(segmentCoveragePercent(wantage(), 29000)).toBe(100);
    expect(segmentCoveragePercent(wantage(), 0)).toBeNull();
  });

  it('blocks when segments cover less than 90% and no reason is recorded', () => {
    const r = wantage();
    r.segments[0].people = 10000; // 21,000 of 30,070 = 69%
    const blockers = stage2GateBlockers(stage2Input(r));
    expect(codes(blockers)).toEqual(['SEGMENT_COVERAGE_LOW']);
    expect(blockers[0]).toMatchObject({ stage: 'population-health-and-care-needs', deliverable: 'population-segmentation' });
    expect(blockers[0].message).toContain('69%');
  });

  it('accepts low coverage with a recorded reason, and says so in the evidence', () => {
    const r = wantage();
    r.segments[0].people = 10000;
    const input = { ...stage2Input(r), coverageShortfallReason: 'Temporary residents not segmented' };
    expect(stage2GateBlockers(input)).toEqual([]);
    expect(stage2Deliverables(input)[0].evidence).toContain('because: Temporary residents not segmented');
  });

  it('blocks with no segments, no registered population, or a segment without a main need', () => {
    const empty = wantage();
    empty.segments = [];
    empty.needs = [];
    expect(codes(stage2GateBlockers(stage2Input(empty)))).toEqual(['SEGMENTS_MISSING']);
    expect(codes(stage2GateBlockers({ ...stage2Input(), registeredPopulation: null }))).toEqual(['REGISTERED_POPULATION_MISSING']);
    const r = wantage();
    r.needs = r.needs.filter((n) => n.segmentId !== 'seg-frail');
    const blockers = stage2GateBlockers(stage2Input(r));
    expect(blockers).toEqual([expect.objectContaining({ code: 'SEGMENT_WITHOUT_NEED', ref: 'seg-frail' })]);
  });

  it('needs a projection at least five years ahead of today, with a source', () => {
    const near = wantage();
    near.projections = [{ id: 'p', year: 2023, population: 33000, source: 'ONS' }];
    expect(codes(stage2GateBlockers(stage2Input(near)))).toEqual(['PROJECTION_MISSING']);
    near.projections[0].year = 2024; // exactly five years ahead of 2019
    expect(stage2GateBlockers(stage2Input(near))).toEqual([]);
    near.projections[0].source = ' ';
    expect(codes(stage2GateBlockers(stage2Input(near)))).toEqual(['PROJECTION_MISSING']);
    const none = wantage();
    none.projections = [];
    expect(codes(stage2GateBlockers(stage2Input(none)))).toEqual(['PROJECTION_MISSING']);
    // The same projection is no longer far enough ahead when "today" moves on.
    expect(codes(stage2GateBlockers({ ...stage2Input(), todayYear: 2027 }))).toEqual(['PROJECTION_MISSING']);
  });

  it('needs an owner and an action on every urgent concern', () => {
    const r = wantage();
    r.urgentConcerns.push({ id: 'uc-2', what: 'Pharmacy closure', whyUrgent: 'Closes in May', status: 'open', owner: '', action: null });
    const blockers = stage2GateBlockers(stage2Input(r));
    expect(codes(blockers)).toEqual(['URGENT_CONCERN_WITHOUT_ACTION', 'URGENT_CONCERN_WITHOUT_OWNER']);
    expect(blockers.every((b) => b.ref === 'uc-2' && b.deliverable === 'urgent-concerns')).toBe(true);
    expect(blockers[0].message).toContain('Pharmacy closure');
  });
});
