import type { ItemFields } from '../backlog/model';

/**
 * The text the full-text index holds for an item: the TEXT of every list (never raw JSON), so
 * searching "login" does not match a JSON key and snippets read naturally.
 */
export function ftsDocument(item: ItemFields): { title: string; body: string; tags: string } {
  const body = [
    item.description,
    item.userStory,
    item.component,
    ...item.specs,
    ...item.reproSteps,
    ...item.criteria.map((c) => c.text),
    ...item.dependencies,
    ...item.constraints,
    ...item.attachments.map((a) => a.name),
  ]
    .filter((s) => s.trim() !== '')
    .join('\n');
  return { title: item.title, body, tags: item.tags.join(' ') };
}
