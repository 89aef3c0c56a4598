// Reading a backlog's items: single items, filtered lists, board-card fields, relations, status
// history and the portable (export) form. Pure queries on the database handle; nothing is written.
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import { type Criterion, emptyFields, type Effort, type ExternalLink, type Item, type ItemFields, type PortableItem, type Priority, type Relation, type RelationKind, type Severity } from './model';
import type { CardFields, ItemFilter, Row } from './repositoryTypes';
import { type LIST_KEYS } from './rowWrites';

/** The one-column fields of an item row, as both full items and board cards read them. */
export function scalarFields(r: Row): Pick<Item, 'id' | 'type' | 'title' | 'emoji' | 'status' | 'severity' | 'priority' | 'effort' | 'component' | 'targetDate'> {
  return {
      id: String(r.id),
      type: String(r.type),
      title: String(r.title),
      emoji: String(r.emoji ?? ''),
      status: String(r.status),
      severity: (r.severity as Severity | null) ?? null,
      priority: (r.priority as Priority | null) ?? null,
      effort: (r.effort as Effort | null) ?? null,
      component: String(r.component ?? ''),
      targetDate: (r.target_date as string | null) ?? null,
  };
}

export function rowToItem(r: Row, tags: string[]): Item {
  const lists = JSON.parse(String(r.lists ?? '{}')) as Partial<Pick<ItemFields, (typeof LIST_KEYS)[number]>>;
  const base = emptyFields();
  return {
    ...scalarFields(r),
    tags,
    description: String(r.description ?? ''),
    userStory: String(r.user_story ?? ''),
    specs: lists.specs ?? base.specs,
    reproSteps: lists.reproSteps ?? base.reproSteps,
    criteria: lists.criteria ?? base.criteria,
    dependencies: lists.dependencies ?? base.dependencies,
    constraints: lists.constraints ?? base.constraints,
    attachments: lists.attachments ?? base.attachments,
    links: lists.links ?? base.links,
    rank: String(r.rank),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    archivedAt: (r.archived_at as string | null) ?? null,
    external: externalOf(r.external),
  };
}

/** The stored work item link (JSON), or null when absent or unreadable. */
export function externalOf(v: unknown): ExternalLink | null {
  if (typeof v !== 'string' || !v) return null;
  try {
    const o = JSON.parse(v) as Partial<ExternalLink>;
    return o.system === 'azureDevOps' && Number.isSafeInteger(o.id) && typeof o.url === 'string' ? { system: 'azureDevOps', id: o.id!, url: o.url } : null;
  } catch {
    return null;
  }
}

export function tagsOf(db: BacklogDatabase, ids: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!ids.length) return map;
  const rows = ids.length > 500 ? db.query<{ item_id: string; tag: string }>('SELECT item_id, tag FROM item_tags ORDER BY item_id, position') : db.query<{ item_id: string; tag: string }>(`SELECT item_id, tag FROM item_tags WHERE item_id IN (${ids.map(() => '?').join(',')}) ORDER BY item_id, position`, ids);
  for (const r of rows) {
    let l = map.get(r.item_id);
    if (!l) map.set(r.item_id, (l = []));
    l.push(r.tag);
  }
  return map;
}

export function getItem(db: BacklogDatabase, id: string): Item | undefined {
  const row = db.query<Row>('SELECT * FROM items WHERE id = ?', [id])[0];
  return row ? rowToItem(row, tagsOf(db, [id]).get(id) ?? []) : undefined;
}

export function requireItem(db: BacklogDatabase, id: string): Item {
  const it = getItem(db, id);
  if (!it) throw new FlowcastError('item_not_found', `There is no item ${id}.`, { id });
  return it;
}

/** Items ordered by workflow position then rank. */
export function listItems(db: BacklogDatabase, filter: ItemFilter = {}): Item[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.archivedOnly) where.push('i.archived_at IS NOT NULL');
  else if (!filter.includeArchived) where.push('i.archived_at IS NULL');
  for (const [col, values] of [
    ['i.status', filter.status],
    ['i.type', filter.type],
    ['i.id', filter.ids],
  ] as const) {
    if (values?.length) {
      where.push(`${col} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    }
  }
  const rows = db.query<Row>(
    `SELECT i.* FROM items i LEFT JOIN statuses s ON s.key = i.status ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY coalesce(s.position, 1000), i.status, i.rank`,
    params,
  );
  const tags = tagsOf(db, rows.map((r) => String(r.id)));
  return rows.map((r) => rowToItem(r, tags.get(String(r.id)) ?? []));
}

/**
 * What a board card needs of every active item (or of `ids`), without the long text fields:
 * one narrow query (only the criteria are read from the JSON lists).
 */
export function listCardFields(db: BacklogDatabase, ids?: string[]): CardFields[] {
  const where = ['i.archived_at IS NULL'];
  if (ids) where.push(`i.id IN (${ids.map(() => '?').join(',') || "''"})`);
  const rows = db.query<Row>(
    `SELECT i.id, i.type, i.title, i.emoji, i.status, i.severity, i.priority, i.effort, i.component, i.target_date, i.external, i.rank, i.created_at, i.updated_at,
            json_extract(i.lists, '$.criteria') AS criteria
       FROM items i WHERE ${where.join(' AND ')}`,
    ids ?? [],
  );
  const tags = tagsOf(db, rows.map((r) => String(r.id)));
  return rows.map((r) => {
    const criteria = r.criteria ? (JSON.parse(String(r.criteria)) as Criterion[]) : [];
    return {
      ...scalarFields(r),
      tags: tags.get(String(r.id)) ?? [],
      rank: String(r.rank),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
      external: externalOf(r.external),
      criteriaTotal: criteria.length,
      criteriaDone: criteria.filter((c) => c.checked).length,
    };
  });
}

export function countItems(db: BacklogDatabase, includeArchived = false): number {
  return Number(db.query<{ n: number }>(`SELECT count(*) AS n FROM items ${includeArchived ? '' : 'WHERE archived_at IS NULL'}`)[0]?.n ?? 0);
}

export function relationsOf(db: BacklogDatabase, id: string): { blocks: string[]; blockedBy: string[]; relates: string[]; duplicates: string[]; duplicatedBy: string[] } {
  const out = db.query<{ to_id: string; kind: string }>('SELECT to_id, kind FROM relations WHERE from_id = ? ORDER BY to_id', [id]);
  const inc = db.query<{ from_id: string; kind: string }>('SELECT from_id, kind FROM relations WHERE to_id = ? ORDER BY from_id', [id]);
  return {
    blocks: out.filter((r) => r.kind === 'blocks').map((r) => r.to_id),
    blockedBy: inc.filter((r) => r.kind === 'blocks').map((r) => r.from_id),
    relates: [...new Set([...out.filter((r) => r.kind === 'relates').map((r) => r.to_id), ...inc.filter((r) => r.kind === 'relates').map((r) => r.from_id)])].sort(),
    duplicates: out.filter((r) => r.kind === 'duplicates').map((r) => r.to_id),
    duplicatedBy: inc.filter((r) => r.kind === 'duplicates').map((r) => r.from_id),
  };
}

export function allRelations(db: BacklogDatabase): Relation[] {
  return db.query<{ from_id: string; to_id: string; kind: RelationKind }>('SELECT * FROM relations ORDER BY from_id, to_id, kind').map((r) => ({ from: r.from_id, to: r.to_id, kind: r.kind }));
}

export function statusHistory(db: BacklogDatabase, id: string): { from: string | null; to: string; at: string }[] {
  return db.query<{ from_status: string | null; to_status: string; at: string }>('SELECT from_status, to_status, at FROM status_history WHERE item_id = ? ORDER BY seq', [id]).map((r) => ({ from: r.from_status, to: r.to_status, at: r.at }));
}

/** Every item with its outgoing relations (export). */
export function portableItems(db: BacklogDatabase, filter: ItemFilter = { includeArchived: true }): PortableItem[] {
  const rels = allRelations(db);
  return listItems(db, filter).map((it) => ({ ...it, relations: rels.filter((r) => r.from === it.id).map((r) => ({ kind: r.kind, to: r.to })) }));
}
