// <fc-calendar>: the calendar heatmap of a When forecast as HTML tables: one Monday-first month
// grid per month, each day with its completion probability and colour band, weekends and days off
// dimmed, the sprint (named on its first day, a stripe telling neighbours apart) when the source
// has sprints, a legend and the not-within-horizon share. The tables are their own text alternative.
import { LitElement, html, css, nothing } from 'lit';
import { stylePropertyMap } from '@vscode-elements/elements/dist/includes/style-property-map.js';
import { BAND_FLOORS, CALENDAR_BANDS, type CalendarCell, type CalendarHeatmap } from '../../src/core/forecast/view';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { dateText, monthText, probText, t, weekdayNames } from './forecast-text';

export class CalendarHeatmapView extends LitElement {
  static override properties = { heatmap: { attribute: false } };
  declare heatmap: CalendarHeatmap | undefined;

  static override styles = [
    sharedStyles,
    forecastStyles,
    css`
      .months {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(290px, 1fr));
        gap: 12px;
      }
      table.month {
        border-collapse: separate;
        border-spacing: 2px;
        width: 100%;
        table-layout: fixed;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding-bottom: 4px;
      }
      th {
        font-weight: normal;
        font-size: 0.85em;
        color: var(--vscode-descriptionForeground);
      }
      td {
        height: 38px;
        vertical-align: top;
        padding: 2px 3px;
        border-radius: 3px;
        font-size: 0.8em;
        font-variant-numeric: tabular-nums;
        border: 1px solid transparent;
      }
      td .d {
        display: block;
        color: var(--vscode-descriptionForeground);
      }
      /* On a coloured day the number takes the band's text colour (readable on every band). */
      td[data-band] .d {
        color: inherit;
        opacity: 0.8;
      }
      td .p {
        display: block;
        text-align: right;
        font-weight: 600;
      }
      td.off {
        opacity: 0.45;
      }
      td[data-sprint] {
        border-top: 3px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, #888));
      }
      td[data-sprint-parity='1'] {
        border-top-color: var(--vscode-focusBorder);
      }
      td[data-sprint-start] {
        position: relative;
      }
      /* With sprints, a day has three lines: its number, the sprint's name, its probability. */
      table.sprints td {
        height: 48px;
      }
      table.sprints td .p {
        margin-top: 15px;
      }
      /* The sprint's name runs across the rest of its week, on the line the other days leave free. */
      td .s {
        position: absolute;
        z-index: 1;
        left: 3px;
        top: 15px;
        max-width: calc(var(--cells, 1) * 100% + (var(--cells, 1) - 1) * 2px - 6px);
        font-size: 0.85em;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        color: var(--vscode-foreground);
        pointer-events: none;
      }
      td.before {
        color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground));
      }
      :host-context(.vscode-high-contrast) td[data-band],
      :host-context(.vscode-high-contrast-light) td[data-band] {
        border-color: var(--vscode-contrastBorder);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 12px;
        margin: 8px 0;
        font-size: 0.9em;
      }
      .legend span.sw {
        display: inline-block;
        width: 14px;
        height: 14px;
        border-radius: 2px;
        vertical-align: middle;
        margin-right: 4px;
      }
      .scroll {
        max-height: 640px;
        overflow: auto;
      }
    `,
  ];

  /** `cells`: the days from this one to the end of its week row (room for a sprint's name). */
  private cell(c: CalendarCell | null, cells = 1) {
    if (!c) return html`<td aria-hidden="true"></td>`;
    const p = c.probability;
    const base = p === null ? dateText(c.date) : t('calendarCell', dateText(c.date), probText(p));
    const label = c.sprint !== undefined ? t('calendarSprint', base, c.sprint) : base;
    return html`<td
      data-date=${c.date}
      data-band=${c.band ?? nothing}
      data-probability=${p === null ? nothing : p.toFixed(4)}
      data-sprint=${c.sprint ?? nothing}
      data-sprint-parity=${c.sprintParity ?? nothing}
      data-sprint-start=${c.sprintStart ? '' : nothing}
      .style=${stylePropertyMap(c.sprintStart ? { '--cells': String(cells) } : {})}
      class="${c.band ? `band-${c.band}` : 'before'} ${c.working ? '' : 'off'}"
      title=${c.working ? label : `${label} (${t('nonWorkingDay')})`}
      aria-label=${label}
    >
      <span class="d">${c.day}</span>${c.sprintStart && c.sprint !== undefined ? html`<span class="s" data-sprint-label>${c.sprint}</span>` : nothing}${p === null ? nothing : html`<span class="p">${probText(p)}</span>`}
    </td>`;
  }

  override render() {
    const h = this.heatmap;
    if (!h) return nothing;
    const days = weekdayNames();
    const bands = CALENDAR_BANDS.map((b, i) => {
      const hi = CALENDAR_BANDS[i + 1];
      const text = i === 0 ? t('band.below', 50) : hi ? t('band.range', BAND_FLOORS[b], BAND_FLOORS[hi]) : t('band.atLeast', 95);
      return html`<span><span class="sw band-${b}"></span>${text}</span>`;
    });
    return html`<section class="panel" aria-labelledby="ch" data-calendar>
      <h2 id="ch">${t('chart.calendar')}</h2>
      <div class="legend" aria-label=${t('legend')}>${bands}<span class="muted">${t('dimmedDays')}</span>${h.hasSprints ? html`<span class="muted" data-sprint-legend>${t('sprintLegend')}</span>` : nothing}</div>
      ${h.notWithinHorizon > 0 || h.truncated
        ? html`<p class="notice" data-horizon>${t('notWithinHorizonShare', probText(h.notWithinHorizon))}${h.truncated ? ` ${t('calendarTruncated', h.months.length)}` : ''}</p>`
        : nothing}
      <div class="scroll" tabindex="0" role="region" aria-label=${t('chart.calendar')}>
        <div class="months">
          ${h.months.map(
            (m) => html`<table class="month ${h.hasSprints ? 'sprints' : ''}" data-month=${m.key}>
              <caption>${monthText(m.key)}</caption>
              <thead><tr>${days.map((d) => html`<th scope="col">${d}</th>`)}</tr></thead>
              <tbody>${m.weeks.map((w) => html`<tr>${w.map((c, k) => this.cell(c, 7 - k))}</tr>`)}</tbody>
            </table>`,
          )}
        </div>
      </div>
    </section>`;
  }
}

customElements.define('fc-calendar', CalendarHeatmapView);
