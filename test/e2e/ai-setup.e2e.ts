// Generate with AI when nothing is set up, in real VS Code (Chromium), against the fake OpenAI
// server (test/fakes/aiServer.ts): the AI view shows "Set up AI"; Generate checks the provider's
// key BEFORE asking for the description and offers "Set API Key" inline, then goes on; a failed
// request never loses the description: the next Generate offers it back.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type FakeAiServer, startFakeAiServer } from '../fakes/aiServer';
import { newBacklog, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench, writeSettings } from './workbench';

const DESCRIPTION = 'Exporting a big CSV freezes the window for ten seconds';

describe('Generate with AI without a key, in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let server: FakeAiServer;
  let wb: Workbench;
  let page: Page;

  const quick = () => page.locator('.quick-input-widget');
  const quickInput = () => page.locator('.quick-input-widget input.input');

  before(async () => {
    server = await startFakeAiServer({ validKeys: ['sk-the-right-key'] });
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    page = wb.page;
    // No provider and no key: only where requests would go (the fake server) and no questions.
    await writeSettings(wb.userDataDir, {
      'workbench.colorTheme': 'Default Dark Modern',
      'flowcast.ai.openai.baseUrl': server.openaiBaseUrl,
      'flowcast.ai.openai.model': 'gpt-4o-mini',
      'flowcast.ai.clarifyingQuestions': false,
      'flowcast.ai.timeoutSeconds': 20,
    });
    // VS Code reloads the settings file: let it settle before opening the palette.
    await page.waitForTimeout(2000);
    try {
      await newBacklog(page, 'No key yet');
    } catch {
      await screenshot(page, 'ai-setup-new-backlog');
      await page.keyboard.press('Escape');
      await newBacklog(page, 'No key yet');
    }
  });

  after(async () => {
    await wb?.close();
    await server?.close();
  });

  it('the AI view offers "Set up AI" while nothing is configured', async () => {
    await openFlowcastBoard(page);
    const welcome = page.locator('.welcome-view-content', { hasText: 'No AI provider is set up yet' });
    const header = page.locator('.pane-header', { hasText: 'AI Usage' });
    if (!(await welcome.count())) await header.last().click().catch(() => undefined);
    await welcome.first().waitFor({ timeout: 15_000 });
    await welcome.first().locator('.monaco-button', { hasText: 'Set up AI' }).waitFor();
    await screenshot(page, 'ai-view-set-up');
  });

  it('Generate asks for the key before the description, sets it inline, and goes on to the description box', async () => {
    await runCommand(page, 'Flowcast: Generate Item with AI');
    // The provider is chosen first (none is set)…
    const openai = quick().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^OpenAI$/ }) });
    await openai.waitFor({ timeout: 15_000 });
    await openai.click();
    // …then, before any description is typed, the missing key is said, with "Set API Key".
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /OpenAI has no API key yet/);
    await screenshot(page, 'ai-generate-no-key');
    await dialog.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    // The key box (a password box)…
    await quickInput().waitFor({ state: 'visible' });
    assert.equal(await quickInput().getAttribute('type'), 'password');
    await quickInput().fill('sk-a-wrong-key');
    await page.keyboard.press('Enter');
    // …then straight on to the description, in the same flow.
    await page.locator('.quick-input-widget', { hasText: 'Describe the bug, feature or task' }).waitFor({ timeout: 15_000 });
    assert.equal(await quickInput().inputValue(), '', 'nothing typed yet');
    await quickInput().fill(DESCRIPTION);
    await page.keyboard.press('Enter');
    await quick().waitFor({ state: 'hidden' });
  });

  it('the request fails (the key is wrong): the failure is shown, and the next Generate offers the description back', async () => {
    const failure = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: /OpenAI/ });
    try {
      await failure.first().waitFor({ timeout: 8_000 });
    } catch {
      await runCommand(page, 'Notifications: Show Notifications');
      await failure.first().waitFor({ timeout: 10_000 });
    }
    assert.ok(server.chatRequests().length >= 1, 'the request reached the (fake) provider');
    await page.keyboard.press('Escape');
    await runCommand(page, 'Flowcast: Generate Item with AI');
    await page.locator('.quick-input-widget', { hasText: 'Describe the bug, feature or task' }).waitFor({ timeout: 15_000 });
    assert.equal(await quickInput().inputValue(), DESCRIPTION, 'the description typed before is offered back');
    await screenshot(page, 'ai-generate-kept-description');
    await page.keyboard.press('Escape');
  });
});
