import { GateInput, normaliseRegisters, Registers } from './types';
import { arr } from './util';

/** One stage 2 need or urgent concern and what answers it. */
export interface TraceEntry {
  kind: 'need' | 'urgent-concern';
  id: string;
  description: string;
  /** The segment a need belongs to (needs only). */
  segmentId?: string;
  segmentName?: string;
  goodPracticeIds: string[];
  /** Active proposals that address it (withdrawn proposals are left out). */
  proposalIds: string[];
  withdrawnProposalIds: string[];
  /** The not-met record, when it has been explicitly recorded as not met. */
  notMet: { id: string; reason: string } | null;
  /** True when at least one active proposal addresses it. */
  answered: boolean;
}

export interface Traceability {
  entries: TraceEntry[];
  /** Entries no active proposal addresses (whether or not recorded as not met). */
  unanswered: TraceEntry[];
  /** Unanswered and not recorded as not met: what the stage 5 gate blocks on. */
  unaccounted: TraceEntry[];
}

/** Each need and urgent concern with the good practice and proposals linked to it. */
export function traceability(input: Partial<Registers> | GateInput): Traceability {
  const r = normaliseRegisters('registers' in input ? (input as GateInput).registers : (input as Partial<Registers>));
  const entry = (kind: TraceEntry['kind'], id: string, description: string, field: 'needIds' | 'concernIds') => {
    const proposals = r.proposals.filter((p) => arr(p[field]).includes(id));
    const notMet = r.notMet.find((x) => (kind === 'need' ? x.needId : x.concernId) === id);
    const active = proposals.filter((p) => p.status !== 'withdrawn').map((p) => p.id);
    const e: TraceEntry = {
      kind,
      id,
      description,
      goodPracticeIds: r.goodPractice.filter((g) => arr(g[field]).includes(id)).map((g) => g.id),
      proposalIds: active,
      withdrawnProposalIds: proposals.filter((p) => p.status === 'withdrawn').map((p) => p.id),
      notMet: notMet ? { id: notMet.id, reason: notMet.reason } : null,
      answered: active.length > 0,
    };
    return e;
  };
  const entries: TraceEntry[] = [
    ...r.needs.map((n) => {
      const e = entry('need', n.id, n.description, 'needIds');
      const segment = r.segments.find((s) => s.id === n.segmentId);
      return { ...e, segmentId: n.segmentId, ...(segment ? { segmentName: segment.name } : {}) };
    }),
    ...r.urgentConcerns.map((c) => entry('urgent-concern', c.id, c.what, 'concernIds')),
  ];
  const unanswered = entries.filter((e) => !e.answered);
  return { entries, unanswered, unaccounted: unanswered.filter((e) => !e.notMet) };
}
