// "Why did my date move": attributes the change of an item's P85 date between two forecasts to
// scope (items added or removed), order (items moved), throughput (history, and the later start
// that comes with new history days) and calendar (days off, capacity). Each factor is measured by
// re-running the OLD forecast with only that factor taken from the NEW one (same seed, common
// random numbers, so the difference is exact, never noise); `interaction` is what is left so the
// parts add up to the total change.
import { FlowcastError } from '../util/errors';
import { compileCalendar, dayOf, type TeamCalendar } from './calendar';
import { HORIZON_FORECAST_DAYS } from './forecast';
import { perItemPercentiles, simulatePerItem } from './perItem';
import { hashString } from './prng';
import { formatDate, type Locale } from './sentences';

export interface AttributionSide {
  start: string;
  /** Daily throughput samples (units per working day) of that forecast's history. */
  samples: readonly number[];
  calendar?: TeamCalendar;
  items: readonly { id: string; weight?: number; blockedBy?: readonly string[] }[];
}

export const FACTORS = ['scope', 'order', 'throughput', 'calendar'] as const;
export type Factor = (typeof FACTORS)[number];

export interface Attribution {
  targetId: string;
  oldDate: string | null;
  newDate: string | null;
  /** Calendar days the P85 date moved (positive = later); null when a date is beyond the horizon. */
  totalDays: number | null;
  factors: { factor: Factor | 'interaction'; days: number | null }[];
}

type Items = AttributionSide['items'];

/** Old order and items, with removed items dropped and added ones inserted where the new list has them relative to the target. */
function scopeOnly(oldItems: Items, newItems: Items, target: string): Items {
  const inNew = new Set(newItems.map((i) => i.id));
  const inOld = new Set(oldItems.map((i) => i.id));
  const tNew = newItems.findIndex((i) => i.id === target);
  const addedAhead = newItems.filter((it, k) => !inOld.has(it.id) && k < tNew);
  const addedBehind = newItems.filter((it, k) => !inOld.has(it.id) && k > tNew);
  const out: Items[number][] = [];
  for (const it of oldItems) {
    if (!inNew.has(it.id)) continue;
    if (it.id === target) out.push(...addedAhead, it);
    else out.push(it);
  }
  return [...out, ...addedBehind];
}

/** Old items in their old slots, but the items common to both lists in the new relative order. */
function orderOnly(oldItems: Items, newItems: Items): Items {
  const inOld = new Set(oldItems.map((i) => i.id));
  const inNew = new Set(newItems.map((i) => i.id));
  const common = newItems.filter((i) => inOld.has(i.id));
  const oldById = new Map(oldItems.map((i) => [i.id, i]));
  let k = 0;
  return oldItems.map((it) => (inNew.has(it.id) ? oldById.get(common[k++].id)! : it));
}

function p85(side: AttributionSide, target: string, seed: number, trials: number, parallel: number): number | null {
  const idx = side.items.findIndex((i) => i.id === target);
  if (idx < 0) throw new FlowcastError('invalid_input', `targetId: "${target.slice(0, 40)}" is not in the list`, { field: 'targetId' });
  const cal = compileCalendar(side.calendar);
  const fd = cal.forecastDays(dayOf(side.start, 'start'), HORIZON_FORECAST_DAYS);
  const index = new Map(side.items.map((it, i) => [it.id, i]));
  const r = simulatePerItem({
    samples: Float64Array.from(side.samples), ...fd, trials, seed, parallel,
    weights: Float64Array.from(side.items, (i) => i.weight ?? 1),
    keys: Int32Array.from(side.items, (i) => hashString(i.id) | 0),
    blockedBy: side.items.map((i) => (i.blockedBy ?? []).map((b) => index.get(b)).filter((b): b is number => b !== undefined)),
  });
  const d = perItemPercentiles(r, side.items.length, trials, [0.85]).index[0][idx];
  return d < 0 ? null : fd.days[d];
}

/** Attributes the move of `targetId`'s P85 date from `before` to `after`. */
export function attributeDateChange(before: AttributionSide, after: AttributionSide, targetId: string, o: { seed: number; trials?: number; parallel?: number }): Attribution {
  const trials = o.trials ?? 10_000;
  const k = o.parallel ?? 1;
  const run = (s: AttributionSide) => p85(s, targetId, o.seed, trials, k);
  if (!after.items.some((i) => i.id === targetId)) throw new FlowcastError('invalid_input', `targetId: "${targetId.slice(0, 40)}" is not in the new list`, { field: 'targetId' });
  const base = run(before);
  const last = run(after);
  const variants: Record<Factor, AttributionSide> = {
    scope: { ...before, items: scopeOnly(before.items, after.items, targetId) },
    order: { ...before, items: orderOnly(before.items, after.items) },
    throughput: { ...before, samples: after.samples, start: after.start },
    calendar: { ...before, calendar: after.calendar },
  };
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const factors: Attribution['factors'] = FACTORS.map((f) => ({ factor: f, days: diff(base, run(variants[f])) }));
  const total = diff(base, last);
  const known = factors.every((f) => f.days !== null);
  factors.push({ factor: 'interaction', days: total !== null && known ? total - factors.reduce((a, f) => a + (f.days ?? 0), 0) : null });
  const iso = (d: number | null) => (d === null ? null : new Date(d * 86_400_000).toISOString().slice(0, 10));
  return { targetId, oldDate: iso(base), newDate: iso(last), totalDays: total, factors };
}

const WORDS: Record<Locale, Record<Factor | 'interaction', string>> = {
  en: { scope: 'items added or removed ahead of it', order: 'items moved ahead of or behind it', throughput: 'the newer throughput history', calendar: 'calendar changes (days off, capacity)', interaction: 'these changes combined' },
  fr: { scope: 'des éléments ajoutés ou retirés devant lui', order: 'des éléments déplacés devant ou derrière lui', throughput: 'l’historique de débit plus récent', calendar: 'le calendrier (jours off, capacité)', interaction: 'la combinaison de ces changements' },
};

/** One sentence per factor that moved the date, e.g. "4 days later: items added or removed ahead of it". */
export function attributionSentences(a: Attribution, locale: Locale = 'en'): string[] {
  const fr = locale === 'fr';
  const head = a.oldDate && a.newDate ? (fr ? `Date P85 de ${a.targetId}\u00a0: ${formatDate(a.oldDate, locale)} → ${formatDate(a.newDate, locale)}` : `P85 date of ${a.targetId}: ${formatDate(a.oldDate, locale)} → ${formatDate(a.newDate, locale)}`) : fr ? `Date P85 de ${a.targetId}\u00a0: hors horizon d'un côté` : `P85 date of ${a.targetId}: beyond the horizon on one side`;
  const lines = [head];
  for (const f of a.factors) {
    if (!f.days) continue;
    const n = Math.abs(f.days);
    const dir = fr ? `${n} jour${n > 1 ? 's' : ''} ${f.days > 0 ? 'plus tard' : 'plus tôt'}` : `${n} day${n > 1 ? 's' : ''} ${f.days > 0 ? 'later' : 'earlier'}`;
    lines.push(`${dir}${fr ? '\u00a0:' : ':'} ${WORDS[locale][f.factor]}`);
  }
  return lines;
}
