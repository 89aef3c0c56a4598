// Messages of the dashboard panel ("Flowcast: Open Dashboard"): backlog analytics computed by the
// host (src/core/stats) and drawn by the webview.
import * as z from 'zod/mini';
import { BacklogRefSchema, ItemIdSchema } from './messages';
import { defineNotification, defineRequest } from './rpc';

const Count = z.int().check(z.nonnegative());
/** Item IDs inside the data are shown and sent back as they are (OpenItemFromDashboard checks them). */
const Id = z.string().check(z.maxLength(40));
const Title = z.string().check(z.maxLength(300));

/** One slice or bar of a grouping. `label` is the key; the host sends localised labels in `labels`. */
export const DashboardBucketSchema = z.object({
  key: z.string().check(z.maxLength(60)),
  label: z.string().check(z.maxLength(200)),
  count: Count,
  /** CSS colour (#rrggbb) when the data has one (item types). */
  color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c'))),
});
export type DashboardBucket = z.infer<typeof DashboardBucketSchema>;

export const CYCLE_TIME_BUCKETS = ['0-1', '1-2', '2-4', '4-8', '8-16', '16+'] as const;

export const DashboardDataSchema = z.object({
  /** Active = not archived; done = active items in a done-category status; open = active - done. */
  totals: z.object({ active: Count, archived: Count, done: Count, open: Count }),
  byStatus: z.array(DashboardBucketSchema),
  byType: z.array(DashboardBucketSchema),
  /** high, medium, low, none. */
  byPriority: z.array(DashboardBucketSchema),
  /** XS, S, M, L, XL, none. */
  byEffort: z.array(DashboardBucketSchema),
  /** Open items not updated for 30 days or more, oldest first (at most 50). */
  stale: z.array(z.object({ id: Id, title: Title, daysSinceUpdate: Count })).check(z.maxLength(50)),
  /** How many items are stale in all (`stale` lists the first 50). */
  staleCount: Count,
  /** Open items blocked by at least one open item, most blockers first (at most 50). */
  blocked: z.array(z.object({ id: Id, title: Title, blockedBy: z.array(Id) })).check(z.maxLength(50)),
  /** How many items are blocked in all (`blocked` lists the first 50). */
  blockedCount: Count,
  /** Open items blocking the most open items (at most 10). */
  topBlockers: z.array(z.object({ id: Id, title: Title, blocks: Count })).check(z.maxLength(10)),
  criteria: z.object({ itemsWithCriteria: Count, itemsComplete: Count, checked: Count, total: Count }),
  /** Items first completed per ISO week (Monday, UTC), oldest week first, 12 weeks. */
  throughput: z.array(z.object({ weekStart: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-02')), done: Count })).check(z.maxLength(53)),
  /** Items first completed in the last 90 days: days from start of work to completion. */
  cycleTime: z.object({
    samples: z.array(z.number().check(z.nonnegative())),
    p50: z.number().check(z.nonnegative()),
    p85: z.number().check(z.nonnegative()),
    p95: z.number().check(z.nonnegative()),
    histogram: z.array(z.object({ bucket: z.enum(CYCLE_TIME_BUCKETS), count: Count })),
  }),
});
export type DashboardData = z.infer<typeof DashboardDataSchema>;

export const DashboardStateSchema = z.object({
  backlog: z.nullable(BacklogRefSchema),
  data: z.nullable(DashboardDataSchema),
  /**
   * Localised labels, keyed "<dimension>:<key>" so keys of different dimensions never collide:
   * "status:in_progress", "type:BUG", "priority:high", "priority:none", "effort:XL", "effort:none".
   */
  labels: z.record(z.string(), z.string()),
  /** Set when the backlog could not be opened or analysed; the dashboard shows it instead of data. */
  problem: z.nullable(z.string()),
});
export type DashboardState = z.infer<typeof DashboardStateSchema>;

// ---- host -> webview notifications --------------------------------------------------------
export const DashboardStateChanged = defineNotification('dashboard/state', DashboardStateSchema);

// ---- webview -> host requests ------------------------------------------------------------
export const GetDashboard = defineRequest('dashboard/get', z.strictObject({}), DashboardStateSchema);
export const OpenItemFromDashboard = defineRequest('dashboard/openItem', z.strictObject({ id: ItemIdSchema }), z.object({ done: z.boolean() }));
