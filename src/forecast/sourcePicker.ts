// Asks where a forecast's history comes from: this backlog's status history, throughput numbers
// typed or pasted (as teams keeping a spreadsheet do), or a CSV file: dates exported from another
// tracker (Jira, GitHub, Linear) or a throughput column, the columns picked from the file's header.
// The commands and the Forecast panel share askCsv.
import * as vscode from 'vscode';
import { parseCsvDates, parseSamples, parseThroughputCsv, CsvDatesError, type CsvDateColumns } from '../core/forecast';
import { readCsvRecords } from '../core/io/csv';
import type { SourceSpec } from './forecastHost';

const MAX_CSV_BYTES = 50 * 1024 * 1024;

async function askSamples(per: 'day' | 'week'): Promise<SourceSpec | undefined> {
  const text = await vscode.window.showInputBox({
    title: per === 'day' ? vscode.l10n.t('Items finished per working day') : vscode.l10n.t('Items finished per week'),
    prompt: vscode.l10n.t('Numbers separated by commas or spaces, oldest first (for example 3, 0, 2, 5, 1)'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseSamples(v);
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  return text === undefined ? undefined : { kind: 'samples', samples: parseSamples(text), per };
}

function guess(headers: string[], pattern: RegExp): string | undefined {
  return headers.find((h) => pattern.test(h));
}

async function pickColumn(headers: string[], title: string, suggested: string | undefined, optional: boolean): Promise<string | null | undefined> {
  const none = vscode.l10n.t('(none)');
  const items = headers.map((h) => ({ label: h, description: h === suggested ? vscode.l10n.t('suggested') : undefined }));
  if (suggested) items.sort((a, b) => (a.label === suggested ? -1 : b.label === suggested ? 1 : 0));
  const pick = await vscode.window.showQuickPick(optional ? [...items, { label: none, description: undefined }] : items, { title, ignoreFocusOut: true });
  if (!pick) return undefined;
  return pick.label === none ? null : pick.label;
}

/** A CSV the user picked, parsed: a date per finished item (csv), or items finished per period (samples). */
export interface PickedCsv {
  spec: Extract<SourceSpec, { kind: 'csv' | 'samples' }>;
  name: string;
  /** Finished items (dates) or periods (throughput). */
  rows: number;
  /** Rows without a done date (open work); 0 for throughput. */
  openRows: number;
}

/** Open dialog, then the columns: a done-date column (optional start and created), or a throughput column per day or week. */
export async function askCsv(): Promise<PickedCsv | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use for the forecast'), filters: { CSV: ['csv', 'txt'] } });
  const file = picked?.[0];
  if (!file) return undefined;
  const bytes = await vscode.workspace.fs.readFile(file);
  if (bytes.byteLength > MAX_CSV_BYTES) throw new CsvDatesError([{ line: 0, column: '', value: '', reason: 'the file is larger than 50 MB' }]);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const headers = (readCsvRecords(text.replace(/^\uFEFF/, ''))[0]?.fields ?? []).map((h) => h.trim()).filter(Boolean);
  if (!headers.length) throw new CsvDatesError([{ line: 1, column: '', value: '', reason: 'the file has no header row' }]);
  const throughputColumn = guess(headers, /throughput|count|nombre|d[ée]bit/i);
  type Kind = vscode.QuickPickItem & { id: 'dates' | 'day' | 'week' };
  const kinds: Kind[] = [
    { id: 'dates', label: vscode.l10n.t('A date per finished item'), detail: vscode.l10n.t('A Jira, GitHub or Linear export: pick the done-date column') },
    { id: 'day', label: vscode.l10n.t('Items finished per working day') },
    { id: 'week', label: vscode.l10n.t('Items finished per week') },
  ];
  if (throughputColumn) kinds.push(kinds.shift() as Kind);
  const kind = await vscode.window.showQuickPick(kinds, { title: vscode.l10n.t('What does {0} hold?', name), ignoreFocusOut: true });
  if (!kind) return undefined;
  if (kind.id !== 'dates') {
    const column = await pickColumn(headers, vscode.l10n.t('Which column holds the items finished?'), throughputColumn, false);
    if (!column) return undefined;
    const samples = parseThroughputCsv(text, column); // bad rows are reported (with line numbers) before anything runs
    return { spec: { kind: 'samples', samples, per: kind.id }, name, rows: samples.length, openRows: 0 };
  }
  const done = await pickColumn(headers, vscode.l10n.t('Which column holds the date each item was finished?'), guess(headers, /resolved|done|closed|completed|fini|termin/i), false);
  if (!done) return undefined;
  const start = await pickColumn(headers, vscode.l10n.t('Which column holds the start date? (optional, for cycle times)'), guess(headers, /start|in progress|activated|commenc/i), true);
  if (start === undefined) return undefined;
  const created = await pickColumn(headers, vscode.l10n.t('Which column holds the created date? (optional, for scope growth)'), guess(headers, /created|opened|cr[ée]{1,2}/i), true);
  if (created === undefined) return undefined;
  const columns: CsvDateColumns = { done, ...(start ? { start } : {}), ...(created ? { created } : {}) };
  const parsed = parseCsvDates(text, columns); // bad rows are reported (with line numbers) before anything runs
  return { spec: { kind: 'csv', text, columns }, name, rows: parsed.done.length, openRows: parsed.openRows };
}

/** Asks for a source (Azure DevOps offered when the backlog has a synced connection); undefined when the user cancels. */
export async function pickSource(azureDevOps?: { detail: string }): Promise<SourceSpec | undefined> {
  type Choice = vscode.QuickPickItem & { id: 'backlog' | 'day' | 'week' | 'csv' | 'azureDevOps' };
  const choices: Choice[] = [
    ...(azureDevOps ? [{ id: 'azureDevOps' as const, label: `$(cloud) ${vscode.l10n.t('Azure DevOps (synced work items)')}`, detail: azureDevOps.detail }] : []),
    { id: 'backlog', label: `$(history) ${vscode.l10n.t('This backlog\'s history')}`, detail: vscode.l10n.t('Items that reached a done status, from each item\'s status history') },
    { id: 'day', label: `$(edit) ${vscode.l10n.t('Typed daily throughput…')}`, detail: vscode.l10n.t('Items finished per working day, typed or pasted') },
    { id: 'week', label: `$(edit) ${vscode.l10n.t('Typed weekly throughput…')}`, detail: vscode.l10n.t('Items finished per week, typed or pasted') },
    { id: 'csv', label: `$(file) ${vscode.l10n.t('CSV of dates from another tracker…')}`, detail: vscode.l10n.t('A Jira, GitHub or Linear export, or a throughput column') },
  ];
  const pick = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Forecast from which history?') });
  if (!pick) return undefined;
  if (pick.id === 'backlog' || pick.id === 'azureDevOps') return { kind: pick.id };
  if (pick.id === 'csv') return (await askCsv())?.spec;
  return askSamples(pick.id);
}
