/**
 * A project's record tables rebuilt from its history alone: the project row (details, manager,
 * publication, machine snapshot, version, head), stage plans, hand-recorded deliverables,
 * register records and settings, group members, review rounds, review decisions, comments,
 * options with their appraisals, the business case and the service-change assurance record.
 *
 * Two uses: comparing the rebuilt rows with the live tables shows a record changed behind the
 * history's back (`npm run verify`); and the rows as they stood after any sequence are what a
 * `?at=` read is answered from.
 *
 * The machine snapshot is not stored in the entries: each accepted workflow event is replayed
 * through the pure machine (its guards only check the stage; the gates were checked when the
 * event was accepted), which gives the persisted snapshot exactly.
 *
 * Surrogate keys that no read shows (the uuid `id` of plans, deliverables, register records and
 * settings, options, the business case and assurance; review round ids) are not in the events:
 * rows are matched on their natural keys (stage, record id, option id, ...). Row ids that reads
 * do show (members, decisions, comments) are in the events and compared.
 *
 * Histories written before events were complete cannot be replayed for some kinds; such a kind
 * is reported as not rebuildable rather than as broken.
 *
 * Pure: no Nest, no database.
 */
import { canonicalJson } from './history-chain';
import { EVENT } from './events';
import { dependentStages, STAGE_EVENT_TYPES, replayWorkflowEvent, WorkflowEventType } from './commands';
import { initialSnapshot, persist, PersistedProjectSnapshot, stageStatuses } from './snapshot';
import { MACHINE_VERSION } from './project-machine';
import { StageKey } from './framework';
import { emptyBusinessCase } from './stage6/business-case';
import { ATTACHMENT_FIELDS } from './files';

/** Every event type is replayed (the verifier parses the payloads of all of them). */
export const REPLAYED_TYPES: ReadonlySet<string> = new Set(Object.values(EVENT));

export interface ReplayEntry {
  sequence: number;
  type: string;
  stage: string | null;
  outcome: string;
  payload: Record<string, unknown>;
  occurredAt?: string;
  actorId?: string | null;
  actorName?: string | null;
  hash?: string | null;
  projectId?: string;
}

type Row = Record<string, unknown>;

export type RecordKind =
  | 'project'
  | 'stage-plan'
  | 'deliverable'
  | 'register'
  | 'register-setting'
  | 'member'
  | 'review-round'
  | 'review-decision'
  | 'comment'
  | 'option'
  | 'business-case'
  | 'assurance'
  | 'attachment'
  | 'discussion-post'
  | 'board-decision';

/** The live tables as rows (the record columns; projectId and surrogate ids left out). */
export type LiveTables = Partial<Record<RecordKind, Row[]>>;

/** The rebuilt tables, in the order rows were first written. */
export type RebuiltTables = Record<RecordKind, Row[]>;

export interface RecordMismatch {
  kind: RecordKind;
  /** e.g. "register segment seg-older-frail", "member 7c1f…", "deliverable population-health-and-care-needs/confirm-scope" */
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

interface KindSpec {
  key(row: Row): string;
  /** Compared columns; JSON columns compare canonically, booleans as true/false. */
  fields: string[];
  label(row: Row): string;
}

const SPECS: Record<RecordKind, KindSpec> = {
  project: {
    key: () => 'project',
    fields: ['id', 'slug', 'name', 'scope', 'area', 'districts', 'pcns', 'recordedRegisteredPopulation', 'snapshot', 'machineVersion', 'version', 'managerUserId', 'headSequence', 'headHash', 'published', 'createdAt', 'updatedAt'],
    label: (r) => `project ${String(r.slug)}`,
  },
  'stage-plan': { key: (r) => String(r.stage), fields: ['stage', 'targetDate', 'updatedAt', 'updatedById', 'updatedByName'], label: (r) => `stage plan ${String(r.stage)}` },
  deliverable: { key: (r) => `${String(r.stage)}/${String(r.deliverable)}`, fields: ['stage', 'deliverable', 'status', 'evidence', 'updatedAt'], label: (r) => `deliverable ${String(r.stage)}/${String(r.deliverable)}` },
  register: { key: (r) => `${String(r.recordType)} ${String(r.recordId)}`, fields: ['recordType', 'recordId', 'data', 'createdAt', 'updatedAt'], label: (r) => `register record ${String(r.recordType)} ${String(r.recordId)}` },
  'register-setting': { key: (r) => String(r.name), fields: ['name', 'value', 'updatedAt'], label: (r) => `register setting ${String(r.name)}` },
  member: {
    key: (r) => String(r.id),
    fields: ['id', 'group', 'name', 'organisation', 'organisationType', 'roleInGroup', 'isLead', 'userId', 'createdAt', 'updatedAt'],
    label: (r) => `member ${String(r.id)} (${String(r.name)})`,
  },
  'review-round': {
    key: (r) => `${String(r.stage)}#${String(r.round)}`,
    fields: ['stage', 'round', 'openedAt', 'openedById', 'openedByName', 'closedAt', 'closedById', 'closedByName', 'outcome'],
    label: (r) => `review round ${String(r.round)} of ${String(r.stage)}`,
  },
  'review-decision': {
    key: (r) => String(r.id),
    fields: ['id', 'stage', 'round', 'reviewerUserId', 'reviewerName', 'group', 'decision', 'comment', 'decidedAt'],
    label: (r) => `review decision ${String(r.id)}`,
  },
  comment: { key: (r) => String(r.id), fields: ['id', 'stage', 'round', 'authorUserId', 'authorName', 'text', 'createdAt'], label: (r) => `comment ${String(r.id)}` },
  option: { key: (r) => String(r.optionId), fields: ['optionId', 'position', 'data', 'createdAt', 'updatedAt'], label: (r) => `option ${String(r.optionId)}` },
  'business-case': { key: () => 'business-case', fields: ['data', 'noQuickWins', 'createdAt', 'updatedAt'], label: () => 'the business case' },
  assurance: { key: () => 'assurance', fields: ['data', 'createdAt', 'updatedAt'], label: () => 'the service change assurance record' },
  attachment: { key: (r) => String(r.id), fields: [...ATTACHMENT_FIELDS], label: (r) => `attachment ${String(r.id)} (${String(r.filename)})` },
  'discussion-post': {
    key: (r) => String(r.id),
    fields: ['id', 'position', 'stage', 'replyToId', 'authorUserId', 'authorName', 'text', 'createdAt', 'editedAt', 'removedAt', 'removedById', 'removedByName'],
    label: (r) => `discussion post ${String(r.id)}`,
  },
  'board-decision': {
    key: (r) => String(r.id),
    fields: ['id', 'position', 'target', 'stage', 'decision', 'meetingDate', 'minuteReference', 'note', 'decidedById', 'decidedByName', 'recordedAt'],
    label: (r) => `board decision ${String(r.id)}`,
  },
};

export const RECORD_KINDS = Object.keys(SPECS) as RecordKind[];

/**
 * Columns still compared when a kind is not rebuildable: a project created before complete
 * payloads has its id, slug, name and creation time in its first entry, and its head in the
 * chain, whatever else its row holds.
 */
const IDENTITY_FIELDS: Partial<Record<RecordKind, string[]>> = {
  project: ['id', 'slug', 'name', 'headSequence', 'headHash', 'createdAt'],
};

const BOOLEAN_FIELDS = new Set(['isLead', 'published', 'noQuickWins']);
const NUMBER_FIELDS = new Set(['version', 'headSequence', 'machineVersion', 'position', 'round', 'id', 'recordedRegisteredPopulation', 'size']);

interface Slot {
  row: Row;
  sequence: number;
}

/** The workflow type a history type replays as (a reopening is recorded as STAGE_REOPENED). */
function workflowTypeOf(type: string): WorkflowEventType | null {
  if (type === EVENT.STAGE_REOPENED) return 'REOPEN_STAGE';
  switch (type) {
    case EVENT.SUBMIT_FOR_REVIEW:
    case EVENT.APPROVE_STAGE:
    case EVENT.REQUEST_CHANGES:
    case EVENT.PUT_ON_HOLD:
    case EVENT.RESUME:
    case EVENT.WITHDRAW:
      return type;
  }
  return null;
}

const COVERAGE_REASON = 'coverageShortfallReason';

/** Replays entries in sequence order (in batches if need be), then compares or hands out the rows. */
export class RecordsRebuilder {
  private readonly tables = new Map<RecordKind, Map<string, Slot>>(RECORD_KINDS.map((k) => [k, new Map()]));
  /** Last entry that removed a record (for reporting a row that should not be there). */
  private readonly removed = new Map<string, number>();
  private readonly incomplete = new Set<RecordKind>();
  private snapshot: PersistedProjectSnapshot | null = null;
  private lastSequence = 0;
  /** The entry that attached each file (it named the file's bytes by their SHA-256). */
  private readonly attachedBy = new Map<string, number>();

  add(entries: readonly ReplayEntry[]): void {
    for (const e of entries) this.addOne(e);
  }

  /** The next entry (not kept: a caller may reuse the object; its payload may be kept). */
  addOne(e: ReplayEntry): void {
    this.lastSequence = Number(e.sequence);
    if (e.outcome === 'accepted') this.apply(e);
    // every entry, a refused one too, moves the head
    const project = this.project;
    if (project && e.hash !== undefined) {
      project.row.headSequence = this.lastSequence;
      project.row.headHash = e.hash ?? null;
    }
  }

  /** The project row's slot (looked up once: every entry touches it). */
  private get project(): Slot | undefined {
    return (this.projectSlot ??= this.slot('project', 'project'));
  }

  private projectSlot?: Slot;

  /** The sequence of the last entry replayed. */
  get sequence(): number {
    return this.lastSequence;
  }

  private map(kind: RecordKind): Map<string, Slot> {
    return this.tables.get(kind)!;
  }

  private slot(kind: RecordKind, key: string): Slot | undefined {
    return this.map(kind).get(key);
  }

  private put(kind: RecordKind, row: Row, sequence: number): void {
    this.map(kind).set(SPECS[kind].key(row), { row, sequence });
  }

  private drop(kind: RecordKind, key: string, sequence: number): void {
    this.map(kind).delete(key);
    this.removed.set(`${kind} ${key}`, sequence);
  }

  private apply(e: ReplayEntry): void {
    const p = e.payload ?? {};
    const seq = Number(e.sequence);
    const at = e.occurredAt ?? null;
    const project = this.project;
    if (project && e.type !== EVENT.PROJECT_CREATED) {
      project.row.version = Number(project.row.version) + 1;
      project.row.updatedAt = at;
      project.sequence = seq;
    }
    const workflowType = workflowTypeOf(e.type);
    if (workflowType) return this.applyWorkflow(e, workflowType, seq, at);
    switch (e.type) {
      case EVENT.PROJECT_CREATED: {
        // A creation written before complete payloads (e.g. only slug and name, backfilled by the
        // chain migration) does not say the scope, districts or PCNs: never guessed, so the row is
        // not rebuildable; its identity and head are still compared (IDENTITY_FIELDS).
        if (typeof p.scope !== 'string' || !Array.isArray(p.districts) || !Array.isArray(p.pcns)) this.incomplete.add('project');
        this.snapshot = persist(initialSnapshot());
        this.put('project', {
          id: e.projectId ?? null,
          slug: p.slug,
          name: p.name,
          scope: p.scope,
          area: p.area ?? null,
          districts: p.districts,
          pcns: p.pcns,
          recordedRegisteredPopulation: p.recordedRegisteredPopulation ?? null,
          snapshot: this.snapshot,
          machineVersion: MACHINE_VERSION,
          version: 1,
          managerUserId: p.managerUserId ?? null,
          headSequence: seq,
          headHash: e.hash ?? null,
          published: false,
          createdAt: at,
          updatedAt: at,
        }, seq);
        return;
      }
      case EVENT.PROJECT_DETAILS_UPDATED: {
        if (!project) return void this.incomplete.add('project');
        const r = project.row;
        if (p.name !== undefined) r.name = p.name;
        if (p.area !== undefined) r.area = p.area;
        if (p.pcns !== undefined) r.pcns = [...new Set(p.pcns as string[])];
        if (p.districts !== undefined) r.districts = [...new Set(p.districts as string[])];
        if (p.registeredPopulation !== undefined) r.recordedRegisteredPopulation = p.registeredPopulation;
        return;
      }
      case EVENT.MANAGER_ASSIGNED:
        if (project) project.row.managerUserId = p.userId ?? null;
        return;
      case EVENT.PROJECT_PUBLISHED:
      case EVENT.PROJECT_UNPUBLISHED:
        if (project) project.row.published = e.type === EVENT.PROJECT_PUBLISHED;
        return;
      case EVENT.STAGE_PLAN_SET:
      case EVENT.STAGE_TARGET_MOVED: {
        const stage = String(e.stage);
        if (p.targetDate === null || p.targetDate === undefined) return void this.drop('stage-plan', stage, seq);
        this.put('stage-plan', { stage, targetDate: p.targetDate, updatedAt: at, updatedById: e.actorId ?? null, updatedByName: e.actorName ?? null }, seq);
        return;
      }
      case EVENT.DELIVERABLE_UPDATED:
        this.put('deliverable', { stage: String(e.stage), deliverable: String(p.deliverable), status: String(p.status), evidence: (p.evidence as string | null) ?? null, updatedAt: at }, seq);
        return;
      case EVENT.REGISTER_RECORD_CREATED:
      case EVENT.REGISTER_RECORD_UPDATED: {
        const record = p.record as Row | undefined;
        if (typeof p.recordType !== 'string' || !record || typeof record.id !== 'string') return void this.incomplete.add('register');
        const { id, ...data } = record;
        const existing = this.slot('register', `${p.recordType} ${String(id)}`);
        const createdAt = e.type === EVENT.REGISTER_RECORD_UPDATED && existing ? existing.row.createdAt : at;
        this.put('register', { recordType: p.recordType, recordId: id, data, createdAt, updatedAt: at }, seq);
        return;
      }
      case EVENT.REGISTER_RECORD_DELETED:
        if (typeof p.recordType !== 'string') return void this.incomplete.add('register');
        this.drop('register', `${p.recordType} ${String(p.id)}`, seq);
        return;
      case EVENT.REGISTER_IMPORTED: {
        const records = p.records as Row[] | undefined;
        if (typeof p.recordType !== 'string' || !Array.isArray(records)) return void this.incomplete.add('register');
        if (p.mode === 'replace') {
          for (const [key, slot] of [...this.map('register')]) if (slot.row.recordType === p.recordType) this.drop('register', key, seq);
        }
        // one millisecond apart, in the file's order (as the import writes them)
        const start = at ? Date.parse(at) : NaN;
        records.forEach((record, i) => {
          const { id, ...data } = record;
          const stamp = Number.isNaN(start) ? at : new Date(start + i).toISOString();
          this.put('register', { recordType: p.recordType, recordId: String(id), data, createdAt: stamp, updatedAt: stamp }, seq);
        });
        return;
      }
      case EVENT.SEGMENT_COVERAGE_REASON_UPDATED:
        this.put('register-setting', { name: COVERAGE_REASON, value: (p.shortfallReason as string | null) ?? null, updatedAt: at }, seq);
        return;
      case EVENT.GROUP_MEMBER_ADDED:
      case EVENT.GROUP_MEMBER_UPDATED: {
        const member = p.member as Row | undefined;
        if (!member || typeof member.id !== 'string') return void this.incomplete.add('member');
        this.put('member', { ...member }, seq);
        return;
      }
      case EVENT.GROUP_MEMBER_REMOVED:
        this.drop('member', String(p.memberId), seq);
        return;
      case EVENT.REVIEW_DECISION_RECORDED: {
        if (typeof p.decisionId !== 'number' || typeof p.reviewerName !== 'string') return void this.incomplete.add('review-decision');
        this.put('review-decision', {
          id: p.decisionId,
          stage: String(e.stage),
          round: p.round,
          reviewerUserId: e.actorId ?? null,
          reviewerName: p.reviewerName,
          group: p.group,
          decision: p.decision,
          comment: p.comment,
          decidedAt: p.decidedAt ?? at,
        }, seq);
        return;
      }
      case EVENT.STAGE_COMMENT_ADDED:
        if (typeof p.commentId !== 'number') return void this.incomplete.add('comment');
        this.put('comment', { id: p.commentId, stage: String(e.stage), round: p.round ?? null, authorUserId: e.actorId ?? null, authorName: e.actorName ?? null, text: p.text, createdAt: at }, seq);
        return;
      case EVENT.OPTION_CREATED:
      case EVENT.OPTION_UPDATED: {
        const option = p.option as Row | undefined;
        if (!option || typeof option.id !== 'string') return void this.incomplete.add('option');
        if (option.preferred === true) {
          // one preferred option at a time: the others were saved unpreferred by the same command
          if (!Array.isArray(p.unpreferred)) return void this.incomplete.add('option');
          for (const other of p.unpreferred as string[]) this.saveOption({ ...(this.slot('option', other)?.row.data as Row), preferred: false }, seq, at);
        }
        this.saveOption(option, seq, at);
        return;
      }
      case EVENT.OPTION_DELETED:
        this.drop('option', String(p.optionId), seq);
        return;
      case EVENT.APPRAISAL_RECORDED: {
        const current = this.slot('option', String(p.optionId));
        if (!current) return void this.incomplete.add('option');
        this.saveOption({ ...(current.row.data as Row), appraisal: p.appraisal }, seq, at);
        return;
      }
      case EVENT.BUSINESS_CASE_UPDATED:
      case EVENT.BUSINESS_CASE_STATUS_CHANGED: {
        if (typeof p.case !== 'string' || p.after === undefined) return void this.incomplete.add('business-case');
        const bc = this.businessCase(seq, at);
        bc.data = { ...(bc.data as Row), [p.case]: p.after };
        return;
      }
      case EVENT.QUICK_WINS_RECORDED:
        this.businessCase(seq, at).noQuickWins = p.noneIdentified === true;
        return;
      case EVENT.FILE_ATTACHED:
      case EVENT.FILE_REMOVED: {
        // the row as saved (a removal keeps it, with removedAt/By): replayAttachments, one entry at a time
        const row = p.attachment as Row | undefined;
        if (!row || typeof row.id !== 'string') return void this.incomplete.add('attachment');
        this.put('attachment', { ...row }, seq);
        if (e.type === EVENT.FILE_ATTACHED) this.attachedBy.set(row.id, seq);
        return;
      }
      case EVENT.DISCUSSION_POST_ADDED:
      case EVENT.DISCUSSION_POST_EDITED:
      case EVENT.DISCUSSION_POST_REMOVED: {
        const post = p.post as Row | undefined;
        if (!post || typeof post.id !== 'string') return void this.incomplete.add('discussion-post');
        this.put('discussion-post', { ...post }, seq);
        return;
      }
      case EVENT.BOARD_DECISION_RECORDED: {
        const record = p.record as Row | undefined;
        if (!record || typeof record.id !== 'string') return void this.incomplete.add('board-decision');
        this.put('board-decision', { ...record }, seq);
        // a business-case approval saved the five cases approved, in the same command
        const bc = p.businessCase as { after?: unknown } | undefined;
        if (bc && bc.after !== undefined) this.businessCase(seq, at).data = structuredClone(bc.after);
        return;
      }
      case EVENT.SERVICE_CHANGE_ASSURANCE_RECORDED: {
        const existing = this.slot('assurance', 'assurance');
        this.put('assurance', { data: p.record, createdAt: existing?.row.createdAt ?? at, updatedAt: at }, seq);
        return;
      }
    }
  }

  private applyWorkflow(e: ReplayEntry, type: WorkflowEventType, seq: number, at: string | null): void {
    const project = this.project;
    if (!project || !this.snapshot) return void this.incomplete.add('project');
    const stage = (e.stage ?? null) as StageKey | null;
    if (STAGE_EVENT_TYPES.includes(type) && !stage) return void this.incomplete.add('project');
    this.snapshot = replayWorkflowEvent(this.snapshot, type, stage);
    project.row.snapshot = this.snapshot;
    project.row.machineVersion = MACHINE_VERSION;
    // review rounds follow the stage in and out of review (ReviewsService.onAccepted)
    const actor = { id: e.actorId ?? null, name: e.actorName ?? null };
    if (!stage) return;
    if (type === 'SUBMIT_FOR_REVIEW') {
      const last = Math.max(0, ...[...this.map('review-round').values()].filter((s) => s.row.stage === stage).map((s) => Number(s.row.round)));
      this.put('review-round', { stage, round: last + 1, openedAt: at, openedById: actor.id, openedByName: actor.name, closedAt: null, closedById: null, closedByName: null, outcome: 'open' }, seq);
    }
    if (type === 'REQUEST_CHANGES') this.closeRound(stage, 'changes-requested', seq, at, actor);
    if (type === 'APPROVE_STAGE') this.closeRound(stage, 'approved', seq, at, actor);
    if (type === 'REOPEN_STAGE') for (const later of dependentStages(stage)) this.closeRound(later, 'superseded', seq, at, actor);
  }

  private closeRound(stage: string, outcome: string, seq: number, at: string | null, actor: { id: string | null; name: string | null }): void {
    const open = [...this.map('review-round').values()].filter((s) => s.row.stage === stage && s.row.outcome === 'open').sort((a, b) => Number(b.row.round) - Number(a.row.round))[0];
    if (!open) return;
    Object.assign(open.row, { outcome, closedAt: at, closedById: actor.id, closedByName: actor.name });
    open.sequence = seq;
  }

  private saveOption(option: Row, seq: number, at: string | null): void {
    const id = String(option.id);
    const existing = this.slot('option', id);
    if (existing) {
      this.map('option').set(id, { row: { ...existing.row, data: option, updatedAt: at }, sequence: seq });
      return;
    }
    const position = Math.max(0, ...[...this.map('option').values()].map((s) => Number(s.row.position))) + 1;
    this.put('option', { optionId: id, position, data: option, createdAt: at, updatedAt: at }, seq);
  }

  private businessCase(seq: number, at: string | null): Row {
    let slot = this.slot('business-case', 'business-case');
    if (!slot) {
      this.put('business-case', { data: emptyBusinessCase(), noQuickWins: false, createdAt: at, updatedAt: at }, seq);
      slot = this.slot('business-case', 'business-case')!;
    }
    slot.row.updatedAt = at;
    slot.sequence = seq;
    return slot.row;
  }

  /** The rows as they stand after the entries added so far (copies: the caller may keep them). */
  rows(): RebuiltTables {
    return Object.fromEntries(RECORD_KINDS.map((k) => [k, [...this.map(k).values()].map((s) => structuredClone(s.row))])) as RebuiltTables;
  }

  /** The sequence of the FILE_ATTACHED entry of an attachment, if the history has one. */
  attachedIn(id: string): number | undefined {
    return this.attachedBy.get(id);
  }

  /** Kinds that cannot be rebuilt from this history (events from before complete payloads). */
  get notRebuildable(): RecordKind[] {
    return RECORD_KINDS.filter((k) => this.incomplete.has(k));
  }

  /** Stage statuses of the replayed snapshot (checked against an entry's resultingState). */
  get stageStatuses(): Record<string, string> | null {
    return this.snapshot ? stageStatuses(this.snapshot) : null;
  }

  /** Compares the rebuilt rows with the live tables (the kinds given); the first difference found, if any. */
  compare(live: LiveTables): RecordsCheck {
    const checked: RecordKind[] = [];
    const notRebuildable: RecordKind[] = [];
    let mismatch: RecordMismatch | undefined;
    for (const kind of RECORD_KINDS) {
      const rows = live[kind];
      if (!rows) continue;
      if (this.incomplete.has(kind)) {
        notRebuildable.push(kind);
        // what such a history still determines is compared all the same
        const fields = IDENTITY_FIELDS[kind];
        if (fields) mismatch ??= this.compareKind(kind, rows, fields);
        continue;
      }
      checked.push(kind);
      mismatch ??= this.compareKind(kind, rows);
    }
    return { checked, notRebuildable, ...(mismatch && { mismatch }) };
  }

  private compareKind(kind: RecordKind, rows: Row[], fields = SPECS[kind].fields): RecordMismatch | undefined {
    const spec = SPECS[kind];
    const rebuilt = this.map(kind);
    const seen = new Set<string>();
    for (const row of rows) {
      const key = spec.key(row);
      seen.add(key);
      const slot = rebuilt.get(key);
      const name = spec.label(row);
      if (!slot) {
        const removedAt = this.removed.get(`${kind} ${key}`);
        return { kind, record: name, ...(removedAt !== undefined && { sequence: removedAt }), reason: `${name} is in the table but not in the history` };
      }
      const differs = fields.find((f) => comparable(f, slot.row[f]) !== comparable(f, row[f]));
      if (differs) return { kind, record: name, sequence: slot.sequence, reason: `${name} differs in ${differs} from what entry ${slot.sequence} saved` };
    }
    for (const [key, slot] of rebuilt) {
      if (!seen.has(key)) {
        const name = spec.label(slot.row);
        return { kind, record: name, sequence: slot.sequence, reason: `${name} saved by entry ${slot.sequence} is missing from the table` };
      }
    }
    return undefined;
  }
}

/** One text per value, as the columns store it (SQLite reads booleans back as 1/0, PostgreSQL counts as strings). */
function comparable(field: string, value: unknown): string {
  if (BOOLEAN_FIELDS.has(field)) return String(value === true || value === 1 || value === '1');
  if (value === null || value === undefined) return 'null';
  if (NUMBER_FIELDS.has(field) && (typeof value === 'number' || typeof value === 'string')) return String(Number(value));
  if (typeof value === 'object') return canonicalJson(value);
  return JSON.stringify(value);
}
