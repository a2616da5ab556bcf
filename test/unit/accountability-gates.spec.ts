import { deliverableBlockers, deliverableViews, emptyFacts, GateFacts, submissionBlockers } from '../../workflows';
import { segmentCoveragePercent, segmentedPeople, stage2GateBlockers } from '../../workflows/registers';
import { codes, stage2Input, wantage } from './registers/fixtures';

const S1 = 'planning-and-codesign' as const;
const S2 = 'population-health-and-care-needs' as const;

/** Facts where stage 1's "core-project-team" is derived as done, with the given evidence. */
function derivedDone(evidence: string): GateFacts {
  const facts = emptyFacts();
  facts.derived.push({ stage: S1, deliverable: 'core-project-team', done: true, evidence, blockers: [] });
  return facts;
}
const view = (facts: GateFacts, status?: Parameters<typeof deliverableViews>[2], stage: typeof S1 | typeof S2 = S1, key = 'core-project-team') =>
  deliverableViews(stage, facts, status).find((d) => d.key === key)!;

describe('derived deliverables are not done before their stage starts or without evidence', () => {
  it('shows a derived deliverable done only when its stage has started and it has evidence', () => {
    expect(view(derivedDone('3 members, lead Lee'), 'in-progress')).toMatchObject({ status: 'done', evidence: '3 members, lead Lee' });
    expect(view(derivedDone('   '), 'in-progress')).toMatchObject({ status: 'not-started', evidence: null });
    const early = emptyFacts();
    early.derived.push({ stage: S2, deliverable: 'urgent-concerns', done: true, evidence: 'none recorded', blockers: [] });
    expect(view(early, 'not-started', S2, 'urgent-concerns')).toMatchObject({ status: 'not-started' });
  });

  it('blocks submission of a derived deliverable "done" with blank evidence', () => {
    const blockers = deliverableBlockers(S1, derivedDone(''));
    expect(blockers).toContainEqual(expect.objectContaining({ code: 'DELIVERABLE_NO_EVIDENCE', stage: S1, deliverable: 'core-project-team' }));
  });

  it('a hand-recorded deliverable done with blank evidence (stored before the rule) is neither shown done nor counted', () => {
    const facts = emptyFacts();
    facts.recorded[S1] = { 'confirm-scope': { status: 'done', evidence: '  ' } };
    expect(view(facts, 'in-progress', S1, 'confirm-scope')).toMatchObject({ status: 'in-progress', evidence: null });
    expect(submissionBlockers(S1, facts)).toContainEqual(expect.objectContaining({ code: 'DELIVERABLE_NO_EVIDENCE', deliverable: 'confirm-scope' }));
  });

  it('blocks submission when a reviewing group has nobody able to decide', () => {
    const facts = emptyFacts();
    facts.reviewers = [
      { group: 'stakeholder-group', label: 'stakeholder group', ableToDecide: 1 },
      { group: 'clinical-professional-group', label: 'clinical/professional group', ableToDecide: 0 },
    ];
    const found = submissionBlockers(S2, facts).filter((b) => b.code === 'REVIEW_NO_REVIEWER_TO_DECIDE');
    expect(found).toEqual([expect.objectContaining({ stage: S2, ref: 'clinical-professional-group' })]);
    expect(found[0].message).toMatch(/^Nobody in the clinical\/professional group can review Stage 2/);
  });
});

describe('segment coverage counts each person once', () => {
  it('does not add up segments of different models: the largest model counts', () => {
    const r = wantage();
    const total = segmentedPeople(r).people;
    r.segments.push(...r.segments.map((s) => ({ ...s, id: `${s.id}-ltc`, model: 'Long-term conditions' })));
    expect(segmentedPeople(r).people).toBe(total);
    expect(segmentedPeople(r).byModel.map((m) => m.model)).toEqual(['Bridges to Health', 'Long-term conditions']);
  });

  it('refuses segments of one model that add up to more than the registered population, and caps coverage at 100%', () => {
    const r = wantage();
    r.segments[0].people += 15_000; // now well over the 30,070 registered
    const input = stage2Input(r);
    expect(segmentCoveragePercent(r, input.registeredPopulation)).toBe(100);
    const blockers = stage2GateBlockers(input);
    expect(codes(blockers)).toEqual(['SEGMENTS_OVERLAP']);
    expect(blockers[0].message).toMatch(/^The Bridges to Health segments add up to [\d,]+ people, \d+% of the 30,070 registered population: someone is counted in more than one segment\. Coverage counts each person once \(capped at 100%\)/);
  });
});
