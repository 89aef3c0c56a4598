// UI benchmark: the board in real VS Code (code-server) in Chromium, with 1,000 and 10,000 items.
// Prints: open board -> first card painted; -> every column rendered ("interactive"); and the
// drag-and-drop round trip (drop -> move persisted by the host -> card re-rendered in its column).
// With FLOWCAST_UI_BENCH_PART=forecast: board first paint with card dates on vs off, and the
// Forecast panel's input change -> charts drawn, on a 10,000-item backlog with history (issue 14).
// The benchmark backlogs are imported with command arguments (a keybinding that runs
// flowcast.importFile with the file's URI), not by typing a path into VS Code's file dialog.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyFields, type PortableItem } from '../../src/core/backlog/model';
import { toJson } from '../../src/core/io';
import { rankBetween } from '../../src/core/util/rank';
import type { Page } from 'playwright-core';
import { findWebviewFrame, newBacklog, openWorkbench, runCommand } from '../e2e/workbench';

const SIZES = (process.env.FLOWCAST_UI_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const STATUSES = ['backlog', 'ready', 'in_progress', 'review', 'done'];
const DROPS = 20;
const REOPENS = 4;

function items(n: number): PortableItem[] {
  let rank: string | null = null;
  return Array.from({ length: n }, (_, i) => ({
    ...emptyFields(),
    id: `TASK-${String(i + 1).padStart(3, '0')}`,
    type: 'TASK',
    title: `Benchmark item ${i + 1}: make the thing ${i % 7 === 0 ? 'faster' : 'nicer'}`,
    status: STATUSES[i % STATUSES.length],
    priority: (['high', 'medium', 'low', null] as const)[i % 4]!,
    tags: i % 3 === 0 ? ['perf'] : [],
    criteria: [{ text: 'it works', checked: i % 2 === 0 }],
    rank: (rank = rankBetween(rank, null)),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    archivedAt: null,
    external: null,
    relations: [],
  }));
}

/**
 * Creates a backlog and imports `file` into it by running flowcast.importFile with the file as its
 * argument (through a keybinding in the user's keybindings.json, which VS Code reloads when it
 * changes), then confirms the import preview. No file dialog is involved.
 */
async function importWithCommandArgs(page: Page, userDataDir: string, name: string, file: string, count: number): Promise<void> {
  await newBacklog(page, name);
  // The extension host runs on the code-server side: a vscode-remote URI reaches it as a file URI.
  const uri = { $mid: 1, scheme: 'vscode-remote', authority: new URL(page.url()).host, path: file };
  await fs.writeFile(path.join(userDataDir, 'User', 'keybindings.json'), JSON.stringify([{ key: 'ctrl+alt+shift+f10', command: 'flowcast.importFile', args: uri }]));
  // Keybindings are read when the window loads.
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForTimeout(1000);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.activitybar .action-item[aria-label^="Flowcast"], .activitybar .action-item a[aria-label^="Flowcast"]').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Import' });
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+Alt+Shift+F10');
    try {
      // One press opens the preview (parsing 10,000 items takes a while); pressing again would queue a second one.
      await confirm.waitFor({ timeout: 90_000 });
      break;
    } catch {
      if (attempt >= 2) {
        await page.screenshot({ path: path.join(os.tmpdir(), 'flowcast-bench-import.png') });
        throw new Error(`the import preview did not appear after running flowcast.importFile with the file as argument (screenshot in ${os.tmpdir()}/flowcast-bench-import.png)`);
      }
    }
  }
  await confirm.click();
  try {
    await page.getByText(`Imported ${count} items`).first().waitFor({ timeout: 300_000 });
  } catch (err) {
    await page.screenshot({ path: path.join(os.tmpdir(), `flowcast-bench-imported-${count}.png`) });
    throw err;
  }
}

function pct(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  // Nearest rank: p95 of 20 drops is the 19th slowest, not the slowest.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

async function bench(n: number): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-uibench-'));
  const file = path.join(dir, `bench-${n}.json`);
  await fs.writeFile(file, toJson(items(n), { backlogName: 'bench', types: [] }));
  const wb = await openWorkbench({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = wb.page;
    await importWithCommandArgs(page, wb.userDataDir, `Bench ${n}`, file, n);

    const t0 = performance.now();
    await runCommand(page, 'Flowcast: Open Board');
    let frame = await findWebviewFrame(page, 'flowcast-board li.card', undefined, 60_000);
    await frame.locator('li.card').first().waitFor();
    const firstPaint = performance.now() - t0;
    await frame.waitForFunction(
      (count) => {
        const host = (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { querySelectorAll(s: string): { length: number } } } | null } }).document.querySelector('flowcast-board');
        return (host?.shadowRoot.querySelectorAll('section.column').length ?? 0) === count;
      },
      STATUSES.length,
    );
    const interactive = performance.now() - t0;

    type Perf = { performance: { getEntriesByName(n: string): { startTime: number; duration: number }[] } };
    const firstCardMark = (f: typeof frame) => f.evaluate(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:first-card')[0]?.startTime ?? -1);
    // The board is opened REOPENS more times (a new page each time) and the median is reported:
    // one opening on a shared 2-core machine varies by ±30%.
    const opens = [await firstCardMark(frame)];
    for (let k = 0; k < REOPENS; k++) {
      await runCommand(page, 'View: Close Editor');
      await page.waitForTimeout(500);
      await runCommand(page, 'Flowcast: Open Board');
      frame = await findWebviewFrame(page, 'flowcast-board li.card', undefined, 60_000);
      await frame.waitForFunction(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:first-card').length > 0);
      opens.push(await firstCardMark(frame));
    }
    const inPageFirstCard = pct(opens, 0.5);
    if (process.env.FLOWCAST_BENCH_VERBOSE) {
      const marks = await frame.evaluate(() => (globalThis as unknown as { performance: { getEntries(): { name: string; startTime: number; entryType: string }[] } }).performance.getEntries().filter((e) => e.entryType !== 'resource' || /\.js/.test(e.name)).map((e) => `${e.entryType} ${e.name.slice(-60)} ${e.startTime.toFixed(0)}`));
      console.log(marks.join('\n'));
    }
    // 20 drops, so that p95 is not simply the slowest of a handful.
    const rounds: number[] = [];
    for (let k = 0; k < DROPS; k++) {
      const from = STATUSES[k % 2 === 0 ? 0 : 1];
      const to = STATUSES[k % 2 === 0 ? 1 : 0];
      const card = frame.locator(`section.column[data-status="${from}"] li.card`).first();
      const id = (await card.getAttribute('data-id'))!;
      const target = frame.locator(`section.column[data-status="${to}"] h2`);
      const start = performance.now();
      await card.dragTo(target);
      await frame.locator(`section.column[data-status="${to}"] li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
      rounds.push(performance.now() - start);
    }
    const inPageDnd = await frame.evaluate(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:dnd').map((m) => m.duration));
    // The host's stored card may arrive a moment after the last drop was drawn.
    await frame.waitForFunction((n) => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:dnd-stored').length >= n, DROPS, { timeout: 20_000 }).catch(() => undefined);
    const storedDnd = await frame.evaluate(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:dnd-stored').map((m) => m.duration));
    // Scrolling: the first column is scrolled top to bottom, 150 px per frame (a fast wheel), and
    // the time between frames is recorded. 16.7 ms = 60 fps; frames over 50 ms are visible jank.
    const frames = await frame.evaluate(async () => {
      type El = { scrollTop: number; scrollHeight: number; clientHeight: number };
      type G = { document: { querySelector(s: string): { shadowRoot: { querySelector(s: string): El | null } } }; requestAnimationFrame(f: (t: number) => void): void };
      const g = globalThis as unknown as G;
      const el = g.document.querySelector('flowcast-board').shadowRoot.querySelector('section.column .col-scroll')!;
      const deltas: number[] = [];
      let last = -1;
      el.scrollTop = 0;
      await new Promise<void>((done) => {
        const step = (t: number) => {
          if (last >= 0) deltas.push(t - last);
          last = t;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || deltas.length > 2000) return done();
          el.scrollTop += 150;
          g.requestAnimationFrame(step);
        };
        g.requestAnimationFrame(step);
      });
      return { deltas, rendered: el.scrollHeight };
    });
    const scroll = `${pct(frames.deltas, 0.5).toFixed(0)} / ${pct(frames.deltas, 0.95).toFixed(0)} / ${frames.deltas.filter((d) => d > 50).length} of ${frames.deltas.length}`;
    return [
      n.toLocaleString('en'),
      `${inPageFirstCard.toFixed(0)} (${Math.min(...opens).toFixed(0)}–${Math.max(...opens).toFixed(0)})`,
      `${pct(inPageDnd, 0.5).toFixed(0)} / ${pct(inPageDnd, 0.95).toFixed(0)}`,
      `${pct(storedDnd, 0.5).toFixed(0)} / ${pct(storedDnd, 0.95).toFixed(0)}`,
      firstPaint.toFixed(0),
      interactive.toFixed(0),
      `${pct(rounds, 0.5).toFixed(0)} / ${pct(rounds, 0.95).toFixed(0)}`,
      scroll,
    ];
  } finally {
    await wb.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A backlog with a throughput history: every fifth item is done (with no status history an item's
 * history starts at its creation, so a done item counts as finished on its createdAt), spread over
 * the 120 days before today; the others are open. The forecasts then have data to work with.
 */
function datedItems(n: number): PortableItem[] {
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T10:00:00.000Z`);
  return items(n).map((it, i) => {
    const at = new Date(today - (1 + (i % 120)) * 86_400_000).toISOString();
    return { ...it, createdAt: at, updatedAt: at };
  });
}

const median = (v: number[]) => pct(v, 0.5);

/**
 * Issue 14: board first paint with the card dates on and off (alternating opens, medians), and the
 * Forecast panel's input change -> charts drawn at 10,000 trials on the same backlog (User Timing
 * marks in the page: from the input event, including the 250 ms debounce, and from the request).
 */
async function benchForecast(n: number): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-uibench-fc-'));
  const file = path.join(dir, `bench-dated-${n}.json`);
  await fs.writeFile(file, toJson(datedItems(n), { backlogName: 'bench', types: [] }));
  const wb = await openWorkbench({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = wb.page;
    await importWithCommandArgs(page, wb.userDataDir, `Dated ${n}`, file, n);
    type Perf = { performance: { getEntriesByName(n: string): { startTime: number; duration: number }[] } };
    const openBoard = async (): Promise<number> => {
      await runCommand(page, 'Flowcast: Open Board');
      const frame = await findWebviewFrame(page, 'flowcast-board li.card', undefined, 60_000);
      await frame.waitForFunction(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:first-card').length > 0, undefined, { timeout: 60_000 });
      const ms = await frame.evaluate(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:first-card')[0].startTime);
      await page.waitForTimeout(2500); // the card dates arrive after the first paint; let them land before closing
      await runCommand(page, 'View: Close Editor');
      await page.waitForTimeout(500);
      return ms;
    };
    await openBoard(); // warm-up (the first forecast of the backlog is computed here)
    const on: number[] = [];
    const off: number[] = [];
    // On by default; the palette offers only the command that changes the current setting.
    for (let k = 0; k < REOPENS + 1; k++) {
      on.push(await openBoard());
      await runCommand(page, 'Flowcast: Hide Forecast Dates on Cards');
      off.push(await openBoard());
      await runCommand(page, 'Flowcast: Show Forecast Dates on Cards');
    }

    await runCommand(page, 'Flowcast: Open Forecast');
    const fc = await findWebviewFrame(page, 'flowcast-forecast', async (f) => (await f.locator('[data-generated]').count()) > 0, 120_000);
    await fc.locator('fc-when [data-percentiles]').waitFor({ timeout: 120_000 });
    const count = () => fc.evaluate(() => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:forecast-update').length);
    type App = { document: { querySelector(s: string): { result?: { ok: boolean; ms?: number } } | null } };
    /** Changes the seed `times` times; returns input -> drawn, request -> drawn and the host's own ms (medians, first two runs dropped). */
    const changes = async (times: number): Promise<[number, number, number]> => {
      const from = await count();
      const hostMs: number[] = [];
      for (let k = 0; k < times; k++) {
        const before = await count();
        await fc.locator('#in-seed').fill(String(1000 + k));
        await fc.waitForFunction((b) => (globalThis as unknown as Perf).performance.getEntriesByName('flowcast:forecast-update').length > b, before, { timeout: 60_000 });
        if (k >= 2) hostMs.push(await fc.evaluate(() => (globalThis as unknown as App).document.querySelector('flowcast-forecast')?.result?.ms ?? NaN));
        await page.waitForTimeout(300);
      }
      const durations = (name: string) => fc.evaluate((m) => (globalThis as unknown as Perf).performance.getEntriesByName(m).map((e) => e.duration), name);
      const update = (await durations('flowcast:forecast-update')).slice(from + 2);
      const run = (await durations('flowcast:forecast-run')).slice(-update.length);
      return [median(update), median(run), median(hostMs)];
    };
    const big = await changes(2 + REOPENS * 2);
    // Reference in the same page and run: the same input change with typed samples of a similar
    // throughput (no backlog to read) and the same number of items.
    await fc.locator('#in-remaining').fill(String(Math.round(n * 0.8)));
    await fc.locator('#in-source').selectOption('samples');
    await fc.locator('#in-samples').fill('20, 16, 25, 8, 14, 10, 22, 18, 12, 15');
    await page.waitForTimeout(1500);
    const small = await changes(2 + REOPENS * 2);
    const onMs = median(on);
    const offMs = median(off);
    return [
      n.toLocaleString('en'),
      `${onMs.toFixed(0)} (${on.map((v) => v.toFixed(0)).join(', ')})`,
      `${offMs.toFixed(0)} (${off.map((v) => v.toFixed(0)).join(', ')})`,
      (onMs / offMs).toFixed(2),
      `${big[0].toFixed(0)} / ${big[1].toFixed(0)} / ${big[2].toFixed(0)}`,
      `${small[0].toFixed(0)} / ${small[1].toFixed(0)} / ${small[2].toFixed(0)}`,
      (big[1] / small[1]).toFixed(2),
    ];
  } finally {
    await wb.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function mainForecast() {
  const n = Number(process.env.FLOWCAST_UI_BENCH_FORECAST_SIZE ?? 10_000);
  const row = await benchForecast(n);
  const head = [
    'items',
    'first card, dates ON ms median (each open)',
    'first card, dates OFF ms median (each open)',
    'ON / OFF',
    'panel, backlog source: input -> drawn / request -> drawn / host ms, medians of 8',
    'panel, typed samples (reference): input -> drawn / request -> drawn / host ms',
    'request -> drawn, backlog / samples',
  ];
  console.log('\nFlowcast forecast UI benchmark (issue 14; real VS Code in code-server, Chromium, 2 shared cores; 10,000 trials, When of every open item)');
  for (let i = 0; i < head.length; i++) console.log(`${head[i]}: ${row[i]}`);
  console.log('Targets: input change -> charts updated < 300 ms; first paint with card dates on within 10% of off (ratio <= 1.10).');
}

async function main() {
  if (process.env.FLOWCAST_UI_BENCH_PART === 'forecast') return mainForecast();
  const rows: string[][] = [];
  for (const n of SIZES) {
    rows.push(await bench(n));
    console.log(`[bench] ${rows[rows.length - 1].join(' | ')}`);
  }
  const head = ['items', 'webview start -> first card ms, median (min-max) of 5 opens', 'drop -> card drawn in its new place ms p50/p95', 'drop -> host stored it -> stored card back ms p50/p95', 'palette -> first card ms (driver)', 'palette -> all columns ms (driver)', 'drag round trip ms (driver)', 'scroll a column: frame ms p50/p95 / frames > 50 ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log('\nFlowcast board benchmark (real VS Code 1.139 in code-server, Debian Chromium, 2 cores)');
  console.log(head.map((h, i) => h.padStart(widths[i])).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
  const first = rows.map((r) => Number(r[1].split(' ')[0]));
  if (rows.length >= 2) console.log(`\nFirst card ${rows[rows.length - 1][0]} / ${rows[0][0]} items: ${(first[first.length - 1] / first[0]).toFixed(2)}x (target <= 1.2x, issue 10)`);
  console.log('\nTargets at 10,000 items (issues 4 and 10): first card within 1.2x of 1,000 items, drag-and-drop round trip p95 < 100 ms.');
  console.log('The first three columns are User Timing marks inside the board webview: navigation start of the page -> first card painted;');
  console.log('drop event -> the card drawn in its new column (the move is shown at once, before the host answers); drop event -> move');
  console.log('request -> host writes it -> the stored card pushed back (the full round trip through code-server). The "(driver)" columns are');
  console.log('measured from the test driver and include the command palette, panel creation and Playwright mouse moves: upper bounds.');
  console.log('Columns are virtualised (only the visible cards are in the DOM); the scroll column scrolls the first column end to end.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
