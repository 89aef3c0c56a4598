// "Set Team Calendar...": working weekdays, days off, capacity ratios, time zone and the forecast
// seed, asked step by step with the current values filled in; every step validates as you type.
import * as vscode from 'vscode';
import { compileCalendar, type TeamCalendar } from '../core/forecast';
import { formatCapacity, formatDaysOff, parseCapacity, parseDaysOff } from '../core/forecast/calendarText';

function validator(parse: (v: string) => unknown): (v: string) => string | undefined {
  return (v) => {
    try {
      parse(v);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
}

export async function askCalendar(current: TeamCalendar, seed: number): Promise<{ calendar: TeamCalendar; seed: number } | undefined> {
  const names = [
    vscode.l10n.t('Monday'),
    vscode.l10n.t('Tuesday'),
    vscode.l10n.t('Wednesday'),
    vscode.l10n.t('Thursday'),
    vscode.l10n.t('Friday'),
    vscode.l10n.t('Saturday'),
    vscode.l10n.t('Sunday'),
  ];
  const working = new Set(current.workingDays ?? [1, 2, 3, 4, 5]);
  const days = await vscode.window.showQuickPick(
    names.map((label, i) => ({ label, day: i + 1, picked: working.has(i + 1) })),
    { canPickMany: true, title: vscode.l10n.t('Team calendar (1/5): working days'), ignoreFocusOut: true },
  );
  if (!days) return undefined;
  if (!days.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('A team calendar needs at least one working day.'));
    return undefined;
  }
  const off = await vscode.window.showInputBox({
    title: vscode.l10n.t('Team calendar (2/5): team days off'),
    prompt: vscode.l10n.t('Dates or ranges, comma separated (for example 2026-12-24..2026-12-26, 2027-01-01); empty for none'),
    value: formatDaysOff(current.daysOff),
    ignoreFocusOut: true,
    validateInput: validator(parseDaysOff),
  });
  if (off === undefined) return undefined;
  const cap = await vscode.window.showInputBox({
    title: vscode.l10n.t('Team calendar (3/5): reduced capacity (optional)'),
    prompt: vscode.l10n.t('Date or range = share of the usual capacity (for example 2027-01-04..2027-01-08=0.5); empty for none'),
    value: formatCapacity(current.capacity),
    ignoreFocusOut: true,
    validateInput: validator(parseCapacity),
  });
  if (cap === undefined) return undefined;
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const tz = await vscode.window.showInputBox({
    title: vscode.l10n.t('Team calendar (4/5): time zone of the team\'s day'),
    prompt: vscode.l10n.t('An IANA time zone such as Europe/Paris or America/New_York; empty for UTC'),
    value: current.timeZone ?? local ?? '',
    ignoreFocusOut: true,
    validateInput: validator((v) => v.trim() && compileCalendar({ timeZone: v.trim() })),
  });
  if (tz === undefined) return undefined;
  const seedText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Team calendar (5/5): forecast seed'),
    prompt: vscode.l10n.t('The same inputs and seed always give the same numbers. Change it only to check how much a forecast depends on chance.'),
    value: String(seed),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d{1,10}$/.test(v.trim()) && Number(v) <= 0xffffffff ? undefined : vscode.l10n.t('Type a whole number from 0 to 4294967295')),
  });
  if (seedText === undefined) return undefined;
  const calendar: TeamCalendar = {
    workingDays: days.map((d) => d.day).sort((a, b) => a - b),
    ...(off.trim() ? { daysOff: parseDaysOff(off) } : {}),
    ...(cap.trim() ? { capacity: parseCapacity(cap) } : {}),
    ...(tz.trim() ? { timeZone: tz.trim() } : {}),
  };
  return { calendar, seed: Number(seedText.trim()) };
}
