// The argument and result shapes of BacklogRepository, and the context its store modules share
// (database handle, clock and undo log).
import type { BacklogDatabase } from '../storage/database';
import type { Effort, Item, ItemFields, Priority, RelationKind, Severity } from './model';
import type { UndoLog } from './undoLog';

export type Row = Record<string, string | number | null>;

/** What the repository's store modules work with: the database, the clock and the undo log. */
export interface RepoContext {
  readonly db: BacklogDatabase;
  readonly now: () => Date;
  readonly undo: UndoLog;
}

export interface ItemFilter {
  includeArchived?: boolean;
  archivedOnly?: boolean;
  status?: string[];
  type?: string[];
  ids?: string[];
}

export type NewItemInput = Partial<ItemFields> & { title: string };
/** A relation a new item gets when it is created (`other` must exist). */
export interface NewItemRelation {
  kind: RelationKind | 'blocked-by';
  other: string;
}
export type ItemPatch = Partial<ItemFields>;

/** The fields of an item a board card shows (see listCardFields). */
export type CardFields = Pick<Item, 'id' | 'type' | 'title' | 'emoji' | 'status' | 'severity' | 'priority' | 'effort' | 'component' | 'targetDate' | 'tags' | 'rank' | 'createdAt' | 'updatedAt' | 'external'> & {
  criteriaTotal: number;
  criteriaDone: number;
};

/** A change to many items: fields to set (undefined = keep), tags to add and remove. */
export interface BulkPatch {
  status?: string;
  type?: string;
  priority?: Priority | null;
  effort?: Effort | null;
  severity?: Severity | null;
  addTags?: string[];
  removeTags?: string[];
}

export interface MoveTarget {
  status?: string;
  /** Place directly before this item (same status). */
  before?: string;
  /** Place directly after this item (same status). */
  after?: string;
  /** Or at the top / bottom of the column (default: bottom when the status changes, else unchanged). */
  position?: 'top' | 'bottom';
}
