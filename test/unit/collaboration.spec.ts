import { transition } from 'xstate';
import {
  boardBusinessCaseChange,
  boardDecisionErrors,
  discussionTextErrors,
  initialSnapshot,
  isStageDecision,
  persist,
  projectMachine,
  ProjectEvent,
  RecordsRebuilder,
  WINDOWS,
  writeWindowBlockers,
} from '../../workflows';
import { allowsProjectAccess, readsEveryProject } from '../../src/auth/access-policy';
import { businessCase, options } from './stage6/fixtures';

const S1 = 'planning-and-codesign' as const;
const S6 = 'development-of-options' as const;
const codes = (blockers: { code: string }[]) => blockers.map((b) => b.code);
const after = (...events: ProjectEvent[]) => persist(events.reduce((s, e) => transition(projectMachine, s, e)[0], initialSnapshot()));

describe('discussion text', () => {
  it('needs text, at most 5,000 characters after trimming (characters, not UTF-16 units)', () => {
    expect(discussionTextErrors('  ok  ')).toEqual([]);
    expect(discussionTextErrors('   ')).toEqual([{ field: 'text', message: 'Enter the text of your post' }]);
    expect(discussionTextErrors(42)).toEqual([{ field: 'text', message: 'Enter the text of your post' }]);
    expect(discussionTextErrors(` ${'a'.repeat(5000)} `)).toEqual([]);
    expect(discussionTextErrors('😀'.repeat(5000))).toEqual([]);
    expect(discussionTextErrors('a'.repeat(5001))[0].message).toBe('A post can be at most 5,000 characters; this one is 5,001');
  });
});

describe("the board's decision input", () => {
  const ok = { decision: 'approved', meetingDate: '2026-07-01', minuteReference: 'ISDB 2026/14' };
  it('accepts a complete decision dated today or earlier', () => {
    expect(boardDecisionErrors(ok, new Date('2026-07-01T12:00:00Z'))).toEqual([]);
    expect(boardDecisionErrors({ ...ok, decision: 'deferred', note: 'Back in April' }, new Date('2026-07-02T12:00:00Z'))).toEqual([]);
  });
  it('counts today in London: 23:30 UTC in summer is already the next day there, in winter it is not', () => {
    expect(boardDecisionErrors({ ...ok, meetingDate: '2026-07-02' }, new Date('2026-07-01T23:30:00Z'))).toEqual([]);
    expect(codesOf(boardDecisionErrors({ ...ok, meetingDate: '2026-07-02' }, new Date('2026-07-01T22:30:00Z')))).toEqual(['meetingDate']);
    expect(codesOf(boardDecisionErrors({ ...ok, meetingDate: '2026-01-02' }, new Date('2026-01-01T23:30:00Z')))).toEqual(['meetingDate']);
    expect(boardDecisionErrors({ ...ok, meetingDate: '2026-07-02' }, new Date('2026-07-01T22:30:00Z'))[0].message).toBe(
      "The meeting date 2026-07-02 is after today (2026-07-01, in London): the board's decision can be recorded only once the board has met",
    );
  });
  it('names each wrong field', () => {
    expect(codesOf(boardDecisionErrors({ decision: 'yes', meetingDate: '2026-02-30', minuteReference: ' ', note: 7 }, new Date('2026-07-01T12:00:00Z')))).toEqual([
      'decision',
      'meetingDate',
      'minuteReference',
      'note',
    ]);
    expect(codesOf(boardDecisionErrors({ ...ok, minuteReference: 'x'.repeat(101), note: 'y'.repeat(2001) }, new Date('2026-07-01T12:00:00Z')))).toEqual(['minuteReference', 'note']);
  });
});
const codesOf = (errors: { field: string }[]) => errors.map((e) => e.field);

describe("the business case's approval comes from the board's decision", () => {
  const complete = () => {
    const bc = businessCase();
    for (const key of Object.keys(bc) as Array<keyof typeof bc>) Object.assign(bc[key], { status: 'complete', approvedBy: null, approvedAt: null });
    return bc;
  };
  const context = { options: options() };
  const decision = { decidedByName: 'Bo Ardmember', minuteReference: 'ISDB 2026/14', meetingDate: '2026-03-12' };

  it('approved: all five cases approved by the board member for the board, on the meeting date', () => {
    const change = boardBusinessCaseChange(complete(), { ...decision, decision: 'approved' }, context);
    expect(change.ok).toBe(true);
    if (!change.ok) return;
    for (const c of Object.values(change.businessCase)) {
      expect(c).toMatchObject({ status: 'approved', approvedBy: 'Bo Ardmember, for the Integrated System Delivery Board (minute ISDB 2026/14)', approvedAt: '2026-03-12' });
    }
  });
  it('approved is refused while a case is not complete, naming each', () => {
    const bc = complete();
    bc.economic.status = 'draft';
    bc.management.status = 'draft';
    const change = boardBusinessCaseChange(bc, { ...decision, decision: 'approved' }, context);
    expect(change.ok).toBe(false);
    if (change.ok) return;
    expect(change.blockers.map((b) => `${b.code} ${b.ref}`)).toEqual(['CASE_NOT_COMPLETE economic', 'CASE_NOT_COMPLETE management']);
  });
  it('not approved withdraws standing approvals; deferred changes nothing', () => {
    const approved = businessCase();
    const no = boardBusinessCaseChange(approved, { ...decision, decision: 'not-approved' }, context);
    expect(no.ok && Object.values(no.businessCase).every((c) => c.status === 'complete' && c.approvedBy === null)).toBe(true);
    const later = boardBusinessCaseChange(approved, { ...decision, decision: 'deferred' }, context);
    expect(later.ok && later.businessCase).toBe(approved);
  });
  it('every board decision is a decision of record: a checkpoint is signed after it', () => {
    expect(isStageDecision('BOARD_DECISION_RECORDED', { decision: 'deferred' })).toBe(true);
    expect(isStageDecision('DISCUSSION_POST_ADDED', {})).toBe(false);
  });
});

describe('write windows of discussions and board decisions', () => {
  const active = after();
  const withdrawn = after({ type: 'WITHDRAW' } as ProjectEvent);
  it('a discussion is open to the project\'s people at any stage status while the project is not closed', () => {
    for (const role of ['programme-manager', 'stakeholder', 'admin'] as const) {
      expect(writeWindowBlockers({ snapshot: active, window: WINDOWS.discussion, subject: 'The discussion', role })).toEqual([]);
    }
    expect(codes(writeWindowBlockers({ snapshot: active, window: WINDOWS.discussion, subject: 'The discussion', role: 'auditor' }))).toEqual(['ROLE_NOT_ALLOWED']);
    expect(codes(writeWindowBlockers({ snapshot: withdrawn, window: WINDOWS.discussion, subject: 'The discussion', role: 'stakeholder' }))).toEqual(['PROJECT_CLOSED']);
  });
  it('a board decision on a stage needs the stage started; on the business case stage 6 in progress or review and the project active', () => {
    expect(writeWindowBlockers({ snapshot: active, window: WINDOWS.boardStageDecision, subject: 'X', stage: S1, role: 'board-member' })).toEqual([]);
    expect(codes(writeWindowBlockers({ snapshot: active, window: WINDOWS.boardStageDecision, subject: 'X', stage: S6, role: 'board-member' }))).toEqual(['STAGE_NOT_STARTED']);
    expect(codes(writeWindowBlockers({ snapshot: active, window: WINDOWS.boardStageDecision, subject: 'X', stage: S1, role: 'programme-manager' }))).toEqual(['ROLE_NOT_ALLOWED']);
    expect(codes(writeWindowBlockers({ snapshot: active, window: WINDOWS.boardBusinessCaseDecision, subject: 'X', stage: S6, role: 'admin' }))).toEqual(['STAGE_NOT_STARTED']);
    expect(writeWindowBlockers({ snapshot: active, window: WINDOWS.boardStageDecision, subject: 'X', stage: S1, role: 'board-member' })).toEqual([]);
  });
});

describe('access of the board member', () => {
  const board = { id: 'b', role: 'board-member' as const };
  const none = { managerUserId: null, groups: [] };
  it('reads every project and records the board\'s decisions; nothing else', () => {
    expect(readsEveryProject('board-member')).toBe(true);
    expect(allowsProjectAccess(board, none, 'read')).toBe(true);
    expect(allowsProjectAccess(board, none, 'board')).toBe(true);
    for (const level of ['manage', 'review', 'contribute', 'discuss'] as const) expect(allowsProjectAccess(board, none, level)).toBe(false);
  });
  it('admins discuss and record board decisions; auditors only read; project people discuss but do not decide for the board', () => {
    expect(allowsProjectAccess({ id: 'a', role: 'admin' }, none, 'discuss')).toBe(true);
    expect(allowsProjectAccess({ id: 'a', role: 'admin' }, none, 'board')).toBe(true);
    expect(allowsProjectAccess({ id: 'x', role: 'auditor' }, none, 'discuss')).toBe(false);
    expect(allowsProjectAccess({ id: 'x', role: 'auditor' }, none, 'board')).toBe(false);
    expect(allowsProjectAccess({ id: 'pm', role: 'programme-manager' }, { managerUserId: 'pm', groups: [] }, 'discuss')).toBe(true);
    expect(allowsProjectAccess({ id: 'pm', role: 'programme-manager' }, { managerUserId: 'pm', groups: [] }, 'board')).toBe(false);
    expect(allowsProjectAccess({ id: 's', role: 'stakeholder' }, { managerUserId: null, groups: ['core-project-team'] }, 'discuss')).toBe(true);
    expect(allowsProjectAccess({ id: 's', role: 'stakeholder' }, { managerUserId: null, groups: [] }, 'discuss')).toBe(false);
  });
});

describe('posts and board decisions rebuilt from their events', () => {
  const post = (extra: Record<string, unknown> = {}) => ({
    id: 'p1', stage: S1, replyToId: null, authorUserId: 'u', authorName: 'Pat', text: 'Hello', createdAt: 't1', editedAt: null, removedAt: null, removedById: null, removedByName: null, ...extra,
  });
  it('keeps the last saved row of each post and each decision, and the business case the approval saved', () => {
    const r = new RecordsRebuilder();
    const decision = { id: 'd1', target: 'business-case', stage: S6, decision: 'approved', meetingDate: '2026-03-12', minuteReference: 'M', note: null, decidedById: 'b', decidedByName: 'Bo', recordedAt: 't4' };
    r.add([
      { sequence: 1, type: 'PROJECT_CREATED', stage: null, outcome: 'accepted', payload: { slug: 's', name: 'S', scope: 'town', districts: [], pcns: [] }, occurredAt: 't0' },
      { sequence: 2, type: 'DISCUSSION_POST_ADDED', stage: S1, outcome: 'accepted', payload: { post: post() }, occurredAt: 't1' },
      { sequence: 3, type: 'DISCUSSION_POST_REMOVED', stage: S1, outcome: 'accepted', payload: { post: post({ text: null, removedAt: 't3', removedById: 'u', removedByName: 'Pat' }) }, occurredAt: 't3' },
      { sequence: 4, type: 'BOARD_DECISION_RECORDED', stage: S6, outcome: 'accepted', payload: { record: decision, businessCase: { before: {}, after: { strategic: { status: 'approved' } } } }, occurredAt: 't4' },
      { sequence: 5, type: 'DISCUSSION_POST_EDITED', stage: S1, outcome: 'refused', payload: { postId: 'p1', text: 'Back' }, occurredAt: 't5' },
    ]);
    const rows = r.rows();
    expect(rows['discussion-post']).toEqual([post({ text: null, removedAt: 't3', removedById: 'u', removedByName: 'Pat' })]);
    expect(rows['board-decision']).toEqual([decision]);
    expect(rows['business-case'][0]).toMatchObject({ data: { strategic: { status: 'approved' } }, updatedAt: 't4' });
    expect(r.notRebuildable).toEqual([]);
  });
});
