// One card of the board: its template (ID, title or inline rename, badges, hover actions), rebuilt
// only when the card or its drag, edit or selection state changes.
import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
// Sets CSSOM properties instead of a style attribute (a style attribute would violate the CSP).
import { stylePropertyMap } from '@vscode-elements/elements/dist/includes/style-property-map.js';
import type { Card, CardDates } from '../../src/core/protocol';
import { targetLikelihood } from '../../src/core/board/targets';
import { LIKELIHOOD_COLORS, LIKELIHOOD_ICONS } from '../../src/core/forecast/view/likelihood';
import { cardContext } from '../shared/ui';
import type { BoardApp, CardAction } from './board-app';

/** A card's template is rebuilt only when the card (or its drag/edit/selection state) changes. */
export function renderCardGuarded(app: BoardApp, card: Card) {
  const selected = app.selected.has(card.id);
  const dates = app.cardDates(card.id);
  return guard([card, app.dnd.dragging === card.id, app.editing === card.id, selected, app.init, dates], () => renderCard(app, card, selected, dates));
}

/** The AI priority score of the last backlog analysis; dashed and dimmed when the item changed since. */
export function renderAiBadge(app: BoardApp, card: Card, score: number) {
  const when = card.aiAnalysedAt ? new Date(card.aiAnalysedAt).toLocaleDateString() : '';
  const tip = app.t(card.aiStale ? 'aiScoreTooltipStale' : 'aiScoreTooltip', score, when);
  return html`<span class="badge ai ${card.aiStale ? 'stale' : ''}" role="img" title=${tip} aria-label=${tip}><vscode-icon name="sparkle" size="12"></vscode-icon>${score}</span>`;
}

export function renderCard(app: BoardApp, card: Card, selected: boolean, dates?: CardDates) {
  const color = app.typeColor(card.type);
  const actions: [CardAction, string, string][] = [
    ['open', 'go-to-file', app.t('open')],
    ['copyMarkdown', 'markdown', app.t('copyMarkdown')],
    ['copyPrompt', 'clippy', app.t('copyPromptTip')],
    ...(card.criteriaTotal > card.criteriaDone ? ([['checkAllCriteria', 'checklist', app.t('checkAllCriteria')]] as [CardAction, string, string][]) : []),
    ['archive', 'archive', app.t('archive')],
    ['delete', 'trash', app.t('delete')],
  ];
  const ai = typeof card.aiScore === 'number' ? card.aiScore : null;
  const label = [
    card.id,
    card.title,
    card.blocked ? app.t('blocked') : '',
    card.priority ? app.t(`priority_${card.priority}`) : '',
    ai !== null ? app.t(card.aiStale ? 'aiScoreShortStale' : 'aiScoreShort', ai) : '',
    dates?.p85 ? app.t('forecastLabel', shortDate(app, dates.p85)) : '',
    card.targetDate ? targetText(app, card, dates) : '',
    selected ? app.t('selectedState') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return html`<li
    class="card ${app.dnd.dragging === card.id ? 'dragging' : ''} ${selected ? 'selected' : ''}"
    role="listitem"
    tabindex="0"
    draggable=${app.editing === card.id ? 'false' : 'true'}
    data-id=${card.id}
    data-vscode-context=${cardContext(card.id)}
    aria-label=${label}
    aria-describedby="card-help"
    .style=${stylePropertyMap(color ? { '--type-color': color } : {})}
    @click=${(e: MouseEvent) => app.onCardClick(e, card.id)}
    @keydown=${(e: KeyboardEvent) => app.keyboard.onCardKey(e, card.id)}
    @dblclick=${() => app.startEdit(card.id)}
    @dragstart=${(e: DragEvent) => app.dnd.onDragStart(e, card)}
    @dragend=${() => app.dnd.onDragEnd()}
  >
    <div class="top">
      <span class="id">${card.id}</span>
      ${typeof card.workItem === 'number'
        ? html`<button
            class="work-item"
            title=${app.t('openWorkItem', card.workItem)}
            aria-label=${app.t('openWorkItem', card.workItem)}
            @click=${(e: Event) => {
              e.stopPropagation();
              app.act(card.id, 'openWorkItem');
            }}
            @dblclick=${(e: Event) => e.stopPropagation()}
          >
            <vscode-icon name="azure-devops" size="12"></vscode-icon>#${card.workItem}
          </button>`
        : nothing}
      ${card.blocked ? html`<span class="blocked" title=${app.t('blocked')}><vscode-icon name="circle-slash" size="12"></vscode-icon>${app.t('blocked')}</span>` : nothing}
    </div>
    <span class="title"
      >${app.editing === card.id
        ? html`<input
            aria-label=${card.title}
            .value=${card.title}
            maxlength="300"
            @keydown=${(e: KeyboardEvent) => {
              e.stopPropagation();
              if (e.key === 'Enter') void app.commitEdit(card.id, (e.target as HTMLInputElement).value);
              if (e.key === 'Escape') void app.commitEdit(card.id, '', true);
            }}
            @blur=${(e: FocusEvent) => void app.commitEdit(card.id, (e.target as HTMLInputElement).value)}
          />`
        : html`${card.emoji ? `${card.emoji} ` : ''}${card.title}`}</span
    >
    ${card.priority || card.effort || card.severity || card.tags.length || card.criteriaTotal || ai !== null || dates || card.targetDate
      ? html`<div class="meta">
          ${dates ? renderForecastDate(app, dates) : nothing} ${card.targetDate ? renderTargetDate(app, card, dates) : nothing}
          ${ai !== null ? renderAiBadge(app, card, ai) : nothing}
          ${card.severity ? html`<span class="badge sev-${card.severity}">${card.severity}</span>` : nothing}
          ${card.priority ? html`<span class="badge ${card.priority}">${app.t(`priority_${card.priority}`)}</span>` : nothing}
          ${card.effort ? html`<span class="badge">${card.effort}</span>` : nothing}
          ${card.criteriaTotal
            ? html`<span class="progress ${card.criteriaDone === card.criteriaTotal ? 'complete' : ''}" title=${app.t('criteria')}
                ><vscode-icon name="checklist" size="12"></vscode-icon>${card.criteriaDone}/${card.criteriaTotal}</span
              >`
            : nothing}
          ${card.tags.map((t) => html`<span class="tag">#${t}</span>`)}
        </div>`
      : nothing}
    <div class="actions">
      ${actions.map(
        ([a, icon, label]) =>
          html`<vscode-toolbar-button
            icon=${icon}
            label=${label}
            title=${label}
            data-action=${a}
            @click=${(e: Event) => {
              e.stopPropagation();
              app.act(card.id, a);
            }}
          ></vscode-toolbar-button>`,
      )}
    </div>
  </li>`;
}

/** A short date in the page's language (12 Mar). */
function shortDate(app: BoardApp, iso: string | null): string {
  if (!iso) return '—';
  return new Date(`${iso}T00:00:00`).toLocaleDateString(app.init?.locale, { day: 'numeric', month: 'short' });
}

/** The card's P85 forecast date, with P50 and P95 in its tooltip; "—" beyond the forecast horizon. */
export function renderForecastDate(app: BoardApp, d: CardDates) {
  const tip = d.p85 ? app.t('forecastDateTip', shortDate(app, d.p85), shortDate(app, d.p50), shortDate(app, d.p95)) : app.t('forecastBeyond');
  return html`<span class="badge due" role="img" title=${tip} aria-label=${tip}><vscode-icon name="calendar" size="12"></vscode-icon>${shortDate(app, d.p85)}</span>`;
}

/** What the target badge says: the date, and the likelihood of meeting it when there is a forecast. */
function targetText(app: BoardApp, card: Card, dates: CardDates | undefined): string {
  const when = shortDate(app, card.targetDate ?? null);
  const like = targetLikelihood(card, dates);
  return like ? app.t('targetTip', when, app.t(`level.${like.level}`), Math.round(like.probability * 100)) : app.t('targetNoForecast', when);
}

/**
 * The card's target date with the likelihood of meeting it (colour and icon of its level, the
 * share in the tooltip); plain, without colour, when there is no forecast for it.
 */
export function renderTargetDate(app: BoardApp, card: Card, dates: CardDates | undefined) {
  const like = targetLikelihood(card, dates);
  const tip = targetText(app, card, dates);
  return html`<span
    class="badge target ${like ? `level ${like.level}` : ''}"
    data-likelihood=${like?.level ?? 'none'}
    role="img"
    title=${tip}
    aria-label=${tip}
    .style=${stylePropertyMap(like ? { '--likelihood-color': LIKELIHOOD_COLORS[like.level] } : {})}
    ><vscode-icon name=${like ? LIKELIHOOD_ICONS[like.level] : 'target'} size="12"></vscode-icon>${shortDate(app, card.targetDate ?? null)}</span
  >`;
}
