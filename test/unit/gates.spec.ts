import { transition } from 'xstate';
import {
  allowedCommands,
  decide,
  deliverableBlockers,
  emptyFacts,
  GateFacts,
  initialSnapshot,
  OXFORDSHIRE_PCNS_2019,
  persist,
  projectMachine,
  ProjectSnapshot,
  STAGES,
  stageDefinition,
  stageStatuses,
  workflowView,
} from '../../workflows';

const stage1 = stageDefinition('planning-and-codesign');

function factsWithAllDone(stageKey = stage1.key): GateFacts {
  const facts = emptyFacts();
  facts.recorded[stageKey] = Object.fromEntries(
    stageDefinition(stageKey).deliverables.map((d) => [d.key, { status: 'done' as const, evidence: 'done' }]),
  );
  return facts;
}

function accept(s: ProjectSnapshot, command: Parameters<typeof decide>[1], facts: GateFacts): ProjectSnapshot {
  const d = decide(s, command, facts);
  if (!d.accepted) throw new Error(JSON.stringify(d.blockers));
  return d.next;
}

describe('gate rules', () => {
  it('blocks submission while any mandatory deliverable is not done, naming each one', () => {
    const blockers = deliverableBlockers(stage1.key, emptyFacts());
    expect(blockers.map((b) => b.deliverable)).toEqual(stage1.deliverables.filter((d) => d.mandatory).map((d) => d.key));
    expect(blockers[0]).toMatchObject({ code: 'DELIVERABLE_NOT_DONE', stage: stage1.key });
    expect(blockers[0].message).toMatch(/must be done, with evidence/);
  });

  it('passes when every mandatory deliverable is done; optional ones may be not-applicable or untouched', () => {
    const stage2 = stageDefinition('population-health-and-care-needs');
    const facts = emptyFacts();
    facts.recorded[stage2.key] = Object.fromEntries(
      stage2.deliverables.filter((d) => d.mandatory).map((d) => [d.key, { status: 'done' as const, evidence: 'x' }]),
    );
    expect(deliverableBlockers(stage2.key, facts)).toEqual([]);
    facts.recorded[stage2.key]!['build-on-existing-work'] = { status: 'in-progress', evidence: null };
    expect(deliverableBlockers(stage2.key, facts).map((b) => b.deliverable)).toEqual(['build-on-existing-work']);
  });

  it('lets a derived deliverable explain itself and take precedence over anything ticked by hand', () => {
    const facts = factsWithAllDone();
    facts.derived.push({
      stage: stage1.key,
      deliverable: 'stakeholder-group',
      done: false,
      evidence: '3 members',
      blockers: [{ code: 'GROUP_TOO_SMALL', message: 'The stakeholder group has 3 members; it needs at least 5.' }],
    });
    expect(deliverableBlockers(stage1.key, facts)).toEqual([{ code: 'GROUP_TOO_SMALL', message: 'The stakeholder group has 3 members; it needs at least 5.' }]);
  });

  it('adds feature rules contributed for submission and approval', () => {
    const facts = factsWithAllDone();
    facts.extra = { [stage1.key]: { approve: [{ code: 'REVIEW_NO_CLINICAL_APPROVAL', message: 'Waiting for the clinical group.' }] } };
    let s = accept(initialSnapshot(), { type: 'SUBMIT_FOR_REVIEW', stage: stage1.key }, facts);
    const refused = decide(s, { type: 'APPROVE_STAGE', stage: stage1.key }, facts);
    expect(refused).toEqual({ accepted: false, blockers: [{ code: 'REVIEW_NO_CLINICAL_APPROVAL', message: 'Waiting for the clinical group.' }] });
    facts.extra = {};
    s = accept(s, { type: 'APPROVE_STAGE', stage: stage1.key }, facts);
    expect(stageStatuses(persist(s))[stage1.key]).toBe('approved');
  });
});

describe('decide', () => {
  it('explains structural refusals in words', () => {
    const s = initialSnapshot();
    const facts = factsWithAllDone();
    const cases: Array<[Parameters<typeof decide>[1], string]> = [
      [{ type: 'SUBMIT_FOR_REVIEW', stage: 'meeting-population-needs' }, 'STAGE_NOT_IN_PROGRESS'],
      [{ type: 'APPROVE_STAGE', stage: stage1.key }, 'STAGE_NOT_IN_REVIEW'],
      [{ type: 'REQUEST_CHANGES', stage: stage1.key, reason: 'x' }, 'STAGE_NOT_IN_REVIEW'],
      [{ type: 'RESUME' }, 'NOT_ON_HOLD'],
      [{ type: 'PUT_ON_HOLD' }, 'REASON_REQUIRED'],
      [{ type: 'SUBMIT_FOR_REVIEW' }, 'STAGE_REQUIRED'],
    ];
    for (const [command, code] of cases) {
      const d = decide(s, command, facts);
      expect(d.accepted).toBe(false);
      if (!d.accepted) expect(d.blockers[0].code).toBe(code);
    }
    const notStarted = decide(s, { type: 'SUBMIT_FOR_REVIEW', stage: 'meeting-population-needs' }, facts);
    if (!notStarted.accepted) expect(notStarted.blockers[0].message).toMatch(/starts when stages 2, 3 and 4 are all approved/);
  });

  it('freezes stage events while on hold, and allows nothing once withdrawn', () => {
    const facts = factsWithAllDone();
    const held = accept(initialSnapshot(), { type: 'PUT_ON_HOLD', reason: 'funding' }, facts);
    const d = decide(held, { type: 'SUBMIT_FOR_REVIEW', stage: stage1.key }, facts);
    expect(!d.accepted && d.blockers[0].code).toBe('PROJECT_ON_HOLD');
    expect(decide(held, { type: 'PUT_ON_HOLD', reason: 'again' }, facts)).toMatchObject({ accepted: false });
    const withdrawn = accept(held, { type: 'WITHDRAW', reason: 'merged' }, facts);
    expect(allowedCommands(withdrawn, facts)).toEqual([]);
    const w = decide(withdrawn, { type: 'RESUME' }, facts);
    expect(!w.accepted && w.blockers[0].code).toBe('PROJECT_CLOSED');
  });

  it('lists exactly the commands that would be accepted', () => {
    const facts = factsWithAllDone();
    expect(allowedCommands(initialSnapshot(), facts)).toEqual([
      { type: 'SUBMIT_FOR_REVIEW', stage: stage1.key },
      { type: 'PUT_ON_HOLD' },
      { type: 'WITHDRAW' },
    ]);
    expect(allowedCommands(initialSnapshot(), emptyFacts())).toEqual([{ type: 'PUT_ON_HOLD' }, { type: 'WITHDRAW' }]);
  });
});

describe('workflow view', () => {
  it('shows each stage with deliverables and what blocks it', () => {
    const [s] = transition(projectMachine, initialSnapshot(), { type: 'SUBMIT_FOR_REVIEW', stage: stage1.key });
    const view = workflowView(s, 3, emptyFacts());
    expect(view.status).toBe('active');
    expect(view.version).toBe(3);
    expect(view.stages.map((x) => x.status)).toEqual(['in-review', 'not-started', 'not-started', 'not-started', 'not-started', 'not-started']);
    expect(view.stages[1].blockers[0]).toMatchObject({ code: 'STAGE_NOT_STARTED' });
    expect(view.stages[0].deliverables).toHaveLength(stage1.deliverables.length);
    expect(view.allowedEvents).toContainEqual({ type: 'APPROVE_STAGE', stage: stage1.key });
    expect(view.allowedEvents).toContainEqual({ type: 'REQUEST_CHANGES', stage: stage1.key });
  });
});

describe('reference data', () => {
  it('has the six stages in order and the 19 Oxfordshire PCNs totalling 756,979 registered patients', () => {
    expect(STAGES.map((s) => s.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(OXFORDSHIRE_PCNS_2019).toHaveLength(19);
    expect(OXFORDSHIRE_PCNS_2019.reduce((sum, p) => sum + p.registeredPopulation, 0)).toBe(756979);
  });
});
