// Arguments of the forecast commands and of the public API's `forecast()` (one schema per input,
// built from the engine's input schemas in ./forecast). A bad argument becomes a typed
// FlowcastError naming the field, before anything runs.
import * as z from 'zod/mini';
import { IsoDateSchema, TeamCalendarSchema, WeightMapSchema, parseForecastInput } from './forecast';

const Id = z.string().check(z.minLength(1), z.maxLength(200));
const Header = z.string().check(z.minLength(1), z.maxLength(200));
const Seed = z.int().check(z.gte(0), z.lte(0xffffffff));
const Split = z
  .strictObject({ low: z.number().check(z.gte(0.01), z.lte(100)), high: z.number().check(z.gte(0.01), z.lte(100)) })
  .check(z.refine((s) => s.high >= s.low, 'high must be >= low'));

/** A source as callers give it (the backlog is the one named by `backlogId`, or the active one). */
export const ForecastSourceArgSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('backlog') }),
  /** The active backlog's Azure DevOps connection, from its last sync (offline). */
  z.strictObject({ kind: z.literal('azureDevOps') }),
  z.strictObject({
    kind: z.literal('samples'),
    /** Numbers, or text as typed ("3, 0, 5 2"). */
    samples: z.union([z.array(z.number().check(z.gte(0), z.lte(1_000_000))).check(z.minLength(1), z.maxLength(10_000)), z.string().check(z.maxLength(200_000))]),
    per: z.optional(z.enum(['day', 'week'])),
  }),
  z.strictObject({
    kind: z.literal('csv'),
    text: z.string().check(z.maxLength(50_000_000)),
    columns: z.strictObject({ done: Header, start: z.optional(Header), created: z.optional(Header), effort: z.optional(Header) }),
    timeZone: z.optional(z.string().check(z.maxLength(64))),
  }),
]);

const common = {
  backlogId: z.optional(Id),
  source: z.optional(ForecastSourceArgSchema),
  /** First forecast day; default today in the team calendar's time zone. */
  start: z.optional(IsoDateSchema),
  seed: z.optional(Seed),
  trials: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
  share: z.optional(z.number().check(z.gte(0), z.lte(1))),
  calendar: z.optional(TeamCalendarSchema),
  window: z.optional(z.strictObject({ from: z.optional(IsoDateSchema), to: z.optional(IsoDateSchema) })),
  /** Count effort units instead of items (XS..XL -> units; items without an effort count `unsized`). */
  weights: z.optional(WeightMapSchema),
  /** Record in the calibration ledger (the commands do by default; the API does not). */
  record: z.optional(z.boolean()),
  /** Commands only: open the Markdown report. */
  showReport: z.optional(z.boolean()),
};

export const HowManyArgsSchema = z.strictObject({ ...common, targetDate: IsoDateSchema });
export const WhenArgsSchema = z.strictObject({ ...common, remaining: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))), split: z.optional(Split), growth: z.optional(z.boolean()) });
export const PerItemArgsSchema = z.strictObject({ ...common, parallel: z.optional(z.int().check(z.gte(1), z.lte(100))), split: z.optional(Split), growth: z.optional(z.boolean()) });
export const BacktestArgsSchema = z.strictObject({
  ...common,
  asOf: IsoDateSchema,
  targetDate: z.optional(IsoDateSchema),
  remaining: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  horizonDays: z.optional(z.int().check(z.gte(1), z.lte(366))),
});
export const MetricsArgsSchema = z.strictObject({
  backlogId: z.optional(Id),
  from: z.optional(IsoDateSchema),
  /** The synced Azure DevOps items instead of the backlog's own (cycle time, aging, cumulative flow). */
  source: z.optional(z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('backlog') }), z.strictObject({ kind: z.literal('azureDevOps') })])),
});
export const WhyMovedArgsSchema = z.strictObject({ backlogId: z.optional(Id), itemId: z.string().check(z.minLength(1), z.maxLength(100)) });
export const TeamCalendarArgsSchema = z.strictObject({ backlogId: z.optional(Id), calendar: z.optional(z.nullable(TeamCalendarSchema)), seed: z.optional(z.nullable(Seed)) });
/** "Choose What the Status Bar Forecasts" without its picker: a saved view's name, or '' for every open item. */
export const StatusBarForecastArgsSchema = z.strictObject({ view: z.string().check(z.maxLength(200)) });
export const LedgerArgsSchema = z.strictObject({ backlogId: z.optional(Id), exportTo: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))) });

export type ForecastSourceArg = z.infer<typeof ForecastSourceArgSchema>;
export type HowManyArgs = z.infer<typeof HowManyArgsSchema>;
export type WhenArgs = z.infer<typeof WhenArgsSchema>;
export type PerItemArgs = z.infer<typeof PerItemArgsSchema>;
export type BacktestArgs = z.infer<typeof BacktestArgsSchema>;
export type MetricsArgs = z.infer<typeof MetricsArgsSchema>;
export type WhyMovedArgs = z.infer<typeof WhyMovedArgsSchema>;
export type TeamCalendarArgs = z.infer<typeof TeamCalendarArgsSchema>;
export type LedgerArgs = z.infer<typeof LedgerArgsSchema>;

/** The public API's `forecast(request)`: one of the operations, by `op`. */
export const ForecastApiRequestSchema = z.discriminatedUnion('op', [
  z.extend(HowManyArgsSchema, { op: z.literal('howMany') }),
  z.extend(WhenArgsSchema, { op: z.literal('when') }),
  z.extend(PerItemArgsSchema, { op: z.literal('perItem') }),
  z.extend(BacktestArgsSchema, { op: z.literal('backtest') }),
  z.extend(MetricsArgsSchema, { op: z.literal('metrics') }),
  z.extend(WhyMovedArgsSchema, { op: z.literal('whyMoved') }),
]);
export type ForecastApiRequest = z.infer<typeof ForecastApiRequestSchema>;

/** Validates command arguments; `undefined` (no arguments: the command asks) passes as `{}`-less undefined. */
export function parseArgs<T>(schema: z.ZodMiniType<T, unknown>, raw: unknown): T {
  return parseForecastInput(schema, raw);
}
