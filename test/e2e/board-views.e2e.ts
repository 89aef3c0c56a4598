// The board's multi-select and bulk bar, filter chips, saved views, swimlanes, virtualised
// columns and the list view, clicked and typed in the real webview inside real VS Code (Chromium).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { emptyFields, type PortableItem } from '../../src/core/backlog/model';
import { toJson } from '../../src/core/io';
import { rankBetween } from '../../src/core/util/rank';
import { cspViolations, findWebviewFrame, newBacklogWithImport, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

const STATUSES = ['backlog', 'ready', 'in_progress', 'review', 'done'];
const TYPES = ['BUG', 'FEAT', 'TASK'] as const;
const COUNT = 400;

/** 400 items: 80 per column (more than the 60 a column renders without virtualisation). */
function items(): PortableItem[] {
  let rank: string | null = null;
  const numbers: Record<string, number> = {};
  return Array.from({ length: COUNT }, (_, i) => {
    const type = TYPES[i % 3];
    numbers[type] = (numbers[type] ?? 0) + 1;
    return {
      ...emptyFields(),
      id: `${type}-${String(numbers[type]).padStart(3, '0')}`,
      type,
      title: `Item ${i + 1} ${i % 2 ? 'checkout' : 'profile'} page`,
      status: STATUSES[i % 5],
      priority: (['high', 'medium', 'low', null] as const)[i % 4],
      effort: (['S', 'M', 'L'] as const)[i % 3],
      tags: i % 7 === 0 ? ['ux'] : [],
      component: i % 2 ? 'web' : 'api',
      rank: (rank = rankBetween(rank, null)),
      createdAt: `2026-0${1 + (i % 9)}-01T00:00:00.000Z`,
      updatedAt: `2026-0${1 + (i % 9)}-02T00:00:00.000Z`,
      archivedAt: null,
      external: null,
      relations: [],
    };
  });
}

describe('Board views, multi-select and bulk edits in real VS Code (Chromium)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let board: Frame;
  let dir: string;
  const all = items();
  const column = (status: string) => board.locator(`section.column[data-status="${status}"]`);
  const cardsIn = (status: string) => board.locator(`section.column[data-status="${status}"] li.card`);
  const waitFor = async (what: string, cond: () => Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await wb.page.waitForTimeout(100);
    }
  };
  const matchCount = async () => (await board.locator('#match-count').count()) ? await board.locator('#match-count').innerText() : '';
  const inputBox = () => wb.page.locator('.quick-input-widget input');

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-views-'));
    const file = path.join(dir, 'views.json');
    await fs.writeFile(file, toJson(all, { backlogName: 'Views', types: [] }));
    wb = await openWorkbench({ viewport: { width: 1600, height: 1000 } });
    await newBacklogWithImport(wb.page, 'Views', file, COUNT);
    await runCommand(wb.page, 'Flowcast: Open Board');
    board = await findWebviewFrame(wb.page, 'flowcast-board li.card', undefined, 60_000);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, `failed-views-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await wb?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a column with 80 cards renders only its visible cards, and scrolling shows the rest', async () => {
    const rendered = await cardsIn('backlog').count();
    assert.ok(rendered > 0 && rendered < 80, `only part of the column is in the DOM (${rendered} of 80 cards)`);
    const lastId = all.filter((i) => i.status === 'backlog').pop()!.id;
    assert.equal(await column('backlog').locator(`li.card[data-id="${lastId}"]`).count(), 0, 'the last card is not rendered before scrolling');
    await column('backlog').locator('.col-scroll').evaluate((el) => {
      (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
    });
    await column('backlog').locator(`li.card[data-id="${lastId}"]`).waitFor({ timeout: 10_000 });
    await column('backlog').locator('.col-scroll').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 0;
    });
  });

  it('arrow keys walk a virtualised column past the visible cards and keep the focus on the card', async () => {
    const ids = all.filter((i) => i.status === 'ready').map((i) => i.id);
    await cardsIn('ready').first().focus();
    for (let k = 0; k < ids.length - 1; k++) await wb.page.keyboard.press('ArrowDown');
    await waitFor('focus on the last card', async () => (await board.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { activeElement: { getAttribute(n: string): string | null } | null } } } }).document.querySelector('flowcast-board').shadowRoot.activeElement?.getAttribute('data-id') ?? null)) === ids[ids.length - 1]);
  });

  it('Ctrl+click and Shift+click select cards; the bulk bar moves them all to another status in one step', async () => {
    const ids = all.filter((i) => i.status === 'review').map((i) => i.id).slice(0, 4);
    await board.locator(`li.card[data-id="${ids[0]}"]`).click();
    await board.locator(`li.card[data-id="${ids[2]}"]`).click({ modifiers: ['Shift'] });
    await board.locator(`li.card[data-id="${ids[3]}"]`).click({ modifiers: ['Control'] });
    assert.equal(await board.locator('.bulkbar .count').innerText(), '4 selected');
    assert.equal(await board.locator('li.card.selected').count(), 4);
    await board.locator('#bulk-status').selectOption('done');
    // Moved cards go to the bottom of Done (not rendered there: the column is virtualised).
    const count = (status: string) => column(status).locator('h2 vscode-badge').innerText();
    await waitFor('4 more cards in Done', async () => (await count('done')) === '84');
    assert.equal(await count('review'), '76');
    for (const id of ids) assert.equal(await column('review').locator(`li.card[data-id="${id}"]`).count(), 0);
    // One undo step brings all four back.
    await runCommand(wb.page, 'Flowcast: Undo');
    for (const id of ids) await column('review').locator(`li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await count('done'), '80');
  });

  it('type and priority chips filter the board (values OR, fields AND) and show the match count', async () => {
    await board.locator('details.chip[data-field="type"] summary').click();
    await board.locator('details.chip[data-field="type"] input[data-value="BUG"]').check();
    await board.locator('details.chip[data-field="priority"] summary').click();
    await board.locator('details.chip[data-field="priority"] input[data-value="high"]').check();
    const expected = all.filter((i) => i.type === 'BUG' && i.priority === 'high').length;
    await waitFor('the chip filter', async () => (await matchCount()) === `${expected} of ${COUNT}`);
    const shown = await board.locator('li.card').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { id: string } }).dataset.id));
    assert.ok(shown.length > 0 && shown.every((id) => id.startsWith('BUG-')), 'only bugs are shown');
    await screenshot(wb.page, 'board-chips-dark');
  });

  it('Ctrl+A selects every shown card; the bulk bar sets their effort and adds a tag', async () => {
    await board.locator('li.card').first().focus();
    await board.locator('li.card').first().press('Control+a');
    const expected = all.filter((i) => i.type === 'BUG' && i.priority === 'high');
    await waitFor('all selected', async () => (await board.locator('.bulkbar .count').count()) > 0 && (await board.locator('.bulkbar .count').innerText()) === `${expected.length} selected`);
    await screenshot(wb.page, 'board-bulk-dark');
    await board.locator('#bulk-effort').selectOption('XL');
    await board.locator('#bulk-tag').fill('triage');
    await board.locator('#bulk-add-tag').click();
    await waitFor('effort and tag on every card', async () => {
      const cards = board.locator('li.card');
      const n = await cards.count();
      const ok = await cards.evaluateAll((els) => els.every((e) => /XL/.test((e as unknown as { textContent: string }).textContent) && /#triage/.test((e as unknown as { textContent: string }).textContent)));
      return n > 0 && ok;
    });
    await board.locator('#bulk-clear').click();
    assert.equal(await board.locator('.bulkbar').count(), 0, 'the bulk bar goes away with the selection');
  });

  it('the current filter is saved as a view (name asked by VS Code) and the views picker applies it again', async () => {
    await board.locator('#view-picker').selectOption('__save');
    await inputBox().waitFor({ state: 'visible' });
    await inputBox().fill('Hot bugs');
    await wb.page.keyboard.press('Enter');
    await board.locator('#view-picker option', { hasText: 'Hot bugs' }).waitFor({ state: 'attached', timeout: 10_000 });
    await board.locator('#clear-filters').click();
    await waitFor('filters cleared', async () => (await matchCount()) === '');
    const viewId = await board.locator('#view-picker option', { hasText: 'Hot bugs' }).getAttribute('value');
    await board.locator('#view-picker').selectOption(viewId);
    assert.equal(await board.locator('#filter').evaluate((e) => (e as unknown as { value: string }).value), 'type:BUG priority:high');
    const expected = all.filter((i) => i.type === 'BUG' && i.priority === 'high').length;
    await waitFor('the view applied', async () => (await matchCount()) === `${expected} of ${COUNT}`);
  });

  it('bulk delete asks VS Code to confirm, deletes the selection, and Undo restores it', async () => {
    const ids = await board.locator('li.card').evaluateAll((els) => els.slice(0, 3).map((e) => (e as unknown as { dataset: { id: string } }).dataset.id));
    await board.locator(`li.card[data-id="${ids[0]}"]`).click({ modifiers: ['Control'] });
    await board.locator(`li.card[data-id="${ids[1]}"]`).click({ modifiers: ['Control'] });
    await board.locator(`li.card[data-id="${ids[2]}"]`).click({ modifiers: ['Control'] });
    await board.locator('#bulk-delete').click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Delete 3 items\?/);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    for (const id of ids) await board.locator(`li.card[data-id="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(wb.page, 'Flowcast: Undo');
    for (const id of ids) await board.locator(`li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    await board.locator('#clear-filters').click();
    await waitFor('filters cleared', async () => (await matchCount()) === '');
  });

  it('swimlanes by priority: a card dropped into another lane takes that lane’s priority', async () => {
    await board.locator('#lanes').selectOption('priority');
    await board.locator('section.lane[data-lane="high"]').waitFor();
    assert.deepEqual(await board.locator('section.lane').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { lane: string } }).dataset.lane)), ['high', 'medium', 'low', '(none)']);
    // A few cards, so that both lanes are on screen for the drag.
    await board.locator('#filter input').fill('#ux type:BUG');
    const expected = all.filter((i) => i.type === 'BUG' && i.tags.includes('ux')).length;
    await waitFor('the text filter', async () => (await matchCount()) === `${expected} of ${COUNT}`);
    const card = board.locator('section.lane[data-lane="high"] section.column[data-status="ready"] li.card').first();
    const id = (await card.getAttribute('data-id'))!;
    await card.dragTo(board.locator('section.lane[data-lane="low"] section.column[data-status="ready"]'));
    await board.locator(`section.lane[data-lane="low"] section.column[data-status="ready"] li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    assert.match(await board.locator(`li.card[data-id="${id}"] .meta`).innerText(), /Low/);
    await screenshot(wb.page, 'board-lanes-dark');
    await board.locator('#clear-filters').click();
    await board.locator('#lanes').selectOption('none');
  });

  it('the list view sorts by a column, chooses columns, and selects a range of rows', async () => {
    await board.locator('#mode-list').click();
    const list = board.locator('flowcast-list');
    await list.locator('.body .row').first().waitFor();
    const rendered = await list.locator('.body .row').count();
    assert.ok(rendered < COUNT, `rows are virtualised (${rendered} of ${COUNT} in the DOM)`);
    await list.locator('button[data-sort="title"]').click();
    assert.equal(await list.locator('[role="columnheader"][aria-sort="ascending"]').innerText(), 'Title');
    const titles = await list.locator('.body .row [data-col="title"]').evaluateAll((els) => els.slice(0, 5).map((e) => (e as unknown as { textContent: string }).textContent.trim()));
    assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b)), 'rows are in title order');
    await list.locator('button[data-sort="title"]').click();
    assert.equal(await list.locator('[role="columnheader"][aria-sort="descending"]').innerText(), 'Title');
    // Column chooser: add Component, remove Tags.
    await list.locator('#column-chooser').click();
    await list.locator('.chooser input[data-col="component"]').check();
    await list.locator('.chooser input[data-col="tags"]').uncheck();
    await list.locator('#column-chooser').click();
    assert.equal(await list.locator('button[data-sort="component"]').count(), 1);
    assert.equal(await list.locator('button[data-sort="tags"]').count(), 0);
    // Range selection, then a bulk change from the same bar as the board.
    const rows = list.locator('.body .row');
    await rows.nth(0).click();
    await rows.nth(4).click({ modifiers: ['Shift'] });
    assert.equal(await board.locator('.bulkbar .count').innerText(), '5 selected');
    assert.equal(await list.locator('.body .row[aria-selected="true"]').count(), 5);
    await screenshot(wb.page, 'list-dark');
    await board.locator('#bulk-priority').selectOption('low');
    await waitFor('priorities in the list', async () => (await list.locator('.body .row[aria-selected="true"]').evaluateAll((els) => els.map((e) => (e as unknown as { textContent: string }).textContent))).every((t) => /Low/.test(t)));
  });

  it('layout, sort and columns survive closing and reopening the board', async () => {
    await runCommand(wb.page, 'View: Close Editor');
    await runCommand(wb.page, 'Flowcast: Open Board');
    board = await findWebviewFrame(wb.page, 'flowcast-board flowcast-list', undefined, 30_000);
    const list = board.locator('flowcast-list');
    await list.locator('button[data-sort="component"]').waitFor();
    assert.equal(await list.locator('[role="columnheader"][aria-sort="descending"]').innerText(), 'Title');
  });

  it('list and board screenshots in the light theme', async () => {
    type Win = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const bg = () => board.locator('flowcast-list .head').evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await waitFor('the light theme', async () => (await bg()) !== dark, 20_000);
    await screenshot(wb.page, 'list-light');
    await board.locator('#mode-board').click();
    await board.locator('#lanes').selectOption('type');
    await board.locator('section.lane[data-lane="BUG"]').waitFor();
    await screenshot(wb.page, 'board-lanes-light');
    await board.locator('#lanes').selectOption('none');
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
  });

  it('no Content-Security-Policy violation during all of this', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
