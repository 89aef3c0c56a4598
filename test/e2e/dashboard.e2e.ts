import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { addCards, cspViolations, findWebviewFrame, newBacklog, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Dashboard in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;
  let dash: Frame;

  const openDashboard = async () => {
    await runCommand(wb.page, 'Flowcast: Open Dashboard');
    dash = await findWebviewFrame(wb.page, 'flowcast-dashboard', async (f) => (await f.locator('#dashboard-title', { hasText: 'Metrics' }).count()) > 0);
    await dash.locator('[data-total="active"]').waitFor({ timeout: 20_000 });
  };
  const total = async (key: string) => Number((await dash.locator(`[data-total="${key}"] .value`).innerText()).replace(/\D/g, ''));
  const waitFor = async (what: string, cond: () => Promise<boolean>) => {
    const end = Date.now() + 15_000;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await wb.page.waitForTimeout(150);
    }
  };
  /** Moves a card of the sidebar board to "done" with Alt+Right (backlog → ready → in progress → review → done). */
  const moveToDone = async (id: string) => {
    for (const status of ['ready', 'in_progress', 'review', 'done']) {
      await board.locator(`li.card[data-id="${id}"]`).focus();
      await board.locator(`li.card[data-id="${id}"]`).press('Alt+ArrowRight');
      await board.locator(`section[data-status="${status}"] li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    }
  };
  /** The pixels of a chart, to tell whether it was drawn and whether it was redrawn. */
  const chartImage = (id: string) => dash.locator(`canvas[data-chart="${id}"]`).evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 1000 } });
    // The sidebar board stays in view beside the dashboard, to change the backlog while it is open.
    board = await openFlowcastBoard(wb.page);
    await board.locator('#create-backlog').waitFor({ timeout: 30_000 });
    await newBacklog(wb.page, 'Metrics');
    await board.locator('#board-title', { hasText: 'Metrics' }).waitFor({ timeout: 20_000 });
    await addCards(board, ['Alpha', 'Beta', 'Gamma <b>not bold</b>']);
    await moveToDone('TASK-003');
    // TASK-002 blocks TASK-001 (added in the item editor).
    await board.locator('li.card[data-id="TASK-002"]').press('Enter');
    const editor = await findWebviewFrame(wb.page, 'flowcast-editor');
    await editor.locator('#rel-kind').selectOption('blocks');
    await editor.locator('#rel-id').fill('TASK-001');
    await editor.locator('#rel-add').click();
    await editor.locator('[data-relation="blocks:TASK-001"]').waitFor({ timeout: 10_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('"Open Dashboard" shows the totals of the active backlog', async () => {
    await openDashboard();
    assert.equal(await total('active'), 3);
    assert.equal(await total('open'), 2);
    assert.equal(await total('done'), 1);
    assert.equal(await total('archived'), 0);
  });

  it('draws every chart on a sized canvas, each with a text alternative', async () => {
    const ids = ['status', 'type', 'priority', 'effort', 'throughput', 'cycle'];
    for (const id of ids) {
      const canvas = dash.locator(`canvas[data-chart="${id}"]`);
      await canvas.waitFor();
      const size = await canvas.evaluate((c) => ({ w: (c as unknown as { width: number }).width, h: (c as unknown as { height: number }).height }));
      assert.ok(size.w > 0 && size.h > 0, `${id} canvas has a size (${size.w}x${size.h})`);
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 50 && box.height > 100, `${id} canvas is laid out`);
      assert.ok(((await canvas.getAttribute('aria-label')) ?? '').length > 5, `${id} has an aria-label`);
      assert.ok((await dash.locator(`[data-figure="${id}"] table.sr-only tbody tr`).count()) > 0, `${id} has a data table`);
      // something was painted
      const painted = await canvas.evaluate((c) => {
        const cv = c as unknown as { width: number; height: number; getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        const px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      });
      assert.ok(painted > 100, `${id} chart painted ${painted} pixels`);
    }
    assert.match((await dash.locator('canvas[data-chart="status"]').getAttribute('aria-label')) ?? '', /Backlog 2.*Done 1/);
    assert.match(await dash.locator('[data-percentiles]').innerText(), /p50/);
    assert.equal(await dash.locator('[data-figure="throughput"] table.sr-only tbody tr').count(), 12);
  });

  it('lists blocked items and top blockers; titles are text, not HTML', async () => {
    const blocked = dash.locator('[data-list="blocked"] li');
    assert.equal(await blocked.count(), 1);
    assert.equal(await blocked.first().locator('button.item').first().innerText(), 'TASK-001');
    assert.match(await blocked.first().innerText(), /TASK-002/);
    const blockers = dash.locator('[data-list="blockers"] li');
    assert.equal(await blockers.count(), 1);
    assert.equal(await blockers.first().locator('button.item').innerText(), 'TASK-002');
    assert.equal(await dash.locator('[data-list="stale"] li').count(), 0);
    assert.equal(await dash.locator('b').count(), 0, 'no title was parsed as HTML');
  });

  it('an item ID in a list opens the item', async () => {
    await dash.locator('[data-list="blocked"] button.item[data-id="TASK-001"]').click();
    const editor = await findWebviewFrame(wb.page, 'flowcast-editor', async (f) => (await f.locator('#f-title').count()) > 0 && (await f.locator('#f-title').evaluate((el) => (el as unknown as { value: string }).value)) === 'Alpha');
    assert.ok(editor);
    await openDashboard(); // the editor took the dashboard's place: bring it back
  });

  it('follows changes to the backlog while open', async () => {
    const before = await chartImage('throughput');
    await moveToDone('TASK-002');
    await waitFor('done = 2', async () => (await total('done')) === 2);
    assert.equal(await total('open'), 1);
    await dash.locator('[data-list="blocked"] .empty').waitFor({ timeout: 10_000 });
    assert.notEqual(await chartImage('throughput'), before, 'the throughput chart was redrawn');
    await screenshot(wb.page, 'dashboard-dark');
  });

  it('redraws the charts in the new theme colours when the theme changes', async () => {
    const dark = await chartImage('throughput');
    const fg = () =>
      dash.evaluate(() => {
        const g = globalThis as unknown as { document: { documentElement: unknown }; getComputedStyle(e: unknown): { getPropertyValue(n: string): string } };
        return g.getComputedStyle(g.document.documentElement).getPropertyValue('--vscode-foreground');
      });
    const darkFg = await fg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await waitFor('the light theme', async () => (await fg()) !== darkFg);
    await waitFor('the charts to be redrawn', async () => (await chartImage('throughput')) !== dark);
    await wb.page.waitForTimeout(300);
    await screenshot(wb.page, 'dashboard-light');
  });

  it('no Content-Security-Policy violation during all of this', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
