// Input schemas of forecast requests (how many, when, per item, backtest, metrics; every source
// kind) for the public API, commands and agent tools. `parseForecastInput` turns the first issue
// into a typed FlowcastError naming the field (e.g. "options.targetDate: invalid date").
import * as z from 'zod/mini';
import { FlowcastError } from '../util/errors';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z.string().check(
  z.refine((s) => {
    const m = ISO.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.toISOString().slice(0, 10) === s;
  }, 'invalid date (expected YYYY-MM-DD)'),
);

const Ratio = z.number().check(z.gte(0), z.lte(1000));
const Units = z.number().check(z.gte(0), z.lte(1_000_000));

export const TeamCalendarSchema = z.strictObject({
  workingDays: z.optional(z.array(z.int().check(z.gte(1), z.lte(7))).check(z.maxLength(7))),
  daysOff: z.optional(z.array(z.strictObject({ from: IsoDateSchema, to: z.optional(IsoDateSchema) })).check(z.maxLength(2000))),
  capacity: z.optional(z.record(IsoDateSchema, Ratio)),
  timeZone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

export const WeightMapSchema = z.strictObject({
  units: z.strictObject({ XS: Units, S: Units, M: Units, L: Units, XL: Units }),
  unsized: Units,
});

const Header = z.string().check(z.minLength(1), z.maxLength(200));
export const SourceSpecInputSchema = z.discriminatedUnion('kind', [
  /** Typed daily (or weekly) throughput numbers. */
  z.strictObject({ kind: z.literal('samples'), samples: z.array(Units).check(z.minLength(1), z.maxLength(10_000)), per: z.optional(z.enum(['day', 'week'])) }),
  /** A CSV export of dates from any tracker. */
  z.strictObject({
    kind: z.literal('csv'),
    text: z.string().check(z.maxLength(50_000_000)),
    columns: z.strictObject({ done: Header, start: z.optional(Header), created: z.optional(Header), effort: z.optional(Header) }),
    timeZone: z.optional(z.string().check(z.maxLength(64))),
  }),
  /** The local backlog (the active one, or by id): the host extracts its history. */
  z.strictObject({ kind: z.literal('backlog'), backlogId: z.optional(z.string().check(z.maxLength(200))) }),
]);
export type SourceSpecInput = z.infer<typeof SourceSpecInputSchema>;

const Split = z.strictObject({ low: z.number().check(z.gte(0.01), z.lte(100)), high: z.number().check(z.gte(0.01), z.lte(100)) }).check(z.refine((s) => s.high >= s.low, 'high must be >= low'));

const common = {
  source: SourceSpecInputSchema,
  start: IsoDateSchema,
  /** Default: the backlog's seed (shown, editable). */
  seed: z.optional(z.int().check(z.gte(0), z.lte(2 ** 31 - 1))),
  trials: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
  /** Project share of throughput (clamped to [0, 1]). */
  share: z.optional(z.number()),
  calendar: z.optional(TeamCalendarSchema),
  window: z.optional(z.strictObject({ from: z.optional(IsoDateSchema), to: z.optional(IsoDateSchema) })),
  weights: z.optional(WeightMapSchema),
};

export const HowManyInputSchema = z.strictObject({ ...common, targetDate: IsoDateSchema });
export const WhenInputSchema = z.strictObject({ ...common, remaining: z.int().check(z.gte(0), z.lte(1_000_000)), split: z.optional(Split), growth: z.optional(z.boolean()) });
export const PerItemInputSchema = z.strictObject({
  ...common,
  split: z.optional(Split),
  parallel: z.optional(z.int().check(z.gte(1), z.lte(100))),
  growth: z.optional(z.boolean()),
  items: z.optional(
    z.array(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)), title: z.optional(z.string().check(z.maxLength(500))), effort: z.optional(z.nullable(z.enum(['XS', 'S', 'M', 'L', 'XL']))), blockedBy: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(1000))) })).check(z.maxLength(50_000)),
  ),
});
export const BacktestInputSchema = z.strictObject({
  source: SourceSpecInputSchema,
  kind: z.enum(['howMany', 'when', 'calibrate']),
  /** As-of date, at least 14 days before `today` (not needed for calibrate). */
  asOf: z.optional(IsoDateSchema),
  today: z.optional(IsoDateSchema),
  targetDate: z.optional(IsoDateSchema),
  remaining: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  seed: z.optional(z.int().check(z.gte(0), z.lte(2 ** 31 - 1))),
  trials: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
  calendar: z.optional(TeamCalendarSchema),
  windowDays: z.optional(z.int().check(z.gte(10), z.lte(3660))),
});
export const MetricsInputSchema = z.strictObject({
  backlogId: z.optional(z.string().check(z.maxLength(200))),
  today: z.optional(IsoDateSchema),
  from: z.optional(IsoDateSchema),
  calendar: z.optional(TeamCalendarSchema),
  seed: z.optional(z.int().check(z.gte(0), z.lte(2 ** 31 - 1))),
});

export type HowManyInput = z.infer<typeof HowManyInputSchema>;
export type WhenInput = z.infer<typeof WhenInputSchema>;
export type PerItemInput = z.infer<typeof PerItemInputSchema>;
export type BacktestInput = z.infer<typeof BacktestInputSchema>;
export type MetricsInput = z.infer<typeof MetricsInputSchema>;

/** Validates `raw`; the first issue becomes a FlowcastError('invalid_input') whose `field` is its path. */
export function parseForecastInput<T>(schema: z.ZodMiniType<T, unknown>, raw: unknown): T {
  const r = z.safeParse(schema, raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.map(String).join('.') || 'input';
  throw new FlowcastError('invalid_input', `${field}: ${issue.message}`, { field });
}
