// Flow metrics from one extraction (pure): throughput per day and ISO week, cycle time per done
// item (ActionableAgile: done day - start day + 1 calendar days; items done without an
// in-progress entry have no cycle time and are counted in `doneWithoutStart`), work item age,
// daily counts per status (cumulative flow, every status), XmR limits of weekly throughput,
// predictability (P95 / P50 of a 30-day How Many) and data warnings.
import { compileCalendar, dayOf, isoOf, type CompiledCalendar, type TeamCalendar } from './calendar';
import type { BacklogExtraction } from './extract';
import { howMany } from './forecast';
import type { DailyHistory } from './history';
import { weeklyTotals } from './history';
import type { ForecastSource } from './sources';

export interface XmrResult {
  mean: number;
  mrBar: number;
  unpl: number;
  lnpl: number;
  /** Points outside the limits, and runs of 8 consecutive points on one side of the mean. */
  signals: { index: number; kind: 'above' | 'below' | 'runAbove' | 'runBelow' }[];
}

/** XmR (process behaviour) limits: UNPL = mean + 2.66 mR-bar, LNPL = max(0, mean - 2.66 mR-bar). */
export function xmr(values: readonly number[]): XmrResult {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : 0;
  let mr = 0;
  for (let i = 1; i < n; i++) mr += Math.abs(values[i] - values[i - 1]);
  const mrBar = n > 1 ? mr / (n - 1) : 0;
  const unpl = mean + 2.66 * mrBar;
  const lnpl = Math.max(0, mean - 2.66 * mrBar);
  const signals: XmrResult['signals'] = [];
  values.forEach((v, i) => {
    if (v > unpl) signals.push({ index: i, kind: 'above' });
    else if (v < lnpl) signals.push({ index: i, kind: 'below' });
  });
  let run = 0;
  let side = 0;
  values.forEach((v, i) => {
    const s = v > mean ? 1 : v < mean ? -1 : 0;
    run = s !== 0 && s === side ? run + 1 : s !== 0 ? 1 : 0;
    side = s;
    if (run === 8) signals.push({ index: i, kind: s > 0 ? 'runAbove' : 'runBelow' });
  });
  return { mean, mrBar, unpl, lnpl, signals };
}

export type Predictability = { score: number; label: 'decent' | 'watch' | 'act'; p50: number; p95: number } | { score: null; reason: string };

/** P95 / P50 of a 30-day How Many from `start`: above 60% decent, below 40% act. */
export function predictability(source: ForecastSource, start: string, seed: number, calendar?: TeamCalendar | CompiledCalendar): Predictability {
  const target = isoOf(dayOf(start) + 29);
  const r = howMany(source, { start, targetDate: target, seed, trials: 10_000, calendar });
  if (r.kind !== 'ok') return { score: null, reason: r.reason };
  const p50 = r.percentiles[0].value;
  const p95 = r.percentiles[3].value;
  if (!p50) return { score: null, reason: 'zero throughput' };
  const score = p95 / p50;
  return { score, label: score > 0.6 ? 'decent' : score < 0.4 ? 'act' : 'watch', p50, p95 };
}

export type DataWarning = { kind: 'shortHistory'; days: number } | { kind: 'longZeroRun'; days: number; from: string | null } | { kind: 'halvesDiffer'; firstMean: number; secondMean: number };

/** Warnings about a history: fewer than 30 days, 10+ working days in a row without a completion, halves differing by more than 1.5x. */
export function dataWarnings(h: DailyHistory): DataWarning[] {
  const out: DataWarning[] = [];
  const s = h.samples;
  if (s.length < 30) out.push({ kind: 'shortHistory', days: s.length });
  let run = 0;
  let best = 0;
  let bestEnd = -1;
  for (let i = 0; i < s.length; i++) {
    run = s[i] === 0 ? run + 1 : 0;
    if (run > best) {
      best = run;
      bestEnd = i;
    }
  }
  if (best >= 10) out.push({ kind: 'longZeroRun', days: best, from: h.days.length ? isoOf(h.days[bestEnd - best + 1]) : null });
  if (s.length >= 20) {
    const half = Math.floor(s.length / 2);
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / (a.length || 1);
    const a = mean(s.subarray(0, half));
    const b = mean(s.subarray(half));
    if ((a > 0 || b > 0) && Math.max(a, b) > 1.5 * Math.min(a, b)) out.push({ kind: 'halvesDiffer', firstMean: a, secondMean: b });
  }
  return out;
}

export interface FlowMetrics {
  from: string;
  to: string;
  throughputDaily: { date: string; count: number }[];
  throughputWeekly: { weekStart: string; count: number }[];
  cycleTimes: { id: string; start: string; done: string; days: number }[];
  cycleTimePercentiles: { p: number; days: number }[];
  doneWithoutStart: number;
  age: { id: string; status: string; start: string; days: number }[];
  /** counts[k][s] = items in statuses[s] at the end of day k (every status, board order). */
  cfd: { statuses: string[]; days: string[]; counts: number[][] };
  xmr: XmrResult;
}

function nearestRank(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** Flow metrics over [from, to] (default: the 90 days up to `today`). Needs an extraction with transitions for the CFD. */
export function flowMetrics(x: BacklogExtraction, o: { today: string; from?: string; calendar?: TeamCalendar | CompiledCalendar }): FlowMetrics {
  const cal = compileCalendar(o.calendar);
  const to = dayOf(o.today, 'today');
  const from = o.from ? dayOf(o.from, 'from') : to - 89;
  const n = x.ids.length;
  const doneDay = new Float64Array(n).fill(NaN);
  const startDay = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(x.doneMs[i])) doneDay[i] = cal.dayOfInstant(x.doneMs[i]);
    if (!Number.isNaN(x.startMs[i])) startDay[i] = cal.dayOfInstant(x.startMs[i]);
  }
  const span = Math.max(0, to - from + 1);
  const daily = new Array<number>(span).fill(0);
  const doneDays: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = doneDay[i];
    if (d >= from && d <= to) {
      daily[d - from]++;
      doneDays.push(d);
    }
  }
  const cycleTimes: FlowMetrics['cycleTimes'] = [];
  let doneWithoutStart = 0;
  for (let i = 0; i < n; i++) {
    const d = doneDay[i];
    if (!(d >= from && d <= to)) continue;
    if (Number.isNaN(startDay[i])) doneWithoutStart++;
    else cycleTimes.push({ id: x.ids[i], start: isoOf(startDay[i]), done: isoOf(d), days: d - startDay[i] + 1 });
  }
  const sortedCt = cycleTimes.map((c) => c.days).sort((a, b) => a - b);
  const category = new Map(x.statuses.map((s) => [s.key, s.category]));
  const age: FlowMetrics['age'] = [];
  for (let i = 0; i < n; i++) {
    if (x.archived[i] || category.get(x.status[i]) !== 'in_progress' || Number.isNaN(startDay[i])) continue;
    age.push({ id: x.ids[i], status: x.status[i], start: isoOf(startDay[i]), days: to - startDay[i] + 1 });
  }
  age.sort((a, b) => b.days - a.days);
  const weekly = weeklyTotals(doneDays, undefined, from, to);
  return {
    from: isoOf(from),
    to: isoOf(to),
    throughputDaily: daily.map((c, k) => ({ date: isoOf(from + k), count: c })),
    throughputWeekly: weekly.map((w) => ({ weekStart: isoOf(w.weekStart), count: w.units })),
    cycleTimes,
    cycleTimePercentiles: [0.5, 0.7, 0.85, 0.95].map((p) => ({ p, days: nearestRank(sortedCt, p) })),
    doneWithoutStart,
    age,
    cfd: cumulativeFlow(x, cal, from, to),
    xmr: xmr(weekly.map((w) => w.units)),
  };
}

/** Items per status at the end of each day in [from, to], from the status transitions (every status). */
export function cumulativeFlow(x: BacklogExtraction, cal: CompiledCalendar, from: number, to: number): FlowMetrics['cfd'] {
  const keys = x.statuses.map((s) => s.key);
  const tr = x.transitions;
  const extra = new Set<string>();
  if (tr) for (const s of tr.status) if (!keys.includes(s)) extra.add(s);
  const statuses = [...keys, ...[...extra].sort()];
  const col = new Map(statuses.map((s, i) => [s, i]));
  const span = Math.max(0, to - from + 1);
  const counts: number[][] = [];
  const days: string[] = [];
  if (!tr) return { statuses, days, counts };
  const current = new Int32Array(x.ids.length).fill(-1);
  const live = new Array<number>(statuses.length).fill(0);
  let k = 0;
  const m = tr.item.length;
  for (let d = from; d < from + span; d++) {
    while (k < m && cal.dayOfInstant(tr.ms[k]) <= d) {
      const i = tr.item[k];
      if (current[i] >= 0) live[current[i]]--;
      current[i] = col.get(tr.status[k]) ?? -1;
      if (current[i] >= 0) live[current[i]]++;
      k++;
    }
    days.push(isoOf(d));
    counts.push([...live]);
  }
  return { statuses, days, counts };
}
