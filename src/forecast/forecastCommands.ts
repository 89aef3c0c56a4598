// The forecast commands: How Many by Date, When N Items Are Done, the Backlog Order, Set Team
// Calendar and Backtest. Each takes optional arguments (validated) so tests, agents and other
// extensions can run it without prompts; without them it asks with pickers and input boxes.
import * as vscode from 'vscode';
import { dayOf, isoOf } from '../core/forecast';
import { loadCalendar, saveCalendar, saveSeed, loadSeed } from '../core/forecast/backlogSettings';
import type { BacklogService } from '../core/backlog/service';
import { report } from '../platform/report';
import type { Answer, CommonInputs, ForecastHost, SourceSpec } from './forecastHost';
import { HowManyArgsSchema, PerItemArgsSchema, TeamCalendarArgsSchema, WhenArgsSchema, parseArgs, type HowManyArgs, type PerItemArgs, type TeamCalendarArgs, type WhenArgs } from '../core/protocol/forecastArgs';
import type { ForecastReportProvider } from './forecastReport';
import { pickSource } from './sourcePicker';
import { askCalendar } from './calendarPrompt';
import { registerTrustCommands } from './trustCommands';

function isoValid(v: string): boolean {
  try {
    dayOf(v.trim());
    return true;
  } catch {
    return false;
  }
}

async function askTargetDate(start: string): Promise<string | undefined> {
  const s = dayOf(start);
  const endOfMonth = (() => {
    const d = new Date(`${start}T00:00:00Z`);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  })();
  const presets = [
    { label: vscode.l10n.t('In 2 weeks'), date: isoOf(s + 13) },
    { label: vscode.l10n.t('In 30 days'), date: isoOf(s + 29) },
    { label: vscode.l10n.t('End of this month'), date: endOfMonth },
    { label: vscode.l10n.t('In 90 days'), date: isoOf(s + 89) },
  ].filter((p) => p.date >= start);
  const custom = { label: vscode.l10n.t('Another date…'), date: '' };
  const pick = await vscode.window.showQuickPick(
    [...presets.map((p) => ({ ...p, description: p.date })), custom],
    { title: vscode.l10n.t('How many items by which date?'), placeHolder: vscode.l10n.t('Pick a target date') },
  );
  if (!pick) return undefined;
  if (pick.date) return pick.date;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('How many items by which date?'),
    prompt: vscode.l10n.t('Target date (YYYY-MM-DD), on or after {0}', start),
    placeHolder: isoOf(s + 59),
    validateInput: (v) => (!isoValid(v) ? vscode.l10n.t('Type a date like {0}', isoOf(s + 59)) : v.trim() < start ? vscode.l10n.t('The date must be on or after {0}', start) : undefined),
  });
  return typed?.trim();
}

async function askCount(defaultCount: number): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('When will N items be done?'),
    prompt: vscode.l10n.t('Number of items (the backlog has {0} open items)', defaultCount),
    value: String(defaultCount),
    validateInput: (v) => (/^\d{1,6}$/.test(v.trim()) ? undefined : vscode.l10n.t('Type a whole number from 0 to 999999')),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** Validated arguments (a typed error naming the bad field), or `{}` when called without any. */
function argsOf<T>(schema: Parameters<typeof parseArgs<T>>[0], raw: unknown): Partial<T> {
  return raw === undefined ? {} : parseArgs(schema, raw);
}

export function registerForecastCommands(context: vscode.ExtensionContext, service: BacklogService, host: ForecastHost, reports: ForecastReportProvider): void {
  const reg = (id: string, fn: (args?: unknown) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /** Shows the answer: the P85 sentence (or the reason there is none) with a report button. */
  async function present<R>(name: string, answer: Answer<R>, interactive: boolean, showReport?: boolean): Promise<Answer<R>> {
    if (!interactive) {
      // Called with arguments (tests, agents, other extensions): no prompt, no message; the report
      // is opened only when asked for.
      if (showReport) await reports.show(name, answer.markdown);
      return answer;
    }
    const show = vscode.l10n.t('Show Report');
    const ok = (answer.result as { kind: string }).kind === 'ok';
    const shown = ok ? vscode.window.showInformationMessage(answer.sentence, show) : vscode.window.showWarningMessage(answer.sentence, show);
    void shown.then(async (b) => {
      if (b === show) await reports.show(name, answer.markdown);
    });
    return answer;
  }

  /** The given source; with no arguments at all, asked; with arguments, the backlog by default. */
  async function sourceOf(args: CommonInputs, raw: unknown): Promise<SourceSpec | undefined> {
    if (args.source) return args.source;
    if (raw !== undefined) return { kind: 'backlog' };
    const ado = await host.azureDevOps?.().catch(() => undefined);
    const detail = ado ? vscode.l10n.t('{0} items, {1} open; the team calendar from Azure DevOps', ado.extraction.ids.length, ado.extraction.ranked.length) : undefined;
    return pickSource(detail ? { detail } : undefined);
  }

  reg('flowcast.forecastHowMany', (raw?: unknown) =>
    report(async () => {
      const args = argsOf<HowManyArgs>(HowManyArgsSchema, raw);
      const interactive = raw === undefined;
      const source = await sourceOf(args, raw);
      if (!source) return undefined;
      const { start } = await host.defaults(args.backlogId);
      const targetDate = args.targetDate ?? (await askTargetDate(args.start ?? start));
      if (!targetDate) return undefined;
      const answer = await host.howMany({ ...args, source, targetDate, record: args.record ?? true });
      return present(vscode.l10n.t('Forecast - How Many'), answer, interactive, args.showReport);
    }),
  );

  reg('flowcast.forecastWhen', (raw?: unknown) =>
    report(async () => {
      const args = argsOf<WhenArgs>(WhenArgsSchema, raw);
      const interactive = raw === undefined;
      const source = await sourceOf(args, raw);
      if (!source) return undefined;
      let remaining = args.remaining;
      if (remaining === undefined && interactive) {
        const { openCount } = await host.defaults(args.backlogId);
        remaining = await askCount(openCount);
        if (remaining === undefined) return undefined;
      }
      const answer = await host.when({ ...args, source, remaining, record: args.record ?? true });
      return present(vscode.l10n.t('Forecast - When'), answer, interactive, args.showReport);
    }),
  );

  reg('flowcast.forecastBacklogOrder', (raw?: unknown) =>
    report(async () => {
      const args = argsOf<PerItemArgs>(PerItemArgsSchema, raw);
      const answer = await host.perItem({ ...args, source: { kind: 'backlog' }, record: args.record ?? true });
      if (answer.result.kind === 'ok') {
        const last = answer.result.items[answer.result.items.length - 1];
        const p85 = last?.percentiles.find((q) => q.p === 0.85)?.date;
        answer.sentence = last
          ? p85
            ? vscode.l10n.t('85% chance that all {0} open items are done by {1} (the last is {2}).', answer.result.items.length, p85, last.id)
            : vscode.l10n.t('The last of the {0} open items is not done within the horizon in more than 15% of trials: no 85% date.', answer.result.items.length)
          : vscode.l10n.t('There are no open items to forecast.');
      }
      return present(vscode.l10n.t('Forecast - Backlog Order'), answer, false, raw === undefined || args.showReport);
    }),
  );

  reg('flowcast.setTeamCalendar', (raw?: unknown) =>
    report(async () => {
      const args = argsOf<TeamCalendarArgs>(TeamCalendarArgsSchema, raw);
      const { id, repo } = await service.repo(args.backlogId);
      if (args.calendar !== undefined || args.seed !== undefined) {
        if (args.calendar !== undefined) saveCalendar(repo, args.calendar ?? undefined);
        if (args.seed !== undefined) saveSeed(repo, args.seed ?? undefined);
        return { calendar: loadCalendar(repo), seed: loadSeed(repo, id) };
      }
      const next = await askCalendar(loadCalendar(repo), loadSeed(repo, id));
      if (!next) return undefined;
      saveCalendar(repo, next.calendar);
      saveSeed(repo, next.seed);
      void vscode.window.showInformationMessage(vscode.l10n.t('Team calendar saved for forecasts of this backlog.'));
      return { calendar: loadCalendar(repo), seed: loadSeed(repo, id) };
    }),
  );

  registerTrustCommands(context, host, reports);
}
