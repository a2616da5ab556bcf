import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { persist, projectMachine, ProjectEvent, ProjectSnapshot, projectStatus, STAGE_KEYS, StageKey, stageStatuses, workflowEventType } from '../../workflows';
import { TestApp } from './support/test-app';

/**
 * Model-based: xstate/graph's shortest path to every reachable state of the project machine,
 * driven through the HTTP API (gates satisfied with the e2e stage-work helpers). At each state
 * the machine and the API must agree on every event:
 * - the events the machine takes are exactly the API's allowedEvents;
 * - every event the machine refuses is refused by the API (409), recorded as refused, and changes
 *   neither the statuses nor the version;
 * - the events the machine takes are applied for real where the project can come back or go on:
 *   the edges of the shortest-path tree (going down it), PUT_ON_HOLD then RESUME, SUBMIT_FOR_REVIEW
 *   then REQUEST_CHANGES (and the reverse), WITHDRAW at the end of every branch; after each, the
 *   API's statuses are the machine's. (APPROVE_STAGE and WITHDRAW off the tree are one-way; there
 *   the first check, allowedEvents, is what compares machine and API.)
 */
const stageEvents: ProjectEvent[] = STAGE_KEYS.flatMap((stage) => [
  { type: 'SUBMIT_FOR_REVIEW', stage } as const,
  { type: 'APPROVE_STAGE', stage } as const,
  { type: 'REQUEST_CHANGES', stage, reason: 'Needs more local evidence' } as const,
  { type: 'REOPEN_STAGE', stage, reason: 'The scope changed after approval' } as const,
]);
const ALL_EVENTS: ProjectEvent[] = [...stageEvents, { type: 'PUT_ON_HOLD', reason: 'Budget review' }, { type: 'RESUME' }, { type: 'WITHDRAW', reason: 'Merged with another project' }];

const label = (e: ProjectEvent) => ('stage' in e ? `${e.type}:${e.stage}` : e.type);
/** Where the machine stands (its deep-history memory aside, which only RESUME reads). */
const stateKey = (s: ProjectSnapshot) => JSON.stringify({ status: s.status, value: s.value });
const next = (s: ProjectSnapshot, e: ProjectEvent) => transition(projectMachine, s, e)[0];
const takes = (s: ProjectSnapshot, e: ProjectEvent) => stateKey(next(s, e)) !== stateKey(s);
const expected = (s: ProjectSnapshot) => {
  const p = persist(s);
  return { status: projectStatus(p), stages: stageStatuses(p) };
};

interface Node {
  events: ProjectEvent[];
  state: ProjectSnapshot;
  children: Node[];
}

/** The shortest paths as a tree: a state's children are the states one event further along their own shortest path. */
function shortestPathTree(): { root: Node; states: number } {
  const paths = getShortestPaths(projectMachine, { events: ALL_EVENTS }).map((p) => ({
    events: p.steps.map((s) => s.event).filter((e) => !e.type.startsWith('xstate.')) as ProjectEvent[],
    state: p.state as ProjectSnapshot,
  }));
  const nodes = new Map(paths.map((p) => [JSON.stringify(p.events.map(label)), { ...p, children: [] as Node[] }]));
  let root: Node | undefined;
  for (const node of nodes.values()) {
    if (node.events.length === 0) root = node;
    else nodes.get(JSON.stringify(node.events.slice(0, -1).map(label)))!.children.push(node);
  }
  return { root: root!, states: paths.length };
}

describe('model-based: the project machine and the HTTP API agree on every reachable state (xstate/graph)', () => {
  let t: TestApp;
  const { root, states } = shortestPathTree();
  let projects = 0;
  const counts = { states: 0, refusedChecked: 0, appliedEdges: 0 };

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  /** One project walking the machine, doing the gate work each step needs first. */
  class Walker {
    readonly slug = `model-${++projects}`;
    state: ProjectSnapshot = root.state;
    private prepared = new Set<StageKey>();
    private reviewed = new Set<StageKey>();
    /** The project's version as last seen. */
    private version = 0;

    async start() {
      await t.createProject(this.slug);
      await this.expectAgrees();
    }

    async view() {
      return t.workflow(this.slug);
    }

    /** Gates need facts: the work of every stage in progress, the reviewers' approvals of every stage in review. */
    async satisfyGates(): Promise<boolean> {
      let did = false;
      if (projectStatus(persist(this.state)) !== 'active') return did;
      for (const [stage, status] of Object.entries(stageStatuses(persist(this.state))) as Array<[StageKey, string]>) {
        if (status === 'in-progress' && !this.prepared.has(stage)) {
          await t.prepareStage(this.slug, stage);
          this.prepared.add(stage);
          did = true;
        }
        if (status === 'in-review' && !this.reviewed.has(stage)) {
          await t.reviewersApprove(this.slug, stage);
          this.reviewed.add(stage);
          did = true;
        }
      }
      return did;
    }

    async expectAgrees() {
      const view = await this.view();
      expect({ path: this.slug, status: view.status, stages: Object.fromEntries(view.stages.map((s: { key: string; status: string }) => [s.key, s.status])) }).toEqual({
        path: this.slug,
        ...expected(this.state),
      });
      this.version = view.version;
      return view;
    }

    /** An event the machine takes: the API accepts it and ends where the machine does (the answer carries the new view). */
    async apply(e: ProjectEvent) {
      if (await this.satisfyGates()) this.version = (await this.view()).version;
      expect(takes(this.state, e)).toBe(true);
      const res = await t.event(this.slug, { ...(e as unknown as Record<string, unknown>), expectedVersion: this.version });
      expect({ event: label(e), status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ event: label(e), status: 201, body: 'ok' });
      this.state = next(this.state, e);
      if (e.type === 'SUBMIT_FOR_REVIEW') this.reviewed.delete(e.stage);
      const view = res.body.workflow;
      expect({ path: this.slug, status: view.status, stages: Object.fromEntries(view.stages.map((s: { key: string; status: string }) => [s.key, s.status])) }).toEqual({
        path: this.slug,
        ...expected(this.state),
      });
      expect(view.version).toBe(this.version + 1);
      this.version = view.version;
      counts.appliedEdges++;
    }

    /** Every event at this state: allowedEvents are the machine's; refused ones change nothing. */
    async checkEveryEvent() {
      await this.satisfyGates();
      const view = await this.expectAgrees();
      const machineTakes = ALL_EVENTS.filter((e) => takes(this.state, e)).map(label).sort();
      const apiAllows = view.allowedEvents.map((e: ProjectEvent) => label(e)).sort();
      expect({ path: this.slug, allowed: apiAllows }).toEqual({ path: this.slug, allowed: machineTakes });
      const refused = ALL_EVENTS.filter((x) => !takes(this.state, x));
      const historyBefore = (await t.as('pm').get(`/api/projects/${this.slug}/history?limit=1`).expect(200)).body.total;
      for (const e of refused) {
        const res = await t.event(this.slug, e as unknown as Record<string, unknown>);
        expect({ event: label(e), status: res.status }).toEqual({ event: label(e), status: 409 });
        counts.refusedChecked++;
      }
      // nothing moved, and each refusal is in the history, in order
      const after = await this.expectAgrees();
      expect(after.version).toBe(view.version);
      const added = (await t.as('pm').get(`/api/projects/${this.slug}/history?limit=200&offset=${historyBefore}`).expect(200)).body;
      expect(added.total).toBe(historyBefore + refused.length);
      expect(added.items.map((h: { type: string; outcome: string }) => `${h.type}:${h.outcome}`)).toEqual(refused.map((e) => `${workflowEventType(e.type)}:refused`));
    }

    /** The events the machine takes that lead away and back: each applied, then undone by its reverse. */
    async roundTrips() {
      const status = projectStatus(persist(this.state));
      if (status !== 'active') return;
      const here = stateKey(this.state);
      await this.apply({ type: 'PUT_ON_HOLD', reason: 'Budget review' });
      await this.apply({ type: 'RESUME' });
      expect(stateKey(this.state)).toBe(here);
      for (const [stage, s] of Object.entries(stageStatuses(persist(this.state))) as Array<[StageKey, string]>) {
        if (s === 'in-progress') {
          await this.apply({ type: 'SUBMIT_FOR_REVIEW', stage });
          await this.apply({ type: 'REQUEST_CHANGES', stage, reason: 'Needs more local evidence' });
        } else if (s === 'in-review') {
          await this.apply({ type: 'REQUEST_CHANGES', stage, reason: 'Needs more local evidence' });
          await this.apply({ type: 'SUBMIT_FOR_REVIEW', stage });
        }
      }
      expect(stateKey(this.state)).toBe(here);
    }
  }

  /** Depth first: the first child goes on with the same project, the others replay their path on a new one. */
  async function explore(node: Node, walker: Walker): Promise<void> {
    counts.states++;
    await walker.checkEveryEvent();
    await walker.roundTrips();
    if (node.children.length === 0) {
      // the end of a branch: WITHDRAW, if the machine still takes it
      const withdraw: ProjectEvent = { type: 'WITHDRAW', reason: 'Merged with another project' };
      if (takes(walker.state, withdraw)) await walker.apply(withdraw);
      return;
    }
    for (const [i, child] of node.children.entries()) {
      let w = walker;
      if (i > 0) {
        w = new Walker();
        await w.start();
        for (const e of node.events) await w.apply(e);
      }
      await w.apply(child.events.at(-1)!);
      await explore(child, w);
    }
  }

  it(`reaches all ${states} reachable states along their shortest paths and agrees on every event at each`, async () => {
    const walker = new Walker();
    await walker.start();
    await explore(root, walker);
    expect(counts.states).toBe(states);
    const statuses = new Set<string>();
    // every status of every stage was visited, and every project status
    for (const n of (function* all(n: Node): Generator<Node> {
      yield n;
      for (const c of n.children) yield* all(c);
    })(root)) {
      const e = expected(n.state);
      statuses.add(e.status);
      for (const [stage, s] of Object.entries(e.stages)) statuses.add(`${stage}:${s}`);
    }
    expect(statuses.size).toBe(4 + 6 * 4 - 1);
    console.log(`model-based: ${counts.states} states, ${projects} projects, ${counts.refusedChecked} refused events checked, ${counts.appliedEdges} accepted events applied`);
  }, 600_000);
});
