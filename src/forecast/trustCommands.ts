// Commands that say how far forecasts can be trusted: "Backtest Forecasts" (a forecast made as of
// a past date compared with what happened, and how often each percentile held week after week)
// and "Show Forecast Ledger" (the forecasts users ran, scored once their period has passed;
// exportable as JSON).
import * as vscode from 'vscode';
import { dayOf, formatDate, isoOf, type Locale } from '../core/forecast';
import type { Calibration, HowManyBacktest } from '../core/forecast/backtest';
import { writeFileAtomic } from '../core/storage/atomicFile';
import { report } from '../platform/report';
import type { ForecastHost, LedgerView } from './forecastHost';
import { BacktestArgsSchema, LedgerArgsSchema, parseArgs, type BacktestArgs, type LedgerArgs } from '../core/protocol/forecastArgs';
import type { ForecastReportProvider } from './forecastReport';

function locale(): Locale {
  return vscode.env.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
function pct(p: number): string {
  return locale() === 'fr' ? `${Math.round(p * 100)}\u00a0%` : `${Math.round(p * 100)}%`;
}
function esc(s: string): string {
  return s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}

function backtestMarkdown(asOf: string, hm: HowManyBacktest | undefined, cal: Calibration): string {
  const loc = locale();
  const out = [`# ${vscode.l10n.t('Backtest')}`, ''];
  if (hm?.kind === 'ok') {
    out.push(
      `## ${vscode.l10n.t('How many items from {0} to {1}', formatDate(asOf, loc), formatDate(hm.forecast.targetDate, loc))}`,
      '',
      vscode.l10n.t('Forecast made on the history before {0}; {1} items were actually done.', formatDate(asOf, loc), hm.actual),
      '',
      `| ${vscode.l10n.t('Likelihood')} | ${vscode.l10n.t('Forecast: at least')} | ${vscode.l10n.t('Held')} |`,
      '|---|---|---|',
      ...hm.forecast.percentiles.map((q, i) => `| ${pct(q.p)} | ${q.value} | ${hm.held[i].held ? vscode.l10n.t('yes') : vscode.l10n.t('no')} |`),
      '',
    );
  } else if (hm) {
    out.push(esc(hm.kind === 'tooRecent' ? vscode.l10n.t('A backtest starts at least 14 days in the past ({0} days ago given).', hm.daysAgo) : vscode.l10n.t('No forecast as of this date: {0}', hm.reason)), '');
  }
  out.push(`## ${vscode.l10n.t('Calibration: a {0}-day forecast made every Monday', cal.horizonDays)}`, '');
  if (!cal.weeks) out.push(vscode.l10n.t('Not enough history yet: no past week had both 90 days of history before it and a known outcome.'), '');
  else {
    out.push(vscode.l10n.t('{0} weekly forecasts scored. A well-calibrated 85% forecast holds about 85% of the time.', cal.weeks), '');
    out.push(`| ${vscode.l10n.t('Likelihood')} | ${vscode.l10n.t('Held')} | ${vscode.l10n.t('Rate')} |`, '|---|---|---|');
    for (const p of cal.percentiles) out.push(`| ${pct(p.p)} | ${p.held} / ${p.total} | ${pct(p.rate)} |`);
  }
  return `${out.join('\n')}\n`;
}

function ledgerMarkdown(v: LedgerView): string {
  const loc = locale();
  const out = [`# ${vscode.l10n.t('Forecast ledger')}`, ''];
  if (!v.records.length) return `${out.join('\n')}${vscode.l10n.t('No forecast recorded yet: forecasts run from the commands are recorded here and scored once their period has passed.')}\n`;
  out.push(...(v.sentences.length ? v.sentences.map((s) => `- ${s}`) : [vscode.l10n.t('No recorded forecast has reached its date yet.')]), '');
  out.push(`| ${vscode.l10n.t('When')} | ${vscode.l10n.t('Forecast')} | 50% | 70% | 85% | 95% |`, '|---|---|---|---|---|---|');
  const mark = (x: string) => (x === 'held' ? '✔' : x === 'missed' ? '✘' : '…');
  for (const r of [...v.records].reverse()) {
    const what = r.target === 'howMany' ? vscode.l10n.t('How many by {0}', r.horizonEnd ?? '') : vscode.l10n.t('When {0} items', r.remaining ?? 0);
    const cells = r.percentiles.map((q, i) => `${q.value ?? (q.date ? formatDate(q.date, loc) : '—')} ${mark(r.scores[i]?.verdict ?? 'pending')}`);
    out.push(`| ${r.createdAt.slice(0, 10)} | ${esc(what)} (${esc(r.sourceKind)}) | ${cells.join(' | ')} |`);
  }
  out.push('', vscode.l10n.t('✔ held, ✘ missed, … not known yet.'));
  return `${out.join('\n')}\n`;
}

async function askAsOf(today: string): Promise<string | undefined> {
  const t = dayOf(today);
  const presets = [28, 56, 84].map((d) => ({ label: vscode.l10n.t('{0} weeks ago', d / 7), description: isoOf(t - d), date: isoOf(t - d) }));
  const pick = await vscode.window.showQuickPick(presets, { title: vscode.l10n.t('Backtest: forecast as of which past date?') });
  return pick?.date;
}

export function registerTrustCommands(context: vscode.ExtensionContext, host: ForecastHost, reports: ForecastReportProvider): void {
  const reg = (id: string, fn: (args?: unknown) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('flowcast.backtestForecasts', (raw?: unknown) =>
    report(async () => {
      const args: Partial<BacktestArgs> = raw === undefined ? {} : parseArgs(BacktestArgsSchema, raw);
      const { start: today } = await host.defaults(args.backlogId);
      const asOf = args.asOf ?? (await askAsOf(today));
      if (!asOf) return undefined;
      const targetDate = args.targetDate ?? isoOf(dayOf(today) - 1);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Backtesting forecasts…') }, () =>
        host.backtest({ ...args, asOf, targetDate }),
      );
      const markdown = backtestMarkdown(asOf, result.howMany, result.calibration);
      if (raw === undefined) await reports.show(vscode.l10n.t('Forecast - Backtest'), markdown);
      return { ...result, markdown };
    }),
  );

  reg('flowcast.showForecastLedger', (raw?: unknown) =>
    report(async () => {
      const args: LedgerArgs = raw === undefined ? {} : parseArgs(LedgerArgsSchema, raw);
      const view = await host.ledger(args.backlogId);
      const markdown = ledgerMarkdown(view);
      if (args.exportTo !== undefined) {
        await writeFileAtomic(args.exportTo, view.json);
        return { ...view, markdown };
      }
      if (raw === undefined) {
        await reports.show(vscode.l10n.t('Forecast - Ledger'), markdown);
        const exp = vscode.l10n.t('Export as JSON…');
        if (view.records.length && (await vscode.window.showInformationMessage(vscode.l10n.t('{0} forecasts recorded.', view.records.length), exp)) === exp) {
          const to = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export') });
          if (to) await writeFileAtomic(to.fsPath, view.json);
        }
      }
      return { ...view, markdown };
    }),
  );
}
