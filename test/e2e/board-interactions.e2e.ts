import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { addCards, cspViolations, newBacklog, openBoardPanel, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Board interactions in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;

  const order = async (status: string) => {
    const ids: string[] = [];
    const cards = board.locator(`section.column[data-status="${status}"] li.card`);
    for (let i = 0; i < (await cards.count()); i++) ids.push((await cards.nth(i).getAttribute('data-id')) ?? '');
    return ids;
  };
  const waitOrder = async (status: string, expected: string[]) => {
    const end = Date.now() + 10_000;
    while (JSON.stringify(await order(status)) !== JSON.stringify(expected) && Date.now() < end) await wb.page.waitForTimeout(100);
    assert.deepEqual(await order(status), expected);
  };

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 900 } });
    await newBacklog(wb.page, 'Interactions');
    board = await openBoardPanel(wb.page, 'Interactions');
    await addCards(board, ['c1', 'c2', 'c3']);
  });

  after(async () => {
    await wb?.close();
  });

  it('new cards land at the top of Backlog', async () => {
    await waitOrder('backlog', ['TASK-003', 'TASK-002', 'TASK-001']);
  });

  it('dragging a card onto another column moves it there (status changes, ID kept)', async () => {
    await board.locator('li.card[data-id="TASK-002"]').dragTo(board.locator('section.column[data-status="review"]'));
    await waitOrder('review', ['TASK-002']);
    await waitOrder('backlog', ['TASK-003', 'TASK-001']);
  });

  it('dragging within a column drops exactly where the marker shows', async () => {
    const target = board.locator('li.card[data-id="TASK-003"]');
    const box = (await target.boundingBox())!;
    // upper half of TASK-003: TASK-001 goes right before it
    await board.locator('li.card[data-id="TASK-001"]').dragTo(target, { targetPosition: { x: box.width / 2, y: 4 } });
    await waitOrder('backlog', ['TASK-001', 'TASK-003']);
  });

  it('Alt+Down moves the focused card one place down; Alt+Right moves it to the next column', async () => {
    const card = board.locator('li.card[data-id="TASK-001"]');
    await card.focus();
    await card.press('Alt+ArrowDown');
    await waitOrder('backlog', ['TASK-003', 'TASK-001']);
    await board.locator('li.card[data-id="TASK-001"]').press('Alt+ArrowRight');
    await waitOrder('ready', ['TASK-001']);
  });

  it('double-click on a card edits its title in place; Enter saves', async () => {
    await board.locator('li.card[data-id="TASK-003"] .title').dblclick();
    const input = board.locator('li.card[data-id="TASK-003"] .title input');
    await input.fill('c3 renamed inline');
    await input.press('Enter');
    await board.locator('li.card[data-id="TASK-003"] .title', { hasText: 'c3 renamed inline' }).waitFor({ timeout: 10_000 });
  });

  it('the hover "Archive" action hides the card; "Flowcast: Undo" brings it back', async () => {
    const card = board.locator('li.card[data-id="TASK-003"]');
    await card.hover();
    await card.locator('vscode-toolbar-button[data-action="archive"]').click();
    await board.locator('li.card[data-id="TASK-003"]').waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(wb.page, 'Flowcast: Undo');
    await board.locator('li.card[data-id="TASK-003"]').waitFor({ timeout: 10_000 });
  });

  it('the filter box narrows the board with the search syntax', async () => {
    await board.locator('#filter input').fill('renamed');
    const end = Date.now() + 10_000;
    while ((await board.locator('li.card').count()) !== 1 && Date.now() < end) await wb.page.waitForTimeout(100);
    assert.equal(await board.locator('li.card').count(), 1);
    assert.equal(await board.locator('li.card').first().getAttribute('data-id'), 'TASK-003');
    await board.locator('#filter input').fill('');
    while ((await board.locator('li.card').count()) !== 3 && Date.now() < end + 5000) await wb.page.waitForTimeout(100);
    assert.equal(await board.locator('li.card').count(), 3);
  });

  it('a column over its WIP limit shows count/limit and turns to the warning colour', async () => {
    const quick = wb.page.locator('.quick-input-widget input');
    const choose = async (text: string) => {
      await quick.waitFor({ state: 'visible' });
      await quick.fill(text);
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor();
      await wb.page.keyboard.press('Enter');
    };
    await board.locator('li.card[data-id="TASK-001"]').dragTo(board.locator('section.column[data-status="review"]'));
    await waitOrder('review', ['TASK-001', 'TASK-002']); // dropped above TASK-002's middle
    await runCommand(wb.page, 'Flowcast: Manage Statuses');
    await choose('Review');
    await choose('Set WIP limit');
    // the same widget turns into the input box: wait for its prompt before typing
    await wb.page.locator('.quick-input-widget', { hasText: 'WIP limit' }).waitFor();
    await quick.fill('1');
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'WIP 1' }).waitFor();
    await wb.page.keyboard.press('Escape');
    const review = board.locator('section.column[data-status="review"]');
    await board.locator('section.column.over-wip[data-status="review"]').waitFor({ timeout: 10_000 });
    assert.equal(await review.locator('.wip').innerText(), '2/1');
    await screenshot(wb.page, 'board-interactions-dark');
  });

  it('keyboard shortcuts: ? shows the list, n goes to the new-item field, / to the filter', async () => {
    await board.locator('li.card').first().focus();
    await board.locator('li.card').first().press('?');
    await board.locator('#shortcuts').waitFor();
    await board.locator('li.card').first().press('n');
    const active = () => board.evaluate(() => {
      const host = (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { activeElement: { id: string; tagName: string } | null } } | null } }).document.querySelector('flowcast-board');
      return host?.shadowRoot.activeElement?.id ?? '';
    });
    assert.equal(await active(), 'new-title');
    await board.locator('li.card').first().focus();
    await board.locator('li.card').first().press('/');
    assert.equal(await active(), 'filter');
  });

  it('no Content-Security-Policy violation during all of this', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
