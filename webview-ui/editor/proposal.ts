// What the editor page does with an AI proposal: which field changes still wait for a decision,
// and what accepting puts into the form. Pure (no DOM), so the unit tests can check it in Node.
import type { EditableFieldKey, EditableFields, FieldChange, ProposalView } from '../../src/core/protocol';

/** The changes of a proposal the user has not accepted or rejected yet. */
export function pendingChanges(proposal: ProposalView | undefined, decided: ReadonlySet<EditableFieldKey>): FieldChange[] {
  return proposal ? proposal.changes.filter((c) => !decided.has(c.field)) : [];
}

/** The form's fields with the accepted proposed values put in (copies); other fields untouched. */
export function acceptInto(fields: EditableFields, proposed: Partial<EditableFields>, accepted: Iterable<EditableFieldKey>): EditableFields {
  const next: EditableFields = { ...fields };
  for (const k of accepted) {
    const v = proposed[k];
    if (v !== undefined) (next as Record<EditableFieldKey, unknown>)[k] = JSON.parse(JSON.stringify(v)) as unknown;
  }
  return next;
}
