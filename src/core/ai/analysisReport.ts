// The backlog analysis as a Markdown report (shown in VS Code's Markdown preview of a virtual
// document). Every piece of item or model text is escaped: nothing in it can become HTML, a link,
// a heading or a table cell break. Labels come from the adapter (localised).
import type { Item } from '../backlog/model';
import type { AnalysisFactor, AnalysisRun, ItemAnalysis } from './analysisStore';

export interface AnalysisReportLabels {
  /** Report heading, e.g. "Backlog analysis". */
  title: string;
  /** "Analysed on {0}" ({0} = date of the run). */
  analysedOn: string;
  /** "Provider" */
  provider: string;
  /** "Model" */
  model: string;
  /** "{0} items analysed, {1} unchanged items skipped" */
  counts: string;
  /** "{0} items have a score" ({0} = number of scored items) */
  scored: string;
  /** "Priority scores" */
  scores: string;
  /** Table headers. */
  colId: string;
  colTitle: string;
  colScore: string;
  colFactors: string;
  colRationale: string;
  /** Marks a score whose item changed since, e.g. "outdated". */
  outdated: string;
  /** "Suggested order" */
  groups: string;
  /** "Blocking bugs" */
  blockingBugs: string;
  /** "Insights" */
  insights: string;
  /** "None." */
  none: string;
  /** Shown when there is no analysis at all, e.g. "No analysis yet: run Flowcast: Analyse Backlog." */
  noAnalysis: string;
  /** Title of an item that no longer exists, e.g. "(deleted)". */
  missingItem: string;
}

export interface AnalysisReportOptions {
  /** Formats an ISO date for the reader (default: the ISO text). */
  formatDate?: (iso: string) => string;
  /** Factors shown per item in the table (default 3, heaviest first). */
  topFactors?: number;
}

const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|<>~&"'$:=^@]/g;

/**
 * Item or model text as inline Markdown that shows exactly that text: one line (line breaks and
 * runs of space become one space), every Markdown/HTML special character backslash-escaped (so no
 * HTML tag, entity, link, emphasis, heading, list marker or table cell break can appear).
 */
export function escapeMarkdownInline(text: string): string {
  return String(text)
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ') // eslint-disable-line no-control-regex
    .replace(/\s+/g, ' ')
    .trim()
    .replace(PUNCTUATION, (c) => `\\${c}`);
}

function fill(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

function topFactors(factors: readonly AnalysisFactor[], n: number): string {
  const ranked = [...factors].sort((a, b) => (b.weight ?? -Infinity) - (a.weight ?? -Infinity));
  return ranked
    .slice(0, n)
    .map((f) => escapeMarkdownInline(`${f.name}${f.value !== undefined ? ` ${f.value}` : ''}`))
    .join('; ');
}

/** The report: run header and counts, scores table (best first), suggested order, blocking bugs, insights. */
export function analysisReportMarkdown(
  run: AnalysisRun | undefined,
  scores: readonly ItemAnalysis[],
  items: readonly Pick<Item, 'id' | 'title'>[],
  labels: AnalysisReportLabels,
  options: AnalysisReportOptions = {},
): string {
  const esc = escapeMarkdownInline;
  const date = (iso: string) => (options.formatDate ? options.formatDate(iso) : iso);
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const itemRef = (id: string) => {
    const t = titles.get(id);
    return `${esc(id)} ${t === undefined ? esc(labels.missingItem) : esc(t)}`;
  };
  const out: string[] = [`# ${esc(labels.title)}`, ''];
  if (!run && !scores.length) {
    out.push(esc(labels.noAnalysis), '');
    return out.join('\n');
  }
  if (run) {
    const meta = [esc(fill(labels.analysedOn, date(run.at)))];
    if (run.provider) meta.push(`${esc(labels.provider)}: ${esc(run.provider)}`);
    if (run.model) meta.push(`${esc(labels.model)}: ${esc(run.model)}`);
    out.push(meta.join(' · '), '');
    if (run.analysed !== null || run.skipped !== null) out.push(esc(fill(labels.counts, run.analysed ?? 0, run.skipped ?? 0)), '');
  }
  out.push(esc(fill(labels.scored, scores.length)), '');

  out.push(`## ${esc(labels.scores)}`, '');
  if (!scores.length) out.push(esc(labels.none), '');
  else {
    const n = options.topFactors ?? 3;
    out.push(`| ${[labels.colId, labels.colTitle, labels.colScore, labels.colFactors, labels.colRationale].map(esc).join(' | ')} |`, '| --- | --- | ---: | --- | --- |');
    const sorted = [...scores].sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1));
    for (const s of sorted) {
      const t = titles.get(s.itemId);
      const score = s.stale ? `${s.score} \\(${esc(labels.outdated)}\\)` : String(s.score);
      out.push(`| ${esc(s.itemId)} | ${esc(t ?? labels.missingItem)} | ${score} | ${topFactors(s.factors, n)} | ${esc(s.rationale)} |`);
    }
    out.push('');
  }

  if (run) {
    out.push(`## ${esc(labels.groups)}`, '');
    const groups = [...run.groups].sort((a, b) => a.order - b.order);
    if (!groups.length) out.push(esc(labels.none), '');
    groups.forEach((g, i) => {
      out.push(`${i + 1}. **${esc(g.name)}**${g.reason.trim() ? ` — ${esc(g.reason)}` : ''}`);
      for (const id of g.itemIds) out.push(`    - ${itemRef(id)}`);
    });
    if (groups.length) out.push('');

    out.push(`## ${esc(labels.blockingBugs)}`, '');
    if (!run.blockingBugs.length) out.push(esc(labels.none), '');
    else {
      for (const b of run.blockingBugs) out.push(`- ${itemRef(b.itemId)}${b.reason.trim() ? ` — ${esc(b.reason)}` : ''}`);
      out.push('');
    }

    out.push(`## ${esc(labels.insights)}`, '');
    if (!run.insights.length) out.push(esc(labels.none), '');
    else {
      for (const s of run.insights) out.push(`- ${esc(s)}`);
      out.push('');
    }
  }
  return out.join('\n');
}
