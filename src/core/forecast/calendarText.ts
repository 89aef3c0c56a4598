// The team calendar as short text a user types in an input box, and back:
// days off "2026-12-24..2026-12-26, 2027-01-01"; capacity "2027-01-04..2027-01-08=0.5, 2027-02-01=0.8".
// Pure; errors are typed and name the field and the bad part.
import { FlowcastError } from '../util/errors';
import { dayOf, isoOf, type TeamCalendar } from './calendar';

function parts(text: string): string[] {
  return text.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean);
}

function range(part: string, field: string): { from: string; to?: string } {
  const [a, b, extra] = part.split('..').map((s) => s.trim());
  if (extra !== undefined) throw new FlowcastError('invalid_input', `${field}: "${part.slice(0, 40)}" is not a date or a range like 2026-12-24..2026-12-26`, { field });
  dayOf(a, field);
  if (b === undefined) return { from: a };
  if (dayOf(b, field) < dayOf(a, field)) throw new FlowcastError('invalid_input', `${field}: "${part.slice(0, 40)}" ends before it starts`, { field });
  return { from: a, to: b };
}

export function parseDaysOff(text: string): { from: string; to?: string }[] {
  return parts(text).map((p) => range(p, 'daysOff'));
}

export function formatDaysOff(daysOff: TeamCalendar['daysOff']): string {
  return (daysOff ?? []).map((r) => (r.to && r.to !== r.from ? `${r.from}..${r.to}` : r.from)).join(', ');
}

/** Capacity ratios by date ("range=ratio"), expanded to one entry per calendar day. */
export function parseCapacity(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts(text)) {
    const [r, v] = p.split('=').map((s) => s.trim());
    const ratio = v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!(ratio >= 0 && ratio <= 10)) throw new FlowcastError('invalid_input', `capacity: "${p.slice(0, 40)}" needs a ratio from 0 to 10 after "=" (1 = full capacity)`, { field: 'capacity' });
    const { from, to } = range(r, 'capacity');
    const a = dayOf(from);
    const b = to ? dayOf(to) : a;
    if (b - a > 3660) throw new FlowcastError('invalid_input', `capacity: "${p.slice(0, 40)}" spans more than 10 years`, { field: 'capacity' });
    for (let d = a; d <= b; d++) out[isoOf(d)] = ratio;
  }
  return out;
}

/** Consecutive days with the same ratio, back to "range=ratio" text. */
export function formatCapacity(capacity: TeamCalendar['capacity']): string {
  const days = Object.keys(capacity ?? {}).sort();
  const out: string[] = [];
  let i = 0;
  while (i < days.length) {
    const r = capacity![days[i]];
    let j = i;
    while (j + 1 < days.length && dayOf(days[j + 1]) === dayOf(days[j]) + 1 && capacity![days[j + 1]] === r) j++;
    out.push(`${j > i ? `${days[i]}..${days[j]}` : days[i]}=${r}`);
    i = j + 1;
  }
  return out.join(', ');
}
