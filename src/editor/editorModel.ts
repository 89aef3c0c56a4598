// What an open item-editor tab holds (an item or a new-item draft, a pending AI proposal), the
// options of its AI modes, and the small checks and helpers the panel manager and its message
// handlers share.
import * as z from 'zod/mini';
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import {
  type EditableFieldKey,
  type EditableFields,
  EditableFieldsSchema,
  type Endpoint,
  NewItemFieldsSchema,
  type PendingRelation,
  PendingRelationSchema,
  type ReadyGate,
} from '../core/protocol';
import { pageError, type WebviewConnection } from '../platform/webviewConnection';

/** The fields of an item the editor edits. */
export function editableFieldsOf(i: Item): EditableFields {
  return {
    type: i.type,
    title: i.title,
    emoji: i.emoji,
    status: i.status,
    severity: i.severity,
    priority: i.priority,
    effort: i.effort,
    targetDate: i.targetDate,
    component: i.component,
    tags: i.tags,
    description: i.description,
    userStory: i.userStory,
    specs: i.specs,
    reproSteps: i.reproSteps,
    criteria: i.criteria,
    dependencies: i.dependencies,
    constraints: i.constraints,
  };
}

export type DraftRelation = PendingRelation;

export interface ShowDraftOptions {
  /** The backlog the item will be created in (default: the active one). */
  backlogId?: string;
  /** The tab title (default "New item (AI)"). */
  title?: string;
  /** Shown in the AI banner, as text (the AI's remarks, say). */
  note?: string;
  /** Relations the item gets when it is created (suggested duplicates, dependencies…). */
  relations?: DraftRelation[];
}

export interface ShowProposalOptions {
  backlogId?: string;
  /** Shown above the proposed changes, as text. */
  note?: string;
  /**
   * The item's fields the proposal was made from (what the AI saw). A field whose saved value
   * differs from it now is flagged "changed since the proposal". Default: the current fields.
   */
  base?: EditableFields;
}

/** A new item under review. `fields` follow the page's edits (reported, debounced). */
export interface NewDraft {
  key: string;
  title: string;
  original: EditableFields;
  fields: EditableFields;
  note: string | null;
  relations: DraftRelation[];
  originalRelations: DraftRelation[];
  /** The page reported edits of the fields. */
  edited: boolean;
  /** Closed on purpose (Discard) or turned into an item: closing asks nothing. */
  settled: boolean;
  /** A Create request is running (a second one is refused). */
  creating?: boolean;
}

export interface Proposal {
  id: string;
  proposed: Partial<EditableFields>;
  /** The fields the proposal was made from; this editor's own saves move it forward. */
  base: EditableFields;
  note: string | null;
  /** Fields the user accepted (into the form) or rejected: not shown any more. */
  decided: Set<EditableFieldKey>;
}

export interface Open {
  panel: vscode.WebviewPanel;
  conn: WebviewConnection;
  endpoint: Endpoint;
  gate: ReadyGate;
  backlogId: string;
  /** The item edited; undefined while the tab is a draft of a new item. */
  itemId: string | undefined;
  newDraft?: NewDraft;
  proposal?: Proposal;
  dirty: boolean;
  /** Unsaved changes of the item, as last reported by the page. */
  unsaved?: EditableFields;
  /** Numbers the state pushes: only the newest one is sent (a draft turning into an item). */
  pushes: number;
}

export const PartialFieldsSchema = z.partial(EditableFieldsSchema);
export const DraftInputSchema = z.object({ fields: NewItemFieldsSchema, relations: z.array(PendingRelationSchema).check(z.maxLength(100)), note: z.string().check(z.maxLength(20_000)) });

export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${(i.path[0] === 'fields' ? i.path.slice(1) : i.path).map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function sameRelation(a: DraftRelation, b: DraftRelation): boolean {
  return a.kind === b.kind && a.other === b.other;
}

export function uniqueRelations(list: readonly DraftRelation[]): DraftRelation[] {
  const out: DraftRelation[] = [];
  for (const r of list) if (!out.some((x) => sameRelation(x, r))) out.push({ kind: r.kind, other: r.other });
  return out;
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The key an open editor is filed under: its backlog and item ID (or draft key). */
export function keyOf(o: Open): string {
  return `${o.backlogId}/${o.itemId ?? o.newDraft?.key ?? ''}`;
}

/** The item this (item-mode) editor edits; a request naming another one is refused. */
export function requireItemOf(o: Open, id: string): string {
  if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
  if (id !== o.itemId) throw pageError(vscode.l10n.t('This editor edits {0}, not {1}.', o.itemId, id));
  return o.itemId;
}

/** The new-item draft this editor shows; a request naming another (or a created one) is refused. */
export function requireDraftOf(o: Open, draftKey: string): NewDraft {
  if (!o.newDraft || o.newDraft.key !== draftKey) throw pageError(vscode.l10n.t('This new-item draft is no longer open.'));
  return o.newDraft;
}

/** What the message handlers of an open editor need from the panel manager. */
export interface EditorPanels {
  readonly service: BacklogService;
  /** The commands the AI buttons run (read at each click: tests may point them elsewhere). */
  aiCommands(): { refine: string; suggestRelations: string };
  /** Sends the page its current state (only the newest of overlapping pushes is sent). */
  push(o: Open): Promise<void>;
  /** Drops the unsaved changes kept for the item after an earlier editor of it was closed. */
  forgetKept(o: Open): void;
  /** The tab of a created draft now edits the item: filed under the item's key, nothing unsaved. */
  becomeItem(o: Open, itemId: string): void;
}
