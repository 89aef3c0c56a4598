// Messages of the Forecast panel ("Flowcast: Open Forecast"): the inputs the page sends (validated
// here; a bad one is answered with a typed error naming the field), the forecast, flow-metrics and
// trust views the host answers with, exports the host saves through a save dialog, the CSV source
// the host reads after its open dialog.
import * as z from 'zod/mini';
import { IsoDateSchema, TeamCalendarSchema } from './forecast';
import { BacklogRefSchema, ItemIdSchema } from './messages';
import { defineNotification, defineRequest } from './rpc';

const P = z.number().check(z.gte(0), z.lte(1));
const Count = z.int().check(z.gte(0));
const Num = z.number();
const Text = z.string().check(z.maxLength(2000));
const Split = z.strictObject({ low: z.number().check(z.gte(0.01), z.lte(100)), high: z.number().check(z.gte(0.01), z.lte(100)) });

export const FORECAST_MODES = ['howMany', 'when', 'perItem'] as const;
export type ForecastMode = (typeof FORECAST_MODES)[number];

/** Everything the inputs form sets. Cross-field rules (target after start, split high >= low) are checked too. */
export const PanelInputsSchema = z
  .strictObject({
    source: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('backlog') }),
      /** Typed throughput numbers ("3, 0, 5 2"), per day or per week. */
      z.strictObject({ kind: z.literal('samples'), text: z.string().check(z.maxLength(200_000)), per: z.enum(['day', 'week']) }),
      /** A CSV file the host read after its open dialog (PickPanelCsv), by the id it answered. */
      z.strictObject({ kind: z.literal('csv'), fileId: z.string().check(z.regex(/^csv:\d{1,9}$/, 'choose a CSV file')) }),
      /** A saved view of the board: the backlog's history, the view's open items by default. */
      z.strictObject({ kind: z.literal('view'), viewId: z.string().check(z.minLength(1), z.maxLength(200)) }),
      /** The Azure DevOps items synced for this backlog (offline, from the cache), with the team's calendar and sprints. */
      z.strictObject({ kind: z.literal('azureDevOps') }),
    ]),
    mode: z.enum(FORECAST_MODES),
    /** How Many: the last forecast day. */
    targetDate: z.optional(IsoDateSchema),
    /** When: the number of items (default: the open items). */
    remaining: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
    start: IsoDateSchema,
    trials: z.int().check(z.gte(100), z.lte(1_000_000)),
    seed: z.int().check(z.gte(0), z.lte(2 ** 31 - 1)),
    /** History window: the calendar days before the start. */
    windowDays: z.int().check(z.gte(14), z.lte(3660)),
    /** Project share of throughput (the rest is business as usual). */
    share: z.optional(P),
    /** Items worked at once (backlog order). */
    parallel: z.optional(z.int().check(z.gte(1), z.lte(100))),
    /** Each item becomes between low and high items once worked. */
    split: z.optional(Split),
    /** Scope growth from the created history (backlog only). */
    growth: z.optional(z.boolean()),
    /** Record this run in the calibration ledger. */
    record: z.optional(z.boolean()),
  })
  .check(
    z.refine((i) => i.mode !== 'howMany' || i.targetDate !== undefined, { message: 'a target date is needed', path: ['targetDate'] }),
    z.refine((i) => typeof i.targetDate !== 'string' || i.mode !== 'howMany' || typeof i.start !== 'string' || i.targetDate >= i.start, { message: 'must be on or after the start date', path: ['targetDate'] }),
    z.refine((i) => !i.split || i.split.high >= i.split.low, { message: 'high must be >= low', path: ['split', 'high'] }),
    z.refine((i) => i.mode !== 'perItem' || i.source?.kind === 'backlog' || i.source?.kind === 'azureDevOps', { message: 'the backlog order needs the local backlog or Azure DevOps', path: ['source'] }),
    z.refine((i) => !i.growth || i.source?.kind === 'backlog' || i.source?.kind === 'view', { message: 'scope growth needs the local backlog', path: ['growth'] }),
    z.refine((i) => i.source?.kind !== 'samples' || /\d/.test(i.source.text ?? ''), { message: 'type some numbers', path: ['source', 'text'] }),
  );
export type PanelInputs = z.infer<typeof PanelInputsSchema>;

/** A sprint (iteration) of the source: its name and first and last days (inclusive). */
const SprintSchema = z.object({ name: z.string().check(z.maxLength(400)), start: IsoDateSchema, finish: IsoDateSchema });
export type SprintLabel = z.infer<typeof SprintSchema>;

const HistorySchema = z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()), days: Count, daysWithCompletion: Count, mean: Num });

export const HowManyViewSchema = z.object({
  mode: z.literal('howMany'),
  targetDate: z.string(),
  forecastDays: Count,
  percentiles: z.array(z.object({ p: P, value: Count })),
  /** Exact-probability histogram (only values some trial reached), with the project / BAU split when a share is set. */
  histogram: z.array(z.object({ value: Count, probability: P })),
  atLeastCurve: z.array(z.object({ value: Count, probability: P })),
  mean: Num,
  /** Each trial's project items, in the engine's order (the CSV of trial results). */
  trialItems: z.array(Count),
  /** With a share < 1: each trial's business-as-usual items, and both exact-probability histograms on one axis. */
  trialBau: z.optional(z.array(Count)),
  stacked: z.optional(z.array(z.object({ value: Count, project: P, bau: P }))),
});
export const WhenViewSchema = z.object({
  mode: z.literal('when'),
  remaining: Count,
  percentiles: z.array(z.object({ p: P, date: z.nullable(z.string()) })),
  histogram: z.array(z.object({ date: z.string(), probability: P })),
  cdf: z.array(z.object({ date: z.string(), probability: P })),
  notWithinHorizon: P,
  /** Each trial's completion day (epoch day; -1 = not within the horizon), in the engine's order. */
  trialDays: z.array(z.int()),
});
export const PerItemViewSchema = z.object({
  mode: z.literal('perItem'),
  items: z.array(z.object({ id: z.string(), title: z.string(), blocked: z.boolean(), percentiles: z.array(z.object({ p: P, date: z.nullable(z.string()) })), notWithinHorizon: P })),
});
export type HowManyView = z.infer<typeof HowManyViewSchema>;
export type WhenView = z.infer<typeof WhenViewSchema>;
export type PerItemView = z.infer<typeof PerItemViewSchema>;

export const RunResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    seed: z.int(),
    trials: z.int(),
    engineVersion: z.string(),
    start: z.string(),
    history: HistorySchema,
    /** When the host answered (ISO), as written in the JSON export. */
    generatedAt: z.string(),
    sentences: z.array(Text),
    view: z.discriminatedUnion('mode', [HowManyViewSchema, WhenViewSchema, PerItemViewSchema]),
    /** The team calendar used (weekends and days off in the heatmap). */
    calendar: TeamCalendarSchema,
    /** The source's sprints (Azure DevOps), labelled on the calendar heatmap's days. */
    sprints: z.optional(z.array(SprintSchema)),
    ledgerId: z.optional(z.string()),
    /** Milliseconds the host spent. */
    ms: Num,
  }),
  /** No forecast: "not enough data", "cannot forecast", "window too short". Never a date. */
  z.object({ ok: z.literal(false), kind: z.string(), sentence: Text, history: HistorySchema, generatedAt: z.string() }),
]);
export type RunResult = z.infer<typeof RunResultSchema>;

/** The Azure DevOps items synced for the active backlog, when there are some (the source picker offers them). */
const AdoChoiceSchema = z.object({ name: z.string(), openCount: Count, syncedAt: z.nullable(z.string()) });
export type AdoChoice = z.infer<typeof AdoChoiceSchema>;

/** A saved view of the board with its open items (the default number of items of a forecast of it). */
const ViewChoiceSchema = z.object({ id: z.string(), name: z.string(), openCount: Count });
export type ViewChoice = z.infer<typeof ViewChoiceSchema>;

export const PanelDefaultsSchema = z.object({
  backlog: z.nullable(BacklogRefSchema),
  views: z.array(ViewChoiceSchema),
  azureDevOps: z.nullable(AdoChoiceSchema),
  today: z.string(),
  start: z.string(),
  openCount: Count,
  seed: z.int(),
  trials: z.int(),
  windowDays: z.int(),
});
export type PanelDefaults = z.infer<typeof PanelDefaultsSchema>;

const XmrSchema = z.object({ mean: Num, mrBar: Num, unpl: Num, lnpl: Num, signals: z.array(z.object({ index: Count, kind: z.string() })) });

export const MetricsViewSchema = z.object({
  from: z.string(),
  to: z.string(),
  throughputDaily: z.array(z.object({ date: z.string(), count: Count })),
  throughputWeekly: z.array(z.object({ weekStart: z.string(), count: Num })),
  cycleTimes: z.array(z.object({ id: z.string(), start: z.string(), done: z.string(), days: Num })),
  cycleTimePercentiles: z.array(z.object({ p: P, days: Num })),
  doneWithoutStart: Count,
  age: z.array(z.object({ id: z.string(), status: z.string(), start: z.string(), days: Num })),
  cfd: z.object({ statuses: z.array(z.string()), days: z.array(z.string()), counts: z.array(z.array(Count)) }),
  /** XmR limits of the weekly throughput, and of the daily one. */
  xmr: XmrSchema,
  xmrDaily: XmrSchema,
  predictability: z.object({ score: z.nullable(Num), label: z.optional(z.string()), p50: z.optional(Num), p95: z.optional(Num), reason: z.optional(z.string()) }),
  /** Localised data warnings (short history, long zero runs, halves that differ). */
  warnings: z.array(Text),
  /** Localised status labels by key. */
  statusLabels: z.record(z.string(), z.string()),
});
export type MetricsView = z.infer<typeof MetricsViewSchema>;

export const TrustViewSchema = z.object({
  calibration: z.nullable(z.object({ horizonDays: Count, weeks: Count, percentiles: z.array(z.object({ p: P, held: Count, total: Count, rate: P })) })),
  calibrationProblem: z.nullable(Text),
  ledger: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      target: z.string(),
      start: z.string(),
      horizonEnd: z.nullable(z.string()),
      remaining: z.optional(Count),
      percentiles: z.array(z.object({ p: P, value: z.optional(Num), date: z.optional(z.nullable(z.string())) })),
      scores: z.array(z.object({ p: P, verdict: z.enum(['held', 'missed', 'pending']) })),
    }),
  ),
  ledgerSentences: z.array(Text),
  /** Open items that two recorded backlog-order forecasts include (why-did-my-date-move candidates). */
  movable: z.array(z.string()),
});
export type TrustView = z.infer<typeof TrustViewSchema>;

export const EXPORT_KINDS = ['png', 'svg', 'json', 'csv'] as const;
/** A file the page built from what it shows; the host asks where to save it. */
export const ExportParamsSchema = z
  .strictObject({
    kind: z.enum(EXPORT_KINDS),
    /** Suggested file name (no folders). */
    name: z.string().check(z.minLength(1), z.maxLength(120), z.regex(/^[\w.\- ]+$/, 'letters, digits, spaces, dot, dash and underscore only')),
    /** Text of the file; for png a data: URL (base64) from canvas.toDataURL. */
    content: z.string().check(z.maxLength(40_000_000)),
  })
  .check(z.refine((e) => e.kind !== 'png' || /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(e.content), { message: 'expected a PNG data URL', path: ['content'] }));
export type ExportParams = z.infer<typeof ExportParamsSchema>;

// ---- webview -> host requests ------------------------------------------------------------
export const GetPanelDefaults = defineRequest('forecast/defaults', z.strictObject({}), PanelDefaultsSchema);
export const RunPanelForecast = defineRequest('forecast/run', PanelInputsSchema, RunResultSchema);
/** Flow metrics of the local backlog, or of the synced Azure DevOps items. */
export const GetPanelMetrics = defineRequest('forecast/metrics', z.strictObject({ source: z.optional(z.enum(['backlog', 'azureDevOps'])) }), MetricsViewSchema);
export const GetPanelTrust = defineRequest('forecast/trust', z.strictObject({}), TrustViewSchema);
export const ExplainDateMove = defineRequest('forecast/whyMoved', z.strictObject({ itemId: ItemIdSchema }), z.object({ sentences: z.array(Text), from: z.string(), to: z.string() }));
export const SavePanelExport = defineRequest('forecast/export', ExportParamsSchema, z.object({ saved: z.boolean(), path: z.optional(z.string()) }));
/** Opens the file dialog and the column pickers; the host keeps the parsed file and answers its id (bad rows: an error with their lines). */
export const PickPanelCsv = defineRequest(
  'forecast/pickCsv',
  z.strictObject({}),
  z.object({ picked: z.boolean(), fileId: z.optional(z.string()), name: z.optional(z.string()), rows: Count, openRows: Count }),
);
export const OpenItemFromForecast = defineRequest('forecast/openItem', z.strictObject({ id: ItemIdSchema }), z.object({ done: z.boolean() }));

// ---- host -> webview notifications --------------------------------------------------------
/** The backlog changed (items added, moved, reordered, finished): the page re-runs its forecast. */
export const ForecastBacklogChanged = defineNotification('forecast/backlogChanged', z.object({ backlog: z.nullable(BacklogRefSchema), openCount: Count, views: z.array(ViewChoiceSchema), azureDevOps: z.nullable(AdoChoiceSchema) }));
