// A new board page gets the first cards of each column first (with the real column counts) and
// the whole backlog right after: first paint does not grow with the backlog (issue #10).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { FIRST_PAINT_CARDS, type BoardConnection } from '../../../src/board/boardConnection';
import { emptyFields, type PortableItem } from '../../../src/core/backlog/model';
import { toJson } from '../../../src/core/io';
import { rankBetween } from '../../../src/core/util/rank';
import type { BoardState } from '../../../src/core/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/core/protocol/rpc';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, type TestingApi, waitFor } from '../helpers';

const STATUSES = ['backlog', 'ready', 'in_progress', 'review', 'done'];
const PER_STATUS = 60;

describe('board: first paint sends the first cards of each column, then the rest (real VS Code)', () => {
  let api: TestingApi;
  let home: BacklogInfo | undefined;
  let conn: BoardConnection;
  const posted: { kind: string; method?: string; params?: unknown }[] = [];
  const tap = (m: unknown) => posted.push(m as (typeof posted)[number]);
  let dir: string;

  before(async () => {
    api = await activate();
    home = await api.getActiveBacklog();
    await api.createBacklog('First paint suite');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-firstpaint-'));
    const file = path.join(dir, 'items.json');
    let rank: string | null = null;
    const items: PortableItem[] = Array.from({ length: STATUSES.length * PER_STATUS }, (_, i) => ({
      ...emptyFields(),
      id: `TASK-${String(i + 1).padStart(3, '0')}`,
      type: 'TASK',
      title: `Card ${i + 1}`,
      status: STATUSES[i % STATUSES.length],
      rank: (rank = rankBetween(rank, null)),
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      archivedAt: null,
      external: null,
      relations: [],
    }));
    await fs.writeFile(file, toJson(items, { backlogName: 'first paint', types: [] }));
    const r = await api.importFile(file);
    assert.equal(r.created.length, STATUSES.length * PER_STATUS);
    await vscode.commands.executeCommand('flowcast.board.focus');
    const c = await waitFor(() => api.__testing.boardConnections().find((x) => x.isReady && (x.connection as unknown as { place: string }).place === 'sidebar'), 'a ready sidebar board');
    conn = c.connection;
    conn.taps.add(tap);
  });

  after(async () => {
    conn?.taps.delete(tap);
    if (home) await api.switchBacklog(home.id);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('after a new page says ready, the first board/state has at most 40 cards per column and the real counts; the next has every card', async () => {
    // Let the pushes of the import itself go out first.
    for (let quiet = 0, last = -1; quiet < 5; quiet = posted.length === last ? quiet + 1 : 0, last = posted.length) await new Promise((r) => setTimeout(r, 100));
    const mark = posted.length;
    conn.reset();
    conn.receive({ kind: 'ready', view: 'board', protocol: PROTOCOL_VERSION });
    const states = () => posted.slice(mark).filter((m) => m.method === 'board/state').map((m) => m.params as BoardState);
    await waitFor(() => (states().length >= 2 ? true : undefined), 'two board/state messages');
    const [first, full] = states();
    assert.ok(first.partial, `the first state is marked partial (it has ${first.items.length} cards)`);
    for (const s of STATUSES) {
      assert.equal(first.partial.counts[s], PER_STATUS, `count of ${s}`);
      const shown = first.items.filter((c) => c.status === s);
      assert.equal(shown.length, FIRST_PAINT_CARDS, `cards of ${s} in the first state`);
      // The first cards in rank order: the ones at the top of the column.
      const top = full.items.filter((c) => c.status === s).sort((a, b) => ((a.rank ?? '') < (b.rank ?? '') ? -1 : 1)).slice(0, FIRST_PAINT_CARDS).map((c) => c.id);
      assert.deepEqual(shown.map((c) => c.id).sort(), [...top].sort(), `the top of ${s}`);
    }
    assert.equal(full.partial, undefined, 'the second state is the whole backlog');
    assert.equal(full.items.length, STATUSES.length * PER_STATUS);
  });
});
