import {
  allowedCommands,
  decide,
  emptyFacts,
  GateFacts,
  initialSnapshot,
  MACHINE_VERSION,
  NO_GATE_FACTS,
  needsGateFacts,
  persist,
  ProjectSnapshot,
  restore,
  STAGE_EVENT_TYPES,
  STAGES,
  WorkflowCommand,
  workflowView,
} from '../../workflows';

/**
 * The service answers a command with the view of the machine's own next snapshot (no re-read,
 * no revival), decides hold/resume/withdraw without gate facts, and works out allowed events
 * with shortcuts. Each must give exactly what the plain path gives, at every point of a
 * project's life.
 */

function allDone(): GateFacts {
  const facts = emptyFacts();
  for (const s of STAGES) {
    facts.recorded[s.key] = Object.fromEntries(s.deliverables.map((d) => [d.key, { status: 'done' as const, evidence: 'done' }]));
  }
  return facts;
}

const CANDIDATES: WorkflowCommand[] = [
  ...STAGES.flatMap((s) => STAGE_EVENT_TYPES.map((type) => ({ type, stage: s.key, reason: 'reason' }))),
  { type: 'PUT_ON_HOLD', reason: 'reason' },
  { type: 'RESUME' },
  { type: 'WITHDRAW', reason: 'reason' },
];

/** allowedCommands as first written: decide() for every candidate. */
function plainAllowed(s: ProjectSnapshot, facts: GateFacts) {
  return CANDIDATES.filter((c) => decide(s, c, facts).accepted).map((c) => (c.stage ? { type: c.type, stage: c.stage } : { type: c.type }));
}

function step(s: ProjectSnapshot, command: WorkflowCommand, facts: GateFacts): ProjectSnapshot {
  const d = decide(s, command, facts);
  if (!d.accepted) throw new Error(`${command.type} ${command.stage ?? ''}: ${JSON.stringify(d.blockers)}`);
  return d.next;
}

/** A project's life: holds and resumes between stages, changes requested, through to completion. */
function journey(facts: GateFacts): ProjectSnapshot[] {
  const seen: ProjectSnapshot[] = [initialSnapshot()];
  let s = seen[0];
  const go = (command: WorkflowCommand) => seen.push((s = step(s, command, facts)));
  for (const stage of STAGES) {
    go({ type: 'PUT_ON_HOLD', reason: 'pause' });
    go({ type: 'RESUME' });
    go({ type: 'SUBMIT_FOR_REVIEW', stage: stage.key });
    go({ type: 'PUT_ON_HOLD', reason: 'pause in review' });
    go({ type: 'RESUME' });
    go({ type: 'REQUEST_CHANGES', stage: stage.key, reason: 'more' });
    go({ type: 'SUBMIT_FOR_REVIEW', stage: stage.key });
    go({ type: 'APPROVE_STAGE', stage: stage.key });
  }
  return seen;
}

describe('command shortcuts give what the plain path gives', () => {
  const facts = allDone();
  const states = journey(facts);

  it('walks the whole life of a project, to completed', () => {
    expect(persist(states[states.length - 1]).value).toBe('completed');
    expect(states.length).toBe(1 + STAGES.length * 8);
  });

  it("the view of the machine's next snapshot equals the view of that snapshot stored and revived", () => {
    for (const [i, s] of states.entries()) {
      const revived = restore(JSON.parse(JSON.stringify(persist(s))), MACHINE_VERSION);
      expect(workflowView(s, i + 1, facts)).toEqual(workflowView(revived, i + 1, facts));
      expect(workflowView(s, i + 1, emptyFacts())).toEqual(workflowView(revived, i + 1, emptyFacts()));
    }
  });

  it('allowedCommands equals deciding every candidate', () => {
    for (const s of [...states, step(states[3], { type: 'WITHDRAW', reason: 'stop' }, facts)]) {
      expect(allowedCommands(s, facts)).toEqual(plainAllowed(s, facts));
      expect(allowedCommands(s, emptyFacts())).toEqual(plainAllowed(s, emptyFacts()));
      expect(allowedCommands(s, facts, persist(s))).toEqual(plainAllowed(s, facts));
    }
  });

  it('commands that do not need gate facts are decided the same without them', () => {
    const lifecycle = CANDIDATES.filter((c) => !needsGateFacts(c));
    expect(lifecycle.map((c) => c.type).sort()).toEqual(['PUT_ON_HOLD', ...Array(6).fill('REOPEN_STAGE'), 'REQUEST_CHANGES', 'REQUEST_CHANGES', 'REQUEST_CHANGES', 'REQUEST_CHANGES', 'REQUEST_CHANGES', 'REQUEST_CHANGES', 'RESUME', 'WITHDRAW']);
    const withoutReason: WorkflowCommand[] = [{ type: 'PUT_ON_HOLD' }, { type: 'WITHDRAW', reason: '  ' }];
    for (const s of states) {
      for (const c of [...lifecycle, ...withoutReason]) {
        const plain = decide(s, c, facts);
        const shortcut = decide(s, c, NO_GATE_FACTS);
        expect(shortcut.accepted).toBe(plain.accepted);
        if (plain.accepted && shortcut.accepted) expect(persist(shortcut.next)).toEqual(persist(plain.next));
        if (!plain.accepted && !shortcut.accepted) expect(shortcut.blockers).toEqual(plain.blockers);
      }
    }
  });
});
