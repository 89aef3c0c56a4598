// Target dates on the board in real VS Code (Chromium), on the demo backlog of `npm start` (a few
// open items have target dates, some at risk): a card with a target date shows the likelihood of
// meeting it (level colour and icon, share in the tooltip), and the "At risk" filter narrows the
// board to the cards whose P85 date is after their target date; the item editor edits the date.
// Screenshot board-target-dates.png.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { findWebviewFrame, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Board target dates and the At-risk filter, in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1440, height: 1000 }, workspaceSettings: { 'flowcast.demo.seedIfEmpty': true } });
  });

  after(async () => {
    await wb?.close();
  });

  it('a card with a target date shows its likelihood level (colour + icon) and the share of trials in its tooltip', async () => {
    await runCommand(wb.page, 'Flowcast: Open Board');
    board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Demo backlog' }).count()) > 0);
    const levelled = board.locator('li.card .badge.target.level');
    try {
      await levelled.first().waitFor({ timeout: 40_000 });
    } catch (e) {
      await screenshot(wb.page, 'board-target-dates-failed');
      throw e;
    }
    const n = await levelled.count();
    assert.ok(n >= 4, `${n} cards show a likelihood`);
    const levels = new Set<string>();
    for (let i = 0; i < n; i++) {
      const b = levelled.nth(i);
      const level = (await b.getAttribute('data-likelihood')) ?? '';
      assert.ok(['risky', 'realistic', 'confident', 'certain'].includes(level), level);
      levels.add(level);
      assert.match((await b.getAttribute('title')) ?? '', /^Target date .+: (Risky|Realistic|Confident|Certain) \(\d{1,3}% likely done by then/);
      assert.ok(await b.locator('vscode-icon').count(), 'an icon as well as a colour');
    }
    assert.ok(levels.size >= 2, `different levels: ${[...levels].join(', ')}`);
    await screenshot(wb.page, 'board-target-dates');
  });

  it('"At risk" (Forecast chip) shows only the cards whose P85 date is after their target date; unticking it brings every card back', async () => {
    const cards = board.locator('li.card');
    const all = await cards.count();
    if ((await board.locator('#filters-toggle').getAttribute('aria-expanded')) !== 'true') await board.locator('#filters-toggle').click();
    const chip = board.locator('details.chip[data-field="forecast"]');
    await chip.locator('summary').click();
    await chip.locator('input[data-value="atRisk"]').check();
    const end = Date.now() + 10_000;
    while ((await cards.count()) === all && Date.now() < end) await wb.page.waitForTimeout(100);
    const shown = await cards.count();
    assert.ok(shown > 0 && shown < all, `${shown} of ${all} cards at risk`);
    for (let i = 0; i < shown; i++) {
      const card = cards.nth(i);
      const due = (await card.locator('.badge.due').getAttribute('title')) ?? '';
      assert.ok(await card.locator('.badge.target').count(), `${await card.getAttribute('data-id')} has a target date`);
      assert.match(due, /85% likely done by|not within the forecast horizon/);
    }
    await screenshot(wb.page, 'board-at-risk-filter');
    await chip.locator('input[data-value="atRisk"]').uncheck();
    const back = Date.now() + 10_000;
    while ((await cards.count()) !== all && Date.now() < back) await wb.page.waitForTimeout(100);
    assert.equal(await cards.count(), all);
  });

  it('a view saved with "At risk" on keeps it (is:at-risk in its query): applying the view ticks the chip and shows the same cards again', async () => {
    const cards = board.locator('li.card');
    const all = await cards.count();
    const chip = board.locator('details.chip[data-field="forecast"]');
    const box = chip.locator('input[data-value="atRisk"]');
    const until = async (what: string, ok: () => Promise<boolean>) => {
      const end = Date.now() + 10_000;
      while (!(await ok()) && Date.now() < end) await wb.page.waitForTimeout(100);
      assert.ok(await ok(), what);
    };
    if (!(await box.isVisible())) await chip.locator('summary').click();
    await box.check();
    await until('the filter applied', async () => (await cards.count()) < all);
    const atRisk = (await cards.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { id: string } }).dataset.id))).sort();
    await board.locator('#view-picker').selectOption('__save');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('Late work');
    await wb.page.keyboard.press('Enter');
    const option = board.locator('#view-picker option', { hasText: 'Late work' });
    await option.waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await option.getAttribute('title'), 'is:at-risk', 'the view stores the chip as a query term');
    if (!(await box.isVisible())) await chip.locator('summary').click();
    await box.uncheck();
    await until('every card back', async () => (await cards.count()) === all);
    await board.locator('#view-picker').selectOption((await option.getAttribute('value')) ?? '');
    await until('the view applied', async () => (await cards.count()) === atRisk.length);
    assert.deepEqual((await cards.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { id: string } }).dataset.id))).sort(), atRisk);
    if (!(await box.isVisible())) await chip.locator('summary').click();
    assert.equal(await box.isChecked(), true, 'the At risk chip is ticked again');
    assert.equal(await board.locator('#filter').evaluate((e) => (e as unknown as { value: string }).value), '', 'the term is not left in the text filter');
    await box.uncheck();
    await until('every card back', async () => (await cards.count()) === all);
  });

  it('the item editor shows the target date in a date field; changing it marks the form dirty, Save stores it and the card shows the new date', async () => {
    const card = board.locator('li.card', { has: board.locator('.badge.target') }).first();
    const id = (await card.getAttribute('data-id'))!;
    await card.press('Enter');
    const editor = await findWebviewFrame(wb.page, 'flowcast-editor', async (f) => (await f.locator('header .id', { hasText: id }).count()) > 0);
    const field = editor.locator('#f-targetDate input');
    await field.waitFor();
    assert.match(await field.inputValue(), /^\d{4}-\d{2}-\d{2}$/);
    await field.fill('2031-06-30');
    await editor.locator('#dirty').waitFor({ timeout: 5_000 });
    await editor.locator('#save').click();
    await editor.locator('#dirty').waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(wb.page, 'Flowcast: Open Board');
    const b = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Demo backlog' }).count()) > 0);
    const badge = b.locator(`li.card[data-id="${id}"] .badge.target`);
    const end = Date.now() + 20_000;
    while (!/Jun/.test(await badge.innerText()) && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.match(await badge.innerText(), /30 Jun|Jun 30/);
  });
});
