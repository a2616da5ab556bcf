import { generateKeyPairSync, sign } from 'node:crypto';
import {
  CanonicalEntryWriter,
  canonicalEntryText,
  canonicalJson,
  chainContent,
  ChainEntry,
  checkpointMessage,
  checkpointSignatureValid,
  entryHash,
  EVENT,
  GENESIS_HASH,
  isStageDecision,
  RecordsRebuilder,
  StoredEntry,
  verifyChain,
} from '../../../workflows';

function chain(n: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  let previous = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainEntry = {
      projectId: 'p1',
      sequence: i,
      occurredAt: `2026-01-01T00:00:0${i % 10}.000Z`,
      type: i === 1 ? 'PROJECT_CREATED' : 'DELIVERABLE_UPDATED',
      stage: i === 1 ? null : 'planning-and-codesign',
      payload: { deliverable: `d${i}`, status: 'done', evidence: 'x' },
      outcome: 'accepted',
      blockers: null,
      resultingState: { status: 'active', version: i, stages: {} },
      actorId: 'u1',
      actorName: 'Pat',
    };
    previous = entryHash(previous, e);
    out.push({ ...e, hash: previous });
  }
  return out;
}
const headOf = (entries: StoredEntry[]) => ({ headSequence: entries.length, headHash: entries.at(-1)?.hash ?? null });

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members and whitespace, and matches a JSON round trip', () => {
    const value = { b: 1, a: { d: [1, undefined, 'x'], c: null }, e: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[1,null,"x"]},"b":1}');
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
    expect(canonicalJson({ z: 'é', y: true })).toBe('{"y":true,"z":"é"}');
  });
});

describe('canonical entry text from stored columns', () => {
  it('equals the canonical JSON of the entry when the columns hold canonical JSON, so the verifier need not parse', () => {
    for (const e of chain(3)) {
      const texts = { payload: canonicalJson(e.payload), blockers: e.blockers === null ? null : canonicalJson(e.blockers), resultingState: canonicalJson(e.resultingState) };
      expect(canonicalEntryText(e, texts)).toBe(canonicalJson(chainContent(e)));
    }
    const refused = { ...chain(1)[0], stage: 'x', outcome: 'refused', blockers: [{ code: 'A', message: 'm "q"' }], actorId: null };
    expect(canonicalEntryText(refused, { payload: canonicalJson(refused.payload), blockers: canonicalJson(refused.blockers), resultingState: canonicalJson(refused.resultingState) })).toBe(
      canonicalJson(chainContent(refused)),
    );
  });

  it('the reusable writer writes the same text byte for byte, quoting and escaping included, its cache whatever it holds', () => {
    const writer = new CanonicalEntryWriter();
    const odd = ['Pat "the" Manager\\', 'tab\there', 'line\nbreak \u0001 \u2028 é 😀', '2026-01-01T00:00:00.000+01:00', '2026-01-01 "x"', ''];
    const entries = [...chain(3), ...odd.map((s, i) => ({ ...chain(1)[0], sequence: 10 + i, occurredAt: s, actorName: s, actorId: i % 2 ? null : s, type: s, stage: i % 3 ? s : null, outcome: s, projectId: s }))];
    for (const round of [1, 2]) {
      for (const e of entries) {
        const texts = { payload: canonicalJson(e.payload), blockers: i(e) ? canonicalJson([{ code: 'A' }]) : null, resultingState: canonicalJson(e.resultingState) };
        const blockers = texts.blockers === null ? null : [{ code: 'A' }];
        const expected = canonicalJson(chainContent({ ...e, blockers }));
        expect([round, writer.text(e.projectId, e.sequence, e.occurredAt, e.type, e.stage, e.outcome, e.actorId, e.actorName, texts.payload, texts.blockers, texts.resultingState)]).toEqual([round, expected]);
        const withBlockers = { ...e, blockers };
        expect(canonicalEntryText(withBlockers, texts)).toBe(expected);
      }
    }
    function i(e: { sequence: number }) {
      return e.sequence % 2 === 0;
    }
  });

  it('verifies from stored texts, and from reformatted texts by their values, but not from changed values', () => {
    const entries = chain(3).map((e) => ({ ...e, texts: { payload: canonicalJson(e.payload), blockers: null, resultingState: canonicalJson(e.resultingState) } }));
    expect(verifyChain(entries, headOf(entries))).toMatchObject({ valid: true });
    const spaced = entries.map((e) => ({ ...e, texts: { ...e.texts, payload: JSON.stringify(e.payload, null, 2) } }));
    expect(verifyChain(spaced, headOf(entries))).toMatchObject({ valid: true });
    const changed = entries.map((e, i) => (i === 1 ? { ...e, texts: { ...e.texts, payload: '{"deliverable":"other"}' } } : e));
    expect(verifyChain(changed, headOf(entries))).toMatchObject({ valid: false, firstInvalidSequence: 2 });
  });
});

describe('hash chain', () => {
  it('an untouched chain verifies', () => {
    const entries = chain(5);
    expect(verifyChain(entries, headOf(entries))).toEqual({ valid: true, entries: 5, headSequence: 5, headHash: entries[4].hash });
  });

  it('names the first bad sequence for an edit, a deletion, a reorder and an insertion', () => {
    const entries = chain(6);
    const head = headOf(entries);
    const edited = entries.map((e) => (e.sequence === 3 ? { ...e, actorName: 'Mallory' } : e));
    expect(verifyChain(edited, head)).toMatchObject({ valid: false, firstInvalidSequence: 3 });
    expect(verifyChain(entries.filter((e) => e.sequence !== 4), head)).toMatchObject({ valid: false, firstInvalidSequence: 4, reason: expect.stringMatching(/missing/) });
    const swapped = entries.map((e) => (e.sequence === 2 ? { ...entries[2], sequence: 2 } : e.sequence === 3 ? { ...entries[1], sequence: 3 } : e));
    expect(verifyChain(swapped, head)).toMatchObject({ valid: false, firstInvalidSequence: 2 });
    const extra = chain(7);
    expect(verifyChain(extra, head)).toMatchObject({ valid: false, firstInvalidSequence: 7, reason: expect.stringMatching(/inserted/) });
  });

  it('a cut tail shows against the head, and against a signed checkpoint when the head was moved back', () => {
    const entries = chain(6);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const cp = { projectId: 'p1', sequence: 6, headHash: entries[5].hash!, at: '2026-01-02T00:00:00.000Z' };
    const signed = { ...cp, signature: sign(null, checkpointMessage(cp), privateKey).toString('base64') };
    expect(checkpointSignatureValid(signed, publicKey)).toBe(true);
    const cut = entries.slice(0, 4);
    expect(verifyChain(cut, headOf(entries), signed, publicKey)).toMatchObject({ valid: false, firstInvalidSequence: 5 });
    expect(verifyChain(cut, headOf(cut), signed, publicKey)).toMatchObject({ valid: false, firstInvalidSequence: 5, reason: expect.stringMatching(/signed checkpoint/) });
    // a checkpoint signed by another key, or altered, is not trusted
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyChain(entries, headOf(entries), signed, other)).toMatchObject({ valid: false, firstInvalidSequence: 6, reason: expect.stringMatching(/signature/) });
    expect(checkpointSignatureValid({ ...signed, sequence: 5 }, publicKey)).toBe(false);
    expect(verifyChain(entries, headOf(entries), signed, publicKey)).toMatchObject({ valid: true });
  });
});

describe('stage decisions', () => {
  it('are the workflow decisions and a business case approved', () => {
    for (const type of [EVENT.APPROVE_STAGE, EVENT.REQUEST_CHANGES, EVENT.PUT_ON_HOLD, EVENT.RESUME, EVENT.WITHDRAW]) expect(isStageDecision(type, {})).toBe(true);
    expect(isStageDecision(EVENT.SUBMIT_FOR_REVIEW, {})).toBe(false);
    expect(isStageDecision(EVENT.BUSINESS_CASE_STATUS_CHANGED, { status: 'approved' })).toBe(true);
    expect(isStageDecision(EVENT.BUSINESS_CASE_STATUS_CHANGED, { status: 'complete' })).toBe(false);
  });
});

describe('records rebuilt from the history', () => {
  let n = 0;
  const e = (sequence: number, type: string, payload: Record<string, unknown>, stage: string | null = null, outcome = 'accepted') => ({
    sequence,
    type,
    stage,
    outcome,
    payload,
    occurredAt: `2026-01-01T00:00:${String(sequence).padStart(2, '0')}.000Z`,
    actorId: 'u1',
    actorName: 'Pat',
    hash: `h${sequence}-${n++}`,
  });
  const member = { id: 'm1', group: 'core-project-team', name: 'Jo', organisation: 'ICB', organisationType: 'commissioner-or-icb', roleInGroup: 'Lead', isLead: true, userId: null, createdAt: 't1', updatedAt: 't1' };

  it('replays creates, updates, deletes, imports and member changes, and finds a table changed behind them', () => {
    const r = new RecordsRebuilder();
    r.add([
      e(2, EVENT.REGISTER_RECORD_CREATED, { recordType: 'segment', id: 's1', record: { id: 's1', people: 10 } }),
      e(3, EVENT.REGISTER_RECORD_UPDATED, { recordType: 'segment', id: 's1', record: { id: 's1', people: 12 }, before: { id: 's1', people: 10 } }),
      e(4, EVENT.REGISTER_IMPORTED, { recordType: 'need', mode: 'replace', records: [{ id: 'n1', segmentId: 's1' }], before: [] }),
      e(5, EVENT.GROUP_MEMBER_ADDED, { memberId: 'm1', member }),
      e(6, EVENT.REGISTER_RECORD_DELETED, { recordType: 'segment', id: 's1' }, null, 'refused'),
      e(7, EVENT.DELIVERABLE_UPDATED, { deliverable: 'confirm-scope', status: 'done', evidence: 'minutes' }, 'planning-and-codesign'),
    ]);
    const live = {
      register: [
        { recordType: 'segment', recordId: 's1', data: { people: 12 }, createdAt: '2026-01-01T00:00:02.000Z', updatedAt: '2026-01-01T00:00:03.000Z' },
        { recordType: 'need', recordId: 'n1', data: { segmentId: 's1' }, createdAt: '2026-01-01T00:00:04.000Z', updatedAt: '2026-01-01T00:00:04.000Z' },
      ],
      member: [{ ...member, isLead: 1 as unknown as boolean }],
      deliverable: [{ stage: 'planning-and-codesign', deliverable: 'confirm-scope', status: 'done', evidence: 'minutes', updatedAt: '2026-01-01T00:00:07.000Z' }],
    };
    expect(r.compare(live)).toEqual({ checked: ['deliverable', 'register', 'member'], notRebuildable: [] });
    expect(r.compare({ ...live, register: [{ ...live.register[0], data: { people: 99 } }, live.register[1]] }).mismatch).toMatchObject({ kind: 'register', sequence: 3 });
    expect(r.compare({ ...live, register: live.register.slice(1) }).mismatch).toMatchObject({ kind: 'register', sequence: 3, reason: expect.stringMatching(/missing/) });
    expect(r.compare({ ...live, member: [] }).mismatch).toMatchObject({ kind: 'member', sequence: 5 });
    expect(r.compare({ ...live, deliverable: [{ ...live.deliverable[0], evidence: 'none' }] }).mismatch).toMatchObject({ kind: 'deliverable', sequence: 7 });
  });

  it('replays the project row, its machine snapshot through the pure machine, review rounds, plans and options', () => {
    const r = new RecordsRebuilder();
    r.add([
      { ...e(1, EVENT.PROJECT_CREATED, { slug: 'p', name: 'P', scope: 'town', area: null, districts: ['d'], pcns: ['wantage'], managerUserId: 'u1' }), projectId: 'id1' },
      e(2, EVENT.STAGE_PLAN_SET, { targetDate: '2026-02-01', previousTargetDate: null }, 'planning-and-codesign'),
      e(3, EVENT.SUBMIT_FOR_REVIEW, {}, 'planning-and-codesign'),
      e(4, EVENT.APPROVE_STAGE, {}, 'planning-and-codesign', 'refused'),
      e(5, EVENT.APPROVE_STAGE, {}, 'planning-and-codesign'),
      e(6, EVENT.OPTION_CREATED, { option: { id: 'a', preferred: true }, unpreferred: [] }, 'development-of-options'),
      e(7, EVENT.OPTION_CREATED, { option: { id: 'b', preferred: true }, unpreferred: ['a'] }, 'development-of-options'),
    ]);
    const rows = r.rows();
    expect(rows.project[0]).toMatchObject({ id: 'id1', slug: 'p', version: 6, headSequence: 7, updatedAt: '2026-01-01T00:00:07.000Z', managerUserId: 'u1' });
    expect(r.stageStatuses).toMatchObject({ 'planning-and-codesign': 'approved', 'population-health-and-care-needs': 'in-progress' });
    expect(rows['review-round']).toEqual([
      expect.objectContaining({ stage: 'planning-and-codesign', round: 1, outcome: 'approved', openedAt: '2026-01-01T00:00:03.000Z', closedAt: '2026-01-01T00:00:05.000Z', closedByName: 'Pat' }),
    ]);
    expect(rows['stage-plan']).toEqual([{ stage: 'planning-and-codesign', targetDate: '2026-02-01', updatedAt: '2026-01-01T00:00:02.000Z', updatedById: 'u1', updatedByName: 'Pat' }]);
    expect(rows.option.map((o) => [o.optionId, o.position, (o.data as { preferred: boolean }).preferred])).toEqual([['a', 1, false], ['b', 2, true]]);
    expect(r.compare({ project: [{ ...rows.project[0], snapshot: { value: 'completed' } }] }).mismatch).toMatchObject({ kind: 'project', reason: expect.stringMatching(/snapshot/) });
  });

  it('reports a history from before complete events as not rebuildable instead of broken', () => {
    const r = new RecordsRebuilder();
    r.add([
      e(2, EVENT.REGISTER_IMPORTED, { register: 'segments', mode: 'append', counts: { created: 3 } }),
      e(3, EVENT.REVIEW_DECISION_RECORDED, { decision: 'approve', comment: '', round: 1, group: 'stakeholder-group', decisionId: 4, decidedAt: 't' }),
    ]);
    expect(r.compare({ register: [{ recordType: 'segment', recordId: 'x', data: {} }], member: [], deliverable: [], 'review-decision': [] })).toEqual({
      checked: ['deliverable', 'member'],
      notRebuildable: ['register', 'review-decision'],
    });
  });
});
