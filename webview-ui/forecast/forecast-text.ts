// Localised text of the Forecast page: the strings the host sent (Init), number, date and
// probability formats. One module so every component words things the same way.
import { formatProbability } from '../../src/core/forecast/view';

let strings: Record<string, string> = {};
let locale = 'en';

export function setText(s: Record<string, string>, loc: string): void {
  strings = s;
  locale = loc;
}

export function currentLocale(): string {
  return locale;
}

/** The host's string for `key` with {0}, {1}... replaced. */
export function t(key: string, ...args: (string | number)[]): string {
  const s = strings[key] ?? key;
  return args.reduce<string>((acc, a, i) => acc.split(`{${i}}`).join(String(a)), s);
}

export function num(n: number, digits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** "12 Mar 2027" in the page's locale (UTC: forecast dates are calendar days). */
export function dateText(iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** "12 Mar" for axis ticks. */
export function shortDate(iso: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** "March 2027" of a month key "2027-03". */
export function monthText(key: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
}

/** Monday-first short weekday names. */
export function weekdayNames(): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
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
