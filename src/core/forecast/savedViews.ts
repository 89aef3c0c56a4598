// Saved views of the board as forecast sources: each view's open items (those of the backlog order
// its query matches), whose number is the default "number of items" when forecasting the view.
import type { BacklogRepository } from '../backlog/repository';
import { searchItems } from '../search';
import { FlowcastError } from '../util/errors';

function openIds(repo: BacklogRepository, ranked: readonly { id: string }[], query: string): string[] {
  const hit = new Set(searchItems(repo.db, query, { limit: 1_000_000 }).hits.map((h) => h.id));
  return ranked.filter((r) => hit.has(r.id)).map((r) => r.id);
}

/** Every saved view with its open items, in board order. */
export function viewsWithOpenItems(repo: BacklogRepository, ranked: readonly { id: string }[]): { id: string; name: string; openIds: string[] }[] {
  return repo.listViews().map((v) => ({ id: v.id, name: v.name, openIds: openIds(repo, ranked, v.query) }));
}

/** The open items of one view; an unknown id is an invalid_input naming source.viewId. */
export function openItemsOfView(repo: BacklogRepository, ranked: readonly { id: string }[], viewId: string): string[] {
  const v = repo.listViews().find((x) => x.id === viewId);
  if (!v) throw new FlowcastError('invalid_input', `source.viewId: no saved view "${viewId.slice(0, 60)}" in this backlog`, { field: 'source.viewId' });
  return openIds(repo, ranked, v.query);
}
