// Export files of the forecast panel, built from the same view-models the panel draws: the JSON
// summary, the CSV of per-item dates and the SVG of the calendar heatmap (all outside text escaped).
import type { CalendarHeatmap } from './calendarHeatmap';
import type { CalendarBand } from './likelihood';
import type { PerItemRow } from './perItemRows';

export interface ForecastSummary {
  format: 'flowcast-forecast-summary';
  version: 1;
  generatedAt: string;
  engineVersion: string;
  seed: number;
  trials: number;
  mode: 'howMany' | 'when' | 'perItem';
  inputs: unknown;
  history: unknown;
  percentiles: { p: number; value?: number; date?: string | null }[];
  /** Share of trials not done within the horizon (When and backlog order); null for How Many. */
  notWithinHorizon: number | null;
  sentences: string[];
}

/** The JSON summary file (stable key order, two-space indent, final newline). */
export function summaryJson(s: Omit<ForecastSummary, 'format' | 'version'>): string {
  const out: ForecastSummary = { format: 'flowcast-forecast-summary', version: 1, ...s };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** One CSV field: quoted when needed; a leading = + - @ (spreadsheet formula) is neutralised with '. */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of the backlog-order table (as shown: rank, id, title, blocked, P50, P85, P95, not-within-horizon share). */
export function perItemCsv(rows: readonly PerItemRow[]): string {
  const lines = [['rank', 'id', 'title', 'blocked', 'p50', 'p85', 'p95', 'notWithinHorizon'].join(',')];
  for (const r of rows) lines.push([r.rank, r.id, r.title, r.blocked, r.p50, r.p85, r.p95, Number(r.notWithinHorizon.toFixed(4))].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string).replace(/[^\t\n\r\u0020-\uffff]/g, '');
}

/** Fixed band colours of the exported file (readable on white; the panel uses the theme's). */
export const SVG_BAND_COLORS: Readonly<Record<CalendarBand, string>> = { below50: '#bdbdbd', from50: '#e5534b', from70: '#e0a526', from85: '#a8d69a', from95: '#3fa34d' };

export interface CalendarSvgLabels {
  title: string;
  /** Monday first. */
  weekdays: readonly string[];
  /** "March 2027" for a month key "2027-03". */
  month: (key: string) => string;
  /** A probability as shown in a cell (">95%", "42%"). */
  probability: (p: number) => string;
  /** The not-within-horizon line, already worded. */
  footer: string;
}

const CELL = 44;
const COLS = 3;

/** At most `max` characters of a label, with an ellipsis when cut. */
function shortLabel(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The calendar heatmap as a standalone SVG document (sprint names, when there are some, on their first days). */
export function calendarSvg(h: CalendarHeatmap, t: CalendarSvgLabels): string {
  const monthW = CELL * 7 + 16;
  const monthH = 40 + CELL * 6 + 8;
  const rows = Math.ceil(h.months.length / COLS);
  const width = monthW * Math.min(COLS, h.months.length) + 16;
  const height = 40 + rows * monthH + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="11">`,
    `<title>${escapeXml(t.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600" fill="#222222">${escapeXml(t.title)}</text>`,
  ];
  h.months.forEach((m, i) => {
    const x0 = 16 + (i % COLS) * monthW;
    const y0 = 40 + Math.floor(i / COLS) * monthH;
    out.push(`<g transform="translate(${x0},${y0})" data-month="${m.key}">`, `<text x="0" y="14" font-size="13" font-weight="600" fill="#222222">${escapeXml(t.month(m.key))}</text>`);
    t.weekdays.forEach((w, k) => out.push(`<text x="${k * CELL + CELL / 2}" y="32" text-anchor="middle" fill="#666666">${escapeXml(w)}</text>`));
    m.weeks.forEach((week, r) =>
      week.forEach((c, k) => {
        if (!c) return;
        const x = k * CELL;
        const y = 38 + r * CELL;
        const fill = c.band ? SVG_BAND_COLORS[c.band] : '#f3f3f3';
        const opacity = c.working ? 1 : 0.4;
        const label = c.probability === null ? '' : t.probability(c.probability);
        out.push(
          `<g data-date="${c.date}"${c.sprint !== undefined ? ` data-sprint="${escapeXml(c.sprint)}"` : ''}><rect x="${x + 1}" y="${y + 1}" width="${CELL - 2}" height="${CELL - 2}" rx="3" fill="${fill}" fill-opacity="${opacity}"/>`,
          c.sprint !== undefined ? `<title>${escapeXml(c.sprint)}</title><rect x="${x + 1}" y="${y + 1}" width="${CELL - 2}" height="3" fill="${c.sprintParity ? '#5a5a5a' : '#9a9a9a'}"/>` : '',
          c.sprintStart && c.sprint !== undefined ? `<text x="${x + 4}" y="${y + 25}" font-size="8" fill="#333333">${escapeXml(shortLabel(c.sprint, 9))}</text>` : '',
          `<text x="${x + 4}" y="${y + 13}" fill="#333333">${c.day}</text>`,
          label ? `<text x="${x + CELL - 4}" y="${y + CELL - 6}" text-anchor="end" font-weight="600" fill="#111111">${escapeXml(label)}</text></g>` : '</g>',
        );
      }),
    );
    out.push('</g>');
  });
  out.push(`<text x="16" y="${height - 14}" fill="#444444">${escapeXml(t.footer)}</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}
