// Trial-level view-models of the forecast panel: the CSV of every trial of the run on screen (How
// Many: items done, with the project / BAU split when a share is set; When: the completion date or
// the not-within-horizon marker) and the stacked project / BAU exact-probability histogram.
import { isoOf } from '../calendar';
import { csvField } from './exports';

/** What one run's trials were: How Many item totals, or When completion days (epoch days; -1 = not within the horizon). */
export type TrialResults =
  | { mode: 'howMany'; items: readonly number[]; bau?: readonly number[] }
  | { mode: 'when'; finishDays: readonly number[] };

/** CSV of the trials, one row each, numbered from 1 in the engine's order (same seed, same rows). */
export function trialsCsv(t: TrialResults): string {
  const lines: string[] = [];
  if (t.mode === 'howMany') {
    const bau = t.bau;
    lines.push(bau ? 'trial,projectItems,bauItems,totalItems' : 'trial,items');
    t.items.forEach((v, i) => lines.push(bau ? `${i + 1},${v},${bau[i]},${v + bau[i]}` : `${i + 1},${v}`));
  } else {
    lines.push('trial,completionDate,notWithinHorizon');
    t.finishDays.forEach((d, i) => lines.push(d < 0 ? `${i + 1},,true` : `${i + 1},${csvField(isoOf(d))},false`));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface StackedBar {
  value: number;
  /** Share of trials in which the project finishes exactly `value` items. */
  project: number;
  /** Share of trials in which business as usual takes exactly `value` items. */
  bau: number;
}

/** Exact-probability histograms of the project's and BAU's items per trial on one axis (values some trial reached). */
export function stackedHistogram(project: ArrayLike<number>, bau: ArrayLike<number>): StackedBar[] {
  const n = project.length;
  if (!n || bau.length !== n) return [];
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, project[i], bau[i]);
  const p = new Int32Array(max + 1);
  const b = new Int32Array(max + 1);
  for (let i = 0; i < n; i++) {
    p[project[i]]++;
    b[bau[i]]++;
  }
  const out: StackedBar[] = [];
  for (let v = 0; v <= max; v++) if (p[v] || b[v]) out.push({ value: v, project: p[v] / n, bau: b[v] / n });
  return out;
}
