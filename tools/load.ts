/**
 * A concurrent load of accepted commands of several kinds against a running service, with a
 * ledger of what was sent and how it was answered, and the check of a database file against that
 * ledger. Every command carries a unique marker (a member's name, a comment's text, a record's
 * field, a workflow event's reason, imported record ids) so its effect can be found afterwards.
 */
import Database from 'better-sqlite3';
import { call, signIn } from './service';

export type Kind = 'event' | 'event-versioned' | 'member' | 'record' | 'import' | 'comment';
export const KINDS: Kind[] = ['event', 'event-versioned', 'member', 'record', 'import', 'comment'];

export interface LedgerEntry {
  marker: string;
  kind: Kind;
  slug: string;
  /** HTTP status; 0 when no answer came (the service died or refused the connection). */
  status: number;
  error?: string;
  /** Rows in an import. */
  rows?: number;
  sentAt: number;
  answeredAt?: number;
}

export interface Session {
  base: string;
  token: string;
  slugs: string[];
}

/**
 * The service the load runs against: the demo data gives it a project (Wantage) whose stage 2 is
 * in progress, so register records and imports are accepted. Demo data loads only outside
 * production; the first start (which loads it) is never killed.
 */
export const LOAD_ENV = { NODE_ENV: 'development', DEMO_DATA: 'true' };
const PM = { email: 'pm@example.org', password: 'demo-password-2019' };
/** Register records go to the project whose stage 2 is in progress. */
const REGISTER_PROJECT = 'wantage';
const COMMENT_STAGE: Record<string, string> = { wantage: 'population-health-and-care-needs', banbury: 'planning-and-codesign' };
const IMPORT_ROWS = 3;

/** Signs the demo programme manager in; its two demo projects take the load. */
export async function prepare(base: string): Promise<Session> {
  const token = await signIn(base, PM.email, PM.password);
  return { base, token, slugs: Object.keys(COMMENT_STAGE) };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

/** Sends one command of `kind` and records it in the ledger (before sending, then its answer). */
export async function send(session: Session, kind: Kind, marker: string, ledger: LedgerEntry[], random: () => number = Math.random): Promise<LedgerEntry> {
  const slug = kind === 'record' || kind === 'import' ? REGISTER_PROJECT : pick(session.slugs, random);
  const entry: LedgerEntry = { marker, kind, slug, status: 0, sentAt: Date.now() };
  ledger.push(entry);
  const { base, token } = session;
  const p = `/api/projects/${slug}`;
  let res: Awaited<ReturnType<typeof call>>;
  switch (kind) {
    case 'event':
    case 'event-versioned': {
      // mostly RESUME, so the projects spend most of the run active and other commands are accepted
      const body: Record<string, unknown> = { type: random() < 0.2 ? 'PUT_ON_HOLD' : 'RESUME', reason: marker };
      if (kind === 'event-versioned') {
        const project = await call(base, 'GET', p, { token });
        if (project.status !== 200) {
          entry.status = project.status;
          entry.error = `reading the version: ${project.error ?? project.status}`;
          return entry;
        }
        body.expectedVersion = project.body.version;
      }
      res = await call(base, 'POST', `${p}/workflow/events`, { token, body });
      break;
    }
    case 'member':
      res = await call(base, 'POST', `${p}/groups/stakeholder-group/members`, {
        token,
        body: { name: marker, organisation: 'Age UK Oxfordshire', organisationType: 'voluntary-and-community-sector', roleInGroup: 'Volunteer' },
      });
      break;
    case 'record':
      res = await call(base, 'POST', `${p}/registers/urgent-concerns`, {
        token,
        body: { what: marker, whyUrgent: 'Lists growing faster than staff', action: 'Extended-access hub', owner: 'PCN clinical director', status: 'in-hand' },
      });
      break;
    case 'import': {
      entry.rows = IMPORT_ROWS;
      const lines = ['id,what,whyUrgent,action,owner,status'];
      for (let i = 1; i <= IMPORT_ROWS; i++) lines.push(`${marker}-r${i},Imported ${marker},Waiting times,Triage,Practice manager,in-hand`);
      res = await call(base, 'POST', `${p}/registers/urgent-concerns/import?mode=append`, { token, csv: lines.join('\r\n') + '\r\n' });
      break;
    }
    case 'comment':
      res = await call(base, 'POST', `${p}/stages/${COMMENT_STAGE[slug]}/comments`, { token, body: { text: marker } });
      break;
  }
  entry.status = res.status;
  if (res.error) entry.error = res.error;
  else if (res.status >= 400 && res.status !== 409) entry.error = JSON.stringify(res.body).slice(0, 300);
  entry.answeredAt = Date.now();
  return entry;
}

/** `workers` loops sending commands until `until` resolves; markers are `m-<run>-<n>`. */
export async function drive(session: Session, workers: number, run: number, ledger: LedgerEntry[], until: Promise<unknown>, random: () => number = Math.random): Promise<void> {
  let stopped = false;
  void until.then(() => (stopped = true));
  let n = 0;
  const loop = async () => {
    while (!stopped) {
      const entry = await send(session, pick(KINDS, random), `m-${run}-${++n}`, ledger, random);
      // no answer (the service is gone) or 503 (it is stopping: a client honours Retry-After):
      // wait until the caller says the run is over
      if (entry.status === 0 || entry.status === 503) {
        await until;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
}

export interface LedgerCheck {
  problems: string[];
  acknowledged: number;
  refusedRecorded: number;
  unanswered: number;
  unansweredLanded: number;
  unexpected: number;
}

/** Markers are `m-<run>-<n>` (see `drive`). */
const MARKER = /\bm-\d+-\d+\b/g;

/**
 * Compares a database file with a ledger. A 2xx is present (its record or rows and its accepted
 * history entry); a 409 is a refusal recorded in the history and changed nothing else; a command
 * with no answer either landed whole (record and history entry together, every imported row) or
 * not at all. `unansweredMustBeAbsent` (graceful shutdown) demands that no unanswered command landed;
 * `completeLedger` says the ledger holds every import ever sent to the file.
 */
export function checkLedger(path: string, ledger: LedgerEntry[], options: { unansweredMustBeAbsent?: boolean; completeLedger?: boolean } = {}): LedgerCheck {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const members = new Set((db.prepare('SELECT name FROM group_member').all() as Array<{ name: string }>).map((r) => r.name));
    const comments = new Set((db.prepare('SELECT text FROM stage_comment').all() as Array<{ text: string }>).map((r) => r.text));
    const records = db.prepare("SELECT recordId, data FROM register_record").all() as Array<{ recordId: string; data: string }>;
    const whats = new Set(records.map((r) => (JSON.parse(r.data) as { what?: string }).what));
    const recordIds = new Set(records.map((r) => r.recordId));
    const history = new Map<string, Set<string>>();
    for (const h of db.prepare('SELECT payload, outcome FROM history_entry').iterate() as Iterable<{ payload: string; outcome: string }>) {
      for (const m of h.payload.match(MARKER) ?? []) {
        if (!history.has(m)) history.set(m, new Set());
        history.get(m)!.add(h.outcome);
      }
    }
    const result: LedgerCheck = { problems: [], acknowledged: 0, refusedRecorded: 0, unanswered: 0, unansweredLanded: 0, unexpected: 0 };
    const importsPresent = new Map<string, number>();
    const problem = (e: LedgerEntry, what: string) => result.problems.push(`${e.kind} ${e.marker} on ${e.slug} answered ${e.status}${e.error ? ` (${e.error})` : ''}: ${what}`);
    for (const e of ledger) {
      const outcomes = history.get(e.marker) ?? new Set<string>();
      let present: boolean;
      if (e.kind === 'import') {
        const found = Array.from({ length: e.rows! }, (_, i) => recordIds.has(`${e.marker}-r${i + 1}`)).filter(Boolean).length;
        if (found !== 0 && found !== e.rows) problem(e, `${found} of ${e.rows} imported rows present (half an import)`);
        present = found === e.rows;
        if (present) importsPresent.set(e.slug, (importsPresent.get(e.slug) ?? 0) + 1);
      } else if (e.kind === 'member' || e.kind === 'record' || e.kind === 'comment') {
        const stored = e.kind === 'member' ? members.has(e.marker) : e.kind === 'comment' ? comments.has(e.marker) : whats.has(e.marker);
        if (stored !== outcomes.has('accepted')) problem(e, stored ? 'record present without its history entry' : 'history entry without its record');
        present = stored;
      } else {
        present = outcomes.has('accepted');
      }
      if (e.status >= 200 && e.status < 300) {
        result.acknowledged++;
        if (!present) problem(e, 'acknowledged but missing');
      } else if (e.status === 409) {
        if (present) problem(e, 'refused but applied');
        // imports carry no marker in their history entry, so only the rest can be matched
        if (e.kind !== 'import' && !outcomes.has('refused')) problem(e, 'refused but the refusal is not in the history');
        result.refusedRecorded++;
      } else if (e.status === 0 || e.status === 503) {
        result.unanswered++;
        if (present) result.unansweredLanded++;
        if (present && options.unansweredMustBeAbsent) problem(e, 'not answered with success, yet applied');
      } else {
        result.unexpected++;
        problem(e, 'unexpected answer');
        if (present) problem(e, 'refused but applied');
      }
    }
    // an import's history entry names no ids: match them by count, per project
    if (options.completeLedger) {
      const imported = db
        .prepare("SELECT p.slug AS slug, COUNT(*) AS n FROM history_entry h JOIN project p ON p.id = h.projectId WHERE h.type = 'REGISTER_IMPORTED' AND h.outcome = 'accepted' GROUP BY p.slug")
        .all() as Array<{ slug: string; n: number }>;
      const slugs = new Set([...imported.map((r) => r.slug), ...importsPresent.keys()]);
      for (const slug of slugs) {
        const inHistory = imported.find((r) => r.slug === slug)?.n ?? 0;
        const rows = importsPresent.get(slug) ?? 0;
        if (inHistory !== rows) result.problems.push(`${slug}: ${inHistory} accepted imports in the history but ${rows} imports' rows present`);
      }
    }
    return result;
  } finally {
    db.close();
  }
}
