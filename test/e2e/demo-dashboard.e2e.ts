// The demo backlog of `npm start` (flowcast.demo.seedIfEmpty) on first start, in real VS Code
// (Chromium): about 60 items with months of history, so the dashboard shows real throughput,
// cycle times and a blocked chain. Screenshots of the dashboard in dark and light themes, and of
// the demo board (the walkthrough's image) go to test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { findWebviewFrame, openWorkbench, RESULTS, runCommand, screenshot, type Workbench } from './workbench';

describe('Demo backlog on first start, in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let dash: Frame;

  const total = async (key: string) => Number((await dash.locator(`[data-total="${key}"] .value`).innerText()).replace(/\D/g, ''));

  before(async () => {
    // As `npm start` does: the workspace asks for the demo backlog when it has none (read at activation).
    wb = await openWorkbench({ viewport: { width: 1440, height: 1000 }, workspaceSettings: { 'flowcast.demo.seedIfEmpty': true } });
  });

  after(async () => {
    await wb?.close();
  });

  it('the dashboard of the demo backlog shows about 60 items, months of throughput, cycle times and blocked items (screenshot demo-dashboard-dark.png)', async () => {
    await runCommand(wb.page, 'Flowcast: Open Dashboard');
    try {
      dash = await findWebviewFrame(wb.page, 'flowcast-dashboard', async (f) => (await f.locator('#dashboard-title', { hasText: 'Demo backlog' }).count()) > 0);
    } catch (e) {
      await screenshot(wb.page, 'demo-dashboard-failed');
      throw e;
    }
    await dash.locator('[data-total="active"]').waitFor({ timeout: 20_000 });
    // The seed runs at activation, beside the first paint: wait for its items.
    const end = Date.now() + 20_000;
    while ((await total('active')) < 50 && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.ok((await total('active')) >= 50, `${await total('active')} active items`);
    assert.ok((await total('done')) >= 30, 'most of the history is finished work');
    assert.ok((await total('open')) >= 15, 'open work to forecast');
    assert.ok((await total('archived')) >= 1);
    const weeks = await dash.locator('[data-figure="throughput"] table.sr-only tbody tr').allInnerTexts();
    const done = weeks.map((w) => Number(/(\d+)\s*$/.exec(w.trim())?.[1] ?? NaN));
    assert.equal(done.length, 12);
    assert.ok(done.filter((n) => n > 0).length >= 8, `most of the last 12 weeks finished something: ${done.join(',')}`);
    assert.match(await dash.locator('[data-percentiles]').innerText(), /p50/);
    assert.ok((await dash.locator('[data-list="blocked"] li').count()) >= 2, 'a chain of blocked items');
    await wb.page.waitForTimeout(800); // the charts' first animation
    await screenshot(wb.page, 'demo-dashboard-dark');
  });

  it('follows the light theme (screenshot demo-dashboard-light.png)', async () => {
    type Win = { getComputedStyle(e: unknown): { getPropertyValue(n: string): string } };
    const bg = () => dash.locator('html').evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).getPropertyValue('--vscode-editor-background'));
    const dark = await bg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    const end = Date.now() + 20_000;
    while ((await bg()) === dark && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.notEqual(await bg(), dark);
    await wb.page.waitForTimeout(1200); // charts redraw with the theme's colours
    await screenshot(wb.page, 'demo-dashboard-light');
  });

  it('the demo board, for the walkthrough (walkthrough-board.png: the editor area only, readable at walkthrough size)', async () => {
    await runCommand(wb.page, 'View: Toggle Primary Side Bar Visibility');
    await wb.page.setViewportSize({ width: 1100, height: 700 });
    await runCommand(wb.page, 'Flowcast: Open Board');
    const board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Demo backlog' }).count()) > 0);
    await board.locator('li.card').first().waitFor();
    assert.ok((await board.locator('li.card').count()) >= 10);
    await wb.page.waitForTimeout(500);
    await wb.page.locator('.part.editor').screenshot({ path: path.join(RESULTS, 'walkthrough-board.png') });
  });

  it('each open card of the demo board shows its P85 forecast date (P50/P95 in the tooltip); a card moved to Done loses its date', async () => {
    const board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Demo backlog' }).count()) > 0);
    const due = board.locator('section.column[data-status="backlog"] li.card .badge.due').first();
    await due.waitFor({ timeout: 30_000 });
    assert.match(await due.getAttribute('title') ?? '', /85% likely done by .+ \(50%: .+; 95%: .+\)/);
    assert.match(await due.innerText(), /\d/);
    assert.equal(await board.locator('section.column[data-status="done"] li.card .badge.due').count(), 0, 'finished work has no forecast date');
    await screenshot(wb.page, 'board-forecast-dates-light');
    // Move the first backlog card to Done: the dates are recomputed and that card has none.
    const card = board.locator('section.column[data-status="backlog"] li.card').first();
    const id = (await card.getAttribute('data-id'))!;
    await card.dragTo(board.locator('section.column[data-status="done"] h2'));
    const moved = board.locator(`section.column[data-status="done"] li.card[data-id="${id}"]`);
    await moved.waitFor({ timeout: 10_000 });
    const end = Date.now() + 20_000;
    while ((await moved.locator('.badge.due').count()) > 0 && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.equal(await moved.locator('.badge.due').count(), 0);
    assert.ok((await board.locator('section.column[data-status="backlog"] li.card .badge.due').count()) > 0, 'the other open cards keep their dates');
  });

  it('"Hide Forecast Dates on Cards" (the board\'s title bar) removes the dates; "Show" brings them back', async () => {
    const board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Demo backlog' }).count()) > 0);
    await runCommand(wb.page, 'Flowcast: Hide Forecast Dates on Cards');
    let end = Date.now() + 15_000;
    while ((await board.locator('li.card .badge.due').count()) > 0 && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.equal(await board.locator('li.card .badge.due').count(), 0);
    await runCommand(wb.page, 'Flowcast: Show Forecast Dates on Cards');
    end = Date.now() + 30_000;
    while ((await board.locator('li.card .badge.due').count()) === 0 && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.ok((await board.locator('li.card .badge.due').count()) > 0);
  });

  it('the status bar shows the active backlog and the P85 date of its open items', async () => {
    const item = wb.page.locator('.statusbar-item', { hasText: 'Demo backlog' }).first();
    await item.waitFor({ timeout: 30_000 });
    const end = Date.now() + 20_000;
    while (!/P85/.test(await item.innerText()) && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.match(await item.innerText(), /Demo backlog · P85 \d{1,2} \w+ \d{4}/);
  });
});
