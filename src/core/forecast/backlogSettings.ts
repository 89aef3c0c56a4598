// Per-backlog forecast settings: the team calendar and the default seed, kept as JSON in the
// backlog's `meta` table (outside undo: changing the calendar is not an item edit). Pure.
import type { BacklogRepository } from '../backlog/repository';
import { FlowcastError } from '../util/errors';
import { compileCalendar, type TeamCalendar } from './calendar';
import { defaultSeed } from './prng';

const CALENDAR_KEY = 'forecast.calendar';
const SEED_KEY = 'forecast.seed';

type Repo = Pick<BacklogRepository, 'db'>;

function readMeta(repo: Repo, key: string): string | undefined {
  const r = repo.db.connection.exec('SELECT value FROM meta WHERE key = ?', [key]);
  const v = r[0]?.values[0]?.[0];
  return typeof v === 'string' ? v : undefined;
}

function writeMeta(repo: Repo, key: string, value: string | undefined): void {
  repo.db.write((c) => {
    if (value === undefined) c.run('DELETE FROM meta WHERE key = ?', [key]);
    else c.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
  });
}

/** The team calendar of a backlog (Monday to Friday, no days off, UTC when never set). */
export function loadCalendar(repo: Repo): TeamCalendar {
  const raw = readMeta(repo, CALENDAR_KEY);
  if (!raw) return {};
  try {
    const cal = JSON.parse(raw) as TeamCalendar;
    compileCalendar(cal); // a stored calendar that no longer validates falls back to the default
    return cal;
  } catch {
    return {};
  }
}

/** Validates (typed error naming the field) and stores a team calendar; `undefined` resets it. */
export function saveCalendar(repo: Repo, cal: TeamCalendar | undefined): void {
  if (cal) compileCalendar(cal);
  writeMeta(repo, CALENDAR_KEY, cal ? JSON.stringify(cal) : undefined);
}

/** The backlog's forecast seed: the stored one, else derived from the backlog id (stable). */
export function loadSeed(repo: Repo, backlogId: string): number {
  const raw = readMeta(repo, SEED_KEY);
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : defaultSeed(backlogId);
}

export function saveSeed(repo: Repo, seed: number | undefined): void {
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff))
    throw new FlowcastError('invalid_input', 'seed: expected a whole number from 0 to 4294967295', { field: 'seed' });
  writeMeta(repo, SEED_KEY, seed === undefined ? undefined : String(seed));
}
