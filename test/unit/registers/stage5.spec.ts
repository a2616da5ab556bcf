import { stage5Deliverables, stage5GateBlockers, traceability } from '../../../workflows/registers';
import { codes, wantage } from './fixtures';

describe('stage 5 gate: meeting population needs', () => {
  it('passes when every need and concern is addressed, every proposal passed and an event was held', () => {
    expect(stage5GateBlockers({ registers: wantage() })).toEqual([]);
    const byKey = Object.fromEntries(stage5Deliverables({ registers: wantage() }).map((d) => [d.deliverable, d.evidence]));
    expect(byKey).toEqual({
      'solution-building-events': '1 event (1 accelerated-event); 64 attendees from 3 organisations',
      proposals: '2 active proposals addressing 3 of 3 needs and 1 of 1 urgent concern; 0 recorded as not met',
      'local-delivery-test': '2 of 2 active proposals tested: 1 yes, 1 partly',
      'prevention-impact': '2 of 2 active proposals estimate a prevention effect',
      'affordability-challenge': '2 of 2 proposals challenged: 2 passed',
    });
  });

  it('needs at least one solution-building event', () => {
    const r = wantage();
    r.solutionEvents = [];
    expect(codes(stage5GateBlockers({ registers: r }))).toEqual(['SOLUTION_EVENT_MISSING']);
  });

  it('needs every main need addressed by an active proposal or recorded as not met', () => {
    const r = wantage();
    r.proposals[1].status = 'withdrawn'; // the only proposal for need-prevention
    expect(stage5GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'NEED_NOT_ADDRESSED', ref: 'need-prevention', deliverable: 'proposals' }),
    ]);
    r.notMet.push({ id: 'nm-1', needId: 'need-prevention', reason: 'Picked up by the district leisure strategy' });
    expect(stage5GateBlockers({ registers: r })).toEqual([]);
  });

  it('needs every urgent concern addressed or recorded as not met', () => {
    const r = wantage();
    r.proposals[0].concernIds = [];
    expect(stage5GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'URGENT_CONCERN_NOT_ADDRESSED', ref: 'uc-access' }),
    ]);
    r.notMet.push({ id: 'nm-2', concernId: 'uc-access', reason: 'National workforce shortage' });
    expect(stage5GateBlockers({ registers: r })).toEqual([]);
  });

  it('needs every active proposal to have passed the affordability and deliverability challenge', () => {
    const r = wantage();
    r.proposals[0].challengeOutcome = 'pending';
    r.proposals[1].challengeOutcome = 'failed';
    const blockers = stage5GateBlockers({ registers: r });
    expect(blockers.map((b) => [b.code, b.ref])).toEqual([
      ['PROPOSAL_CHALLENGE_PENDING', 'prop-hub'],
      ['PROPOSAL_CHALLENGE_FAILED', 'prop-families'],
    ]);
    // A failed proposal that is withdrawn no longer blocks, but its need is then unanswered.
    r.proposals[0].challengeOutcome = 'passed';
    r.proposals[1].status = 'withdrawn';
    expect(codes(stage5GateBlockers({ registers: r }))).toEqual(['NEED_NOT_ADDRESSED']);
  });

  it('needs an active proposal that addresses some need', () => {
    const r = wantage();
    r.proposals.forEach((p) => (p.status = 'withdrawn'));
    expect(codes(stage5GateBlockers({ registers: r }))).toContain('PROPOSALS_MISSING');
    const s = wantage();
    s.proposals.push({ id: 'prop-x', title: 'Car park', description: 'More spaces', needIds: [], concernIds: [], localDelivery: 'yes', challengeOutcome: 'passed', preventionEffect: 'None', status: 'active' });
    expect(stage5GateBlockers({ registers: s })).toEqual([expect.objectContaining({ code: 'PROPOSAL_WITHOUT_NEED', ref: 'prop-x' })]);
  });

  it('needs a local-delivery answer, and a route beyond the locality unless the answer is yes', () => {
    const r = wantage();
    r.proposals[0].routeBeyondLocality = '';
    r.proposals[1].localDelivery = null;
    expect(stage5GateBlockers({ registers: r }).map((b) => [b.code, b.ref, b.deliverable])).toEqual([
      ['ROUTE_BEYOND_LOCALITY_MISSING', 'prop-hub', 'local-delivery-test'],
      ['LOCAL_DELIVERY_UNANSWERED', 'prop-families', 'local-delivery-test'],
    ]);
  });

  it('needs an expected prevention effect on every active proposal', () => {
    const r = wantage();
    r.proposals[1].preventionEffect = undefined;
    expect(stage5GateBlockers({ registers: r })).toEqual([
      expect.objectContaining({ code: 'PREVENTION_EFFECT_MISSING', ref: 'prop-families', deliverable: 'prevention-impact' }),
    ]);
  });
});

describe('traceability', () => {
  it('lists each need and concern with the good practice and proposals linked to it', () => {
    const t = traceability(wantage());
    expect(t.entries.map((e) => [e.kind, e.id, e.goodPracticeIds, e.proposalIds])).toEqual([
      ['need', 'need-prevention', ['gp-well'], ['prop-families']],
      ['need', 'need-ltc', ['gp-clin'], ['prop-hub']],
      ['need', 'need-frail', ['gp-innov'], ['prop-hub']],
      ['urgent-concern', 'uc-access', ['gp-local'], ['prop-hub']],
    ]);
    expect(t.entries[1]).toMatchObject({ segmentId: 'seg-ltc', segmentName: 'Long-term conditions' });
    expect(t.unanswered).toEqual([]);
  });

  it('shows an unanswered need until a proposal answers it', () => {
    const r = wantage();
    r.needs.push({ id: 'need-carers', segmentId: 'seg-frail', description: 'Respite for carers' });
    r.goodPractice[3].needIds.push('need-carers');
    let t = traceability(r);
    expect(t.unanswered.map((e) => e.id)).toEqual(['need-carers']);
    expect(t.unaccounted.map((e) => e.id)).toEqual(['need-carers']);
    expect(t.unanswered[0]).toMatchObject({ goodPracticeIds: ['gp-well'], proposalIds: [], answered: false });
    expect(codes(stage5GateBlockers({ registers: r }))).toEqual(['NEED_NOT_ADDRESSED']);

    r.proposals.push({
      id: 'prop-carers', title: 'Carers respite service', description: 'Day respite', needIds: ['need-carers'], concernIds: [],
      localDelivery: 'yes', challengeOutcome: 'passed', preventionEffect: 'Carer breakdown avoided', status: 'active',
    });
    t = traceability(r);
    expect(t.unanswered).toEqual([]);
    expect(t.entries.find((e) => e.id === 'need-carers')).toMatchObject({ proposalIds: ['prop-carers'], answered: true });
    expect(stage5GateBlockers({ registers: r })).toEqual([]);
  });

  it('does not count withdrawn proposals, and reports not-met records', () => {
    const r = wantage();
    r.proposals[1].status = 'withdrawn';
    r.notMet.push({ id: 'nm-1', needId: 'need-prevention', reason: 'Out of scope' });
    const t = traceability({ registers: r });
    expect(t.unanswered).toEqual([
      expect.objectContaining({ id: 'need-prevention', withdrawnProposalIds: ['prop-families'], notMet: { id: 'nm-1', reason: 'Out of scope' } }),
    ]);
    expect(t.unaccounted).toEqual([]);
  });
});
