import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { cspViolations, findWebviewFrame, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Board webview in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;

  before(async () => {
    wb = await openWorkbench();
  });

  after(async () => {
    await wb?.close();
  });

  it('opens from the Flowcast activity bar and renders the empty state', async () => {
    board = await openFlowcastBoard(wb.page);
    await board.locator('#create-backlog').waitFor({ timeout: 30_000 });
    assert.equal(await board.locator('.empty h1').innerText(), 'No backlog yet');
  });

  it('"Create backlog" asks for a name in VS Code and then shows the start panel (no empty columns)', async () => {
    await board.locator('#create-backlog').click();
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('UI backlog');
    await wb.page.keyboard.press('Enter');
    await board.locator('#board-title', { hasText: 'UI backlog' }).waitFor({ timeout: 20_000 });
    await board.locator('#start').waitFor({ timeout: 10_000 });
    assert.equal(await board.locator('section.column').count(), 0);
  });

  it('typing a title and pressing Enter adds a card at the top of Backlog; text is rendered as text', async () => {
    const field = board.locator('#new-title input');
    await field.fill('Write the <b>UI</b> test');
    await field.press('Enter');
    const card = board.locator('section[data-status="backlog"] li.card').first();
    await card.waitFor({ timeout: 10_000 });
    assert.equal(await card.locator('.title').innerText(), 'Write the <b>UI</b> test');
    assert.equal(await card.locator('.title b').count(), 0, 'markup in data is not interpreted');
    assert.match(await card.locator('.id').innerText(), /^TASK-001$/);
    assert.equal(await board.locator('section.column').count(), 5, 'the first card brings the five columns');
    const columns = board.locator('section.column');
    const keys: (string | null)[] = [];
    for (let i = 0; i < (await columns.count()); i++) keys.push(await columns.nth(i).getAttribute('data-status'));
    assert.deepEqual(keys, ['backlog', 'ready', 'in_progress', 'review', 'done']);
  });

  it('a second card lands at the top of Backlog', async () => {
    const field = board.locator('#new-title input');
    await field.fill('Second card');
    await field.press('Enter');
    await board.locator('section[data-status="backlog"] li.card', { hasText: 'Second card' }).waitFor();
    assert.equal(await board.locator('section[data-status="backlog"] li.card .title').first().innerText(), 'Second card');
    await screenshot(wb.page, 'board-sidebar-dark');
  });

  it('Alt+Right moves the focused card to the next column and keeps its ID', async () => {
    const card = board.locator('li.card[data-id="TASK-001"]');
    await card.focus();
    await card.press('Alt+ArrowRight');
    await board.locator('section[data-status="ready"] li.card[data-id="TASK-001"]').waitFor({ timeout: 10_000 });
    assert.equal(await board.locator('section[data-status="backlog"] li.card[data-id="TASK-001"]').count(), 0);
  });

  it('"Open Board" shows the same board in an editor tab', async () => {
    await runCommand(wb.page, 'Flowcast: Open Board');
    const panel = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => f !== board && (await f.locator('#board-title').count()) > 0);
    await panel.locator('li.card[data-id="TASK-001"]').waitFor({ timeout: 20_000 });
    assert.equal(await panel.locator('section.column').count(), 5);
    await screenshot(wb.page, 'board-panel-dark');
  });

  it('follows the light theme through VS Code theme variables', async () => {
    type Win = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const bg = () => board.locator('section.column').first().evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    const end = Date.now() + 20_000;
    while ((await bg()) === dark && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.notEqual(await bg(), dark, 'column background changed with the theme');
    await screenshot(wb.page, 'board-panel-light');
  });

  it('"Manage Statuses" (palette, quick picks, input box) adds a column that the board shows at once', async () => {
    const widget = wb.page.locator('.quick-input-widget');
    const quick = widget.locator('input');
    // Each step waits for the widget to show that step's own text before typing, so a
    // loaded machine cannot send the text to the previous step's picker.
    const choose = async (text: string) => {
      await widget.locator('.monaco-list-row', { hasText: text }).first().waitFor({ timeout: 20_000 });
      await quick.fill(text);
      await widget.locator('.monaco-list-row', { hasText: text }).first().waitFor();
      await wb.page.keyboard.press('Enter');
    };
    await runCommand(wb.page, 'Flowcast: Manage Statuses');
    await choose('Add a status');
    await widget.getByText('Status name').first().waitFor({ timeout: 20_000 });
    await quick.fill('Blocked');
    assert.equal(await quick.inputValue(), 'Blocked');
    await wb.page.keyboard.press('Enter');
    const placeholder = async (re: RegExp) => {
      const end = Date.now() + 20_000;
      while (!re.test((await quick.getAttribute('placeholder')) ?? '') && Date.now() < end) await wb.page.waitForTimeout(100);
      assert.match((await quick.getAttribute('placeholder')) ?? '', re);
    };
    await placeholder(/Category/);
    await choose('In progress');
    await placeholder(/Workflow statuses/);
    await widget.locator('.monaco-list-row', { hasText: 'Blocked' }).first().waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Escape');
    await board.locator('section.column[data-status="blocked"]').waitFor({ timeout: 20_000 });
    assert.equal(await board.locator('section.column').count(), 6);
    assert.match(await board.locator('section.column[data-status="blocked"] h2').innerText(), /Blocked/i);
  });

  it('"Search Items" shows live results as you type; Enter opens the item', async () => {
    await runCommand(wb.page, 'Flowcast: Search Items');
    const quick = wb.page.locator('.quick-input-widget input');
    await quick.waitFor({ state: 'visible' });
    await quick.fill('writ');
    const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Write the <b>UI</b> test' }).first();
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /TASK-001/);
    await wb.page.keyboard.press('Enter');
    const editor = await findWebviewFrame(wb.page, 'flowcast-editor');
    const title = editor.locator('#f-title');
    await title.waitFor({ timeout: 15_000 });
    assert.equal(await title.evaluate((el) => (el as unknown as { value: string }).value), 'Write the <b>UI</b> test');
    await screenshot(wb.page, 'search-open-item');
  });

  it('no Content-Security-Policy violation was reported by any webview', async () => {
    assert.deepEqual(cspViolations(wb), []);
    const shots = await fs.readdir(path.resolve(__dirname, '../../../test-results'));
    assert.ok(shots.includes('board-sidebar-dark.png'));
  });

  it('the CSP blocks inline scripts, string eval and network requests in the real webview, and the check above would see it', async () => {
    const outcome = await board.evaluate(async () => {
      const g = globalThis as unknown as {
        document: { createElement(t: string): { textContent: string }; body: { append(n: unknown): void } };
        fetch(u: string): Promise<unknown>;
        __inlineRan?: boolean;
      };
      const s = g.document.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      g.document.body.append(s);
      // Code run by DevTools is exempt from CSP, so probe eval as the page itself would: a string
      // timer is compiled later, in the page's own task, where 'unsafe-eval' is required.
      (g as unknown as { setTimeout(code: string, ms: number): void }).setTimeout('globalThis.__evalRan = true', 0);
      await new Promise((r) => (g as unknown as { setTimeout(f: () => void, ms: number): void }).setTimeout(() => r(undefined), 200));
      const evalBlocked = (g as unknown as { __evalRan?: boolean }).__evalRan !== true;
      let fetchBlocked = false;
      try {
        await g.fetch('http://127.0.0.1:9/');
      } catch {
        fetchBlocked = true;
      }
      return { inlineRan: g.__inlineRan === true, evalBlocked, fetchBlocked };
    });
    assert.deepEqual(outcome, { inlineRan: false, evalBlocked: true, fetchBlocked: true });
    const end = Date.now() + 5000;
    while (cspViolations(wb).length < 2 && Date.now() < end) await wb.page.waitForTimeout(100);
    assert.ok(cspViolations(wb).length >= 2, 'the console reports the violations (so the check in the previous suite can see them)');
  });
});
