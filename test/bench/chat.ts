// Chat and agent tools on a 10,000-item backlog: time per tool call (p50/p95) and reply size in
// bytes of the list and search tools (small by default). Run: npx tsc -p test/tsconfig.json &&
// node out/test/bench/chat.js
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { BacklogService } from '../../src/core/backlog/service';
import { buildChatContext } from '../../src/core/chat/context';
import { runTool, type ToolContext } from '../../src/core/chat/tools';

const N = Number(process.env.FLOWCAST_BENCH_CHAT_ITEMS ?? 10_000);
const WORDS = 'login crash export import board forecast sprint token cache render column search filter backlog release story'.split(' ');

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-bench-chat-'));
  const SQL = await initSqlJs();
  const service = new BacklogService({ dir, loadSql: async () => SQL, flushDelayMs: 500 });
  await service.createBacklog('Bench');
  const inputs = Array.from({ length: N }, (_, i) => ({
    title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} item ${i}`,
    type: ['BUG', 'FEAT', 'TASK'][i % 3],
    description: `The ${WORDS[(i * 3) % WORDS.length]} fails when the ${WORDS[(i * 5) % WORDS.length]} is empty. Steps and context follow in a realistic sentence or two.`,
  }));
  await service.createItems(inputs);
  const ctx: ToolContext = { service, agent: 'bench' };
  const calls: [string, () => unknown][] = [
    ['flowcast_search', () => ({ query: WORDS[Math.floor(performance.now()) % WORDS.length] })],
    ['flowcast_list_items', () => ({})],
    ['flowcast_list_items (status, 4 fields)', () => ({ status: ['backlog'], fields: ['id', 'title', 'priority', 'tags'] })],
    ['flowcast_get_item', () => ({ id: 'BUG-001' })],
    ['flowcast_update_item', () => ({ id: 'TASK-001', fields: { priority: 'high' } })],
    ['flowcast_create_item', () => ({ title: 'Bench item', type: 'TASK' })],
  ];
  // Reference, timed next to every measured call so the machine's load weighs on both alike:
  // reading every item's ID and title (one full scan of the items table).
  const refTimes: number[] = [];
  const { repo } = await service.repo();
  const reference = () => {
    const t = performance.now();
    repo.db.query('SELECT id, title FROM items');
    refTimes.push(performance.now() - t);
  };
  const ratio = (times: number[]) => `${(pct(times, 0.5) / pct(refTimes, 0.5)).toFixed(2)}x ref`;
  console.log(`Chat tools on ${N} items:`);
  for (const [label, input] of calls) {
    const name = label.split(' ')[0];
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 30; i++) {
      reference();
      const t = performance.now();
      const r = await runTool(ctx, name, input());
      times.push(performance.now() - t);
      if (!r.ok) throw new Error(`${label}: ${r.text}`);
      bytes = Buffer.byteLength(r.text);
    }
    console.log(`  ${label.padEnd(42)} p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms  p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms  reply ${bytes} bytes  ${ratio(times)}`);
  }
  const times: number[] = [];
  let tokens = 0;
  for (let i = 0; i < 20; i++) {
    reference();
    const t = performance.now();
    tokens = buildChatContext({ repo, backlogName: 'Bench', question: 'Why does the login crash when the cache is empty?', budgetTokens: 6000 }).tokens;
    times.push(performance.now() - t);
  }
  console.log(`  chat context (6,000-token budget)            p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms  p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms  ${tokens} tokens  ${ratio(times)}`);
  console.log(`  reference: SELECT id, title FROM items      p50 ${pct(refTimes, 0.5).toFixed(1).padStart(6)} ms`);
  await service.dispose();
  await fs.rm(dir, { recursive: true, force: true });
}

void main();
