// The item editor's AI modes in real VS Code (Chromium): a new-item draft reviewed then created,
// and a proposal reviewed field by field. No AI provider is involved: the development-mode commands
// "Flowcast: Show Draft Demo (Tests)" / "Show Proposal Demo (Tests)" open fixed payloads
// (src/editor/testDemos.ts).
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { addCards, cspViolations, findWebviewFrame, newBacklog, openBoardPanel, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

const value = (f: Frame, selector: string) => f.locator(selector).evaluate((el) => (el as unknown as { value: string }).value);

describe('Item editor AI modes in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;
  let editor: Frame;
  let created: string;

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    await newBacklog(wb.page, 'AI review');
    board = await openBoardPanel(wb.page, 'AI review');
    await addCards(board, ['Parser crashes on an empty file', 'Import wizard']);
  });

  after(async () => {
    await wb?.close();
  });

  it('a draft opens for review: AI banner with the note, every field editable, a pending relation, nothing on the board', async () => {
    await runCommand(wb.page, 'Flowcast: Show Draft Demo (Tests)');
    editor = await findWebviewFrame(wb.page, '#ai-banner');
    const banner = editor.locator('#ai-banner');
    assert.match(await banner.innerText(), /AI proposal — review, then Create/);
    assert.match(await editor.locator('#draft-note').innerText(), /exporting a big CSV freezes the window/);
    assert.equal(await value(editor, '#f-title'), 'CSV export freezes the window on large backlogs');
    assert.equal(await value(editor, '#f-type'), 'BUG');
    assert.equal(await value(editor, '#f-priority'), 'high');
    await editor.locator('[data-relation="relates:TASK-001"]').waitFor();
    assert.equal(await editor.locator('#save').count(), 0, 'a draft has Create, not Save');
    assert.equal(await editor.locator('#ai-refine').count(), 0, 'no "Refine" for a draft');
    await editor.locator('#ai-relations').waitFor();
    await wb.page.locator('.tabs-container .tab', { hasText: 'New item (AI)' }).waitFor();
    assert.equal(await board.locator('li.card', { hasText: 'CSV export freezes' }).count(), 0, 'nothing is created before Create');
    await screenshot(wb.page, 'editor-ai-draft');
  });

  it('an edited draft is created by "Create item": the card appears and the tab becomes the item editor', async () => {
    await editor.locator('#f-title input').fill('CSV export freezes the window');
    await editor.locator('#f-priority').selectOption('medium');
    await editor.locator('#dirty').waitFor();
    await editor.locator('#create').click();
    const id = editor.locator('header .id', { hasText: /^BUG-\d+$/ });
    await id.waitFor({ timeout: 15_000 });
    created = (await id.innerText()).trim();
    assert.equal(await editor.locator('#ai-banner').count(), 0);
    await editor.locator('#save').waitFor();
    assert.equal(await value(editor, '#f-title'), 'CSV export freezes the window');
    await editor.locator('[data-relation="relates:TASK-001"]').waitFor();
    await wb.page.locator('.tabs-container .tab', { hasText: created }).waitFor({ timeout: 10_000 });
    const card = board.locator(`li.card[data-id="${created}"]`);
    await card.locator('.title', { hasText: 'CSV export freezes the window' }).waitFor({ timeout: 10_000 });
    assert.match(await card.locator('.meta').innerText(), /Medium/);
    await screenshot(wb.page, 'editor-ai-created');
  });

  it('a proposal shows per-field diffs; accept the title, reject the priority, save: only the title changes', async () => {
    await editor.locator('#f-title').click(); // the created item's editor is the active tab
    await runCommand(wb.page, 'Flowcast: Show Proposal Demo (Tests)');
    editor = await findWebviewFrame(wb.page, '#proposal');
    const itemId = (await editor.locator('header .id').innerText()).trim();
    const title = await value(editor, '#f-title');
    const priority = await value(editor, '#f-priority');
    const fields = await editor.locator('#proposal .change').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { field: string } }).dataset.field));
    assert.deepEqual(fields, ['title', 'priority', 'description', 'criteria']);
    assert.equal(await editor.locator('.change[data-field="title"] ins.diff-ins').innerText(), ' (refined)');
    assert.equal(await editor.locator('.change[data-field="title"] del').count(), 0);
    assert.equal(await editor.locator('.change[data-field="priority"] del.diff-del').count(), 1);
    assert.match(await editor.locator('.change[data-field="criteria"] li.row-ins').innerText(), /Covered by an automated test/);
    assert.match(await editor.locator('#proposal-note').innerText(), /testable criterion/);
    await screenshot(wb.page, 'editor-ai-proposal');

    await editor.locator('.change[data-field="title"] vscode-button.accept').click();
    await editor.locator('.change[data-field="priority"] vscode-button.reject').click();
    assert.equal(await editor.locator('#proposal .change').count(), 2, 'two fields left to decide');
    assert.equal(await value(editor, '#f-title'), `${title} (refined)`, 'accepted: in the form');
    assert.equal(await value(editor, '#f-priority'), priority, 'rejected: unchanged');
    await editor.locator('#dirty').waitFor();
    await editor.locator('#accepted-hint').waitFor();
    await editor.locator('#save').click();
    await editor.locator('#dirty').waitFor({ state: 'detached', timeout: 10_000 });
    await board.locator(`li.card[data-id="${itemId}"] .title`, { hasText: `${title} (refined)` }).waitFor({ timeout: 10_000 });
    // The undecided fields are still proposed; "Reject all" drops them and changes nothing.
    assert.equal(await editor.locator('#proposal .change').count(), 2);
    await editor.locator('#reject-all').click();
    await editor.locator('#proposal').waitFor({ state: 'detached' });
    assert.equal(await editor.locator('#dirty').count(), 0);
    await screenshot(wb.page, 'editor-ai-proposal-saved');
  });

  it('the item editor has the AI buttons "Refine with AI…" and "Find duplicates & dependencies"', async () => {
    assert.match((await editor.locator('#ai-refine').getAttribute('aria-label')) ?? '', /Refine with AI/); // its label is hidden in narrow editors, never its name
    assert.equal(await editor.locator('#ai-relations').getAttribute('label'), 'Find duplicates & dependencies');
  });

  it('closing an edited draft offers to reopen it with the edits; Discard closes it without creating anything', async () => {
    await runCommand(wb.page, 'Flowcast: Show Draft Demo (Tests)');
    editor = await findWebviewFrame(wb.page, '#ai-banner');
    await editor.locator('#f-title input').fill('Draft closed by mistake');
    await editor.locator('#dirty').waitFor();
    await wb.page.waitForTimeout(400); // the edits reach the host (debounced)
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'New item (AI)' });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    const reopen = wb.page.locator('.notifications-toasts .monaco-button, .notifications-center .monaco-button', { hasText: 'Reopen the draft' });
    try {
      await reopen.first().waitFor({ timeout: 8_000 });
    } catch {
      await runCommand(wb.page, 'Notifications: Show Notifications');
      await reopen.first().waitFor({ timeout: 8_000 });
    }
    await reopen.first().click();
    editor = await findWebviewFrame(wb.page, '#ai-banner');
    await editor.locator('#dirty').waitFor({ timeout: 15_000 });
    assert.equal(await value(editor, '#f-title'), 'Draft closed by mistake');
    await editor.locator('#discard').click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    await wb.page.waitForTimeout(500);
    assert.equal(await board.locator('li.card', { hasText: 'Draft closed by mistake' }).count(), 0);
    assert.equal(await wb.page.locator('.notifications-toasts .monaco-button', { hasText: 'Reopen the draft' }).count(), 0, 'Discard asks nothing');
  });

  it('no Content-Security-Policy violation in the editor', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
