import type { StatusCategory } from '../protocol/messages';

export interface StatusDef {
  /** Locale-neutral key stored in the database. */
  key: string;
  category: StatusCategory;
}

/** The default workflow columns (labels come from l10n in the adapters). */
export const DEFAULT_STATUSES: readonly StatusDef[] = [
  { key: 'backlog', category: 'todo' },
  { key: 'ready', category: 'todo' },
  { key: 'in_progress', category: 'in_progress' },
  { key: 'review', category: 'in_progress' },
  { key: 'done', category: 'done' },
];

export const DEFAULT_TYPE = 'TASK';
export const DEFAULT_STATUS = 'backlog';
