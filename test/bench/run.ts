// npm run bench: storage figures on the real engine (sql.js WASM) and real files, at 1k/10k/50k
// items. Prints a table; targets are shown for reference and never make the run fail.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogDatabase } from '../../src/core/storage/database';
import { rankBetween } from '../../src/core/util/rank';

const SIZES = (process.env.FLOWCAST_BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const STATUSES = ['backlog', 'ready', 'in_progress', 'review', 'done'];
const WORDS = 'login crash export import board forecast sprint token cache render column search filter backlog release story'.split(' ');

function title(i: number): string {
  const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `${w(1)} ${w(2)} ${w(3)} when ${w(4)} ${w(5)} fails after ${w(6)} (#${i})`;
}

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function main() {
  const SQL = await initSqlJs();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-bench-'));
  const rows: string[][] = [];
  for (const n of SIZES) {
    const file = path.join(dir, `b${n}.db`);
    const seed = await BacklogDatabase.open({ SQL, file, flushDelayMs: 500 });
    const [seedMs] = await time(() =>
      seed.write((c) => {
        const stmt = c.prepare('INSERT INTO items (id, type, title, status, rank, created_at, updated_at, description, lists, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        const fts = c.prepare('INSERT INTO items_fts (docid, title, body, tags) VALUES (last_insert_rowid(), ?, ?, ?)');
        const ranks = new Map<string, string | null>();
        for (let i = 1; i <= n; i++) {
          const status = STATUSES[i % STATUSES.length];
          const rank = rankBetween(ranks.get(status) ?? null, null);
          ranks.set(status, rank);
          const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
          const description = `${title(i + 1)}. ${title(i + 2)}.\n\n${title(i + 3)}`;
          const lists = JSON.stringify({ criteria: [{ text: title(i + 4), checked: i % 2 === 0 }, { text: title(i + 5), checked: false }], specs: [title(i + 6)] });
          stmt.run([`TASK-${String(i).padStart(3, '0')}`, 'TASK', title(i), status, rank, at, at, description, lists, i % 5 === 0 ? at : null]);
          fts.run([title(i), `${description}\n${title(i + 4)}\n${title(i + 5)}\n${title(i + 6)}`, '']);
        }
        stmt.free();
        fts.free();
        c.run("INSERT INTO id_counters VALUES ('TASK', ?)", [n + 1]);
      }),
    );
    await seed.close();
    const size = (await fs.stat(file)).size;

    const opens: number[] = [];
    let db!: BacklogDatabase;
    for (let k = 0; k < 5; k++) {
      const [ms, d] = await time(() => BacklogDatabase.open({ SQL, file, flushDelayMs: 500 }));
      opens.push(ms);
      if (k < 4) d.discard();
      else db = d;
    }
    const repo = new BacklogRepository(db);
    const [listMs, items] = await time(() => repo.listItems());

    const flushes: number[] = [];
    for (let k = 0; k < 10; k++) {
      db.markDirty();
      const [ms] = await time(() => db.flush());
      flushes.push(ms);
    }

    const creates: number[] = [];
    const updates: number[] = [];
    for (let k = 0; k < 30; k++) {
      const [c] = await time(async () => {
        const it = repo.createItem({ title: `bench item ${k}` });
        await db.flush();
        return it;
      });
      creates.push(c);
      const target = items[(k * 97) % items.length];
      const [u] = await time(async () => {
        repo.moveItem(target.id, { status: STATUSES[(k + 1) % STATUSES.length] });
        await db.flush();
      });
      updates.push(u);
    }
    await db.close();
    rows.push([
      n.toLocaleString('en'),
      `${(size / 1024 / 1024).toFixed(1)} MB`,
      `${seedMs.toFixed(0)}`,
      `${p(opens, 0.5).toFixed(1)}`,
      `${listMs.toFixed(1)}`,
      `${p(flushes, 0.5).toFixed(1)} / ${p(flushes, 0.95).toFixed(1)}`,
      `${p(creates, 0.5).toFixed(1)} / ${p(creates, 0.95).toFixed(1)}`,
      `${p(updates, 0.5).toFixed(1)} / ${p(updates, 0.95).toFixed(1)}`,
    ]);
  }
  await fs.rm(dir, { recursive: true, force: true });

  const head = ['items', 'file', 'bulk insert ms', 'open ms (p50)', 'list active ms', 'full flush ms p50/p95', 'create+flush ms p50/p95', 'move+flush ms p50/p95'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`\nFlowcast storage benchmark (sql.js ${'1.16'}, Node ${process.version}, ${os.cpus().length} cores)`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('\nTargets at 10,000 items (issue 3): open < 300 ms, create/update incl. flush < 50 ms p95, full flush < 150 ms.');
  console.log('Every write is a full export of the database plus an atomic replace of the file, so flush cost grows linearly with size.');
}

void main();
