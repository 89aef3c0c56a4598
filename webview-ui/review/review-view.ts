// What the review page's render helpers need from the page: its model, the last state received,
// localised strings, and moving the focus to a list's new entry.
import type { ReviewState } from '../../src/core/protocol';
import type { ListKey, ReviewModel } from './review-model';

export interface ReviewView {
  readonly model: ReviewModel;
  readonly state: ReviewState | undefined;
  /** A string the host localised, with {0}, {1}… filled. */
  t(key: string, ...args: (string | number)[]): string;
  /** After "Add": the new (last) entry of a list gets the focus, ready to type in. */
  focusNewEntry(key: string, list: ListKey | 'criteria'): void;
}
