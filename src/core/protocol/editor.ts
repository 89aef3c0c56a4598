// Messages of the item editor panel.
import * as z from 'zod/mini';
import { ItemIdSchema, StatusKeySchema, TitleSchema, TypeViewSchema } from './messages';
import { defineNotification, defineRequest } from './rpc';

const Line = (max: number) => z.string().check(z.maxLength(max));
const List = z.array(Line(10_000)).check(z.maxLength(500));

/** Every editable field, as the editor sends it back (validated again by the repository). */
export const EditableFieldsSchema = z.strictObject({
  type: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'must be a type key like BUG')),
  title: TitleSchema,
  emoji: Line(16),
  status: StatusKeySchema,
  severity: z.nullable(z.enum(['P0', 'P1', 'P2', 'P3', 'P4'])),
  priority: z.nullable(z.enum(['high', 'medium', 'low'])),
  effort: z.nullable(z.enum(['XS', 'S', 'M', 'L', 'XL'])),
  component: Line(200),
  tags: z.array(Line(50)).check(z.maxLength(50)),
  description: Line(100_000),
  userStory: Line(20_000),
  specs: List,
  reproSteps: List,
  criteria: z.array(z.strictObject({ text: Line(10_000), checked: z.boolean() })).check(z.maxLength(500)),
  dependencies: List,
  constraints: List,
});
export type EditableFields = z.infer<typeof EditableFieldsSchema>;

export const RelationKindSchema = z.enum(['blocks', 'blocked-by', 'relates', 'duplicates']);

export const EditorItemSchema = z.object({
  id: ItemIdSchema,
  fields: EditableFieldsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.nullable(z.string()),
  links: z.array(z.object({ file: z.string(), line: z.int() })),
  attachments: z.array(z.object({ path: z.string(), name: z.string(), uri: z.nullable(z.string()), image: z.boolean() })),
  relations: z.object({ blocks: z.array(z.string()), blockedBy: z.array(z.string()), relates: z.array(z.string()), duplicates: z.array(z.string()), duplicatedBy: z.array(z.string()) }),
  history: z.array(z.object({ from: z.nullable(z.string()), to: z.string(), at: z.string() })),
});
export type EditorItem = z.infer<typeof EditorItemSchema>;

export const EditorStateSchema = z.object({
  backlogId: z.string(),
  item: z.nullable(EditorItemSchema),
  types: z.array(TypeViewSchema),
  statuses: z.array(z.object({ key: z.string(), label: z.string() })),
  /** Other items, for relation autocomplete (capped). */
  others: z.array(z.object({ id: z.string(), title: z.string() })),
  problem: z.nullable(z.string()),
  /** Unsaved changes kept from a closed editor, to restore. */
  draft: z.optional(EditableFieldsSchema),
});
export type EditorState = z.infer<typeof EditorStateSchema>;

export const EditorStateChanged = defineNotification('editor/state', EditorStateSchema);
export const SaveItem = defineRequest('editor/save', z.strictObject({ id: ItemIdSchema, fields: EditableFieldsSchema, baseUpdatedAt: z.string() }), z.object({ updatedAt: z.string() }));
export const EditRelation = defineRequest(
  'editor/relation',
  z.strictObject({ id: ItemIdSchema, op: z.enum(['add', 'remove']), kind: RelationKindSchema, other: ItemIdSchema }),
  z.object({ done: z.boolean() }),
);
export const EditorAction = defineRequest(
  'editor/action',
  z.strictObject({
    id: ItemIdSchema,
    action: z.enum(['attachFile', 'removeAttachment', 'openLink', 'copyMarkdown', 'copyPrompt', 'archive', 'restore']),
    path: z.optional(Line(1000)),
    line: z.optional(z.int().check(z.gte(1))),
  }),
  z.object({ done: z.boolean() }),
);
/** Image types the editor accepts from a paste or a drop (the host checks the bytes match). */
export const PASTE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type PasteImageType = (typeof PASTE_IMAGE_TYPES)[number];
/** At most 10 MB per pasted image (checked by the page, by this schema and again by the host). */
export const MAX_PASTED_IMAGE_BYTES = 10 * 1024 * 1024;
/** Base64 length of the largest accepted image (4 characters per 3 bytes, padded). */
export const MAX_PASTED_IMAGE_BASE64 = Math.ceil(MAX_PASTED_IMAGE_BYTES / 3) * 4;

/** Attaches an image pasted or dropped into the editor. `name` is a plain file name (no folders). */
export const PasteImage = defineRequest(
  'editor/pasteImage',
  z.strictObject({
    id: ItemIdSchema,
    mime: z.enum(PASTE_IMAGE_TYPES),
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^/\\\p{Cc}]+$/u, 'must be a file name without folders or control characters'))),
    base64: z.string().check(z.minLength(4), z.maxLength(MAX_PASTED_IMAGE_BASE64), z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')),
  }),
  z.object({ done: z.boolean(), path: z.string() }),
);
/** The page reports whether it has unsaved changes (and the draft), so closing never loses them. */
export const EditorDraft = defineNotification('editor/draft', z.strictObject({ id: ItemIdSchema, dirty: z.boolean(), fields: z.optional(EditableFieldsSchema) }));
