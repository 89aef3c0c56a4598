// Pieces the How Many and When tabs share: the list of sentences, the percentile table and the
// likelihood chip (colour and icon, never colour alone).
import { html, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { LIKELIHOOD_ICONS, type LikelihoodLevel } from '../../src/core/forecast/view';
import { t } from './forecast-text';

export function likelihoodChip(level: LikelihoodLevel): TemplateResult {
  return html`<span class="lk lk-${level}" data-level=${level}><vscode-icon name=${LIKELIHOOD_ICONS[level]}></vscode-icon>${t(`level.${level}`)}</span>`;
}

export function sentenceList(sentences: readonly string[]): TemplateResult {
  return html`<ul class="sentences" data-sentences>
    ${sentences.map((s) => html`<li>${s}</li>`)}
  </ul>`;
}

/** The percentile table: percentile, the value column (`valueHeader`) and the likelihood; `after` below it. */
export function percentileTable(valueHeader: string, rows: TemplateResult[], after: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<section class="panel" aria-labelledby="pt">
    <h2 id="pt">${t('percentiles')}</h2>
    <table class="data" data-percentiles>
      <thead>
        <tr><th scope="col">${t('percentile')}</th><th scope="col">${valueHeader}</th><th scope="col">${t('likelihood')}</th></tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${after}
  </section>`;
}
