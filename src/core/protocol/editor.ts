// Messages of the item editor panel.
import * as z from 'zod/mini';
import { IsoDateSchema } from './forecast';
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
  /** The date the item should be done by (YYYY-MM-DD), or null. */
  targetDate: z.nullable(IsoDateSchema),
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

/** The editable fields in the order the form shows them. */
export const EDITABLE_FIELD_KEYS = [
  'title',
  'type',
  'status',
  'priority',
  'severity',
  'effort',
  'targetDate',
  'component',
  'emoji',
  'tags',
  'description',
  'userStory',
  'criteria',
  'specs',
  'reproSteps',
  'dependencies',
  'constraints',
] as const satisfies readonly (keyof EditableFields)[];
export const EditableFieldKeySchema = z.enum(EDITABLE_FIELD_KEYS);
export type EditableFieldKey = z.infer<typeof EditableFieldKeySchema>;

/**
 * The fields of a new item while it is being reviewed: as EditableFields, but the title may be
 * empty or too long for a moment (the user is typing); Create checks it with EditableFieldsSchema.
 */
export const NewItemFieldsSchema = z.extend(EditableFieldsSchema, { title: Line(1000) });

export const RelationKindSchema = z.enum(['blocks', 'blocked-by', 'relates', 'duplicates']);
export type RelationKindView = z.infer<typeof RelationKindSchema>;

/** Names a new-item draft (an editor tab whose item does not exist yet). Never an item ID. */
export const DraftKeySchema = z.string().check(z.regex(/^draft-[a-z0-9]{1,12}-[a-z0-9]{1,16}$/, 'must be a draft key like draft-1-abc'));
/** A relation the new item will get when it is created. */
export const PendingRelationSchema = z.strictObject({ kind: RelationKindSchema, other: ItemIdSchema });
export type PendingRelation = z.infer<typeof PendingRelationSchema>;

// ---- per-field diffs of an AI proposal (computed by the host: src/core/backlog/fieldDiff.ts) ----
/** A run of text that is in both versions (eq), only in the new one (ins) or only in the old one (del). */
export const DiffSegmentSchema = z.object({ op: z.enum(['eq', 'ins', 'del']), text: z.string() });
export type DiffSegment = z.infer<typeof DiffSegmentSchema>;
/** One entry of a list diff: kept, added, removed, or changed (then `segments` is its word diff). */
export const DiffRowSchema = z.object({ op: z.enum(['eq', 'ins', 'del', 'chg']), segments: z.array(DiffSegmentSchema) });
export type DiffRow = z.infer<typeof DiffRowSchema>;
export const FieldDiffSchema = z.discriminatedUnion('kind', [
  /** Free text (title, description…): a line then word diff. */
  z.object({ kind: z.literal('text'), segments: z.array(DiffSegmentSchema) }),
  /** Lists (specs, criteria as "[x] text", tags…): entry by entry. */
  z.object({ kind: z.literal('list'), rows: z.array(DiffRowSchema) }),
  /** A choice (type, status, priority, severity, effort, target date): keys, labelled by the page; null = none. */
  z.object({ kind: z.literal('value'), before: z.nullable(z.string()), after: z.nullable(z.string()) }),
]);
export type FieldDiff = z.infer<typeof FieldDiffSchema>;
export const FieldChangeSchema = z.object({
  field: EditableFieldKeySchema,
  diff: FieldDiffSchema,
  /** The saved value of this field changed (elsewhere) since the proposal was made. */
  changedSince: z.boolean(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** An AI proposal for an existing item, as the page shows it (undecided fields only). */
export const ProposalViewSchema = z.object({
  id: z.string().check(z.regex(/^p-[a-z0-9-]{1,40}$/)),
  note: z.nullable(z.string()),
  /** The proposed values of the fields listed in `changes` (what Accept puts into the form). */
  proposed: z.partial(EditableFieldsSchema),
  changes: z.array(FieldChangeSchema),
});
export type ProposalView = z.infer<typeof ProposalViewSchema>;

/** A new item under review (draft mode): nothing is saved until Create. */
export const NewItemViewSchema = z.object({
  draftKey: DraftKeySchema,
  /** The fields as proposed (what "unsaved changes" is measured against). */
  original: NewItemFieldsSchema,
  /** The fields as last reported by the page (the same as `original` at first). */
  fields: NewItemFieldsSchema,
  note: z.nullable(z.string()),
  relations: z.array(PendingRelationSchema),
});
export type NewItemView = z.infer<typeof NewItemViewSchema>;

export const EditorItemSchema = z.object({
  id: ItemIdSchema,
  fields: EditableFieldsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.nullable(z.string()),
  /** The Azure DevOps work item number the item was published as (null: never published). */
  workItem: z.optional(z.nullable(z.int())),
  links: z.array(z.object({ file: z.string(), line: z.int() })),
  attachments: z.array(z.object({ path: z.string(), name: z.string(), uri: z.nullable(z.string()), image: z.boolean() })),
  relations: z.object({ blocks: z.array(z.string()), blockedBy: z.array(z.string()), relates: z.array(z.string()), duplicates: z.array(z.string()), duplicatedBy: z.array(z.string()) }),
  history: z.array(z.object({ from: z.nullable(z.string()), to: z.string(), at: z.string() })),
});
export type EditorItem = z.infer<typeof EditorItemSchema>;

/**
 * The item's AI priority from the last backlog analysis ("Analyse Backlog with AI"), shown as
 * text. `stale`: the item changed (in a field the score depends on) since it was analysed.
 */
export const ItemAnalysisViewSchema = z.object({
  score: z.int().check(z.gte(0), z.lte(100)),
  factors: z.array(z.object({ name: Line(200), note: Line(1000) })).check(z.maxLength(20)),
  rationale: Line(4000),
  /** ISO time the item was read for the analysis. */
  analysedAt: z.string().check(z.maxLength(40)),
  provider: Line(100),
  model: Line(200),
  stale: z.boolean(),
});
export type ItemAnalysisView = z.infer<typeof ItemAnalysisViewSchema>;

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
  /** Draft mode: the item does not exist yet (`item` is null); Create makes it. */
  newItem: z.optional(NewItemViewSchema),
  /** An AI proposal to review, field by field (item mode only). */
  proposal: z.optional(ProposalViewSchema),
  /** The item's AI analysis (item mode only; absent when the item was never analysed). */
  analysis: z.optional(ItemAnalysisViewSchema),
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
    action: z.enum(['attachFile', 'removeAttachment', 'openLink', 'copyMarkdown', 'copyPrompt', 'archive', 'restore', 'openWorkItem']),
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

// ---- new-item drafts and AI proposals ---------------------------------------------------------
/** Creates the draft's item with its pending relations (all or nothing); the tab then edits it. */
export const CreateDraftItem = defineRequest(
  'editor/createItem',
  z.strictObject({ draftKey: DraftKeySchema, fields: EditableFieldsSchema, relations: z.array(PendingRelationSchema).check(z.maxLength(100)) }),
  z.object({ id: ItemIdSchema }),
);
/** Changes to a draft that the host keeps: its pending relations, or discarding it (closes the tab). */
export const DraftAction = defineRequest(
  'editor/draftAction',
  z.discriminatedUnion('action', [
    z.strictObject({ draftKey: DraftKeySchema, action: z.enum(['addRelation', 'removeRelation']), relation: PendingRelationSchema }),
    z.strictObject({ draftKey: DraftKeySchema, action: z.literal('discard') }),
  ]),
  z.object({ done: z.boolean() }),
);
/** The page reports a draft's fields (debounced) and whether they differ from the proposal. */
export const DraftChanged = defineNotification('editor/draftChanged', z.strictObject({ draftKey: DraftKeySchema, dirty: z.boolean(), fields: NewItemFieldsSchema }));
/**
 * Runs an AI command of the lead's AI features: "refine" (existing item) or "suggestRelations"
 * (existing item, or a draft with its current fields). Exactly one of `id` / `draftKey`.
 */
export const EditorAi = defineRequest(
  'editor/ai',
  z.discriminatedUnion('target', [
    z.strictObject({ target: z.literal('item'), action: z.enum(['refine', 'suggestRelations']), id: ItemIdSchema }),
    z.strictObject({ target: z.literal('draft'), action: z.literal('suggestRelations'), draftKey: DraftKeySchema, fields: NewItemFieldsSchema }),
  ]),
  z.object({ done: z.boolean() }),
);
/** The user accepted (into the form) or rejected fields of a proposal: the host stops showing them. */
export const ProposalDecided = defineNotification(
  'editor/proposalDecided',
  z.strictObject({ id: ItemIdSchema, proposalId: z.string().check(z.maxLength(50)), fields: z.array(EditableFieldKeySchema).check(z.maxLength(EDITABLE_FIELD_KEYS.length)) }),
);
/**
 * Host -> page: the item's P50 / P85 / P95 dates from the live backlog-order forecast the board's
 * cards use (null dates: not within the horizon), or why there are none, and why its P85 date moved
 * between the last two recorded forecasts (one sentence per factor) or why that cannot be told.
 */
const EditorForecastSchema = z.object({
  id: ItemIdSchema,
  dates: z.nullable(z.object({ p50: z.nullable(z.string()), p85: z.nullable(z.string()), p95: z.nullable(z.string()) })),
  reason: z.optional(Line(2000)),
  moved: z.optional(z.object({ sentences: z.array(Line(2000)).check(z.maxLength(20)), from: z.string(), to: z.string() })),
  movedReason: z.optional(Line(2000)),
});
export type EditorForecastParams = z.infer<typeof EditorForecastSchema>;
export const EditorForecast = defineNotification('editor/forecast', EditorForecastSchema);
