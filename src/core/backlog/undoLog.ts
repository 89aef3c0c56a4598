// The undo log: every user change is recorded (item snapshots before/after, whole small tables)
// in the database, so undo and redo survive a reload. Nested changes join the outer one.
import type { Database } from 'sql.js';
import type { BacklogDatabase } from '../storage/database';
import { keepAnalysis, restoreKeptAnalysis } from '../ai/analysisStore';
import type { Row } from './repositoryTypes';
import { deleteRow, index } from './rowWrites';

export const UNDO_LIMIT = 200;
/** Changes touching more items than this are applied but cannot be undone (the log is cleared). */
export const UNDO_MAX_ITEMS = 1000;

interface ItemSnapshot {
  row: Row;
  tags: string[];
  relations: { from_id: string; to_id: string; kind: string }[];
  history: Row[];
}

export interface ChangeRecord {
  items: Record<string, { before: ItemSnapshot | null; after: ItemSnapshot | null }>;
  tables: Record<string, { before: Row[]; after: Row[] }>;
}

export type SnapshotTable = 'item_types' | 'statuses' | 'templates' | 'saved_views';

export class UndoLog {
  /** The change being recorded (inside `change`), else null. */
  recording: ChangeRecord | null = null;
  private recordingDepth = 0;
  private oversized = false;

  constructor(
    private readonly db: BacklogDatabase,
    private readonly now: () => Date,
  ) {}

  /** Runs `fn` as one undoable user change named `label` (nested calls join the outer change). */
  change<T>(label: string, fn: (c: Database) => T): T {
    return this.db.write((c) => {
      const outer = this.recordingDepth === 0;
      if (outer) {
        this.recording = { items: {}, tables: {} };
        this.oversized = false;
      }
      this.recordingDepth++;
      try {
        const result = fn(c);
        if (outer) this.commitRecording(label, c);
        return result;
      } finally {
        this.recordingDepth--;
        if (outer) this.recording = null;
      }
    });
  }

  touchItem(id: string): void {
    const rec = this.recording;
    if (!rec || this.oversized || id in rec.items) return;
    if (Object.keys(rec.items).length >= UNDO_MAX_ITEMS) {
      this.oversized = true;
      return;
    }
    rec.items[id] = { before: this.snapshotItem(id), after: null };
  }

  touchTable(table: SnapshotTable): void {
    const rec = this.recording;
    if (!rec || table in rec.tables) return;
    rec.tables[table] = { before: this.db.query<Row>(`SELECT * FROM ${table}`), after: [] };
  }

  private commitRecording(label: string, c: Database): void {
    const rec = this.recording!;
    if (this.oversized) {
      c.run('DELETE FROM undo_log');
      return;
    }
    if (!Object.keys(rec.items).length && !Object.keys(rec.tables).length) return;
    for (const id of Object.keys(rec.items)) rec.items[id].after = this.snapshotItem(id);
    for (const t of Object.keys(rec.tables)) rec.tables[t].after = this.db.query<Row>(`SELECT * FROM ${t}`);
    c.run('DELETE FROM undo_log WHERE undone = 1');
    c.run('INSERT INTO undo_log (label, at, change, undone) VALUES (?, ?, ?, 0)', [label, this.now().toISOString(), JSON.stringify(rec)]);
    c.run(`DELETE FROM undo_log WHERE seq NOT IN (SELECT seq FROM undo_log ORDER BY seq DESC LIMIT ${UNDO_LIMIT})`);
  }

  private snapshotItem(id: string): ItemSnapshot | null {
    const row = this.db.query<Row>('SELECT rowid AS _rowid, * FROM items WHERE id = ?', [id])[0];
    if (!row) return null;
    return {
      row,
      tags: this.db.query<{ tag: string }>('SELECT tag FROM item_tags WHERE item_id = ? ORDER BY position', [id]).map((r) => r.tag),
      relations: this.db.query<{ from_id: string; to_id: string; kind: string }>('SELECT * FROM relations WHERE from_id = ? OR to_id = ?', [id, id]),
      history: this.db.query<Row>('SELECT * FROM status_history WHERE item_id = ? ORDER BY seq', [id]),
    };
  }

  private restore(rec: ChangeRecord, side: 'before' | 'after', c: Database): string[] {
    const ids = Object.keys(rec.items);
    // Re-inserting a row cascades away its AI analysis (derived data, not part of the change): keep it.
    const kept = keepAnalysis(this.db, ids);
    for (const id of ids) deleteRow(this.db, id, c);
    for (const id of ids) {
      const s = rec.items[id][side];
      if (!s) continue;
      const { _rowid, ...cols } = s.row;
      const names = Object.keys(cols);
      c.run(`INSERT INTO items (rowid, ${names.join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`, [_rowid ?? null, ...names.map((n) => cols[n] ?? null)]);
      s.tags.forEach((t, i) => c.run('INSERT INTO item_tags (item_id, tag, position) VALUES (?, ?, ?)', [id, t, i]));
      for (const h of s.history) c.run('INSERT OR REPLACE INTO status_history (seq, item_id, from_status, to_status, at) VALUES (?, ?, ?, ?, ?)', [h.seq ?? null, id, h.from_status ?? null, h.to_status ?? null, h.at ?? null]);
      index(this.db, id, c);
    }
    for (const id of ids) {
      const s = rec.items[id][side];
      for (const r of s?.relations ?? []) {
        c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?) AND EXISTS (SELECT 1 FROM items WHERE id = ?)', [r.from_id, r.to_id, r.kind, r.from_id, r.to_id]);
      }
    }
    restoreKeptAnalysis(this.db, kept);
    for (const [table, snap] of Object.entries(rec.tables)) {
      c.run(`DELETE FROM ${table}`);
      for (const row of snap[side]) {
        const names = Object.keys(row);
        c.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((n) => row[n] ?? null));
      }
    }
    return ids;
  }

  /** Undoes the last change; returns its label and the items it touched, or undefined. */
  undo(): { label: string; itemIds: string[] } | undefined {
    const entry = this.db.query<{ seq: number; label: string; change: string }>('SELECT seq, label, change FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1')[0];
    if (!entry) return undefined;
    return this.db.write((c) => {
      const ids = this.restore(JSON.parse(entry.change) as ChangeRecord, 'before', c);
      c.run('UPDATE undo_log SET undone = 1 WHERE seq = ?', [entry.seq]);
      return { label: entry.label, itemIds: ids };
    });
  }

  redo(): { label: string; itemIds: string[] } | undefined {
    const entry = this.db.query<{ seq: number; label: string; change: string }>('SELECT seq, label, change FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1')[0];
    if (!entry) return undefined;
    return this.db.write((c) => {
      const ids = this.restore(JSON.parse(entry.change) as ChangeRecord, 'after', c);
      c.run('UPDATE undo_log SET undone = 0 WHERE seq = ?', [entry.seq]);
      return { label: entry.label, itemIds: ids };
    });
  }

  undoState(): { undo: string | null; redo: string | null; depth: number } {
    const u = this.db.query<{ label: string }>('SELECT label FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1')[0];
    const r = this.db.query<{ label: string }>('SELECT label FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1')[0];
    const n = this.db.query<{ n: number }>('SELECT count(*) AS n FROM undo_log WHERE undone = 0')[0];
    return { undo: u?.label ?? null, redo: r?.label ?? null, depth: Number(n?.n ?? 0) };
  }
}
