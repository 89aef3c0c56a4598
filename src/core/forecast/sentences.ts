// Plain sentences (EN, FR) for forecast answers and guard refusals, and a Markdown report.
// Pure: the host passes the locale; no vscode.l10n here (core never imports vscode).
import { formatProbability, type Refusal } from './guards';
import type { HowManyResult, PerItemForecast, WhenResult } from './forecast';

export type Locale = 'en' | 'fr';

const MONTHS: Record<Locale, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

/** "12 March 2027" / "12 mars 2027" (1er for the first of the month in French). */
export function formatDate(iso: string, locale: Locale = 'en'): string {
  const [y, m, d] = iso.split('-').map(Number);
  const day = locale === 'fr' && d === 1 ? '1er' : String(d);
  return `${day} ${MONTHS[locale][m - 1]} ${y}`;
}

function pct(p: number, locale: Locale): string {
  return locale === 'fr' ? `${Math.round(p * 100)}\u00a0%` : `${Math.round(p * 100)}%`;
}

function items(n: number, locale: Locale): string {
  if (locale === 'fr') return `${n} élément${n > 1 ? 's' : ''}`;
  return `${n} item${n === 1 ? '' : 's'}`;
}

/** "85% chance to finish at least 42 items by 12 March 2027". */
export function howManySentence(p: number, value: number, targetDate: string, locale: Locale = 'en'): string {
  return locale === 'fr'
    ? `${pct(p, locale)} de chances de terminer au moins ${items(value, locale)} d'ici le ${formatDate(targetDate, locale)}`
    : `${pct(p, locale)} chance to finish at least ${items(value, locale)} by ${formatDate(targetDate, locale)}`;
}

/** "85% chance to finish 30 items by 12 March 2027", or the not-within-horizon sentence. */
export function whenSentence(p: number, remaining: number, date: string | null, locale: Locale = 'en'): string {
  if (date === null)
    return locale === 'fr'
      ? `Moins de ${pct(p, locale)} de chances de terminer ${items(remaining, locale)} dans les 10 ans : aucune date n'est donnée`
      : `Less than ${pct(p, locale)} chance to finish ${items(remaining, locale)} within 10 years: no date is given`;
  return locale === 'fr'
    ? `${pct(p, locale)} de chances de terminer ${items(remaining, locale)} d'ici le ${formatDate(date, locale)}`
    : `${pct(p, locale)} chance to finish ${items(remaining, locale)} by ${formatDate(date, locale)}`;
}

/** The sentence for a guard refusal (what is missing). */
export function refusalSentence(r: Refusal, locale: Locale = 'en'): string {
  const fr = locale === 'fr';
  switch (r.kind) {
    case 'windowTooShort':
      return fr
        ? `Historique trop court : ${r.windowDays} jours ouvrés, il en faut au moins 10 (30 à 90 recommandés).`
        : `History window too short: ${r.windowDays} working days, at least 10 are needed (30 to 90 recommended).`;
    case 'cannotForecast':
      return fr ? 'Prévision impossible : aucun élément terminé dans l’historique (débit nul).' : 'Cannot forecast: no item was finished in the history (zero throughput).';
    case 'notEnoughData':
      return fr
        ? `Pas assez de données : ${r.daysWithCompletion} jour(s) avec un élément terminé, il en faut au moins 5.`
        : `Not enough data: ${r.daysWithCompletion} day(s) with a finished item, at least 5 are needed.`;
  }
}

/** Probability of a date for display (">95%" while work remains). */
export function probabilityText(p: number, locale: Locale = 'en'): string {
  return formatProbability(p, locale, true);
}

const T = {
  en: { title: 'Forecast', howMany: 'How many items by', when: 'When will', items: 'items be done', perItem: 'Backlog order', p: 'Likelihood', value: 'At least', date: 'Done by', inputs: 'Inputs', seed: 'Seed', trials: 'Trials', engine: 'Engine version', history: 'History', never: 'not within horizon', horizon: 'Trials not done within 10 years', warnings: 'Warnings', item: 'Item' },
  fr: { title: 'Prévision', howMany: 'Combien d’éléments d’ici le', when: 'Quand', items: 'éléments seront-ils terminés', perItem: 'Ordre du backlog', p: 'Probabilité', value: 'Au moins', date: 'Terminé d’ici le', inputs: 'Entrées', seed: 'Graine', trials: 'Essais', engine: 'Version du moteur', history: 'Historique', never: 'hors horizon', horizon: 'Essais non terminés en 10 ans', warnings: 'Avertissements', item: 'Élément' },
};

function cell(s: string): string {
  return s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

type AnyResult = HowManyResult | WhenResult | PerItemForecast;

/** A Markdown report: sentences, percentile table, warnings, inputs, seed and engine version. */
export function markdownReport(r: AnyResult | (Refusal & { history: HowManyResult['history'] }), locale: Locale = 'en', warnings: string[] = []): string {
  const t = T[locale];
  const out: string[] = [`# ${t.title}`, ''];
  if (r.kind !== 'ok') {
    out.push(refusalSentence(r, locale), '');
  } else if ('targetDate' in r) {
    out.push(`## ${t.howMany} ${formatDate(r.targetDate, locale)}`, '', `| ${t.p} | ${t.value} |`, '|---|---|');
    for (const q of r.percentiles) out.push(`| ${pct(q.p, locale)} | ${q.value} |`);
    out.push('', ...r.percentiles.map((q) => `- ${howManySentence(q.p, q.value, r.targetDate, locale)}`));
  } else if ('remaining' in r) {
    out.push(`## ${t.when} ${r.remaining} ${t.items}`, '', `| ${t.p} | ${t.date} |`, '|---|---|');
    for (const q of r.percentiles) out.push(`| ${pct(q.p, locale)} | ${q.date ? formatDate(q.date, locale) : t.never} |`);
    out.push('', ...r.percentiles.map((q) => `- ${whenSentence(q.p, r.remaining, q.date, locale)}`));
    if (r.distribution.notWithinHorizon > 0) out.push(`- ${t.horizon}: ${pct(r.distribution.notWithinHorizon, locale)}`);
  } else {
    out.push(`## ${t.perItem}`, '', `| ${t.item} | ${r.items.length ? [0.5, 0.7, 0.85, 0.95].map((q) => pct(q, locale)).join(' | ') : ''} |`, '|---|---|---|---|---|');
    for (const it of r.items) out.push(`| ${cell(`${it.id} ${it.title}`)} | ${it.percentiles.map((q) => (q.date ? formatDate(q.date, locale) : t.never)).join(' | ')} |`);
  }
  if (warnings.length) out.push('', `## ${t.warnings}`, '', ...warnings.map((w) => `- ${cell(w)}`));
  out.push('', `## ${t.inputs}`, '');
  if (r.kind === 'ok') out.push(`- ${t.seed}: ${r.seed}`, `- ${t.trials}: ${r.trials}`, `- ${t.engine}: ${r.engineVersion}`);
  const h = r.history;
  out.push(`- ${t.history}: ${h.from ?? '—'} .. ${h.to ?? '—'} (${h.days} / ${h.daysWithCompletion})`);
  return `${out.join('\n')}\n`;
}
