// The dashboard's sections as render helpers: the totals cards, a chart panel (with its text
// alternative), the lists of stale, blocked and blocking items, and the page body made of them.
import { html, nothing, type TemplateResult } from 'lit';
import type { DashboardBucket, DashboardData } from '../../src/core/protocol/dashboard';
import type { BucketDimension, DashboardText } from './dashboard-text';

function itemButton(view: DashboardText, id: string): TemplateResult {
  return html`<button type="button" class="item" data-id=${id} title=${view.t('openItem', id)} @click=${() => view.openItem(id)}>${id}</button>`;
}

/** A chart with its heading, its accessible name (the numbers) and a visually hidden table. */
function renderChart(view: DashboardText, id: string, title: string, column: string, rows: [string, number][], opts: { empty?: string; extra?: TemplateResult } = {}): TemplateResult {
  const total = rows.reduce((n, r) => n + r[1], 0);
  const alt = `${title}: ${view.list(rows.map(([k, v]) => `${k} ${view.num(v)}`))}`;
  return html`<figure class="panel" data-figure=${id} aria-labelledby="h-${id}">
    <h2 id="h-${id}">${title}</h2>
    ${opts.empty !== undefined && total === 0
      ? html`<p class="empty">${opts.empty}</p>`
      : html`<div class="canvas-box"><canvas data-chart=${id} role="img" aria-label=${alt}></canvas></div>`}
    ${opts.extra ?? nothing}
    <table class="sr-only">
      <caption>
        ${title}
      </caption>
      <thead>
        <tr>
          <th scope="col">${column}</th>
          <th scope="col">${view.t('items')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${view.num(v)}</td></tr>`)}
      </tbody>
    </table>
  </figure>`;
}

function renderTotals(view: DashboardText, d: DashboardData): TemplateResult {
  const c = d.criteria;
  const card = (key: string, value: string, label: string, sub?: string) =>
    html`<div class="total" data-total=${key}><span class="value">${value}</span><span class="label">${label}</span>${sub ? html`<span class="sub">${sub}</span>` : nothing}</div>`;
  return html`<section class="totals" aria-label=${view.t('title')}>
    ${card('active', view.num(d.totals.active), view.t('active'))} ${card('open', view.num(d.totals.open), view.t('open'))}
    ${card('done', view.num(d.totals.done), view.t('done'))} ${card('archived', view.num(d.totals.archived), view.t('archived'))}
    ${card(
      'criteria',
      `${view.num(c.checked)}/${view.num(c.total)}`,
      view.t('criteria'),
      c.total ? `${view.t('criteriaChecked', view.num(c.checked), view.num(c.total))} · ${view.t('criteriaItems', view.num(c.itemsComplete), view.num(c.itemsWithCriteria))}` : undefined,
    )}
  </section>`;
}

function renderLists(view: DashboardText, d: DashboardData): TemplateResult {
  const more = (shown: number, all: number) => (all > shown ? html`<p class="more">${view.t('showing', view.num(shown), view.num(all))}</p>` : nothing);
  return html`<div class="lists">
    <section class="panel" data-list="stale" aria-labelledby="h-stale">
      <h2 id="h-stale">${view.t('stale')} (${view.num(d.staleCount)})</h2>
      ${d.stale.length
        ? html`<ul>
            ${d.stale.map((s) => html`<li>${itemButton(view, s.id)}<span class="title">${s.title}</span><span class="meta">${view.t('staleDays', view.num(s.daysSinceUpdate))}</span></li>`)}
          </ul>`
        : html`<p class="empty">${view.t('noStale')}</p>`}
      ${more(d.stale.length, d.staleCount)}
    </section>
    <section class="panel" data-list="blocked" aria-labelledby="h-blocked">
      <h2 id="h-blocked">${view.t('blocked')} (${view.num(d.blockedCount)})</h2>
      ${d.blocked.length
        ? html`<ul>
            ${d.blocked.map(
              (b) =>
                html`<li>
                  ${itemButton(view, b.id)}<span class="title">${b.title}</span>
                  <span class="by">${view.t('blockedBy')}: ${b.blockedBy.map((x, i) => html`${i ? ', ' : ''}${itemButton(view, x)}`)}</span>
                </li>`,
            )}
          </ul>`
        : html`<p class="empty">${view.t('noBlocked')}</p>`}
      ${more(d.blocked.length, d.blockedCount)}
    </section>
    <section class="panel" data-list="blockers" aria-labelledby="h-blockers">
      <h2 id="h-blockers">${view.t('topBlockers')}</h2>
      ${d.topBlockers.length
        ? html`<ul>
            ${d.topBlockers.map((b) => html`<li>${itemButton(view, b.id)}<span class="title">${b.title}</span><span class="meta">${view.t('blocks', view.num(b.blocks))}</span></li>`)}
          </ul>`
        : html`<p class="empty">${view.t('noBlockers')}</p>`}
    </section>
  </div>`;
}

export function renderData(view: DashboardText, d: DashboardData): TemplateResult {
  const rows = (dim: BucketDimension, bs: DashboardBucket[]): [string, number][] => bs.map((b) => [view.label(dim, b), b.count]);
  const longDate = new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const ct = d.cycleTime;
  const percentiles = ct.samples.length
    ? html`<p class="percentiles" data-percentiles>
        <span>${view.t('p50', view.num(ct.p50))}</span><span>${view.t('p85', view.num(ct.p85))}</span><span>${view.t('p95', view.num(ct.p95))}</span>
      </p>`
    : undefined;
  return html`
    ${renderTotals(view, d)}
    <div class="grid">
      ${renderChart(view, 'status', view.t('byStatus'), view.t('status'), rows('status', d.byStatus), { empty: view.t('noItems') })}
      ${renderChart(view, 'type', view.t('byType'), view.t('type'), rows('type', d.byType), { empty: view.t('noItems') })}
      ${renderChart(view, 'priority', view.t('byPriority'), view.t('priority'), rows('priority', d.byPriority))}
      ${renderChart(view, 'effort', view.t('byEffort'), view.t('effort'), rows('effort', d.byEffort))}
      ${renderChart(view, 
        'throughput',
        view.t('throughput'),
        view.t('week'),
        d.throughput.map((w) => [longDate.format(new Date(`${w.weekStart}T00:00:00Z`)), w.done]),
      )}
      ${renderChart(view, 
        'cycle',
        view.t('cycleTime'),
        view.t('days'),
        ct.histogram.map((h) => [h.bucket, h.count]),
        { empty: view.t('noCycleTime'), extra: percentiles },
      )}
    </div>
    ${renderLists(view, d)}
  `;
}
