import {
  approvalBlockers,
  currentDecisions,
  pendingReviewers,
  reviewersFromGroups,
  validateDecision,
  type GroupMember,
  type ReviewDecision,
  type ReviewRound,
} from '../../../workflows/people';

const m = (id: string, name: string, organisation: string, organisationType: GroupMember['organisationType'], userId: string | null): GroupMember => ({
  id,
  name,
  organisation,
  organisationType,
  roleInGroup: 'member',
  userId,
});

const reviewers = reviewersFromGroups({
  'core-project-team': [m('c1', 'Pat Manager', 'OCC', 'county-council', 'u-pm')],
  'stakeholder-group': [
    m('s1', 'Sam Hill', 'Healthwatch Oxfordshire', 'healthwatch', 'u-sam'),
    m('s2', 'Cllr J Rowe', 'Vale of White Horse DC', 'district-or-city-council', 'u-rowe'),
    m('s3', 'No Account', 'Wantage Town Council', 'other', null),
  ],
  'clinical-professional-group': [
    m('k1', 'Dr A Patel', 'Wantage Health Centre', 'gp-practice-or-pcn', 'u-patel'),
    m('k2', 'B Jones', 'Oxford Health NHS FT', 'nhs-trust', 'u-jones'),
  ],
});

const round: ReviewRound = { round: 1, stage: 'planning-and-codesign', openedAt: '2019-03-01T09:00:00Z', closedAt: null, outcome: 'open' };

const decide = (
  userId: string,
  group: ReviewDecision['group'],
  decision: ReviewDecision['decision'],
  decidedAt: string,
  comment = '',
): ReviewDecision => {
  const r = reviewers.find((x) => x.userId === userId);
  return { reviewerUserId: userId, reviewerName: r?.name ?? userId, group, decision, comment, decidedAt };
};

const codes = (ds: ReviewDecision[]) => approvalBlockers(round, reviewers, ds).map((b) => b.code);

describe('reviewersFromGroups', () => {
  it('takes only stakeholder and clinical members who have accounts', () => {
    expect(reviewers.map((r) => r.userId)).toEqual(['u-sam', 'u-rowe', 'u-patel', 'u-jones']);
    expect(reviewers.find((r) => r.userId === 'u-patel')?.group).toBe('clinical-professional-group');
  });
});

describe('currentDecisions', () => {
  it('keeps the latest per reviewer by decidedAt, ties going to the later input', () => {
    const a = decide('u-sam', 'stakeholder-group', 'request-changes', '2019-03-02T10:00:00Z', 'more on future need');
    const b = decide('u-sam', 'stakeholder-group', 'approve', '2019-03-05T10:00:00Z');
    const c = decide('u-patel', 'clinical-professional-group', 'approve', '2019-03-03T10:00:00Z');
    const d = decide('u-patel', 'clinical-professional-group', 'request-changes', '2019-03-03T10:00:00Z', 'tie');
    // Input order must not matter for different timestamps.
    expect(currentDecisions([b, c, a, d])).toEqual([d, b]);
    expect(currentDecisions([a, b])).toEqual([b]);
    expect(currentDecisions([b, a])).toEqual([b]);
    expect(currentDecisions([c, d])).toEqual([d]);
    expect(currentDecisions([d, c])).toEqual([c]);
  });
});

describe('approval quorum', () => {
  it('walks a full round: nothing decided, changes requested, decision replaced, quorum met', () => {
    const decisions: ReviewDecision[] = [];

    let blockers = approvalBlockers(round, reviewers, decisions);
    expect(blockers.map((b) => b.code)).toEqual(['REVIEW_NO_STAKEHOLDER_APPROVAL', 'REVIEW_NO_CLINICAL_APPROVAL']);
    expect(blockers[0].message).toBe(
      'Waiting for a decision from the stakeholder group: Sam Hill (Healthwatch Oxfordshire), Cllr J Rowe (Vale of White Horse DC).',
    );
    expect(blockers[1].message).toBe(
      'Waiting for a decision from the clinical/professional group: Dr A Patel (Wantage Health Centre), B Jones (Oxford Health NHS FT).',
    );
    expect(blockers[1]).toMatchObject({ stage: 'planning-and-codesign', ref: 'round-1' });

    // Stakeholder approves; the GP asks for changes.
    decisions.push(decide('u-sam', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z'));
    decisions.push(decide('u-patel', 'clinical-professional-group', 'request-changes', '2019-03-02T11:00:00Z', 'Add the housing growth figures. '));
    blockers = approvalBlockers(round, reviewers, decisions);
    expect(blockers.map((b) => b.code)).toEqual(['REVIEW_NO_CLINICAL_APPROVAL', 'REVIEW_CHANGES_REQUESTED']);
    expect(blockers[0].message).toBe('Waiting for a decision from the clinical/professional group: B Jones (Oxford Health NHS FT).');
    expect(blockers[1].message).toBe(
      'Dr A Patel (Wantage Health Centre) from the clinical/professional group asked for changes: "Add the housing growth figures."',
    );
    expect(blockers[1].ref).toBe('u-patel');
    expect(pendingReviewers(round, reviewers, decisions).map((r) => r.name)).toEqual(['Cllr J Rowe', 'B Jones']);

    // The trust approves: clinical approval is there, but the GP's request still stands.
    decisions.push(decide('u-jones', 'clinical-professional-group', 'approve', '2019-03-03T09:00:00Z'));
    expect(codes(decisions)).toEqual(['REVIEW_CHANGES_REQUESTED']);

    // The GP replaces the request with an approval; the earlier decision stays in the record.
    decisions.push(decide('u-patel', 'clinical-professional-group', 'approve', '2019-03-04T09:00:00Z'));
    expect(codes(decisions)).toEqual([]);
    expect(decisions).toHaveLength(4);
    // Cllr Rowe has not decided, but the quorum does not need everyone.
    expect(pendingReviewers(round, reviewers, decisions).map((r) => r.name)).toEqual(['Cllr J Rowe']);
  });

  it('says when everyone in a group asked for changes', () => {
    const ds = [
      decide('u-patel', 'clinical-professional-group', 'request-changes', '2019-03-02T10:00:00Z', 'x'),
      decide('u-jones', 'clinical-professional-group', 'request-changes', '2019-03-02T10:00:00Z', 'y'),
      decide('u-sam', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z'),
    ];
    const blockers = approvalBlockers(round, reviewers, ds);
    expect(blockers.map((b) => b.code)).toEqual(['REVIEW_NO_CLINICAL_APPROVAL', 'REVIEW_CHANGES_REQUESTED', 'REVIEW_CHANGES_REQUESTED']);
    expect(blockers[0].message).toBe('Nobody in the clinical/professional group has approved yet: everyone who decided asked for changes.');
  });

  it('ignores decisions from people who are not reviewers in that group, and from other rounds', () => {
    const ds: ReviewDecision[] = [
      { ...decide('u-pm', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z'), reviewerName: 'Pat Manager' },
      decide('u-patel', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z'),
      { ...decide('u-sam', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z'), round: 0 },
      { ...decide('u-jones', 'clinical-professional-group', 'approve', '2019-03-02T10:00:00Z'), round: 1 },
    ];
    expect(codes(ds)).toEqual(['REVIEW_NO_STAKEHOLDER_APPROVAL']);
  });

  it('needs reviewers with accounts in both groups', () => {
    const onlyStakeholders = reviewers.filter((r) => r.group === 'stakeholder-group');
    const blockers = approvalBlockers(round, onlyStakeholders, [decide('u-sam', 'stakeholder-group', 'approve', '2019-03-02T10:00:00Z')]);
    expect(blockers.map((b) => b.code)).toEqual(['REVIEW_NO_REVIEWERS']);
    expect(blockers[0].message).toBe(
      'Nobody in the clinical/professional group has an account, so nobody can review; give at least one member an account.',
    );
    expect(blockers[0].ref).toBe('clinical-professional-group');
  });

  it('refuses approval without an open round', () => {
    expect(approvalBlockers(null, reviewers, []).map((b) => b.code)).toEqual(['REVIEW_NO_OPEN_ROUND']);
    const closed: ReviewRound = { ...round, closedAt: '2019-03-09T00:00:00Z', outcome: 'changes-requested' };
    const [b] = approvalBlockers(closed, reviewers, []);
    expect(b.code).toBe('REVIEW_NO_OPEN_ROUND');
    expect(b.message).toBe('There is no open review round for Stage 1 (Planning and co-design); submit the stage output for review first.');
    expect(pendingReviewers(closed, reviewers, [])).toEqual([]);
  });

  it('accepts Date objects as well as ISO strings', () => {
    const ds: ReviewDecision[] = [
      { ...decide('u-sam', 'stakeholder-group', 'request-changes', '', 'no'), decidedAt: new Date('2019-03-02T10:00:00Z') },
      { ...decide('u-sam', 'stakeholder-group', 'approve', ''), decidedAt: new Date('2019-03-03T10:00:00Z') },
    ];
    expect(currentDecisions(ds)[0].decision).toBe('approve');
  });
});

describe('validateDecision', () => {
  it('accepts an approval without comment', () => {
    expect(validateDecision({ decision: 'approve' })).toEqual([]);
  });
  it('requires a comment when asking for changes', () => {
    expect(validateDecision({ decision: 'request-changes', comment: '   ' })).toEqual([
      { field: 'comment', message: 'Say what needs to change: a comment is required when asking for changes.' },
    ]);
    expect(validateDecision({ decision: 'request-changes', comment: 'Add future need.' })).toEqual([]);
  });
  it('checks kinds, groups and lengths', () => {
    const errors = validateDecision({ decision: 'maybe', comment: 'x'.repeat(4001), group: 'core-project-team', reviewerName: 'y'.repeat(201) });
    expect(errors.map((e) => e.field)).toEqual(['decision', 'comment', 'group', 'reviewerName']);
    expect(validateDecision({ decision: 'approve', comment: 42 })).toEqual([{ field: 'comment', message: 'Comment must be text.' }]);
  });
});
