import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { addCards, cspViolations, findWebviewFrame, newBacklog, openBoardPanel, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

// A 24x24 orange PNG and a 1x1 GIF (real files), as base64.
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR42mN4ViFCFcQwatCoQaMGjRo0atCoQQNvEAA8ZUCuu7TdzgAAAABJRU5ErkJggg==';
const GIF_B64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** The browser APIs the page-side snippets below use (the tests compile without the DOM library). */
interface Dispatcher {
  dispatchEvent(e: unknown): boolean;
}
interface PageApis {
  atob(s: string): string;
  DataTransfer: new () => { items: { add(f: unknown): unknown }; setData(type: string, value: string): void };
  File: new (parts: unknown[], name: string, o: { type: string }) => unknown;
  ClipboardEvent: new (type: string, init: object) => unknown;
  DragEvent: new (type: string, init: object) => unknown;
  document: { body: Dispatcher };
}

describe('Item editor in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;
  let editor: Frame;

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    await newBacklog(wb.page, 'Editing');
    board = await openBoardPanel(wb.page, 'Editing');
    await addCards(board, ['Other item', 'Edit me']);
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

  it('pasting a PNG (a real paste event) attaches it, shows its thumbnail and keeps the unsaved edits', async () => {
    // The editor was reopened with unsaved changes (the title) just before.
    await editor.locator('#dirty').waitFor();
    const before = await editor.locator('#attachments figure').count();
    const handled = await editor.evaluate((b64) => {
      const w = globalThis as unknown as PageApis;
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      // Not cancelled by the page = the browser would have pasted it as usual.
      return !w.document.body.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true }));
    }, PNG_B64);
    assert.equal(handled, true, 'the page took the image paste');
    await editor.locator('#notice', { hasText: 'Image attached' }).waitFor({ timeout: 15_000 });
    const thumb = editor.locator('#attachments figure', { hasText: /pasted-image-\d{8}-\d{6}\.png/ });
    await thumb.waitFor({ timeout: 15_000 });
    assert.equal(await editor.locator('#attachments figure').count(), before + 1);
    const img = thumb.locator('img');
    const end = Date.now() + 10_000;
    let width = 0;
    while (width === 0 && Date.now() < end) {
      width = await img.evaluate((el) => ((el as unknown as { complete: boolean; naturalWidth: number }).complete ? (el as unknown as { naturalWidth: number }).naturalWidth : 0));
      if (width === 0) await wb.page.waitForTimeout(200);
    }
    assert.equal(width, 24, 'the thumbnail image really loaded from the attachments folder');
    // The attachment is server-side state: the unsaved title is still here, not flagged as stale, and saves.
    await editor.locator('#dirty').waitFor();
    assert.equal(await editor.locator('#f-title').evaluate((el) => (el as unknown as { value: string }).value), 'Not saved yet');
    assert.equal(await editor.locator('.stale').count(), 0, 'no "changed elsewhere" warning');
    await editor.locator('#save').click();
    await editor.locator('#dirty').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await editor.locator('.error').count(), 0, 'the save was accepted');
    await board.locator('li.card[data-id="TASK-002"] .title', { hasText: 'Not saved yet' }).waitFor({ timeout: 10_000 });
  });

  it('pasting text into a text field stays a text paste, even when the clipboard also holds an image', async () => {
    const before = await editor.locator('#attachments figure').count();
    const handled = await editor.locator('#f-component input').evaluate((input, b64) => {
      const w = globalThis as unknown as PageApis;
      const dt = new w.DataTransfer();
      dt.setData('text/plain', 'copied words');
      dt.items.add(new w.File([Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      return !(input as unknown as Dispatcher).dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true }));
    }, PNG_B64);
    assert.equal(handled, false, 'the page left the paste to the text field');
    await wb.page.waitForTimeout(1500);
    assert.equal(await editor.locator('#attachments figure').count(), before, 'nothing was attached');
  });

  it('dropping an image file on Attachments attaches it under its own name; other types are refused with a message', async () => {
    const drop = (name: string, type: string, b64: string) =>
      editor.locator('#attachments').evaluate(
        (section, [n, t, data]) => {
          const w = globalThis as unknown as PageApis;
          const dt = new w.DataTransfer();
          dt.items.add(new w.File([Uint8Array.from(w.atob(data), (c) => c.charCodeAt(0))], n, { type: t }));
          const target = section as unknown as Dispatcher;
          // Shift held, as VS Code asks for a drop into a webview (without it the workbench takes file drags).
          // Cancelled = taken by the page.
          const fire = (type: string) => !target.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, shiftKey: true, bubbles: true, cancelable: true, composed: true }));
          return { claimed: fire('dragenter') && fire('dragover'), dropped: fire('drop') };
        },
        [name, type, b64] as const,
      );
    assert.deepEqual(await drop('Diagram.gif', 'image/gif', GIF_B64), { claimed: true, dropped: true });
    await editor.locator('#attachments figcaption', { hasText: 'Diagram.gif' }).waitFor({ timeout: 15_000 });
    const before = await editor.locator('#attachments figure').count();
    await drop('vector.svg', 'image/svg+xml', 'PHN2Zy8+');
    await editor.locator('.error', { hasText: 'Only PNG, JPEG, GIF and WebP images' }).waitFor({ timeout: 10_000 });
    assert.equal(await editor.locator('#attachments figure').count(), before, 'the SVG was not attached');
    await editor.locator('.error vscode-toolbar-button').click();
  });

  it('follows the light theme (screenshot editor-light.png)', async () => {
    type Win = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const bg = () => editor.locator('header').evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    const end = Date.now() + 20_000;
    while ((await bg()) === dark && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.notEqual(await bg(), dark, 'the editor background changed with the theme');
    await editor.locator('#attachments').scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'editor-light');
  });

  it('no Content-Security-Policy violation in the editor', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
