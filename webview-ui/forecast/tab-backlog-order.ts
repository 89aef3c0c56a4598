// <fc-backlog-order>: every open item in rank order with its P50 / P85 / P95 dates (blocked items
// marked; an ID opens the item) and a simple timeline (a bar from P50 to P95, a tick at P85).
import { LitElement, html, css, nothing, svg } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { timelineBars, type PerItemRow } from '../../src/core/forecast/view';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { dateOrNever, probText, t } from './forecast-text';

/** Rows shown at first; "Show more" adds this many again. */
const PAGE = 200;
/** Timeline rows drawn (the table has every item). */
const TIMELINE_ROWS = 60;

export class BacklogOrderTab extends LitElement {
  static override properties = { rows: { attribute: false }, start: {}, shown: { state: true } };
  declare rows: PerItemRow[];
  declare start: string;
  declare shown: number;

  static override styles = [
    sharedStyles,
    forecastStyles,
    css`
      .table-wrap {
        max-height: 520px;
        overflow: auto;
      }
      td.title {
        overflow-wrap: anywhere;
      }
      .blocked {
        color: var(--vscode-charts-red, #f14c4c);
      }
      svg text {
        fill: var(--vscode-descriptionForeground);
        font-size: 10px;
      }
      svg .bar {
        fill: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 55%, transparent);
      }
      svg .p85 {
        stroke: var(--vscode-foreground);
        stroke-width: 2;
      }
      svg .grid {
        stroke: var(--vscode-panel-border, rgba(128, 128, 128, 0.35));
      }
      .timeline {
        overflow-x: auto;
      }
      .more {
        margin-top: 6px;
      }
    `,
  ];

  constructor() {
    super();
    this.rows = [];
    this.start = '';
    this.shown = PAGE;
  }

  private open(id: string): void {
    this.dispatchEvent(new CustomEvent('open-item', { detail: id, bubbles: true, composed: true }));
  }

  private timeline() {
    const rows = this.rows.slice(0, TIMELINE_ROWS);
    if (!rows.length || !this.start) return nothing;
    const { span, bars } = timelineBars(rows, this.start);
    const labelW = 90;
    const width = 760;
    const rowH = 14;
    const scale = (d: number) => labelW + (d / span) * (width - labelW - 10);
    const height = rows.length * rowH + 20;
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * span));
    return html`<section class="panel" aria-labelledby="tl">
      <h2 id="tl">${t('timeline')}</h2>
      <div class="timeline">
        <svg width=${width} height=${height} role="img" aria-label=${t('timelineSummary', rows.length)}>
          ${ticks.map((d) => svg`<line class="grid" x1=${scale(d)} x2=${scale(d)} y1="0" y2=${height - 14}></line><text x=${scale(d)} y=${height - 2} text-anchor="middle">+${d}</text>`)}
          ${bars.map((b, i) => {
            const y = i * rowH + 2;
            const from = b.p50 ?? span;
            const to = b.p95 ?? span;
            return svg`<g data-id=${b.id}><text x="0" y=${y + 10}>${b.id}</text>
              <rect class="bar" x=${scale(from)} y=${y + 2} width=${Math.max(2, scale(to) - scale(from))} height=${rowH - 4} rx="2"></rect>
              ${b.p85 !== null ? svg`<line class="p85" x1=${scale(b.p85)} x2=${scale(b.p85)} y1=${y} y2=${y + rowH - 1}></line>` : nothing}</g>`;
          })}
        </svg>
      </div>
      <p class="muted">${t('timelineLegend')}</p>
    </section>`;
  }

  override render() {
    const rows = this.rows;
    if (!rows.length) return html`<p class="empty" data-empty>${t('noOpenItems')}</p>`;
    const shown = rows.slice(0, this.shown);
    return html`
      <section class="panel" aria-labelledby="bo">
        <h2 id="bo">${t('backlogOrderTable', rows.length)}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="bo">
          <table class="data" data-per-item>
            <thead>
              <tr>
                <th scope="col">#</th><th scope="col">${t('item')}</th><th scope="col">${t('itemTitle')}</th>
                <th scope="col">P50</th><th scope="col">P85</th><th scope="col">P95</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map(
                (r) => html`<tr data-id=${r.id}>
                  <td class="num">${r.rank}</td>
                  <th scope="row"><button type="button" class="link" title=${t('openItem', r.id)} @click=${() => this.open(r.id)}>${r.id}</button>
                    ${r.blocked ? html`<span class="lk blocked" data-blocked title=${t('blocked')}><vscode-icon name="circle-slash"></vscode-icon><span class="sr-only">${t('blocked')}</span></span>` : nothing}</th>
                  <td class="title">${r.title}</td>
                  <td data-p="50">${dateOrNever(r.p50)}</td>
                  <td data-p="85">${dateOrNever(r.p85)}</td>
                  <td data-p="95">${dateOrNever(r.p95)}${r.notWithinHorizon > 0 ? html` <span class="muted">(${t('neverShare', probText(r.notWithinHorizon))})</span>` : nothing}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${rows.length > shown.length
          ? html`<button type="button" class="link more" @click=${() => (this.shown += PAGE)}>${t('showMore', shown.length, rows.length)}</button>`
          : nothing}
      </section>
      ${this.timeline()}
    `;
  }
}

customElements.define('fc-backlog-order', BacklogOrderTab);
