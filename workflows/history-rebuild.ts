/**
 * Records rebuilt from the history alone: the register records, the stage-1 group members and
 * the hand-recorded deliverables, replayed from their complete events. Comparing them with the
 * live tables shows a record changed behind the history's back.
 *
 * Histories written before events were complete (register and member events without the record
 * as saved) cannot be replayed; such a kind is reported as not rebuildable rather than as broken.
 *
 * Pure: no Nest, no database.
 */
import { canonicalJson } from './history-chain';
import { EVENT } from './events';

/** The event types records are rebuilt from (the verifier parses only their payloads). */
export const REPLAYED_TYPES: ReadonlySet<string> = new Set([
  EVENT.REGISTER_RECORD_CREATED,
  EVENT.REGISTER_RECORD_UPDATED,
  EVENT.REGISTER_RECORD_DELETED,
  EVENT.REGISTER_IMPORTED,
  EVENT.GROUP_MEMBER_ADDED,
  EVENT.GROUP_MEMBER_UPDATED,
  EVENT.GROUP_MEMBER_REMOVED,
  EVENT.DELIVERABLE_UPDATED,
]);

export interface ReplayEntry {
  sequence: number;
  type: string;
  stage: string | null;
  outcome: string;
  payload: Record<string, unknown>;
}

export interface RegisterRow {
  recordType: string;
  recordId: string;
  data: Record<string, unknown>;
}

export interface MemberRow {
  id: string;
  group: string;
  name: string;
  organisation: string;
  organisationType: string;
  roleInGroup: string;
  isLead: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliverableRow {
  stage: string;
  deliverable: string;
  status: string;
  evidence: string | null;
}

export interface LiveRecords {
  registers: RegisterRow[];
  members: MemberRow[];
  deliverables: DeliverableRow[];
}

export type RecordKind = 'register' | 'member' | 'deliverable';

export interface RecordMismatch {
  kind: RecordKind;
  /** e.g. "segment seg-older-frail", "member 7c1f…", "deliverable population-health-and-care-needs/confirm-scope" */
  record: string;
  /** The entry that last wrote this record, when the history has one. */
  sequence?: number;
  reason: string;
}

export interface RecordsCheck {
  /** Kinds whose whole history could be replayed (and so were compared). */
  checked: RecordKind[];
  /** Kinds with events from before complete payloads: not compared. */
  notRebuildable: RecordKind[];
  mismatch?: RecordMismatch;
}

interface Slot<T> {
  value: T;
  sequence: number;
}

const MEMBER_FIELDS: (keyof MemberRow)[] = ['id', 'group', 'name', 'organisation', 'organisationType', 'roleInGroup', 'isLead', 'userId', 'createdAt', 'updatedAt'];

/** Replays accepted entries in sequence order (in batches if need be), then compares. */
export class RecordsRebuilder {
  private readonly registers = new Map<string, Slot<Record<string, unknown>>>();
  private readonly members = new Map<string, Slot<MemberRow>>();
  private readonly deliverables = new Map<string, Slot<DeliverableRow>>();
  /** Last entry that removed a record (for reporting a row that should not be there). */
  private readonly removed = new Map<string, number>();
  private readonly incomplete = new Set<RecordKind>();

  add(entries: readonly ReplayEntry[]): void {
    for (const e of entries) if (e.outcome === 'accepted') this.apply(e);
  }

  private apply(e: ReplayEntry): void {
    const p = e.payload ?? {};
    const seq = Number(e.sequence);
    switch (e.type) {
      case EVENT.REGISTER_RECORD_CREATED:
      case EVENT.REGISTER_RECORD_UPDATED: {
        const record = p.record as Record<string, unknown> | undefined;
        if (typeof p.recordType !== 'string' || !record || typeof record.id !== 'string') return void this.incomplete.add('register');
        const { id, ...data } = record;
        this.registers.set(registerKey(p.recordType, id as string), { value: data, sequence: seq });
        return;
      }
      case EVENT.REGISTER_RECORD_DELETED: {
        if (typeof p.recordType !== 'string') return void this.incomplete.add('register');
        const key = registerKey(p.recordType, String(p.id));
        this.registers.delete(key);
        this.removed.set(key, seq);
        return;
      }
      case EVENT.REGISTER_IMPORTED: {
        const records = p.records as Record<string, unknown>[] | undefined;
        if (typeof p.recordType !== 'string' || !Array.isArray(records)) return void this.incomplete.add('register');
        if (p.mode === 'replace') {
          for (const key of [...this.registers.keys()]) {
            if (key.startsWith(`${p.recordType} `)) {
              this.registers.delete(key);
              this.removed.set(key, seq);
            }
          }
        }
        for (const record of records) {
          const { id, ...data } = record;
          this.registers.set(registerKey(p.recordType, String(id)), { value: data, sequence: seq });
        }
        return;
      }
      case EVENT.GROUP_MEMBER_ADDED:
      case EVENT.GROUP_MEMBER_UPDATED: {
        const member = p.member as MemberRow | undefined;
        if (!member || typeof member.id !== 'string') return void this.incomplete.add('member');
        this.members.set(member.id, { value: member, sequence: seq });
        return;
      }
      case EVENT.GROUP_MEMBER_REMOVED: {
        const id = String(p.memberId);
        this.members.delete(id);
        this.removed.set(`member ${id}`, seq);
        return;
      }
      case EVENT.DELIVERABLE_UPDATED: {
        const key = `${e.stage}/${String(p.deliverable)}`;
        this.deliverables.set(key, {
          value: { stage: String(e.stage), deliverable: String(p.deliverable), status: String(p.status), evidence: (p.evidence as string | null) ?? null },
          sequence: seq,
        });
        return;
      }
    }
  }

  /** Compares the rebuilt records with the live tables; the first difference found, if any. */
  compare(live: LiveRecords): RecordsCheck {
    const checked: RecordKind[] = [];
    const notRebuildable: RecordKind[] = [];
    let mismatch: RecordMismatch | undefined;
    const kinds: Array<[RecordKind, () => RecordMismatch | undefined]> = [
      ['register', () => this.compareRegisters(live.registers)],
      ['member', () => this.compareMembers(live.members)],
      ['deliverable', () => this.compareDeliverables(live.deliverables)],
    ];
    for (const [kind, run] of kinds) {
      if (this.incomplete.has(kind)) {
        notRebuildable.push(kind);
        continue;
      }
      checked.push(kind);
      mismatch ??= run();
    }
    return { checked, notRebuildable, ...(mismatch && { mismatch }) };
  }

  private compareRegisters(rows: RegisterRow[]): RecordMismatch | undefined {
    const seen = new Set<string>();
    for (const row of rows) {
      const key = registerKey(row.recordType, row.recordId);
      seen.add(key);
      const slot = this.registers.get(key);
      const name = `${row.recordType} ${row.recordId}`;
      if (!slot) return { kind: 'register', record: name, ...seqOf(this.removed.get(key)), reason: `the ${name} record is in the table but not in the history` };
      if (canonicalJson(slot.value) !== canonicalJson(row.data ?? {})) {
        return { kind: 'register', record: name, sequence: slot.sequence, reason: `the ${name} record differs from what entry ${slot.sequence} saved` };
      }
    }
    for (const [key, slot] of this.registers) {
      if (!seen.has(key)) return { kind: 'register', record: key, sequence: slot.sequence, reason: `the ${key} record saved by entry ${slot.sequence} is missing from the table` };
    }
    return undefined;
  }

  private compareMembers(rows: MemberRow[]): RecordMismatch | undefined {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const slot = this.members.get(row.id);
      const name = `member ${row.id} (${row.name})`;
      if (!slot) return { kind: 'member', record: name, ...seqOf(this.removed.get(`member ${row.id}`)), reason: `${name} is in the group table but not in the history` };
      const differs = MEMBER_FIELDS.find((f) => canonicalJson(normaliseField(f, slot.value[f])) !== canonicalJson(normaliseField(f, row[f])));
      if (differs) return { kind: 'member', record: name, sequence: slot.sequence, reason: `${name} differs in ${differs} from what entry ${slot.sequence} saved` };
    }
    for (const [id, slot] of this.members) {
      if (!seen.has(id)) return { kind: 'member', record: `member ${id}`, sequence: slot.sequence, reason: `member ${id} (${slot.value.name}) saved by entry ${slot.sequence} is missing from the group table` };
    }
    return undefined;
  }

  private compareDeliverables(rows: DeliverableRow[]): RecordMismatch | undefined {
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.stage}/${row.deliverable}`;
      seen.add(key);
      const slot = this.deliverables.get(key);
      if (!slot) return { kind: 'deliverable', record: `deliverable ${key}`, reason: `deliverable ${key} is recorded in the table but not in the history` };
      if (slot.value.status !== row.status || (slot.value.evidence ?? null) !== (row.evidence ?? null)) {
        return { kind: 'deliverable', record: `deliverable ${key}`, sequence: slot.sequence, reason: `deliverable ${key} differs from what entry ${slot.sequence} recorded` };
      }
    }
    for (const [key, slot] of this.deliverables) {
      if (!seen.has(key)) return { kind: 'deliverable', record: `deliverable ${key}`, sequence: slot.sequence, reason: `deliverable ${key} recorded by entry ${slot.sequence} is missing from the table` };
    }
    return undefined;
  }
}

function registerKey(recordType: string, id: string): string {
  return `${recordType} ${id}`;
}

function seqOf(sequence: number | undefined): { sequence?: number } {
  return sequence === undefined ? {} : { sequence };
}

/** SQLite reads booleans back as 1/0. */
function normaliseField(field: keyof MemberRow, value: unknown): unknown {
  if (field === 'isLead') return value === true || value === 1;
  return value ?? null;
}
