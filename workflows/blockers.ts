import type { StageKey } from './framework';

/**
 * Why something cannot happen yet, in words a programme manager understands.
 * `code` is stable for programs; `message` is for people; the optional fields point at the record.
 */
export interface Blocker {
  code: string;
  message: string;
  stage?: StageKey;
  deliverable?: string;
  /** The record or rule the blocker is about, when there is one (e.g. an urgent concern's id). */
  ref?: string;
}
