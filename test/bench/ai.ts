// npm run bench (AI part): the costs Flowcast adds around AI requests, on the real engine and the
// real SDK. The model's own latency is not Flowcast's and is excluded: the requests go to the local
// fake server (test/fakes/aiServer.ts), so what is measured is SDK + policy + validation overhead.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { itemContentHash, itemsNeedingAnalysis, loadScores, saveItemScores } from '../../src/core/ai/analysisStore';
import { chunkText } from '../../src/core/ai/context';
import { generateItem } from '../../src/core/ai/features';
import { createProvider } from '../../src/core/ai/providers';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogDatabase } from '../../src/core/storage/database';
import { startFakeAiServer } from '../fakes/aiServer';

const N = Number(process.env.FLOWCAST_BENCH_AI_ITEMS ?? 10_000);

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function timed(runs: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms`;

async function main() {
  const rows: [string, string][] = [];
  const SQL = await initSqlJs();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-bench-ai-'));
  const db = await BacklogDatabase.open({ SQL, file: path.join(dir, 'ai.db'), flushDelayMs: 500 });
  const repo = new BacklogRepository(db);
  const inputs = Array.from({ length: N }, (_, i) => ({ title: `Item ${i} about export and login ${i % 97}`, type: 'TASK', description: `Description ${i} `.repeat(8), criteria: [{ text: `criterion ${i}`, checked: false }] }));
  let t = performance.now();
  repo.createItems(inputs);
  rows.push([`seed ${N.toLocaleString('en')} items (createItems, one undo step)`, `${(performance.now() - t).toFixed(0)} ms`]);
  const items = repo.listItems();
  const at = new Date().toISOString();
  t = performance.now();
  saveItemScores(db, items.map((it, i) => ({ itemId: it.id, score: i % 101, factors: [{ name: 'impact', note: 'n' }], rationale: 'r', contentHash: itemContentHash(it), provider: 'openai', model: 'm', at })));
  rows.push([`store ${N.toLocaleString('en')} analysis scores`, `${(performance.now() - t).toFixed(0)} ms`]);
  rows.push([`loadScores, all ${N.toLocaleString('en')} (board state build)`, fmt(await timed(7, () => loadScores(db)))]);
  rows.push([`itemsNeedingAnalysis, ${N.toLocaleString('en')} unchanged`, fmt(await timed(5, () => itemsNeedingAnalysis(db, items)))]);
  const notes = 'Meeting notes. The export button fails on empty reports.\n\n'.repeat(18_000);
  rows.push([`chunkText, ${(notes.length / 1e6).toFixed(1)} MB of notes into 6,000-char chunks`, fmt(await timed(5, () => chunkText(notes, 6000)))]);
  await db.close();

  const server = await startFakeAiServer({ validKeys: ['bench-key'] });
  const answer = JSON.stringify({ title: 'Export invoices as CSV', emoji: '', type: 'FEAT', priority: 'high', severity: null, effort: 'S', component: 'export', description: 'd '.repeat(400), userStory: '', specs: ['a', 'b'], reproSteps: [], acceptanceCriteria: ['c', 'd', 'e'], dependencies: [], constraints: [], tags: ['csv'] });
  const provider = createProvider({ id: 'openai', apiKey: 'bench-key', baseUrl: server.openaiBaseUrl });
  const rt = { provider, model: 'gpt-4o-mini', language: 'English', timeoutMs: 10_000 };
  const types = [{ key: 'FEAT', label: 'Feature' }];
  const examples = items.slice(0, 3);
  const json = await timed(50, async () => {
    server.reply(answer);
    await generateItem(rt, { description: 'CSV export', projectContext: 'x'.repeat(12_000), examples, types });
  });
  rows.push(['generate item, JSON answer (openai SDK → 127.0.0.1, validate, map), 50 runs', fmt(json)]);
  const streamed = await timed(50, async () => {
    server.reply(answer);
    await generateItem(rt, { description: 'CSV export', projectContext: 'x'.repeat(12_000), examples, types, onText: () => undefined });
  });
  rows.push(['generate item, SSE streamed answer, 50 runs', fmt(streamed)]);
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });

  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nFlowcast AI overhead benchmark (Node ${process.version}, ${os.cpus().length} cores; model latency excluded)`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
