// Messages of the review list of a bulk extraction ("extract items from notes"): the proposals
// the AI made, reviewed and edited by the user before ONE all-or-nothing import.
import * as z from 'zod/mini';
import { EditableFieldsSchema } from './editor';
import { StatusKeySchema, TypeViewSchema } from './messages';
import { defineNotification, defineRequest } from './rpc';

const Line = (max: number) => z.string().check(z.maxLength(max));

/** At most this many proposals in one review list. */
export const MAX_REVIEW_PROPOSALS = 1000;

/** Host-given key of a proposal within one review run: p1, p2, … */
export const ProposalKeySchema = z.string().check(z.regex(/^p\d{1,6}$/, 'must be a proposal key like p12'));
const TypeKeySchema = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'must be a type key like BUG'));

/**
 * A proposal's fields as the AI made them: like EditableFields, but the title, type and status are
 * not yet checked (the page shows what is wrong; the host checks again on import).
 */
export const DraftFieldsSchema = z.extend(EditableFieldsSchema, {
  title: Line(2000),
  type: Line(40),
  status: Line(60),
});
export type DraftFields = z.infer<typeof DraftFieldsSchema>;

export const ReviewProposalSchema = z.object({
  key: ProposalKeySchema,
  fields: DraftFieldsSchema,
  /** The excerpt of the notes the proposal came from (untrusted text: shown as text). */
  source: z.optional(Line(20_000)),
  /** Things the user should check (AI or host remarks), shown under the proposal. */
  warnings: z.array(Line(1000)).check(z.maxLength(20)),
});
export type ReviewProposal = z.infer<typeof ReviewProposalSchema>;

export const ReviewStateSchema = z.object({
  backlogId: z.string(),
  /** The name of the backlog the items go to. */
  backlogName: z.string(),
  proposals: z.array(ReviewProposalSchema).check(z.maxLength(MAX_REVIEW_PROPOSALS)),
  types: z.array(TypeViewSchema),
  statuses: z.array(z.object({ key: z.string(), label: z.string() })),
  /** Set while the extraction is still running (chunks done / total): proposals may still be added. */
  running: z.nullable(z.object({ done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()) })),
  /** Why the extraction stopped early (or a problem with the backlog), shown above the list. */
  problem: z.nullable(z.string()),
});
export type ReviewState = z.infer<typeof ReviewStateSchema>;

export const ReviewStateChanged = defineNotification('review/state', ReviewStateSchema);

/** One selected proposal to import: the edited fields (left out when unedited) and overrides. */
export const ImportSelectionSchema = z.strictObject({
  key: ProposalKeySchema,
  fields: z.optional(EditableFieldsSchema),
  type: z.optional(TypeKeySchema),
  status: z.optional(StatusKeySchema),
});
export type ImportSelection = z.infer<typeof ImportSelectionSchema>;

/** Imports the selected proposals, all or nothing, in the order given. */
export const ImportProposals = defineRequest(
  'review/import',
  z.strictObject({ items: z.array(ImportSelectionSchema).check(z.minLength(1, 'no proposals selected'), z.maxLength(MAX_REVIEW_PROPOSALS)) }),
  z.object({ created: z.array(z.string()) }),
);
/** Stops the running extraction (the proposals already there stay). */
export const CancelExtraction = defineRequest('review/cancel', z.strictObject({}), z.object({ cancelled: z.boolean() }));
/** Closes the review list without importing (the host asks first when there are proposals). */
export const DiscardReview = defineRequest('review/discard', z.strictObject({}), z.object({ discarded: z.boolean() }));
