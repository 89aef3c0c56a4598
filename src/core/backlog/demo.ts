// The demo backlog of `npm start` (`flowcast.demo.seedIfEmpty`): about 60 items of every type with
// priorities, efforts, tags, acceptance criteria, relations (a chain of blocked items), target dates
// on a few open items (some at risk) and about four and a half months of status history: 2 to 4
// completions most weeks, a few weeks with none,
// cycle times of 1 to 20 days (most short, a few long). Deterministic: a fixed-seed PRNG (never
// Math.random), with times relative to "today", so one day always gives the same backlog. Written
// through the repository's import (one change, all or nothing, with the chosen history times).
import type { BacklogService } from './service';
import type { Effort, PortableItem, Priority, Severity, StatusChange } from './model';
import { emptyFields } from './model';

const DAY = 86_400_000;

/** Completions per week, oldest week first (18 weeks; the last one ends today). */
export const DEMO_WEEKLY_DONE: readonly number[] = [1, 2, 3, 0, 2, 4, 3, 2, 0, 3, 2, 4, 2, 3, 0, 2, 3, 2];

/** Open items by status (the rest of the 60 are done). */
const OPEN_STATUSES: readonly string[] = [
  ...Array<string>(3).fill('in_progress'),
  ...Array<string>(2).fill('review'),
  ...Array<string>(5).fill('ready'),
  ...Array<string>(12).fill('backlog'),
];

type Kind = 'BUG' | 'FEAT' | 'TASK' | 'DEBT' | 'IDEA';

/** [type, title, component, tags]: the done ones first (oldest first), then the open ones. */
const TITLES: readonly [Kind, string, string, string][] = [
  ['TASK', 'Set up the CI pipeline', 'build', 'ci'],
  ['FEAT', 'Board with drag and drop between columns', 'board', 'ux'],
  ['BUG', 'Cards flicker when the theme changes', 'board', 'ui'],
  ['FEAT', 'Quick add from the command palette', 'commands', 'ux'],
  ['DEBT', 'Replace the deprecated webview toolkit', 'webview', 'deps'],
  ['FEAT', 'Markdown preview in the item editor', 'editor', 'ux'],
  ['BUG', 'Crash when saving a file with an emoji in its name', 'storage', 'crash'],
  ['TASK', 'Write the contributing guide', 'docs', 'docs'],
  ['FEAT', 'Import a Markdown backlog', 'io', 'import'],
  ['FEAT', 'Export the backlog as CSV', 'io', 'export'],
  ['BUG', 'Search misses words with accents', 'search', 'i18n'],
  ['FEAT', 'French translation of the UI', 'l10n', 'i18n'],
  ['DEBT', 'Split the repository into smaller modules', 'storage', 'refactor'],
  ['FEAT', 'Acceptance criteria with checkboxes', 'editor', 'ux'],
  ['BUG', 'Undo restores the wrong column order', 'board', 'undo'],
  ['TASK', 'Benchmark the board at 10,000 items', 'perf', 'perf'],
  ['FEAT', 'Swimlanes by priority and type', 'board', 'ux'],
  ['BUG', 'Filter chips ignore archived items', 'board', 'filter'],
  ['FEAT', 'Attach images by paste and drop', 'editor', 'attachments'],
  ['DEBT', 'Remove the old migration shims', 'storage', 'refactor'],
  ['FEAT', 'Dashboard: throughput and cycle time', 'stats', 'dashboard'],
  ['BUG', 'WIP limit badge shows the wrong count', 'board', 'wip'],
  ['TASK', 'Review the Content-Security-Policy of every webview', 'security', 'security'],
  ['FEAT', 'Generate an item with AI from a description', 'ai', 'ai'],
  ['BUG', 'AI key prompt loses the typed description', 'ai', 'ai'],
  ['FEAT', 'Relations: blocks, relates, duplicates', 'editor', 'relations'],
  ['IDEA', 'Keyboard shortcuts cheat sheet', 'docs', 'ux'],
  ['FEAT', 'Saved views for the board filter', 'board', 'filter'],
  ['BUG', 'Tree view does not refresh after an import', 'tree', 'import'],
  ['TASK', 'Accessibility pass with a screen reader', 'a11y', 'a11y'],
  ['FEAT', 'Full-text search with field filters', 'search', 'search'],
  ['DEBT', 'One protocol module for host and webviews', 'webview', 'refactor'],
  ['BUG', 'Dates shown in UTC instead of local time', 'editor', 'i18n'],
  ['FEAT', 'Archive and restore items', 'board', 'ux'],
  ['TASK', 'Publish the extension to the Marketplace', 'release', 'release'],
  ['FEAT', 'Extract items from meeting notes with AI', 'ai', 'ai'],
  ['BUG', 'High-contrast theme hides the focus ring', 'webview', 'a11y'],
  ['FEAT', 'Copy an item as an AI prompt', 'editor', 'ai'],
  // Open items from here: in progress (3), review (2), ready (5), backlog (12).
  ['FEAT', 'Design the forecast data model', 'forecast', 'forecast'],
  ['BUG', 'Board scrolls to the top after a drop', 'board', 'ui'],
  ['BUG', 'Drag handle is too small on touch screens', 'board', 'a11y'],
  ['DEBT', 'Move the chart code into a lazy bundle', 'stats', 'perf'],
  ['BUG', 'Export drops line breaks in descriptions', 'io', 'export'],
  ['FEAT', 'Monte Carlo forecast engine', 'forecast', 'forecast'],
  ['TASK', 'Import the TicketFlow backlog of the mobile app', 'io', 'import'],
  ['FEAT', 'Due dates with reminders', 'editor', 'ux'],
  ['TASK', 'Record a two-minute product tour', 'docs', 'docs'],
  ['BUG', 'Long titles overflow the list view', 'board', 'ui'],
  ['FEAT', 'Forecast: when will the 20 remaining items be done?', 'forecast', 'forecast'],
  ['FEAT', 'Sync with Azure DevOps work items', 'sync', 'integration'],
  ['IDEA', 'Weekly digest of finished work', 'stats', 'dashboard'],
  ['IDEA', 'Estimate effort from similar finished items', 'ai', 'ai'],
  ['FEAT', 'Cumulative flow diagram', 'stats', 'dashboard'],
  ['DEBT', 'Upgrade to the new VS Code test runner', 'build', 'ci'],
  ['FEAT', 'Bulk edit the priority of selected cards', 'board', 'ux'],
  ['IDEA', 'Link commits to items from the SCM view', 'scm', 'integration'],
  ['TASK', 'Threat model review before 1.0', 'security', 'security'],
  ['FEAT', 'Recurring chores as item templates', 'editor', 'templates'],
  ['BUG', 'Search result count says "1 results"', 'search', 'i18n'],
  ['IDEA', 'Pomodoro timer on the card in progress', 'board', 'ux'],
];

const CRITERIA: readonly string[] = [
  'Works with the keyboard only',
  'Covered by an automated test',
  'Documented in the README',
  'Works in light, dark and high-contrast themes',
  'No regression in the board benchmark',
  'Strings translated into French',
];

/** Mulberry32: a small, fast PRNG with a fixed seed (same sequence on every machine). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The changes with their times sorted (two drawn on the same day may come out of order). */
function inOrder(h: StatusChange[]): StatusChange[] {
  const times = h.map((x) => x.at).sort();
  return h.map((x, i) => ({ ...x, at: times[i] }));
}

/**
 * The demo items for `today` (history up to today, never after). Item IDs follow creation order
 * per type; the open forecast items form a chain: FEAT "data model" blocks "engine" blocks
 * "when will the remaining items be done?".
 */
export function buildDemoItems(today: Date): PortableItem[] {
  const rnd = mulberry32(0x0f10ca57);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const now = today.getTime();
  /** A time in working hours (UTC) on the day of `ms`, never after now. */
  const workTime = (ms: number) => new Date(Math.min(Math.floor(ms / DAY) * DAY + (9 + int(0, 8)) * 3_600_000 + int(0, 59) * 60_000, now - 60_000));
  /** Right-skewed cycle time in days, 1 to 20 (log-normal, median about 4). */
  const cycleDays = () => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return Math.max(1, Math.min(20, Math.round(Math.exp(Math.log(4) + 0.65 * z))));
  };

  const weeks = DEMO_WEEKLY_DONE.length;
  const startOfToday = Math.floor(now / DAY) * DAY;
  const plans: { kind: Kind; title: string; component: string; tag: string; history: StatusChange[] }[] = [];

  // Done items: a completion day inside its week, then back to in progress (the cycle time), an
  // optional review, ready before that, created before that.
  let n = 0;
  DEMO_WEEKLY_DONE.forEach((count, w) => {
    const weekStart = startOfToday - (weeks - w) * 7 * DAY + DAY;
    for (let k = 0; k < count; k++, n++) {
      const [kind, title, component, tag] = TITLES[n];
      const doneDay = Math.min(weekStart + int(0, 6) * DAY, startOfToday);
      const done = workTime(doneDay);
      const cycle = cycleDays();
      const started = workTime(doneDay - cycle * DAY);
      const ready = workTime(started.getTime() - int(1, 12) * DAY);
      const created = workTime(ready.getTime() - int(0, 25) * DAY);
      const h: StatusChange[] = [
        { from: null, to: 'backlog', at: created.toISOString() },
        { from: 'backlog', to: 'ready', at: ready.toISOString() },
        { from: 'ready', to: 'in_progress', at: started.toISOString() },
      ];
      if (cycle >= 2 && rnd() < 0.6) {
        const review = new Date(done.getTime() - int(3, 30) * 3_600_000);
        h.push({ from: 'in_progress', to: 'review', at: (review > started ? review : done).toISOString() });
        h.push({ from: 'review', to: 'done', at: done.toISOString() });
      } else h.push({ from: 'in_progress', to: 'done', at: done.toISOString() });
      plans.push({ kind, title, component, tag, history: inOrder(h) });
    }
  });

  // Open items: created over the last four months; those in progress started a few days ago.
  OPEN_STATUSES.forEach((status) => {
    const [kind, title, component, tag] = TITLES[n++];
    const created = workTime(startOfToday - int(3, 120) * DAY);
    const h: StatusChange[] = [{ from: null, to: 'backlog', at: created.toISOString() }];
    if (status !== 'backlog') {
      const ready = workTime(Math.max(created.getTime() + DAY, startOfToday - int(4, 30) * DAY));
      h.push({ from: 'backlog', to: 'ready', at: ready.toISOString() });
      if (status === 'in_progress' || status === 'review') {
        const started = workTime(Math.max(ready.getTime() + DAY, startOfToday - int(1, 9) * DAY));
        h.push({ from: 'ready', to: 'in_progress', at: started.toISOString() });
        if (status === 'review') h.push({ from: 'in_progress', to: 'review', at: workTime(Math.max(started.getTime(), startOfToday - DAY)).toISOString() });
      }
    }
    plans.push({ kind, title, component, tag, history: inOrder(h) });
  });

  // IDs in creation order, per type.
  const order = plans.map((_, i) => i).sort((a, b) => plans[a].history[0].at.localeCompare(plans[b].history[0].at) || a - b);
  const ids: string[] = new Array<string>(plans.length);
  const counters = new Map<string, number>();
  for (const i of order) {
    const next = (counters.get(plans[i].kind) ?? 0) + 1;
    counters.set(plans[i].kind, next);
    ids[i] = `${plans[i].kind}-${String(next).padStart(3, '0')}`;
  }
  const idOf = (title: string) => ids[TITLES.findIndex((t) => t[1] === title)];

  const priorities: (Priority | null)[] = ['high', 'medium', 'medium', 'low', 'low', null];
  const efforts: (Effort | null)[] = ['XS', 'S', 'S', 'M', 'M', 'M', 'L', 'XL', null];
  const severities: Severity[] = ['P1', 'P2', 'P2', 'P3', 'P3', 'P4'];
  const items: PortableItem[] = plans.map((p, i) => {
    const last = p.history[p.history.length - 1];
    const isDone = last.to === 'done';
    const criteria = Array.from({ length: int(p.kind === 'IDEA' ? 0 : 1, 3) }, () => pick(CRITERIA))
      .filter((t, j, all) => all.indexOf(t) === j)
      .map((text) => ({ text, checked: isDone || rnd() < 0.3 }));
    const tags = [p.tag, ...(rnd() < 0.35 ? [pick(['customer', 'quick-win', 'v1.0', 'tech'])] : [])].filter((t, j, all) => all.indexOf(t) === j);
    return {
      ...emptyFields(),
      id: ids[i],
      type: p.kind,
      title: p.title,
      status: last.to,
      priority: p.kind === 'IDEA' ? null : pick(priorities),
      severity: p.kind === 'BUG' ? pick(severities) : null,
      effort: p.kind === 'IDEA' ? null : pick(efforts),
      component: p.component,
      tags,
      description: `${p.title}.\n\nPart of the **${p.component}** work.`,
      userStory: p.kind === 'FEAT' ? `As a Flowcast user, I want ${p.title.charAt(0).toLowerCase()}${p.title.slice(1)}, so that my backlog work is faster.` : '',
      criteria,
      rank: '',
      createdAt: p.history[0].at,
      updatedAt: last.at,
      // The three oldest finished items are archived (finished work that was tidied away).
      external: null,
      archivedAt: isDone && i < 3 ? new Date(Date.parse(last.at) + 7 * DAY).toISOString() : null,
      relations: [],
      history: p.history,
    };
  });
  const relate = (from: string, kind: 'blocks' | 'relates', to: string) => items.find((x) => x.id === idOf(from))!.relations.push({ kind, to: idOf(to) });
  relate('Design the forecast data model', 'blocks', 'Monte Carlo forecast engine');
  relate('Monte Carlo forecast engine', 'blocks', 'Forecast: when will the 20 remaining items be done?');
  relate('Monte Carlo forecast engine', 'blocks', 'Cumulative flow diagram');
  relate('Threat model review before 1.0', 'blocks', 'Sync with Azure DevOps work items');
  relate('Weekly digest of finished work', 'relates', 'Cumulative flow diagram');
  relate('Search result count says "1 results"', 'relates', 'Full-text search with field filters');
  relate('Drag handle is too small on touch screens', 'relates', 'Accessibility pass with a screen reader');
  // Target dates on a few open items (days from today): some comfortably met, some at risk.
  const target = (title: string, days: number) => (items.find((x) => x.id === idOf(title))!.targetDate = new Date(startOfToday + days * DAY).toISOString().slice(0, 10));
  target('Export drops line breaks in descriptions', 14);
  target('Design the forecast data model', 7);
  target('Monte Carlo forecast engine', 10);
  target('Sync with Azure DevOps work items', 21);
  target('Threat model review before 1.0', 120);
  return items;
}

/** Creates a demo backlog when the workspace has none (used by `npm start`). Returns true if it did. */
export async function seedDemoIfEmpty(service: BacklogService, name: string, today: Date = new Date()): Promise<boolean> {
  if ((await service.listBacklogs()).length) return false;
  const b = await service.createBacklog(name);
  // Straight to the repository's import (one change, all or nothing, histories checked there):
  // these items are ours, and the public API's import takes no history.
  await service.workflow((repo) => repo.importItems(buildDemoItems(today), []), b.id);
  await service.flush();
  return true;
}
