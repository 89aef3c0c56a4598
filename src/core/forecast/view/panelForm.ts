// The Forecast panel's inputs form as typed text, and its conversion to validated inputs: every
// problem is keyed by the form field it belongs to, so the page marks it inline and runs nothing.
import { PanelInputsSchema, type ForecastMode, type PanelInputs } from '../../protocol/forecastPanel';

/** What the form holds (text as typed). */
export interface PanelForm {
  sourceKind: 'backlog' | 'samples' | 'csv' | 'view' | 'azureDevOps';
  /** CSV source: the id the host gave the picked file, and its name as shown. */
  csvFile?: string;
  csvName?: string;
  /** CSV source: rows without a done date (the default number of items). */
  csvOpen?: number;
  /** Saved-view source: the view's id. */
  viewId?: string;
  samples: string;
  per: 'day' | 'week';
  mode: ForecastMode;
  targetDate: string;
  /** Empty: the open items. */
  remaining: string;
  start: string;
  trials: string;
  seed: string;
  windowDays: string;
  /** Project share in percent; empty: 100. */
  share: string;
  parallel: string;
  splitLow: string;
  splitHigh: string;
  growth: boolean;
}

export type FormField = Exclude<keyof PanelForm, 'growth' | 'sourceKind' | 'per' | 'mode'> | 'growth' | 'sourceKind' | 'mode';

/** Schema paths -> form fields. */
const FIELD_OF: Record<string, FormField> = {
  'source.text': 'samples',
  'source.fileId': 'sourceKind',
  'source.viewId': 'sourceKind',
  source: 'sourceKind',
  mode: 'mode',
  targetDate: 'targetDate',
  remaining: 'remaining',
  start: 'start',
  trials: 'trials',
  seed: 'seed',
  windowDays: 'windowDays',
  share: 'share',
  parallel: 'parallel',
  'split.low': 'splitLow',
  'split.high': 'splitHigh',
  split: 'splitLow',
  growth: 'growth',
};

function sourceOf(f: PanelForm): unknown {
  if (f.sourceKind === 'samples') return { kind: 'samples', text: f.samples, per: f.per };
  if (f.sourceKind === 'csv') return { kind: 'csv', fileId: f.csvFile ?? '' };
  if (f.sourceKind === 'view') return { kind: 'view', viewId: f.viewId ?? '' };
  if (f.sourceKind === 'azureDevOps') return { kind: 'azureDevOps' };
  return { kind: 'backlog' };
}

/** The open items a When forecast counts by default: the backlog's, the saved view's, the synced Azure DevOps items', or the CSV's rows without a done date. */
export function defaultCount(f: PanelForm, backlogOpen: number, views: readonly { id: string; openCount: number }[], azureDevOpsOpen = 0): number {
  if (f.sourceKind === 'view') return views.find((v) => v.id === f.viewId)?.openCount ?? 0;
  if (f.sourceKind === 'azureDevOps') return azureDevOpsOpen;
  if (f.sourceKind === 'csv') return f.csvOpen ?? 0;
  return backlogOpen;
}

/** A number as typed ("10,000", "10 000" and "0,5" accepted); NaN when it is not one; undefined when empty. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim().replace(/[\s\u00a0\u202f_]/g, '');
  if (!s) return undefined;
  const normal = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : NaN;
}

/** The inputs the form describes, or its problems by field (never both). */
export function formToInputs(f: PanelForm, openCount: number): { inputs: PanelInputs; errors?: undefined } | { inputs?: undefined; errors: Partial<Record<FormField, string>> } {
  const errors: Partial<Record<FormField, string>> = {};
  const n = (field: FormField, text: string): number | undefined => {
    const v = parseNumber(text);
    if (v !== undefined && Number.isNaN(v)) errors[field] = 'expected a number';
    return v;
  };
  const share = n('share', f.share);
  const low = n('splitLow', f.splitLow);
  const high = n('splitHigh', f.splitHigh);
  if ((low === undefined) !== (high === undefined)) errors[low === undefined ? 'splitLow' : 'splitHigh'] = 'give both low and high';
  const raw = {
    source: sourceOf(f),
    mode: f.mode,
    ...(f.mode === 'howMany' ? { targetDate: f.targetDate.trim() } : {}),
    ...(f.mode === 'when' ? { remaining: n('remaining', f.remaining) ?? openCount } : {}),
    start: f.start.trim(),
    trials: n('trials', f.trials),
    seed: n('seed', f.seed),
    windowDays: n('windowDays', f.windowDays),
    ...(share !== undefined ? { share: share / 100 } : {}),
    ...(f.mode === 'perItem' && f.parallel.trim() ? { parallel: n('parallel', f.parallel) } : {}),
    ...(f.mode !== 'howMany' && low !== undefined && high !== undefined ? { split: { low, high } } : {}),
    ...(f.mode !== 'howMany' && f.growth ? { growth: true } : {}),
  };
  const r = PanelInputsSchema.safeParse(raw);
  if (!r.success)
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.');
      const field = FIELD_OF[path] ?? FIELD_OF[path.split('.')[0]] ?? 'mode';
      errors[field] ??= issue.message;
    }
  if (Object.keys(errors).length || !r.success) return { errors: Object.keys(errors).length ? errors : { mode: 'invalid inputs' } };
  return { inputs: r.data };
}

/** The form's problems as the page words them: a key of its strings table, and the arguments. */
const FORM_MESSAGE_KEYS: Record<string, string> = {
  'expected int': 'err.int',
  'expected a number': 'err.number',
  'invalid date (expected YYYY-MM-DD)': 'err.date',
  'must be on or after the start date': 'err.afterStart',
  'give both low and high': 'err.bothSplit',
  'high must be >= low': 'err.highLow',
  'type some numbers': 'err.samples',
  'choose a CSV file': 'err.csv',
  'scope growth needs the local backlog': 'err.growth',
  'the backlog order needs the local backlog or Azure DevOps': 'err.perItemSource',
  'a target date is needed': 'err.targetDate',
};

/**
 * The strings key (and arguments) of a problem `formToInputs` reported on `field`. Bounds are given
 * in the field's own unit (the project share is typed in %, checked as a fraction). An unknown
 * message is its own key (shown as it is).
 */
export function formErrorKey(field: FormField, message: string): { key: string; args: number[] } {
  const known = FORM_MESSAGE_KEYS[message];
  if (known) return { key: known, args: [] };
  const m = /^too (small|big): at (?:least|most) (-?\d+(?:\.\d+)?)$/.exec(message);
  if (m) {
    const bound = Number(m[2]);
    return { key: m[1] === 'small' ? 'err.min' : 'err.max', args: [field === 'share' ? Math.round(bound * 100) : bound] };
  }
  return { key: message, args: [] };
}
