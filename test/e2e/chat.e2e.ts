// UI test of the chat panel in real VS Code (Chromium, code-server) against the fake OpenAI-compatible
// server: a conversation whose answer proposes a change; nothing changes until Apply; the card then
// shows Applied and the board moves the card. Screenshots kept; no CSP violation.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { type FakeAiServer, startFakeAiServer } from '../fakes/aiServer';
import { addCards, cspViolations, findWebviewFrame, newBacklog, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench, writeSettings } from './workbench';

describe('Chat panel in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let server: FakeAiServer;
  let board: Frame;

  before(async () => {
    server = await startFakeAiServer({ allowNoKey: true });
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    // A local OpenAI-compatible endpoint needs no key.
    await writeSettings(wb.userDataDir, { 'flowcast.ai.provider': 'custom', 'flowcast.ai.custom.baseUrl': server.openaiBaseUrl, 'flowcast.ai.custom.model': 'gpt-4o-mini', 'flowcast.ai.timeoutSeconds': 30 });
    board = await openFlowcastBoard(wb.page);
    await board.locator('#create-backlog').waitFor({ timeout: 30_000 });
    await newBacklog(wb.page, 'Chat UI');
    await board.locator('#board-title', { hasText: 'Chat UI' }).waitFor({ timeout: 20_000 });
    await addCards(board, ['Login crashes on submit']);
  });

  after(async () => {
    await wb?.close();
    await server?.close();
  });

  it('a conversation with a proposed action: nothing changes until Apply, then the card shows Applied; a cited ID opens the item', async () => {
    await runCommand(wb.page, 'Flowcast: Open Chat');
    const chat = await findWebviewFrame(wb.page, 'flowcast-chat');
    await chat.locator('.suggestions button').first().waitFor({ timeout: 20_000 });
    await screenshot(wb.page, 'chat-empty');
    server.reply('TASK-001 is the only open item; start it now.\n```flowcast-actions\n{"actions":[{"kind":"status","id":"TASK-001","status":"in_progress"}]}\n```');
    // Wait until the provider setting is read (the settings file reloads asynchronously).
    await chat.locator('vscode-button.model', { hasText: 'gpt-4o-mini' }).waitFor({ timeout: 30_000 });
    await chat.locator('fc-chat-composer textarea').fill('What should I work on next?');
    await chat.locator('fc-chat-composer textarea').press('Enter');
    const answer = chat.locator('fc-chat-message [data-role="assistant"]');
    await answer.waitFor({ timeout: 30_000 });
    assert.match(await answer.innerText(), /start it now/);
    assert.ok(!(await answer.innerText()).includes('flowcast-actions'), 'the actions block is not shown as text');
    await answer.locator('a.item-link[data-item-id="TASK-001"]').first().waitFor();
    await answer.locator('.action[data-status="proposed"]').waitFor();
    assert.equal(await board.locator('section[data-status="in_progress"] li.card[data-id="TASK-001"]').count(), 0, 'nothing changed before Apply');
    await screenshot(wb.page, 'chat-proposed');
    await answer.locator('vscode-button.apply').click();
    await chat.locator('fc-chat-message .action[data-status="applied"]').waitFor({ timeout: 15_000 });
    await board.locator('section[data-status="in_progress"] li.card[data-id="TASK-001"]').waitFor({ timeout: 15_000 });
    await screenshot(wb.page, 'chat-applied');
    // A cited item ID opens that item in the editor.
    await answer.locator('a.item-link[data-item-id="TASK-001"]').first().click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'TASK-001' }).waitFor({ timeout: 20_000 });
    assert.deepEqual(cspViolations(wb), []);
  });

  it('opens as a view in the panel (movable to the secondary side bar) on the same conversation (chat-view.png)', async () => {
    await runCommand(wb.page, 'View: Close All Editors');
    await runCommand(wb.page, 'Flowcast: Open Chat in a View');
    const view = await findWebviewFrame(wb.page, 'flowcast-chat');
    await view.locator('fc-chat-message [data-role="assistant"]', { hasText: 'start it now' }).waitFor({ timeout: 30_000 });
    await view.locator('fc-chat-composer textarea').waitFor();
    await screenshot(wb.page, 'chat-view');
    assert.deepEqual(cspViolations(wb), []);
  });
});
