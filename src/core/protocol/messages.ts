// Every message Flowcast's webviews and the extension host exchange, declared once.
import { z } from 'zod';
import { defineNotification, defineRequest } from './rpc';

export const StatusCategorySchema = z.enum(['todo', 'in_progress', 'done']);
export type StatusCategory = z.infer<typeof StatusCategorySchema>;

/** IDs are TYPE-NNN: an upper-case prefix, a dash, digits. */
export const ItemIdSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}-\d{1,9}$/, 'must look like TYPE-123');
export const StatusKeySchema = z.string().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/, 'must be a status key like in_progress');
export const TitleSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'title is empty').max(300, 'title is longer than 300 characters'));

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

export const StatusSchema = z.object({ key: z.string(), label: z.string(), category: StatusCategorySchema });
export type StatusView = z.infer<typeof StatusSchema>;

export const BacklogRefSchema = z.object({ id: z.string(), name: z.string() });
export type BacklogRef = z.infer<typeof BacklogRefSchema>;

export const BoardStateSchema = z.object({
  backlog: BacklogRefSchema.nullable(),
  backlogCount: z.number().int().nonnegative(),
  statuses: z.array(StatusSchema),
  items: z.array(ItemSummarySchema),
  /** Set when the backlog could not be opened; the board shows it instead of data. */
  problem: z.string().nullable(),
});
export type BoardState = z.infer<typeof BoardStateSchema>;

/** Strings the webview shows, localised by the host (vscode.l10n). */
export const UiStringsSchema = z.record(z.string(), z.string());
export type UiStrings = z.infer<typeof UiStringsSchema>;

export const InitSchema = z.object({
  locale: z.string(),
  strings: UiStringsSchema,
  view: z.enum(['sidebar', 'panel']),
});
export type InitParams = z.infer<typeof InitSchema>;

// ---- webview -> host requests ------------------------------------------------------------
export const GetBoardState = defineRequest('board/getState', z.object({}).strict(), BoardStateSchema);
export const CreateItem = defineRequest(
  'items/create',
  z.object({ title: TitleSchema, status: StatusKeySchema.optional() }).strict(),
  ItemSummarySchema,
);
export const MoveItem = defineRequest('items/move', z.object({ id: ItemIdSchema, status: StatusKeySchema }).strict(), ItemSummarySchema);
/** Runs a whitelisted Flowcast command (the host shows its own prompts). */
export const RunCommand = defineRequest(
  'host/runCommand',
  z.object({ command: z.enum(['newBacklog', 'switchBacklog', 'openBoard', 'renameBacklog']) }).strict(),
  z.object({ done: z.boolean() }),
);

// ---- host -> webview notifications --------------------------------------------------------
export const Init = defineNotification('host/init', InitSchema);
export const BoardStateChanged = defineNotification('board/state', BoardStateSchema);

// ---- webview -> host notifications --------------------------------------------------------
/** Problems the page saw (CSP violations, uncaught errors): logged by the host. */
export const Diagnostic = defineNotification(
  'webview/diagnostic',
  z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) }).strict(),
);
