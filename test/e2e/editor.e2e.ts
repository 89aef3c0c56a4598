import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { cspViolations, findWebviewFrame, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Item editor in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;
  let editor: Frame;

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    await runCommand(wb.page, 'Flowcast: New Backlog');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('Editing');
    await wb.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await runCommand(wb.page, 'Flowcast: Open Board');
    board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: 'Editing' }).count()) > 0);
    for (const t of ['Other item', 'Edit me']) {
      await board.locator('#new-title input').fill(t);
      await board.locator('#new-title input').press('Enter');
      await board.locator('li.card', { hasText: t }).waitFor();
    }
  });

  after(async () => {
    await wb?.close();
  });

  it('Enter on a card opens the item editor with its fields', async () => {
    await board.locator('li.card[data-id="TASK-002"]').press('Enter');
    editor = await findWebviewFrame(wb.page, 'flowcast-editor');
    await editor.locator('#f-title').waitFor();
    assert.equal(await editor.locator('#f-title').evaluate((el) => (el as unknown as { value: string }).value), 'Edit me');
    assert.equal(await editor.locator('#save').getAttribute('disabled'), '', 'nothing to save yet');
  });

  it('editing marks the item dirty; the title is validated inline', async () => {
    await editor.locator('#f-title input').fill('   ');
    await editor.locator('[role="alert"]', { hasText: 'A title is required.' }).waitFor();
    await editor.locator('#f-title input').fill('Edited in the editor');
    await editor.locator('#dirty').waitFor();
  });

  it('the description preview renders Markdown and shows raw HTML as text', async () => {
    await editor.locator('#f-description textarea').fill('Some **bold** text\n\n<script>alert(1)</script> and <b>not bold</b>');
    await editor.locator('#toggle-description').click();
    const md = editor.locator('#md-description');
    await md.waitFor();
    assert.equal(await md.locator('strong').innerText(), 'bold');
    assert.equal(await md.locator('script').count(), 0);
    assert.equal(await md.locator('b').count(), 0);
    assert.match(await md.innerText(), /<script>alert\(1\)<\/script> and <b>not bold<\/b>/);
  });

  it('priority, a checked acceptance criterion and Save update the board card', async () => {
    await editor.locator('#f-priority').selectOption('high');
    await editor.locator('section[data-list="criteria"] vscode-button.add').click();
    await editor.locator('section[data-list="criteria"] vscode-textfield input').last().fill('works offline');
    await editor.locator('section[data-list="criteria"] vscode-checkbox').last().click();
    await editor.locator('#save').click();
    await editor.locator('#dirty').waitFor({ state: 'detached', timeout: 10_000 });
    const card = board.locator('li.card[data-id="TASK-002"]');
    await card.locator('.title', { hasText: 'Edited in the editor' }).waitFor({ timeout: 10_000 });
    assert.match(await card.locator('.meta').innerText(), /High/);
    assert.match(await card.locator('.progress').innerText(), /1\/1/);
  });

  it('adding a "blocks" relation shows it in the editor and marks the other card Blocked on the board', async () => {
    await editor.locator('#rel-kind').selectOption('blocks');
    await editor.locator('#rel-id').fill('TASK-001');
    await editor.locator('#rel-add').click();
    await editor.locator('[data-relation="blocks:TASK-001"]').waitFor({ timeout: 10_000 });
    await board.locator('li.card[data-id="TASK-001"] .blocked').waitFor({ timeout: 10_000 });
    await screenshot(wb.page, 'editor-dark');
  });

  it('closing the editor with unsaved changes offers to reopen them, and they come back', async () => {
    await editor.locator('#f-title input').fill('Not saved yet');
    await editor.locator('#dirty').waitFor();
    await wb.page.waitForTimeout(400); // the draft reaches the host (debounced)
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'TASK-002' });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    const reopen = wb.page.locator('.notifications-toasts .monaco-button, .notifications-center .monaco-button', { hasText: 'Reopen with my changes' });
    try {
      await reopen.first().waitFor({ timeout: 8_000 });
    } catch {
      await runCommand(wb.page, 'Notifications: Show Notifications');
      await reopen.first().waitFor({ timeout: 8_000 });
    }
    await reopen.first().click();
    editor = await findWebviewFrame(wb.page, 'flowcast-editor');
    await editor.locator('#dirty').waitFor({ timeout: 15_000 });
    assert.equal(await editor.locator('#f-title').evaluate((el) => (el as unknown as { value: string }).value), 'Not saved yet');
  });

  it('no Content-Security-Policy violation in the editor', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
