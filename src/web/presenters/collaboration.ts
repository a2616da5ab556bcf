import { BOARD_DECISIONS, boardDecisionWords, BoardDecision } from '../../../workflows';
import type { BoardDecisionView } from '../../collaboration/board-decisions.service';
import type { DiscussionPostView } from '../../collaboration/discussion.service';
import type { FormErrors } from '../forms';

/** A failed discussion or board form: what was typed and its errors, shown again on the page. */
export interface CollaborationForm {
  key: 'discussion' | 'board';
  values: Record<string, unknown>;
  errors: FormErrors;
}

const DECISION_TAGS: Record<BoardDecision, string> = { approved: 'nhsuk-tag--green', 'not-approved': 'nhsuk-tag--red', deferred: 'nhsuk-tag--yellow' };

/** A stage's discussion as the stage page shows it: each post, its reply, and the form's choices. */
export function discussionSection(posts: DiscussionPostView[], user: { id: string }, canPost: boolean, failed?: CollaborationForm) {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const values = failed?.key === 'discussion' ? failed.values : {};
  return {
    canPost,
    posts: posts.map((p) => ({
      ...p,
      replyToAuthor: p.replyToId ? (byId.get(p.replyToId)?.author ?? 'an earlier post') : null,
      mine: canPost && !p.removed && p.authorUserId === user.id,
    })),
    replyChoices: [
      { value: '', text: 'Not a reply' },
      ...posts.filter((p) => !p.removed).map((p) => ({ value: p.id, text: `${p.author}: ${excerpt(p.text ?? '')}`, selected: values.replyTo === p.id })),
    ],
    text: typeof values.text === 'string' ? values.text : '',
    errors: failed?.key === 'discussion' ? failed.errors.fields : {},
  };
}

/** The board's decisions of one target, and the board member's form. */
export function boardSection(decisions: BoardDecisionView[], canDecide: boolean, failed?: CollaborationForm) {
  const values = failed?.key === 'board' ? failed.values : {};
  return {
    canDecide,
    decisions: decisions.map((d) => ({ ...d, words: boardDecisionWords(d.decision), tag: DECISION_TAGS[d.decision] })),
    choices: BOARD_DECISIONS.map((d) => ({ value: d, text: boardDecisionWords(d).replace(/^./, (c) => c.toUpperCase()), checked: values.decision === d })),
    values: { meetingDate: str(values.meetingDate), minuteReference: str(values.minuteReference), note: str(values.note) },
    errors: failed?.key === 'board' ? failed.errors.fields : {},
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
