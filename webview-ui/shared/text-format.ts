// Fills the numbered placeholders ({0}, {1}…) of a string the host localised for a page.
/** Each {n} becomes args[n]; a placeholder without an argument is left as it is. */
export function fillPlaceholders(s: string, args: readonly (string | number)[]): string {
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
