// Work item states (pure): ADO state categories -> Flowcast categories, state history (the time
// each item entered each state) from revisions or updates, and the done-date rules.
import type { DoneDateRule } from './settings';

export type FlowCategory = 'todo' | 'in_progress' | 'done' | 'removed';

/**
 * Proposed -> to-do; InProgress -> in progress; Resolved -> in progress (done when the done-date
 * rule is "resolved"); Completed -> done; Removed -> removed (neither throughput nor open work).
 * An unknown category counts as in progress (a custom state that is neither new nor finished).
 */
export function flowCategory(adoCategory: string, rule: DoneDateRule): FlowCategory {
  switch (adoCategory.toLowerCase()) {
    case 'proposed':
      return 'todo';
    case 'inprogress':
      return 'in_progress';
    case 'resolved':
      return rule === 'resolved' ? 'done' : 'in_progress';
    case 'completed':
      return 'done';
    case 'removed':
      return 'removed';
    default:
      return 'in_progress';
  }
}

/** ADO category of each (type, state); states of unknown types fall back to any type's category. */
export class StateCategories {
  private readonly byType = new Map<string, string>();
  private readonly byState = new Map<string, string>();

  constructor(list: readonly { type: string; state: string; category: string }[]) {
    for (const x of list) {
      this.byType.set(`${x.type.toLowerCase()}\n${x.state.toLowerCase()}`, x.category);
      if (!this.byState.has(x.state.toLowerCase())) this.byState.set(x.state.toLowerCase(), x.category);
    }
  }

  adoCategory(type: string, state: string): string {
    return this.byType.get(`${type.toLowerCase()}\n${state.toLowerCase()}`) ?? this.byState.get(state.toLowerCase()) ?? '';
  }

  category(type: string, state: string, rule: DoneDateRule): FlowCategory {
    return flowCategory(this.adoCategory(type, state), rule);
  }
}

export interface Transition {
  rev: number;
  state: string;
  ms: number;
}

const msOf = (v: unknown): number => {
  if (v instanceof Date) return v.getTime();
  return typeof v === 'string' ? Date.parse(v) : NaN;
};

/**
 * Transitions from revisions of ONE item sorted by rev: a transition whenever System.State differs
 * from the previous revision's (`previousState` = the last known state before these revisions).
 */
export function transitionsFromRevisions(revs: readonly { rev: number; fields: Record<string, unknown> }[], previousState?: string): Transition[] {
  const out: Transition[] = [];
  let prev = previousState;
  for (const r of revs) {
    const state = r.fields['System.State'];
    if (typeof state !== 'string' || state === prev) continue;
    const ms = msOf(r.fields['System.ChangedDate']);
    if (Number.isNaN(ms)) continue;
    out.push({ rev: r.rev, state, ms });
    prev = state;
  }
  return out;
}

/** Transitions from an item's updates (System.State newValue at System.ChangedDate newValue). */
export function transitionsFromUpdates(updates: readonly { rev: number; fields: Record<string, { oldValue?: unknown; newValue?: unknown }> }[]): Transition[] {
  const out: Transition[] = [];
  for (const u of updates) {
    const state = u.fields['System.State']?.newValue;
    const ms = msOf(u.fields['System.ChangedDate']?.newValue);
    if (typeof state === 'string' && !Number.isNaN(ms)) out.push({ rev: u.rev, state, ms });
  }
  return out;
}

/** The date fields an item's done date may come from (Unix ms, NaN when absent). */
export interface DoneDateFields {
  closedMs: number;
  resolvedMs: number;
  stateChangeMs: number;
}

/**
 * When the item became done, or NaN when it is not done. Never System.ChangedDate.
 *  - auto: ClosedDate, else ResolvedDate, else StateChangeDate while the state is in the Completed
 *    category, else the entry into the current done run from the state history;
 *  - closed: ClosedDate; resolved: ResolvedDate, else ClosedDate;
 *  - stateChange: the entry into the current done run (state history), else StateChangeDate.
 */
export function doneDate(rule: DoneDateRule, current: FlowCategory, adoCategory: string, f: DoneDateFields, history: readonly Transition[], categoryOfState: (state: string) => FlowCategory): number {
  if (current !== 'done') return NaN;
  // entry into the current done run: the earliest transition of the trailing run of done states
  let entry = NaN;
  for (let i = history.length - 1; i >= 0 && categoryOfState(history[i].state) === 'done'; i--) entry = history[i].ms;
  const ok = (x: number) => !Number.isNaN(x);
  switch (rule) {
    case 'closed':
      return f.closedMs;
    case 'resolved':
      return ok(f.resolvedMs) ? f.resolvedMs : f.closedMs;
    case 'stateChange':
      return ok(entry) ? entry : f.stateChangeMs;
    default:
      if (ok(f.closedMs)) return f.closedMs;
      if (ok(f.resolvedMs)) return f.resolvedMs;
      if (ok(f.stateChangeMs) && adoCategory.toLowerCase() === 'completed') return f.stateChangeMs;
      return entry;
  }
}

/** First entry into an in-progress state (NaN when none, or after `doneMs`). */
export function startDate(history: readonly Transition[], categoryOfState: (state: string) => FlowCategory, doneMs: number): number {
  for (const t of history) if (categoryOfState(t.state) === 'in_progress') return t.ms > doneMs ? NaN : t.ms;
  return NaN;
}

export { msOf as adoDateMs };
