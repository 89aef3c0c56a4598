// The vocabulary of the two Markdown dialects (see markdownBacklog.ts): field names and kinds, the
// keys each dialect writes and reads (TicketFlow's French and English keys, accents optional), and
// TicketFlow's values for severity, priority and effort.
import type { Effort, Priority, Severity } from '../backlog/model';
import { EFFORTS, SEVERITIES } from '../backlog/model';

export type Locale = 'en' | 'fr';

export type FieldName =
  | 'type'
  | 'status'
  | 'severity'
  | 'priority'
  | 'effort'
  | 'component'
  | 'targetDate'
  | 'module'
  | 'tags'
  | 'description'
  | 'userStory'
  | 'specs'
  | 'reproSteps'
  | 'criteria'
  | 'dependencies'
  | 'constraints'
  | 'attachments'
  | 'screens'
  | 'links'
  | 'relations'
  | 'rank'
  | 'createdAt'
  | 'updatedAt'
  | 'archivedAt'
  | 'external';

export type FieldKind = 'scalar' | 'text' | 'quote' | 'list' | 'criteria' | 'attachments';

export const KIND: Record<FieldName, FieldKind> = {
  type: 'scalar',
  status: 'scalar',
  severity: 'scalar',
  priority: 'scalar',
  effort: 'scalar',
  component: 'text',
  targetDate: 'scalar',
  module: 'text',
  tags: 'list',
  description: 'text',
  userStory: 'quote',
  specs: 'list',
  reproSteps: 'list',
  criteria: 'criteria',
  dependencies: 'list',
  constraints: 'list',
  attachments: 'attachments',
  screens: 'attachments',
  links: 'list',
  relations: 'list',
  rank: 'scalar',
  createdAt: 'scalar',
  updatedAt: 'scalar',
  archivedAt: 'scalar',
  external: 'scalar',
};

/** Keys as written, per dialect and locale. */
export const TICKETFLOW_LABELS: Record<Locale, Record<string, string>> = {
  fr: {
    component: 'Composant',
    module: 'Module',
    severity: 'Sévérité',
    priority: 'Priorité',
    effort: 'Effort',
    description: 'Description',
    userStory: 'User Story',
    reproSteps: 'Reproduction',
    specs: 'Spécifications',
    criteria: "Critères d'acceptation",
    dependencies: 'Dépendances',
    constraints: 'Contraintes',
    attachments: 'Screenshots',
  },
  en: {
    component: 'Component',
    module: 'Module',
    severity: 'Severity',
    priority: 'Priority',
    effort: 'Effort',
    description: 'Description',
    userStory: 'User Story',
    reproSteps: 'Reproduction',
    specs: 'Specifications',
    criteria: 'Acceptance Criteria',
    dependencies: 'Dependencies',
    constraints: 'Constraints',
    attachments: 'Screenshots',
  },
};

/**
 * A component read from a TicketFlow item with both **Composant:** and **Module:** keeps the
 * module as "Component (Module: module)"; the TicketFlow writer splits it back into the two keys,
 * so the pair round-trips exactly (join and split are inverses).
 */
export function joinComponentModule(component: string, module: string): string {
  if (!module || module === component) return component;
  return component ? `${component} (Module: ${module})` : module;
}
const MODULE_SUFFIX_RE = /^([\s\S]+?) \(Module: ([\s\S]+)\)$/;
export function splitComponentModule(component: string): { component: string; module: string | null } {
  const m = MODULE_SUFFIX_RE.exec(component);
  return m ? { component: m[1], module: m[2] } : { component, module: null };
}

export const FLOWCAST_LABELS: Record<Exclude<FieldName, 'module' | 'screens'>, string> = {
  type: 'Type',
  status: 'Status',
  severity: 'Severity',
  priority: 'Priority',
  effort: 'Effort',
  component: 'Component',
  targetDate: 'Target date',
  tags: 'Tags',
  description: 'Description',
  userStory: 'User Story',
  reproSteps: 'Reproduction',
  specs: 'Specifications',
  criteria: 'Acceptance Criteria',
  dependencies: 'Dependencies',
  constraints: 'Constraints',
  attachments: 'Attachments',
  links: 'Links',
  relations: 'Relations',
  rank: 'Rank',
  createdAt: 'Created',
  updatedAt: 'Updated',
  archivedAt: 'Archived',
  external: 'Azure DevOps',
};

/** Keys the readers accept (accents, case and apostrophe style ignored). */
export const TICKETFLOW_KEYS: Record<string, FieldName> = {
  composant: 'component',
  component: 'component',
  module: 'module',
  severite: 'severity',
  severity: 'severity',
  priorite: 'priority',
  priority: 'priority',
  effort: 'effort',
  description: 'description',
  'user story': 'userStory',
  'histoire utilisateur': 'userStory',
  reproduction: 'reproSteps',
  'etapes de reproduction': 'reproSteps',
  'steps to reproduce': 'reproSteps',
  'reproduction steps': 'reproSteps',
  specifications: 'specs',
  specification: 'specs',
  specs: 'specs',
  "criteres d'acceptation": 'criteria',
  "critere d'acceptation": 'criteria',
  'acceptance criteria': 'criteria',
  dependances: 'dependencies',
  dependencies: 'dependencies',
  contraintes: 'constraints',
  constraints: 'constraints',
  screenshots: 'attachments',
  "captures d'ecran": 'attachments',
  ecrans: 'screens',
  ecran: 'screens',
  screens: 'screens',
};

export const FLOWCAST_KEYS: Record<string, FieldName> = {
  ...TICKETFLOW_KEYS,
  type: 'type',
  status: 'status',
  tags: 'tags',
  'target date': 'targetDate',
  'date cible': 'targetDate',
  attachments: 'attachments',
  links: 'links',
  relations: 'relations',
  rank: 'rank',
  created: 'createdAt',
  updated: 'updatedAt',
  archived: 'archivedAt',
  'azure devops': 'external',
};

export const SEVERITY_LABELS: Record<Locale, Record<Severity, string>> = {
  fr: { P0: 'P0 - Bloquant', P1: 'P1 - Critique', P2: 'P2 - Moyenne', P3: 'P3 - Faible', P4: 'P4 - Mineure' },
  en: { P0: 'P0 - Blocker', P1: 'P1 - Critical', P2: 'P2 - Medium', P3: 'P3 - Low', P4: 'P4 - Minor' },
};
export const PRIORITY_LABELS: Record<Locale, Record<Priority, string>> = {
  fr: { high: 'Haute', medium: 'Moyenne', low: 'Faible' },
  en: { high: 'High', medium: 'Medium', low: 'Low' },
};
/** TicketFlow writes these English labels in both languages. */
export const EFFORT_LABELS: Record<Effort, string> = { XS: 'XS (Extra Small)', S: 'S (Small)', M: 'M (Medium)', L: 'L (Large)', XL: 'XL (Extra Large)' };

export function normalizeWord(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const NONE_RE = /^(?:|-|—|n\/a|none|aucune?|null)$/i;

export function parseSeverity(v: string): Severity | null | undefined {
  if (NONE_RE.test(v)) return null;
  const m = /^[^\p{L}\p{N}]*P([0-4])(?![0-9])/iu.exec(v);
  return m ? SEVERITIES[Number(m[1])] : undefined;
}

const PRIORITY_WORDS: Record<string, Priority> = {
  haute: 'high',
  high: 'high',
  elevee: 'high',
  moyenne: 'medium',
  medium: 'medium',
  normale: 'medium',
  faible: 'low',
  low: 'low',
  basse: 'low',
};

export function parsePriority(v: string): Priority | null | undefined {
  if (NONE_RE.test(v)) return null;
  const w = /\p{L}+/u.exec(normalizeWord(v));
  return w ? PRIORITY_WORDS[w[0].toLowerCase()] : undefined;
}

export function parseEffort(v: string): Effort | null | undefined {
  if (NONE_RE.test(v)) return null;
  const m = /^[^\p{L}\p{N}]*(XS|XL|S|M|L)(?![\p{L}])/iu.exec(v);
  return m ? EFFORTS.find((e) => e === m[1].toUpperCase()) : undefined;
}

