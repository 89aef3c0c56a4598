// Every message Flowcast's webviews and the extension host exchange, declared once.
import * as z from 'zod/mini';
import { defineNotification, defineRequest } from './rpc';

export const StatusCategorySchema = z.enum(['todo', 'in_progress', 'done']);
export type StatusCategory = z.infer<typeof StatusCategorySchema>;

/** IDs are TYPE-NNN: an upper-case prefix, a dash, digits. */
export const ItemIdSchema = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}-\d{1,9}$/, 'must look like TYPE-123'));
export const StatusKeySchema = z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[a-z][a-z0-9_]*$/, 'must be a status key like in_progress'));
export const TitleSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((s: string) => s.replace(/\s+/g, ' ').trim()),
  ),
  z.string().check(z.minLength(1, 'title is empty'), z.maxLength(300, 'title is longer than 300 characters')),
);

export const ItemSummarySchema = z.object({
  id: ItemIdSchema,
  type: z.string(),
  title: z.string(),
  status: z.string(),
  rank: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemSummary = z.infer<typeof ItemSummarySchema>;

/** What a board card shows. */
export const CardSchema = z.object({
  id: ItemIdSchema,
  type: z.string(),
  title: z.string(),
  emoji: z.string(),
  status: z.string(),
  priority: z.nullable(z.enum(['high', 'medium', 'low'])),
  effort: z.nullable(z.enum(['XS', 'S', 'M', 'L', 'XL'])),
  severity: z.nullable(z.enum(['P0', 'P1', 'P2', 'P3', 'P4'])),
  tags: z.array(z.string()),
  criteriaDone: z.int(),
  criteriaTotal: z.int(),
  blocked: z.boolean(),
  /** Fractional rank: order within the column (string order). */
  rank: z.optional(z.string()),
  component: z.optional(z.string()),
  /** The date the item should be done by (YYYY-MM-DD); null or absent: none. */
  targetDate: z.optional(z.nullable(z.string())),
  /** The Azure DevOps work item the item was published as (its number); null or absent: never published. */
  workItem: z.optional(z.nullable(z.int())),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  /** AI priority score 0-100 of the last backlog analysis (absent or null: never analysed). */
  aiScore: z.optional(z.nullable(z.int())),
  /** The item changed since that analysis (the score is outdated). */
  aiStale: z.optional(z.boolean()),
  /** When that analysis was made (ISO). */
  aiAnalysedAt: z.optional(z.string()),
});
export type Card = z.infer<typeof CardSchema>;

export const TypeViewSchema = z.object({ key: z.string(), label: z.string(), color: z.string() });
export type TypeView = z.infer<typeof TypeViewSchema>;

export const StatusSchema = z.object({ key: z.string(), label: z.string(), category: StatusCategorySchema, wipLimit: z.optional(z.nullable(z.int())) });
export type StatusView = z.infer<typeof StatusSchema>;

export const BacklogRefSchema = z.object({ id: z.string(), name: z.string() });
export type BacklogRef = z.infer<typeof BacklogRefSchema>;

export const BoardStateSchema = z.object({
  backlog: z.nullable(BacklogRefSchema),
  backlogCount: z.int().check(z.nonnegative()),
  statuses: z.array(StatusSchema),
  types: z.optional(z.array(TypeViewSchema)),
  items: z.array(CardSchema),
  /** Saved views (name + query of the search language), in the user's order. */
  views: z.optional(z.array(z.object({ id: z.string(), name: z.string(), query: z.string() }))),
  /** Set when the backlog could not be opened; the board shows it instead of data. */
  problem: z.nullable(z.string()),
  /**
   * A new page's first state: only the first cards of each column (what fits on screen), with the
   * number of cards per status; the full state follows in the next message.
   */
  partial: z.optional(z.object({ counts: z.record(z.string(), z.int().check(z.nonnegative())) })),
});
export type BoardState = z.infer<typeof BoardStateSchema>;

/** Strings the webview shows, localised by the host (vscode.l10n). */
export const UiStringsSchema = z.record(z.string(), z.string());
export type UiStrings = z.infer<typeof UiStringsSchema>;

/** How the user left the board: layout, swimlanes, list columns and sort, filter. */
export const BoardPrefsSchema = z.object({
  mode: z.optional(z.enum(['board', 'list'])),
  lanes: z.optional(z.enum(['none', 'type', 'priority'])),
  listColumns: z.optional(z.array(z.enum(['id', 'type', 'title', 'status', 'priority', 'effort', 'severity', 'tags', 'component', 'targetDate', 'criteria', 'blocked', 'createdAt', 'updatedAt', 'aiScore'])).check(z.minLength(1), z.maxLength(15))),
  sort: z.optional(z.object({ column: z.enum(['id', 'type', 'title', 'status', 'priority', 'effort', 'severity', 'tags', 'component', 'targetDate', 'criteria', 'blocked', 'createdAt', 'updatedAt', 'aiScore']), dir: z.enum(['asc', 'desc']) })),
});
export type BoardPrefs = z.infer<typeof BoardPrefsSchema>;

export const InitSchema = z.object({
  locale: z.string(),
  strings: UiStringsSchema,
  view: z.enum(['sidebar', 'panel']),
  /** Preferences saved by an earlier board in the same place (sidebar or panel). */
  prefs: z.optional(BoardPrefsSchema),
  /** What a plain click on a card does (setting flowcast.board.singleClick); "select" when absent. */
  singleClick: z.optional(z.enum(['select', 'open'])),
});
export type InitParams = z.infer<typeof InitSchema>;

// ---- webview -> host requests ------------------------------------------------------------
export const GetBoardState = defineRequest('board/getState', z.strictObject({}), BoardStateSchema);
export const CreateItem = defineRequest(
  'items/create',
  z.strictObject({ title: TitleSchema, status: z.optional(StatusKeySchema) }),
  ItemSummarySchema,
);
const PrioritySchema = z.nullable(z.enum(['high', 'medium', 'low']));
const TypeKeySchema = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'must be a type key like BUG'));
export const MoveItem = defineRequest(
  'items/move',
  z.strictObject({
    id: ItemIdSchema,
    status: StatusKeySchema,
    before: z.optional(ItemIdSchema),
    after: z.optional(ItemIdSchema),
    /** Dropped in another swimlane: the lane's value is set in the same (undoable) change. */
    lane: z.optional(z.union([z.strictObject({ field: z.literal('type'), value: TypeKeySchema }), z.strictObject({ field: z.literal('priority'), value: PrioritySchema })])),
  }),
  ItemSummarySchema,
);
const TagSchema = z.string().check(z.minLength(1), z.maxLength(50));
const IdListSchema = z.array(ItemIdSchema).check(z.minLength(1, 'no items selected'), z.maxLength(100_000));
export const BulkPatchSchema = z.strictObject({
  status: z.optional(StatusKeySchema),
  type: z.optional(TypeKeySchema),
  priority: z.optional(PrioritySchema),
  effort: z.optional(z.nullable(z.enum(['XS', 'S', 'M', 'L', 'XL']))),
  severity: z.optional(z.nullable(z.enum(['P0', 'P1', 'P2', 'P3', 'P4']))),
  addTags: z.optional(z.array(TagSchema).check(z.maxLength(50))),
  removeTags: z.optional(z.array(TagSchema).check(z.maxLength(50))),
});
export type BulkPatch = z.infer<typeof BulkPatchSchema>;
/** One change to many items (one undo step). Tags are added and removed, other fields set. */
export const BulkEdit = defineRequest(
  'items/bulkEdit',
  z.strictObject({
    ids: IdListSchema,
    patch: BulkPatchSchema,
  }),
  z.object({ count: z.int() }),
);
/** Archives or deletes many items; deleting asks the user to confirm (and offers undo). */
export const BulkAction = defineRequest(
  'items/bulkAction',
  z.strictObject({ ids: IdListSchema, action: z.enum(['archive', 'delete']) }),
  z.object({ count: z.int() }),
);
/** Saves the current filter as a named view (the host asks for the name when none is given). */
export const SaveView = defineRequest(
  'views/save',
  z.strictObject({ query: z.string().check(z.minLength(1), z.maxLength(1000)), name: z.optional(z.string().check(z.minLength(1), z.maxLength(80))) }),
  z.object({ saved: z.boolean() }),
);
/** Card actions from hover buttons and keys (the host runs the matching Flowcast command). */
export const ItemAction = defineRequest(
  'items/action',
  z.strictObject({ id: ItemIdSchema, action: z.enum(['open', 'copyMarkdown', 'copyPrompt', 'checkAllCriteria', 'archive', 'delete', 'openWorkItem']) }),
  z.object({ done: z.boolean() }),
);
export const RenameItem = defineRequest('items/rename', z.strictObject({ id: ItemIdSchema, title: TitleSchema }), ItemSummarySchema);
/** Full-text filter of the board: ids of matching items (same syntax as Search Items). */
export const FilterItems = defineRequest(
  'items/filter',
  z.strictObject({ query: z.string().check(z.maxLength(1000)) }),
  z.object({ ids: z.array(ItemIdSchema), warnings: z.array(z.string()) }),
);
/** Runs a whitelisted Flowcast command (the host shows its own prompts). */
export const RunCommand = defineRequest(
  'host/runCommand',
  z.strictObject({ command: z.enum(['newBacklog', 'switchBacklog', 'openBoard', 'renameBacklog', 'newItem', 'importFile', 'ai.generateItem']) }),
  z.object({ done: z.boolean() }),
);

// ---- host -> webview notifications --------------------------------------------------------
export const Init = defineNotification('host/init', InitSchema);
export const BoardStateChanged = defineNotification('board/state', BoardStateSchema);
/** Incremental update: changed cards (inserted or replaced) and removed ids, for one backlog. */
export const BoardItemsChanged = defineNotification(
  'board/items',
  z.object({ backlogId: z.string(), upsert: z.array(CardSchema), remove: z.array(z.string()) }),
);

/**
 * One card's forecast dates (P50 / P85 / P95, YYYY-MM-DD; null: not within the forecast horizon)
 * and, for an item with a target date, the share of trials in which it is done by that date.
 */
export const CardDatesSchema = z.object({
  p50: z.nullable(z.string()),
  p85: z.nullable(z.string()),
  p95: z.nullable(z.string()),
  target: z.optional(z.object({ date: z.string(), probability: z.number().check(z.gte(0), z.lte(1)) })),
});
export type CardDates = z.infer<typeof CardDatesSchema>;
/**
 * The forecast dates of the open cards (setting flowcast.board.forecastDates), from the engine's
 * backlog-order forecast, sent after the board state and again after each recompute. `reason`
 * says why there are no dates (not enough history...).
 */
export const BoardForecastDatesSchema = z.object({ backlogId: z.string(), on: z.boolean(), dates: z.record(z.string(), CardDatesSchema), reason: z.optional(z.string()) });
export type BoardForecastDatesParams = z.infer<typeof BoardForecastDatesSchema>;
export const BoardForecastDates = defineNotification('board/forecastDates', BoardForecastDatesSchema);

// ---- webview -> host notifications --------------------------------------------------------
/** The user changed the layout, swimlanes, list columns or sort: remembered per place. */
export const SaveBoardPrefs = defineNotification('board/prefs', z.strictObject({ prefs: BoardPrefsSchema }));
/** Problems the page saw (CSP violations, uncaught errors): logged by the host. */
export const Diagnostic = defineNotification(
  'webview/diagnostic',
  z.strictObject({ level: z.enum(['info', 'warn', 'error']), message: z.string().check(z.maxLength(2000)) }),
);
