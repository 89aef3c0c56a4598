// The backlog domain model. Storage keys are locale-neutral; labels come from l10n in adapters.

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const EFFORTS = ['XS', 'S', 'M', 'L', 'XL'] as const;
export type Effort = (typeof EFFORTS)[number];
export const RELATION_KINDS = ['blocks', 'relates', 'duplicates'] as const;
/** Stored kinds; "blocked-by" is the inverse view of "blocks". */
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface Criterion {
  text: string;
  checked: boolean;
}

export interface Attachment {
  /** Path relative to the backlog's attachments folder (never absolute). */
  path: string;
  /** Display name (alt text in Markdown). */
  name: string;
}

export interface CodeLink {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
}

/** Every field of an item. Lists keep their order; strings are never null (empty = absent). */
export interface ItemFields {
  type: string;
  title: string;
  emoji: string;
  status: string;
  severity: Severity | null;
  priority: Priority | null;
  effort: Effort | null;
  component: string;
  tags: string[];
  description: string;
  userStory: string;
  specs: string[];
  reproSteps: string[];
  criteria: Criterion[];
  dependencies: string[];
  constraints: string[];
  attachments: Attachment[];
  links: CodeLink[];
  /** The date the item should be done by (ISO yyyy-mm-dd), or null when it has none. */
  targetDate: string | null;
}

/** The work item an item was published as (Azure DevOps today): its number and web address. */
export interface ExternalLink {
  system: 'azureDevOps';
  /** Work item ID. */
  id: number;
  /** Web address of the work item (https, or http on a loopback host). */
  url: string;
}

export interface Item extends ItemFields {
  id: string;
  rank: string;
  createdAt: string;
  updatedAt: string;
  /** ISO time when archived; null while active. */
  archivedAt: string | null;
  /** The work item this item was published as; null when it was never published. */
  external: ExternalLink | null;
}

export interface Relation {
  from: string;
  to: string;
  kind: RelationKind;
}

export interface ItemType {
  key: string;
  label: string;
  /** CSS colour (#rrggbb). */
  color: string;
  position: number;
  hidden: boolean;
}

export interface WorkflowStatus {
  key: string;
  label: string;
  category: 'todo' | 'in_progress' | 'done';
  position: number;
  /** Optional WIP limit for the board column (null = none). */
  wipLimit: number | null;
}

/** A whole item as exchanged by import/export (relations by id). */
export interface PortableItem extends Item {
  relations: { kind: RelationKind; to: string }[];
  /**
   * Optional status history, oldest first, ending at `status` (the demo backlog uses it; the file
   * formats do not carry it). Without it the item's history starts at `createdAt` in its status.
   */
  history?: StatusChange[];
}

/** One recorded status change (`from` is null for the first one). */
export interface StatusChange {
  from: string | null;
  to: string;
  at: string;
}

export function emptyFields(): ItemFields {
  return {
    type: 'TASK',
    title: '',
    emoji: '',
    status: 'backlog',
    severity: null,
    priority: null,
    effort: null,
    component: '',
    tags: [],
    description: '',
    userStory: '',
    specs: [],
    reproSteps: [],
    criteria: [],
    dependencies: [],
    constraints: [],
    attachments: [],
    links: [],
    targetDate: null,
  };
}

export const DEFAULT_TYPES: readonly Omit<ItemType, 'position'>[] = [
  { key: 'BUG', label: 'Bug', color: '#e5534b', hidden: false },
  { key: 'FEAT', label: 'Feature', color: '#3fb950', hidden: false },
  { key: 'TASK', label: 'Task', color: '#4493f8', hidden: false },
  { key: 'DEBT', label: 'Technical debt', color: '#d29922', hidden: false },
  { key: 'IDEA', label: 'Idea', color: '#a371f7', hidden: false },
];

export const ITEM_ID_RE = /^([A-Z][A-Z0-9_]{0,15})-(\d{1,9})$/;
export const TYPE_KEY_RE = /^[A-Z][A-Z0-9_]{0,15}$/;
