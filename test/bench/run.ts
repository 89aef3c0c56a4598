// npm run bench: storage figures on the real engine (sql.js WASM) and real files, at 1k/10k/50k
// items. Prints a table; targets are shown for reference and never make the run fail.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { parseJson, toJson } from '../../src/core/io';
import { searchItems } from '../../src/core/search';
import { BacklogDatabase } from '../../src/core/storage/database';
import { rankBetween } from '../../src/core/util/rank';

const SIZES = (process.env.FLOWCAST_BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const STATUSES = ['backlog', 'ready', 'in_progress', 'review', 'done'];
// Realistic text: a vocabulary of 3,000 words drawn with a Zipf distribution (as in natural
// language and real backlogs), from a seeded generator so every run sees the same data.
const DOMAIN = 'login crash export import board forecast sprint token cache render column search filter backlog release story'.split(' ');
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'fi', 'gu', 'he', 'jo', 'be'];
const VOCAB = [...DOMAIN];
for (let i = 0; VOCAB.length < 3000; i++) VOCAB.push(SYLLABLES[i % 16] + SYLLABLES[Math.floor(i / 16) % 16] + SYLLABLES[Math.floor(i / 256) % 16] + (i >= 4096 ? String(i) : ''));
const ZIPF: number[] = [];
{
  let acc = 0;
  for (let r = 1; r <= VOCAB.length; r++) ZIPF.push((acc += 1 / r));
  for (let r = 0; r < ZIPF.length; r++) ZIPF[r] /= acc;
}
let seed = 42;
function rand(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
function word(): string {
  const x = rand();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo];
}
function sentence(n: number): string {
  return Array.from({ length: n }, word).join(' ');
}
function title(i: number): string {
  return `${sentence(6 + (i % 5))} (#${i})`;
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
        const stmt = c.prepare('INSERT INTO items (rowid, id, type, title, status, rank, created_at, updated_at, description, lists, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        const fts = c.prepare('INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = ?');
        const ranks = new Map<string, string | null>();
        for (let i = 1; i <= n; i++) {
          const status = STATUSES[i % STATUSES.length];
          const rank = rankBetween(ranks.get(status) ?? null, null);
          ranks.set(status, rank);
          const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
          const ttl = title(i);
          const description = `${sentence(14)}. ${sentence(10)}.\n\n${sentence(18)}.`;
          const c1 = sentence(8);
          const c2 = sentence(7);
          const sp = sentence(10);
          const lists = JSON.stringify({ criteria: [{ text: c1, checked: i % 2 === 0 }, { text: c2, checked: false }], specs: [sp] });
          stmt.run([i, `TASK-${String(i).padStart(3, '0')}`, 'TASK', ttl, status, rank, at, at, description, lists, i % 5 === 0 ? at : null]);
          fts.run([i]);
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
    // Queries of every kind: words of every frequency rank, prefixes, phrases, negation, filters, IDs.
    const r = (rank: number) => VOCAB[rank - 1];
    const queries = [
      r(3), r(12), r(40), r(150), r(600), r(2000), `${r(5)} ${r(30)}`, `${r(8)} ${r(80)} ${r(400)}`, r(20).slice(0, 3), `"${r(2)} ${r(9)}"`,
      `type:TASK status:done ${r(25)}`, `${r(6)} -${r(7)}`, `#none ${r(10)}`, 'TASK-00042', `is:archived ${r(15)}`, `priority:high ${r(50)}`,
    ];
    const searches: number[] = [];
    for (let k = 0; k < 160; k++) {
      const [ms] = await time(() => searchItems(db, queries[k % queries.length], { limit: 50 }));
      searches.push(ms);
    }
    // Worst case, reported apart: the single most frequent word (it matches most items).
    const broad: number[] = [];
    let broadTotal = 0;
    for (let k = 0; k < 10; k++) {
      const [ms, res] = await time(() => searchItems(db, r(1), { limit: 50 }));
      broad.push(ms);
      broadTotal = res.total;
    }

    const json = toJson(repo.portableItems(), { backlogName: 'bench', types: repo.listTypes() });
    await db.close();
    const target = await BacklogDatabase.open({ SQL, file: path.join(dir, `import-${n}.db`), flushDelayMs: 500 });
    const [importMs, imported] = await time(async () => {
      const parsed = parseJson(json);
      const r = new BacklogRepository(target).importItems(parsed.items, parsed.types);
      await target.flush();
      return r.created.length;
    });
    await target.close();
    if (imported !== n + 30) throw new Error(`imported ${imported} of ${n + 30}`);
    rows.push([
      n.toLocaleString('en'),
      `${(size / 1024 / 1024).toFixed(1)} MB`,
      `${seedMs.toFixed(0)}`,
      `${p(opens, 0.5).toFixed(1)}`,
      `${listMs.toFixed(1)}`,
      `${p(flushes, 0.5).toFixed(1)} / ${p(flushes, 0.95).toFixed(1)}`,
      `${p(creates, 0.5).toFixed(1)} / ${p(creates, 0.95).toFixed(1)}`,
      `${p(updates, 0.5).toFixed(1)} / ${p(updates, 0.95).toFixed(1)}`,
      `${p(searches, 0.5).toFixed(1)} / ${p(searches, 0.95).toFixed(1)}`,
      `${p(broad, 0.5).toFixed(0)} (${Math.round((100 * broadTotal) / (n * 0.8))}%)`,
      `${importMs.toFixed(0)}`,
    ]);
  }
  if (process.env.FLOWCAST_BENCH_KEEP) console.log(`kept ${dir}`);
  else await fs.rm(dir, { recursive: true, force: true });

  const head = ['items', 'file', 'bulk insert ms', 'open ms (p50)', 'list active ms', 'full flush ms p50/p95', 'create+flush ms p50/p95', 'move+flush ms p50/p95', 'search ms p50/p95', 'broadest word ms (hits)', 'JSON import ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`\nFlowcast storage benchmark (sql.js ${'1.16'}, Node ${process.version}, ${os.cpus().length} cores)`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('\nTargets at 10,000 items (issue 3): open < 300 ms, search p95 < 20 ms, create/update incl. flush < 50 ms p95, full flush < 150 ms, JSON import of 10,000 items < 3 s.');
  console.log('Data: realistic text lengths (title, 3-sentence description, criteria, specs), 5 statuses, 20% archived. JSON import = parse + validate + insert + index + flush.');
  console.log('Every write is a full export of the database plus an atomic replace of the file, so flush cost grows linearly with size.');
}

void main();
