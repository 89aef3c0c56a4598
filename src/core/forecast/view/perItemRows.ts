// Rows of the backlog-order table (every open item in rank order with its P50 / P85 / P95 dates,
// blocked items marked) and the bars of its simple timeline (P50 to P95, a tick at P85).
import { dayOf } from '../calendar';

export interface PerItemRow {
  rank: number;
  id: string;
  title: string;
  blocked: boolean;
  p50: string | null;
  p85: string | null;
  p95: string | null;
  /** Share of trials in which the item is not done within the horizon. */
  notWithinHorizon: number;
}

export function perItemRows(items: readonly { id: string; title: string; blocked?: boolean; percentiles: readonly { p: number; date: string | null }[]; notWithinHorizon: number }[]): PerItemRow[] {
  const at = (qs: readonly { p: number; date: string | null }[], p: number) => qs.find((q) => Math.abs(q.p - p) < 1e-9)?.date ?? null;
  return items.map((it, i) => ({
    rank: i + 1,
    id: it.id,
    title: it.title,
    blocked: !!it.blocked,
    p50: at(it.percentiles, 0.5),
    p85: at(it.percentiles, 0.85),
    p95: at(it.percentiles, 0.95),
    notWithinHorizon: it.notWithinHorizon,
  }));
}

export interface TimelineBar {
  id: string;
  /** Calendar days from the start to P50, P85, P95 (null: not within the horizon). */
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

/** Timeline bars relative to `start`, and the span (days) the axis needs. */
export function timelineBars(rows: readonly PerItemRow[], start: string): { span: number; bars: TimelineBar[] } {
  const s = dayOf(start, 'start');
  const off = (d: string | null) => (d ? dayOf(d) - s : null);
  let span = 1;
  const bars = rows.map((r) => {
    const b = { id: r.id, p50: off(r.p50), p85: off(r.p85), p95: off(r.p95) };
    for (const v of [b.p50, b.p85, b.p95]) if (v !== null && v + 1 > span) span = v + 1;
    return b;
  });
  return { span, bars };
}
