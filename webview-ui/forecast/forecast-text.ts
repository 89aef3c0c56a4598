// Localised text of the Forecast page: the strings the host sent (Init), number, date and
// probability formats. One module so every component words things the same way.
import { formatProbability, formErrorKey, type FormField } from '../../src/core/forecast/view';

let strings: Record<string, string> = {};
let locale = 'en';

export function setText(s: Record<string, string>, loc: string): void {
  strings = s;
  locale = loc;
  formats.clear();
}

/**
 * Formatters are built once per locale and options: building an Intl formatter costs far more than
 * formatting with it, and a long calendar heatmap formats two dates per day (a When of thousands
 * of items re-rendered in over a second when each call built its own).
 */
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(o: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${JSON.stringify(o)}`;
  let f = formats.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' })));
  return f;
}

export function currentLocale(): string {
  return locale;
}

/** The host's string for `key` with {0}, {1}... replaced. */
export function t(key: string, ...args: (string | number)[]): string {
  const s = strings[key] ?? key;
  return args.reduce<string>((acc, a, i) => acc.split(`{${i}}`).join(String(a)), s);
}

/** A problem of the inputs form, in the UI language. */
export function errText(field: FormField, message: string): string {
  const { key, args } = formErrorKey(field, message);
  return t(key, ...args);
}

export function num(n: number, digits = 1): string {
  const key = `n${digits}`;
  let f = formats.get(key) as Intl.NumberFormat | undefined;
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f.format(n);
}

/** "12 Mar 2027" in the page's locale (UTC: forecast dates are calendar days). */
export function dateText(iso: string): string {
  return dateFormat({ dateStyle: 'medium' }).format(new Date(`${iso}T00:00:00Z`));
}

/** "12 Mar" for axis ticks. */
export function shortDate(iso: string): string {
  return dateFormat({ day: 'numeric', month: 'short' }).format(new Date(`${iso}T00:00:00Z`));
}

/** "March 2027" of a month key "2027-03". */
export function monthText(key: string): string {
  return dateFormat({ month: 'long', year: 'numeric' }).format(new Date(`${key}-01T00:00:00Z`));
}

/** Monday-first short weekday names. */
export function weekdayNames(): string[] {
  const f = dateFormat({ weekday: 'short' });
  return [0, 1, 2, 3, 4, 5, 6].map((k) => f.format(new Date(Date.UTC(2024, 0, 1 + k)))); // 2024-01-01 was a Monday
}

/** A probability as the panel shows it: ">95%" while work remains, "<5%", else a whole percent. */
export function probText(p: number): string {
  return formatProbability(p, locale.toLowerCase().startsWith('fr') ? 'fr' : 'en', true);
}

/** A percentile label: "P85". */
export function pLabel(p: number): string {
  return `P${Math.round(p * 100)}`;
}

/** A date or the not-within-horizon words. */
export function dateOrNever(iso: string | null): string {
  return iso ? dateText(iso) : t('notWithinHorizon');
}
