// What each dashboard chart shows: the backlog's numbers mapped to chart specs (labels, values and
// theme colours); the shared themed-chart helper turns them into chart.js charts.
import type { DashboardBucket, DashboardData } from '../../src/core/protocol/dashboard';
import type { ChartTheme } from '../shared/chart-theme';
import type { ChartSpec } from '../shared/themed-chart';
import type { DashboardText } from './dashboard-text';

const PRIORITY_COLORS: Record<string, keyof ChartTheme> = { high: 'red', medium: 'yellow', low: 'blue', none: 'muted' };
const EFFORT_COLORS: Record<string, keyof ChartTheme> = { XS: 'green', S: 'blue', M: 'purple', L: 'orange', XL: 'red', none: 'muted' };
const SERIES: (keyof ChartTheme)[] = ['blue', 'purple', 'yellow', 'orange', 'green', 'red'];

export function dashboardChartSpecs(d: DashboardData, th: ChartTheme, view: DashboardText): ChartSpec[] {
  const nonEmpty = (bs: DashboardBucket[]) => bs.filter((b) => b.count > 0);
  const status = nonEmpty(d.byStatus);
  const types = nonEmpty(d.byType);
  const dateFmt = new Intl.DateTimeFormat(view.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const longDate = new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const weekDate = (w: string) => new Date(`${w}T00:00:00Z`);
  const statusIndex = new Map(d.byStatus.map((b, i) => [b.key, i]));
  return [
    {
      id: 'status',
      kind: 'doughnut',
      labels: status.map((b) => view.label('status', b)),
      values: status.map((b) => b.count),
      colors: status.map((b) => th[SERIES[(statusIndex.get(b.key) ?? 0) % SERIES.length]]),
    },
    {
      id: 'type',
      kind: 'doughnut',
      labels: types.map((b) => view.label('type', b)),
      values: types.map((b) => b.count),
      colors: types.map((b, i) => b.color ?? th[SERIES[i % SERIES.length]]),
    },
    {
      id: 'priority',
      kind: 'bar',
      labels: d.byPriority.map((b) => view.label('priority', b)),
      values: d.byPriority.map((b) => b.count),
      colors: d.byPriority.map((b) => th[PRIORITY_COLORS[b.key] ?? 'blue']),
    },
    {
      id: 'effort',
      kind: 'bar',
      labels: d.byEffort.map((b) => view.label('effort', b)),
      values: d.byEffort.map((b) => b.count),
      colors: d.byEffort.map((b) => th[EFFORT_COLORS[b.key] ?? 'blue']),
    },
    {
      id: 'throughput',
      kind: 'bar',
      labels: d.throughput.map((w) => dateFmt.format(weekDate(w.weekStart))),
      titles: d.throughput.map((w) => view.t('weekOf', longDate.format(weekDate(w.weekStart)))),
      values: d.throughput.map((w) => w.done),
      colors: d.throughput.map(() => th.blue),
    },
    {
      id: 'cycle',
      kind: 'bar',
      labels: d.cycleTime.histogram.map((h) => h.bucket),
      values: d.cycleTime.histogram.map((h) => h.count),
      colors: d.cycleTime.histogram.map(() => th.purple),
      xTitle: view.t('days'),
    },
  ];
}
