/**
 * The hash chain that makes a project's history verifiable: each entry stores
 * `hash = SHA-256(previous hash ‖ canonical JSON of the entry)`, the project keeps the head
 * (its last sequence and hash), and signed checkpoints pin the head at each stage decision.
 * Anyone with the rows can recompute the chain; an edited, deleted, inserted or reordered entry
 * breaks it at that sequence, and a cut-off tail shows against the last signed checkpoint.
 *
 * Pure: node:crypto only, no Nest, no database.
 */
import { createPublicKey, hash as oneShotHash, KeyObject, verify as verifySignature } from 'node:crypto';

/** The "previous hash" of a history's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit), no insignificant whitespace, and the
 * JSON round trip's own rules (undefined members left out, undefined in arrays as null), so a
 * value hashes the same before it is stored as JSON text and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** What of a history entry the chain covers: every column but its row id, its own hash and its request id (operational: it joins the entry to the logs, and says nothing about the decision). */
export interface ChainEntry {
  projectId: string;
  sequence: number;
  occurredAt: string;
  type: string;
  stage: string | null;
  payload: unknown;
  outcome: string;
  blockers: unknown;
  resultingState: unknown;
  actorId: string | null;
  actorName: string | null;
}

/** The chained fields of an entry, in one shape (absent optional columns as null). */
export function chainContent(e: ChainEntry): ChainEntry {
  return {
    projectId: e.projectId,
    sequence: Number(e.sequence),
    occurredAt: e.occurredAt,
    type: e.type,
    stage: e.stage ?? null,
    payload: e.payload ?? null,
    outcome: e.outcome,
    blockers: e.blockers ?? null,
    resultingState: e.resultingState ?? null,
    actorId: e.actorId ?? null,
    actorName: e.actorName ?? null,
  };
}

/** SHA-256 of previous hash ‖ text, hex (one-shot: the verifier calls it once per entry). */
export function chainHash(previousHash: string, text: string): string {
  return oneShotHash('sha256', previousHash + text, 'hex');
}

export function entryHash(previousHash: string, entry: ChainEntry): string {
  return chainHash(previousHash, canonicalJson(chainContent(entry)));
}

/** The JSON columns of an entry as stored: canonical JSON text (SQL NULL for no blockers). */
export interface StoredJsonTexts {
  payload: string | null;
  blockers: string | null;
  resultingState: string | null;
}

/**
 * canonicalJson(chainContent(entry)) assembled from the stored texts of its JSON columns,
 * without parsing them: equal to it whenever those texts are canonical JSON, as the service
 * stores them. The verifier tries this first and parses only when it does not match.
 */
export function canonicalEntryText(e: Omit<ChainEntry, 'payload' | 'blockers' | 'resultingState'>, texts: StoredJsonTexts): string {
  const q = (v: string | null | undefined) => (v === null || v === undefined ? 'null' : JSON.stringify(v));
  // keys in canonical (sorted) order
  return (
    `{"actorId":${q(e.actorId)},"actorName":${q(e.actorName)},"blockers":${texts.blockers ?? 'null'},"occurredAt":${q(e.occurredAt)},` +
    `"outcome":${q(e.outcome)},"payload":${texts.payload ?? 'null'},"projectId":${q(e.projectId)},"resultingState":${texts.resultingState ?? 'null'},` +
    `"sequence":${Number(e.sequence)},"stage":${q(e.stage)},"type":${q(e.type)}}`
  );
}

/** Strings JSON.stringify leaves as they are, quoted (ISO date-times, ids): no escaping to look for. */
const PLAIN = /^[0-9A-Za-z:.+-]*$/;

/**
 * canonicalEntryText for a long run of entries, from their columns as read: the short strings
 * that repeat from entry to entry (project id, actor, type, stage, outcome) are quoted once and
 * remembered, date-times need no escaping. One writer per verification; same text, byte for byte.
 */
export class CanonicalEntryWriter {
  private readonly quoted = new Map<string, string>();

  private q(v: string | null | undefined): string {
    if (v === null || v === undefined) return 'null';
    let text = this.quoted.get(v);
    if (text === undefined) {
      text = JSON.stringify(v);
      if (this.quoted.size < 4096) this.quoted.set(v, text);
    }
    return text;
  }

  text(
    projectId: string,
    sequence: number,
    occurredAt: string,
    type: string,
    stage: string | null,
    outcome: string,
    actorId: string | null,
    actorName: string | null,
    payload: string | null,
    blockers: string | null,
    resultingState: string | null,
  ): string {
    const at = typeof occurredAt === 'string' && PLAIN.test(occurredAt) ? `"${occurredAt}"` : occurredAt === null || occurredAt === undefined ? 'null' : JSON.stringify(occurredAt);
    return (
      `{"actorId":${this.q(actorId)},"actorName":${this.q(actorName)},"blockers":${blockers ?? 'null'},"occurredAt":${at},` +
      `"outcome":${this.q(outcome)},"payload":${payload ?? 'null'},"projectId":${this.q(projectId)},"resultingState":${resultingState ?? 'null'},` +
      `"sequence":${Number(sequence)},"stage":${this.q(stage)},"type":${this.q(type)}}`
    );
  }
}

/** A signed statement that a project's history stood at `sequence` with head `headHash` at `at`. */
export interface Checkpoint {
  projectId: string;
  sequence: number;
  headHash: string;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 signature of canonicalJson(checkpoint), base64. */
  signature: string;
}

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(c: Checkpoint): Buffer {
  return Buffer.from(canonicalJson({ projectId: c.projectId, sequence: Number(c.sequence), headHash: c.headHash, at: c.at }), 'utf8');
}

export function checkpointSignatureValid(c: SignedCheckpoint, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verifySignature(null, checkpointMessage(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export interface ChainVerification {
  valid: boolean;
  /** Entries read. */
  entries: number;
  /** The project's head as stored on the project row. */
  headSequence: number;
  headHash: string | null;
  /** The first sequence at which the history stops being what was recorded. */
  firstInvalidSequence?: number;
  reason?: string;
}

/**
 * An entry as read back: its chained fields and the hash stored with it. With `texts` (the JSON
 * columns as stored) the JSON fields may be left unparsed: they are parsed only if needed.
 */
export type StoredEntry = ChainEntry & { hash: string | null; texts?: StoredJsonTexts };

function parseText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    // no longer JSON (edited by hand): hashed as the text it holds, so it fails the chain
    return text;
  }
}

/**
 * Checks a history incrementally (entries in sequence order, in as many batches as needed),
 * against the project's head and, when given, its latest signed checkpoint.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private expected = 1;
  private count = 0;
  private failure?: { sequence: number; reason: string };
  private readonly hashes = new Map<number, string>();

  constructor(
    private readonly head: { headSequence: number; headHash: string | null },
    private readonly checkpoint?: SignedCheckpoint | null,
    private readonly publicKey?: KeyObject | string | null,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Feed the next entries (sorted by sequence). */
  add(entries: readonly StoredEntry[]): void {
    for (const entry of entries) this.addOne(entry);
  }

  /**
   * The next entry. `text`, when given, is canonicalEntryText(entry, entry.texts) already
   * written (CanonicalEntryWriter); the entry is not kept, so a caller may reuse the object.
   */
  addOne(entry: StoredEntry, text?: string): void {
    this.count++;
    if (this.failure) return;
    const sequence = Number(entry.sequence);
    if (sequence !== this.expected) {
      this.failure =
        sequence > this.expected
          ? { sequence: this.expected, reason: `entry ${this.expected} is missing (the next entry read is ${sequence}): an entry was deleted` }
          : { sequence, reason: `entry ${sequence} appears out of order: the history was reordered or an entry inserted` };
      return;
    }
    let hash: string | undefined;
    if (entry.texts) {
      hash = chainHash(this.previous, text ?? canonicalEntryText(entry, entry.texts));
      if (entry.hash !== hash) {
        // stored texts not canonical (e.g. reformatted): compare the values themselves
        const { payload, blockers, resultingState } = entry.texts;
        hash = entryHash(this.previous, { ...entry, payload: parseText(payload), blockers: parseText(blockers), resultingState: parseText(resultingState) });
      }
    } else {
      hash = entryHash(this.previous, entry);
    }
    if (entry.hash !== hash) {
      this.failure = { sequence, reason: `entry ${sequence} does not match its hash: it was edited, inserted or moved` };
      return;
    }
    if (this.checkpoint && sequence === Number(this.checkpoint.sequence)) this.hashes.set(sequence, hash);
    this.previous = hash;
    this.expected++;
  }

  finish(): ChainVerification {
    const entries = this.expected - 1;
    const base = { entries: this.count, headSequence: Number(this.head.headSequence), headHash: this.head.headHash };
    const fail = (sequence: number, reason: string): ChainVerification => ({ ...base, valid: false, firstInvalidSequence: sequence, reason });
    if (this.failure) return fail(this.failure.sequence, this.failure.reason);
    const cp = this.checkpoint;
    if (cp) {
      if (this.publicKey && !checkpointSignatureValid(cp, this.publicKey)) {
        return fail(Number(cp.sequence), `the checkpoint at entry ${cp.sequence} does not carry a valid signature of the history signing key`);
      }
      if (Number(cp.sequence) > entries) {
        return fail(entries + 1, `the history ends at entry ${entries}, but a signed checkpoint covers entries up to ${cp.sequence}: its tail was cut off`);
      }
      if (this.hashes.get(Number(cp.sequence)) !== cp.headHash) {
        return fail(Number(cp.sequence), `entry ${cp.sequence} differs from the signed checkpoint's head hash: the history was rewritten`);
      }
    }
    if (base.headSequence > entries) {
      return fail(entries + 1, `the history ends at entry ${entries}, but the project's head is entry ${base.headSequence}: its tail was cut off`);
    }
    if (base.headSequence < entries) {
      return fail(base.headSequence + 1, `entry ${base.headSequence + 1} follows the project's recorded head (entry ${base.headSequence}): it was inserted`);
    }
    if (entries > 0 && this.head.headHash !== this.previous) {
      return fail(entries, `entry ${entries} does not match the project's head hash`);
    }
    return { ...base, valid: true };
  }
}

/** One pass over a whole history held in memory. */
export function verifyChain(
  entries: readonly StoredEntry[],
  head: { headSequence: number; headHash: string | null },
  checkpoint?: SignedCheckpoint | null,
  publicKey?: KeyObject | string | null,
): ChainVerification {
  const verifier = new ChainVerifier(head, checkpoint, publicKey);
  verifier.add(entries);
  return verifier.finish();
}

// ---- the account audit log: one chain for the whole service -------------------------------

/** What of an audit log entry its chain covers. */
export interface AuditChainEntry {
  sequence: number;
  occurredAt: string;
  type: string;
  /** The account the change is about. */
  subjectUserId: string | null;
  payload: unknown;
  actorId: string | null;
  actorName: string | null;
}

export function auditEntryHash(previousHash: string, e: AuditChainEntry): string {
  const content = {
    sequence: Number(e.sequence),
    occurredAt: e.occurredAt,
    type: e.type,
    subjectUserId: e.subjectUserId ?? null,
    payload: e.payload ?? null,
    actorId: e.actorId ?? null,
    actorName: e.actorName ?? null,
  };
  return chainHash(previousHash, canonicalJson(content));
}

/** The audit log checked like a project's history: sequence, hashes, and its recorded head. */
export function verifyAuditChain(entries: ReadonlyArray<AuditChainEntry & { hash: string | null }>, head: { headSequence: number; headHash: string | null }): ChainVerification {
  let previous = GENESIS_HASH;
  let expected = 1;
  const base = { entries: entries.length, headSequence: Number(head.headSequence), headHash: head.headHash };
  const fail = (sequence: number, reason: string): ChainVerification => ({ ...base, valid: false, firstInvalidSequence: sequence, reason });
  for (const e of entries) {
    const sequence = Number(e.sequence);
    if (sequence !== expected) {
      return sequence > expected ? fail(expected, `audit entry ${expected} is missing: an entry was deleted`) : fail(sequence, `audit entry ${sequence} appears out of order`);
    }
    const hash = auditEntryHash(previous, e);
    if (e.hash !== hash) return fail(sequence, `audit entry ${sequence} does not match its hash: it was edited, inserted or moved`);
    previous = hash;
    expected++;
  }
  const count = expected - 1;
  if (base.headSequence > count) return fail(count + 1, `the audit log ends at entry ${count}, but its head is entry ${base.headSequence}: its tail was cut off`);
  if (base.headSequence < count) return fail(base.headSequence + 1, `audit entry ${base.headSequence + 1} follows the recorded head: it was inserted`);
  if (count > 0 && head.headHash !== previous) return fail(count, `audit entry ${count} does not match the recorded head hash`);
  return { ...base, valid: true };
}
