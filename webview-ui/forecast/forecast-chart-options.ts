// chart.js option builders for the Forecast charts: themed axes, tooltips, a date axis over epoch
// days (real dates as ticks, gaps for weekends kept), and percentile marker datasets.
import type { ChartDataset, ChartOptions } from 'chart.js';
import { dayOf, isoOf } from '../../src/core/forecast/view';
import type { ForecastTheme } from './forecast-theme';
import { shortDate } from './forecast-text';

export const epochDay = (iso: string): number => dayOf(iso);
export const isoDay = (d: number): string => isoOf(Math.round(d));

type Axis = NonNullable<ChartOptions<'line'>['scales']>[string];

export function axis(th: ForecastTheme, o: { title?: string; date?: boolean; percent?: boolean; min?: number; max?: number; stacked?: boolean; integer?: boolean } = {}): Axis {
  const font = { family: th.font, size: 11 };
  return {
    type: 'linear',
    min: o.min,
    max: o.max,
    stacked: o.stacked,
    grid: { color: th.grid, lineWidth: th.contrast ? 1 : 0.5 },
    border: { color: th.grid },
    title: o.title ? { display: true, text: o.title, color: th.muted, font } : { display: false },
    ticks: {
      color: th.muted,
      font,
      precision: o.integer || o.date ? 0 : undefined,
      callback: o.date ? (v: number | string) => shortDate(isoDay(Number(v))) : o.percent ? (v: number | string) => `${v}%` : undefined,
    },
  };
}

/** Options every Forecast chart shares (legend shown only when asked). */
export function baseOptions(th: ForecastTheme, o: { legend?: boolean; tooltipTitle?: (x: number) => string } = {}): ChartOptions {
  const font = { family: th.font, size: 12 };
  return {
    color: th.fg,
    font,
    interaction: { mode: 'nearest', intersect: false },
    plugins: {
      legend: { display: !!o.legend, labels: { color: th.fg, font, boxWidth: 12 } },
      tooltip: {
        backgroundColor: th.hoverBg,
        titleColor: th.hoverFg,
        bodyColor: th.hoverFg,
        borderColor: th.grid,
        borderWidth: 1,
        titleFont: font,
        bodyFont: font,
        callbacks: o.tooltipTitle ? { title: (items) => (items[0] ? o.tooltipTitle!(items[0].parsed.x ?? 0) : '') } : {},
      },
    },
  };
}

/** Percentile markers (50/70/85/95) as a scatter dataset drawn over a curve. */
export function markerDataset(th: ForecastTheme, label: string, points: { x: number; y: number }[]): ChartDataset<'scatter', { x: number; y: number }[]> {
  return {
    type: 'scatter',
    label,
    data: points,
    pointRadius: 6,
    pointHoverRadius: 8,
    pointStyle: 'rectRot',
    backgroundColor: th.orange,
    borderColor: th.fg,
    borderWidth: 1,
  };
}

/** A horizontal line across [x0, x1] at y (percentile lines, XmR limits). */
export function hLine(label: string, colour: string, x0: number, x1: number, y: number, dash: number[] = [4, 4]): ChartDataset<'line', { x: number; y: number }[]> {
  return { type: 'line', label, data: [{ x: x0, y }, { x: x1, y }], borderColor: colour, borderDash: dash, borderWidth: 1.5, pointRadius: 0, fill: false };
}
