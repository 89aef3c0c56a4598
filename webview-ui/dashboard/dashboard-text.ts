// What the dashboard's render helpers need from the page: its localised strings, number and list
// formatting in the page's locale, the localised bucket labels, and opening an item.
import type { DashboardBucket } from '../../src/core/protocol/dashboard';

export type BucketDimension = 'status' | 'type' | 'priority' | 'effort';

export interface DashboardText {
  readonly locale: string;
  /** A string the host localised, with {0}, {1}… filled. */
  t(key: string, ...args: (string | number)[]): string;
  num(n: number): string;
  list(parts: string[]): string;
  /** The localised label of a bucket (a status, type, priority or effort). */
  label(dim: BucketDimension, b: DashboardBucket): string;
  openItem(id: string): void;
}
