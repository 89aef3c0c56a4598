// Inputs of the public API, the backlog service and the commands that take arguments: one zod
// schema per input, built from the webview protocol's schemas where the shapes are the same. Agents
// and other extensions call these with model-made JSON, so every input is checked before it reaches
// the repository (and SQL), and a bad one throws a ValidationError naming the bad field.
import '../protocol/zod';
import * as z from 'zod/mini';
import { FlowcastError } from '../util/errors';
import { AttachmentSchema, CodeLinkSchema, formatPath, ItemSchema, TypeSchema } from '../io/validate';
import { EditableFieldsSchema, RelationKindSchema } from './editor';
import { BulkPatchSchema, ItemIdSchema, StatusKeySchema, TitleSchema } from './messages';
import type { Schema } from './zod';

/** A backlog id (as the registry hands them out): short text without control characters. */
export const BacklogIdSchema = z.string().check(
  z.minLength(1, 'backlog id is empty'),
  z.maxLength(200),
  // eslint-disable-next-line no-control-regex
  z.regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a control character'),
);
/** A backlog name (the registry trims it and checks it again). */
export const BacklogNameSchema = z.string().check(z.maxLength(1000));
/** Type keys as callers give them (the repository upper-cases them). */
export const TypeKeyInputSchema = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, 'must be a type key like BUG (letters, digits, _; up to 16 characters)'));
export const FileFormatSchema = z.enum(['ticketflow', 'flowcast-md', 'json', 'csv']);

/** `{ backlogId? }`, the options most calls take. */
export const BacklogOptionsSchema = z.optional(z.strictObject({ backlogId: z.optional(BacklogIdSchema) }));

/** Every field of an item a caller may set: the editor's fields, plus attachments and code links. */
const ItemFieldsInputSchema = z.extend(EditableFieldsSchema, {
  type: TypeKeyInputSchema,
  attachments: z.array(AttachmentSchema).check(z.maxLength(500)),
  links: z.array(CodeLinkSchema).check(z.maxLength(500)),
});
/** createItem: a title, any other field. */
export const NewItemInputSchema = z.extend(z.partial(ItemFieldsInputSchema), { title: TitleSchema });
/** updateItem: any subset of the fields. */
export const ItemPatchInputSchema = z.partial(ItemFieldsInputSchema);
/** moveItem: a status and/or a place in the column. */
export const MoveTargetSchema = z.strictObject({
  status: z.optional(StatusKeySchema),
  before: z.optional(ItemIdSchema),
  after: z.optional(ItemIdSchema),
  position: z.optional(z.enum(['top', 'bottom'])),
});
const IdListSchema = z.array(ItemIdSchema).check(z.maxLength(100_000));
/** queryItems (the API's filter also names the backlog). */
export const ItemFilterSchema = z.optional(
  z.strictObject({
    includeArchived: z.optional(z.boolean()),
    archivedOnly: z.optional(z.boolean()),
    status: z.optional(z.array(StatusKeySchema).check(z.maxLength(1000))),
    type: z.optional(z.array(TypeKeyInputSchema).check(z.maxLength(1000))),
    ids: z.optional(IdListSchema),
    backlogId: z.optional(BacklogIdSchema),
  }),
);
export const SearchQuerySchema = z.string().check(z.maxLength(10_000));
export const SearchOptionsSchema = z.optional(
  z.strictObject({
    backlogId: z.optional(BacklogIdSchema),
    limit: z.optional(z.int().check(z.gte(1), z.lte(100_000))),
    includeArchived: z.optional(z.boolean()),
  }),
);
/** A file path given to importFile / exportFile. */
export const FilePathSchema = z.string().check(
  z.minLength(1, 'file is empty'),
  z.maxLength(4096),
  // eslint-disable-next-line no-control-regex
  z.regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a control character'),
);
export const FileOptionsSchema = z.optional(z.strictObject({ backlogId: z.optional(BacklogIdSchema), format: z.optional(FileFormatSchema) }));
/** createItem's relations (targets must exist). */
export const NewItemRelationsSchema = z.optional(z.array(z.strictObject({ kind: RelationKindSchema, other: ItemIdSchema })).check(z.maxLength(1000)));
export const CreateOptionsSchema = z.optional(z.strictObject({ position: z.optional(z.enum(['top', 'bottom'])), relations: NewItemRelationsSchema }));
export const ItemIdListSchema = IdListSchema;
export const BulkPatchInputSchema = BulkPatchSchema;
/** importItems: complete items as the importers return them, and the types they declare. */
export const PortableItemsSchema = z.array(ItemSchema).check(z.maxLength(200_000));
export const ImportTypesSchema = z.array(TypeSchema).check(z.maxLength(10_000));
export { ItemIdSchema, RelationKindSchema, StatusKeySchema };

export interface ValidationIssue {
  /** Where: `input.criteria[0].text`, `options.backlogId`, `id`. */
  field: string;
  message: string;
}

/**
 * A call with a bad argument. `field` is the first bad field (its path from the argument's name),
 * `issues` lists them all; the message names the fields and never echoes values.
 */
export class ValidationError extends FlowcastError {
  readonly field: string;
  constructor(
    readonly issues: ValidationIssue[],
    prefix = '',
  ) {
    const shown = issues.slice(0, 3).map((i) => `${i.field}: ${i.message}`);
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super('invalid_input', `${prefix}Invalid argument: ${shown.join('; ')}${more}.`, { field: issues[0]?.field ?? '' });
    this.name = 'ValidationError';
    this.field = issues[0]?.field ?? '';
  }
}

/**
 * The path of the first object that is not plain JSON data (a Date, a Map, a typed array, a class
 * instance, a cycle, nesting deeper than 100): zod would read such a value as an empty object and
 * accept it. An object reached twice without a cycle (shared, not nested in itself) is checked once.
 */
function notPlain(value: unknown, path: PropertyKey[], onPath: Set<object>, checked: Set<object>): PropertyKey[] | null {
  if (typeof value !== 'object' || value === null || checked.has(value)) return null;
  if (onPath.has(value) || onPath.size > 100) return path;
  if (!Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return path;
  }
  onPath.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = notPlain(value[i], [...path, i], onPath, checked);
        if (p) return p;
      }
    } else {
      for (const k of Object.keys(value)) {
        const p = notPlain((value as Record<string, unknown>)[k], [...path, k], onPath, checked);
        if (p) return p;
      }
    }
  } finally {
    onPath.delete(value);
  }
  checked.add(value);
  return null;
}

/** The value parsed by `schema`, or a ValidationError naming the bad fields under `name`. */
export function validateArg<T>(schema: Schema<T>, value: unknown, name: string): T {
  const odd = notPlain(value, [name], new Set(), new Set());
  if (odd) throw new ValidationError([{ field: formatPath(odd), message: 'expected plain JSON data (object, array, string, number, boolean or null)' }]);
  const r = z.safeParse(schema, value);
  if (r.success) return r.data;
  const issues: ValidationIssue[] = r.error.issues.map((i) => {
    const path: PropertyKey[] = [name, ...i.path];
    if (i.code === 'unrecognized_keys' && i.keys.length) path.push(i.keys[0]);
    return { field: formatPath(path), message: i.message };
  });
  throw new ValidationError(issues);
}

/** An optional command argument: undefined means "ask the user"; anything else must be valid. */
export function optionalArg<T>(schema: Schema<T>, value: unknown, name: string): T | undefined {
  return value === undefined ? undefined : validateArg(schema, value, name);
}

// ---- arguments of the commands that take them (tests, other extensions, agents) -------------
export const SelectionArgsSchema = z.strictObject({
  text: z.optional(z.string().check(z.maxLength(100_000))),
  file: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  line: z.optional(z.int().check(z.gte(1))),
});
export const LineArgSchema = z.int().check(z.gte(0));
export const DeleteOptionsSchema = z.strictObject({ confirmed: z.optional(z.boolean()) });
export const ImportCommandOptionsSchema = z.strictObject({ format: z.optional(FileFormatSchema), confirmed: z.optional(z.boolean()), backlogId: z.optional(BacklogIdSchema) });
export const ExportCommandOptionsSchema = z.strictObject({ format: z.optional(FileFormatSchema), backlogId: z.optional(BacklogIdSchema) });
export const QuickAddOptionsSchema = z.strictObject({ status: z.optional(StatusKeySchema), type: z.optional(TypeKeyInputSchema), backlogId: z.optional(BacklogIdSchema) });
export const TextArgSchema = z.string().check(z.maxLength(10_000));
export const NameArgSchema = z.string().check(z.maxLength(1000));
