// The AI features driven end to end through the UI of a real VS Code (code-server) in Chromium:
// the real commands (palette, quick picks, input boxes, modal dialog, item editor, review list)
// and the real openai SDK in the extension host, talking to the fake OpenAI server started here
// (test/fakes/aiServer.ts, on 127.0.0.1). Nothing is shortcut through command arguments.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { type FakeAiServer, openaiBody, type RecordedRequest, startFakeAiServer } from '../fakes/aiServer';
import { cspViolations, findWebviewFrame, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench, writeSettings } from './workbench';

const KEY = 'sk-e2e-key';

/** One item as the AI writes it (every field of AiItemSchema). */
function aiItem(title: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { title, emoji: '🧾', type: 'FEAT', priority: 'high', severity: null, effort: 'S', component: 'export', description: `About: ${title}.`, userStory: '', specs: ['One line per invoice', 'UTF-8 with a header row'], reproSteps: [], acceptanceCriteria: ['The file opens in a spreadsheet', 'An empty list gives a header-only file'], dependencies: [], constraints: [], tags: [], ...over };
}

const NOTES = [
  '# Meeting notes — billing team',
  '',
  '- Accountants want the monthly invoice list as a PDF summary too.',
  '- The login page crashes when the password contains a quote.',
  '- Someone has to renew the TLS certificate of the staging server before Friday.',
  '',
].join('\n');

const EXTRACTED = {
  pdf: 'Monthly invoice summary as PDF',
  login: 'Login crashes on a quote in the password',
  tls: 'Renew the staging TLS certificate',
};

const value = (f: Frame, selector: string) => f.locator(selector).evaluate((el) => (el as unknown as { value: string }).value);

/**
 * Every frame's serialized DOM, visible text and the current value of every field in it (shadow
 * roots included). Password fields are left out: VS Code's own quick input keeps what was typed in
 * its hidden password box until the next quick input opens (the last test checks it is gone then).
 */
async function everything(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const f of page.frames()) {
    try {
      parts.push(await f.content());
      parts.push(
        await f.evaluate(() => {
          type El = { value?: string; type?: string; shadowRoot?: Root | null };
          type Root = { querySelectorAll(s: string): ArrayLike<El> };
          const doc = (globalThis as unknown as { document: Root & { body?: { innerText: string } } }).document;
          const out: string[] = [doc.body?.innerText ?? ''];
          const walk = (root: Root) => {
            for (const el of Array.from(root.querySelectorAll('*'))) {
              if (typeof el.value === 'string' && el.type !== 'password') out.push(el.value);
              if (el.shadowRoot) walk(el.shadowRoot);
            }
          };
          walk(doc);
          return out.join('\n');
        }),
      );
    } catch {
      // a frame detached while we read it
    }
  }
  return parts.join('\n');
}

/** Where `needle` occurs in `haystack` (the needle masked), for an assertion message; '' when absent. */
function whereIs(haystack: string, needle: string): string {
  const at = haystack.indexOf(needle);
  return at < 0 ? '' : haystack.slice(Math.max(0, at - 300), at + needle.length + 100).split(needle).join('<KEY>');
}

describe('AI features end to end through the UI (real commands, openai SDK, fake OpenAI server)', function () {
  this.timeout(180_000);
  let server: FakeAiServer;
  let wb: Workbench;
  let page: Page;
  let board: Frame;
  let generated: string;

  const quick = () => page.locator('.quick-input-widget');
  const quickInput = () => page.locator('.quick-input-widget input.input');
  const chats = (): RecordedRequest[] => server.chatRequests();

  /** Fails with a screenshot named after the step, so a broken dialog can be seen. */
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      await screenshot(page, `ai-flow-failed-${name}`).catch(() => undefined);
      throw e;
    }
  }

  before(async () => {
    server = await startFakeAiServer({ validKeys: [KEY] });
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    page = wb.page;
    // User settings (the base URL is an application-scoped setting): VS Code reloads the file.
    await writeSettings(wb.userDataDir, {
      'workbench.colorTheme': 'Default Dark Modern',
      'flowcast.ai.provider': 'openai',
      'flowcast.ai.openai.baseUrl': server.openaiBaseUrl,
      'flowcast.ai.openai.model': 'gpt-4o-mini',
      'flowcast.ai.clarifyingQuestions': true,
      'flowcast.ai.timeoutSeconds': 30,
    });
    await fs.writeFile(path.join(wb.tmp, 'workspace', 'notes.md'), NOTES);
    await runCommand(page, 'Flowcast: New Backlog');
    await quickInput().waitFor({ state: 'visible' });
    await quickInput().fill('AI flow');
    await page.keyboard.press('Enter');
    await quick().waitFor({ state: 'hidden' });
    // The sidebar board stays in view while the draft editor and the review list open in the editor area.
    board = await openFlowcastBoard(page);
    await board.locator('#board-title', { hasText: 'AI flow' }).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
    await server?.close();
  });

  it('Set API Key: OpenAI is picked in the quick pick, the key is typed in a password box, and the key never reaches the page', async () => {
    await step('set-key', async () => {
      // The settings file is reloaded asynchronously: OpenAI is listed first, marked "current", once it is.
      const openai = quick().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^OpenAI$/ }) });
      const end = Date.now() + 30_000;
      for (;;) {
        await runCommand(page, 'Flowcast: Set API Key');
        await openai.waitFor({ timeout: 15_000 });
        if (/current/.test(await openai.innerText())) break;
        if (Date.now() > end) throw new Error('the provider setting was not picked up (OpenAI is not "current")');
        await page.keyboard.press('Escape');
        await quick().waitFor({ state: 'hidden' });
        await page.waitForTimeout(500);
      }
      assert.match(await openai.innerText(), /API key not configured/);
      await openai.click();
      const password = page.locator('.quick-input-widget input[type="password"]');
      await password.waitFor({ state: 'visible' });
      await quick().getByText('OpenAI API key').first().waitFor();
      await page.keyboard.type(KEY);
      await page.keyboard.press('Enter');
      await quick().waitFor({ state: 'hidden' });
      await page.getByText('The OpenAI API key is stored in SecretStorage.').first().waitFor({ timeout: 15_000 });
      // The sidebar's AI view follows the secret: configured, in use (and never the key itself).
      await page.locator('.monaco-list-row', { hasText: 'OpenAI' }).filter({ hasText: 'key configured · in use' }).first().waitFor({ timeout: 15_000 });
    });
    assert.equal(whereIs(await everything(page), KEY), '', 'the key is in no frame’s DOM and in no input value');
    assert.ok(!wb.console.some((m) => m.text.includes(KEY)), 'the key is in no console line');
    assert.ok(!(await fs.readFile(path.join(wb.userDataDir, 'User', 'settings.json'), 'utf8')).includes(KEY), 'the key is not in the user settings');
    assert.equal(chats().length, 0, 'storing a key sends nothing');
  });

  it('Generate Item with AI: description, a clarifying question answered, the recap confirmed; the draft is edited and created on the board', async () => {
    server.reset();
    server.reply(
      JSON.stringify({ questions: ['Which file format?'], recap: 'CSV export of invoices' }),
      JSON.stringify({ questions: [], recap: 'CSV export of invoices for accountants' }),
      JSON.stringify(aiItem('Export invoices as CSV')),
    );
    await step('generate-description', async () => {
      await runCommand(page, 'Flowcast: Generate Item with AI…');
      await quick().getByText('Generate an item with AI').first().waitFor();
      await quickInput().fill('Accountants need our invoices in a file they can open');
      await page.keyboard.press('Enter');
    });
    await step('generate-question', async () => {
      // The first clarify call answers one question, asked in an input box of its own.
      await quick().getByText('Which file format?').first().waitFor({ timeout: 30_000 });
      await quick().getByText('Question 1 of 1').first().waitFor();
      await quickInput().fill('CSV with semicolons');
      await page.keyboard.press('Enter');
    });
    const dialog = page.locator('.monaco-dialog-box');
    await step('generate-recap', async () => {
      // A second clarify call has no more questions: its recap is confirmed in a modal dialog.
      await dialog.getByText('Recap: CSV export of invoices for accountants').waitFor({ timeout: 30_000 });
      assert.match(await dialog.innerText(), /Which file format\?\s*→ CSV with semicolons/);
      await dialog.locator('.monaco-button', { hasText: /^Generate$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
    });
    const editor = await step('generate-draft', async () => {
      const f = await findWebviewFrame(page, '#ai-banner', undefined, 60_000);
      await f.locator('#f-title').waitFor();
      await page.locator('.tabs-container .tab', { hasText: 'New item (AI)' }).waitFor();
      return f;
    });
    assert.equal(await value(editor, '#f-title'), 'Export invoices as CSV', 'the title the AI wrote');
    assert.equal(await value(editor, '#f-type'), 'FEAT');
    assert.equal(await value(editor, '#f-priority'), 'high');
    assert.equal(await value(editor, '#f-component'), 'export');
    assert.match(await editor.locator('#draft-note').innerText(), /CSV export of invoices for accountants/, 'the recap is the draft note');
    const criteria = await editor.locator('section[data-list="criteria"] vscode-textfield').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.deepEqual(criteria, ['The file opens in a spreadsheet', 'An empty list gives a header-only file']);
    assert.equal(await board.locator('li.card', { hasText: 'Export invoices' }).count(), 0, 'nothing is created before Create');

    await editor.locator('#f-title input').fill('Export invoices as CSV for accountants');
    await editor.locator('#dirty').waitFor();
    await screenshot(page, 'ai-generate-review');
    await step('generate-create', async () => {
      await editor.locator('#create').click();
      const id = editor.locator('header .id', { hasText: /^FEAT-\d+$/ });
      await id.waitFor({ timeout: 15_000 });
      generated = (await id.innerText()).trim();
      await editor.locator('#save').waitFor();
      const card = board.locator(`li.card[data-id="${generated}"]`);
      await card.locator('.title', { hasText: 'Export invoices as CSV for accountants' }).waitFor({ timeout: 15_000 });
      assert.match(await card.locator('.meta').innerText(), /High/);
    });
    assert.equal(await board.locator('li.card').count(), 1);
    await screenshot(page, 'ai-generate-created');

    // What the provider received: two clarify turns, then one streamed generation, all keyed and on the set model.
    const reqs = chats();
    assert.equal(reqs.length, 3, reqs.map((r) => r.path).join(', '));
    for (const r of reqs) {
      assert.equal(r.path, '/v1/chat/completions');
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.equal(r.model, 'gpt-4o-mini');
      assert.equal(openaiBody(r).response_format?.type, 'json_schema', 'structured output is asked for');
    }
    const text = (r: RecordedRequest) => JSON.stringify(r.body);
    assert.match(text(reqs[0]), /Accountants need our invoices in a file they can open/);
    assert.doesNotMatch(text(reqs[0]), /CSV with semicolons/);
    assert.match(text(reqs[1]), /Which file format\?/);
    assert.match(text(reqs[1]), /CSV with semicolons/, 'the answer is sent in the second clarify turn');
    assert.match(text(reqs[2]), /CSV with semicolons/, 'the answer is used for the generation');
    assert.equal(reqs[2].stream, true, 'the generation streams');
    assert.equal(server.pending(), 0, 'every scripted answer was used');
  });

  it('Extract Items from Notes with AI: whole active editor, review list, one proposal unticked, Import selected creates the other two', async () => {
    server.reset();
    server.reply(
      JSON.stringify({
        items: [
          { ...aiItem(EXTRACTED.pdf, { priority: 'medium', effort: 'M', component: 'billing' }), source: 'Accountants want the monthly invoice list as a PDF summary too.' },
          { ...aiItem(EXTRACTED.login, { type: 'BUG', severity: 'P1', priority: 'high', component: 'auth', reproSteps: ['Type a password with a quote', 'Press Log in'] }), source: 'The login page crashes when the password contains a quote.' },
          { ...aiItem(EXTRACTED.tls, { type: 'TASK', priority: 'low', effort: 'XS', component: 'ops', specs: [] }), source: 'Someone has to renew the TLS certificate of the staging server before Friday.' },
        ],
      }),
    );
    await step('extract-open-notes', async () => {
      // Quick Open (the palette without ">") opens the notes file in a text editor.
      await page.keyboard.press('F1');
      await quickInput().waitFor({ state: 'visible' });
      await quickInput().fill('notes.md');
      await quick().locator('.monaco-list-row', { hasText: 'notes.md' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 15_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: 'Meeting notes' }).first().waitFor({ timeout: 15_000 });
    });
    const review = await step('extract-review', async () => {
      await runCommand(page, 'Flowcast: Extract Items from Notes with AI…');
      const whole = quick().locator('.monaco-list-row', { hasText: 'Whole active editor' });
      await whole.waitFor({ timeout: 15_000 });
      assert.match(await whole.innerText(), /notes\.md/, 'the option names the active file');
      await whole.click();
      const f = await findWebviewFrame(page, 'flowcast-review', async (fr) => (await fr.locator('li.row').count()) > 0, 60_000);
      await f.locator('li.row').nth(2).waitFor({ timeout: 15_000 });
      await f.locator('#progress').waitFor({ state: 'detached', timeout: 15_000 });
      return f;
    });
    await page.locator('.tabs-container .tab', { hasText: 'notes.md' }).first().waitFor();
    assert.equal(await review.locator('li.row').count(), 3);
    assert.equal((await review.locator('#count').innerText()).trim(), '3 of 3 selected');
    const titles = await review.locator('li.row input.title').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.deepEqual(titles, [EXTRACTED.pdf, EXTRACTED.login, EXTRACTED.tls]);
    const second = review.locator('li.row').nth(1);
    await second.locator('vscode-toolbar-button.expand').click();
    assert.equal(await second.locator('blockquote.source').innerText(), 'The login page crashes when the password contains a quote.', 'the source excerpt is shown');

    await review.getByRole('checkbox', { name: `Import "${EXTRACTED.pdf}"` }).click();
    await review.locator('#count', { hasText: '2 of 3 selected' }).waitFor();
    assert.match(await review.locator('#import').innerText(), /Import 2 selected/);
    await screenshot(page, 'ai-extract-review');

    await step('extract-import', async () => {
      await review.locator('#import').click();
      await page.getByText('Imported 2 items.').first().waitFor({ timeout: 15_000 });
      await board.locator('li.card', { has: board.locator('.title', { hasText: EXTRACTED.login }) }).waitFor({ timeout: 15_000 });
      await board.locator('li.card', { has: board.locator('.title', { hasText: EXTRACTED.tls }) }).waitFor({ timeout: 15_000 });
    });
    assert.equal(await board.locator('li.card', { hasText: EXTRACTED.pdf }).count(), 0, 'the unticked proposal was not imported');
    assert.equal(await board.locator('li.card').count(), 3, 'the generated item and the two imported ones');
    assert.match(await board.locator('li.card', { hasText: EXTRACTED.login }).getAttribute('data-id') ?? '', /^BUG-\d+$/);
    assert.match(await board.locator('li.card', { hasText: EXTRACTED.tls }).getAttribute('data-id') ?? '', /^TASK-\d+$/);
    await page.locator('.tabs-container .tab', { hasText: 'Review: items from notes.md' }).waitFor({ state: 'detached', timeout: 10_000 });

    // Every proposed field reached the item, including severity and steps to reproduce.
    const bug = board.locator('li.card', { hasText: EXTRACTED.login });
    const bugId = (await bug.getAttribute('data-id')) as string;
    await bug.press('Enter');
    const editor = await findWebviewFrame(page, 'flowcast-editor', async (f) => (await f.locator('header .id', { hasText: bugId }).count()) > 0);
    await editor.locator('#f-title').waitFor();
    assert.equal(await value(editor, '#f-severity'), 'P1');
    assert.equal(await value(editor, '#f-component'), 'auth');
    const steps = await editor.locator('section[data-list="reproSteps"] vscode-textfield').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.deepEqual(steps, ['Type a password with a quote', 'Press Log in']);

    const reqs = chats();
    assert.equal(reqs.length, 1, 'short notes are sent in one request');
    assert.equal(reqs[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(reqs[0].model, 'gpt-4o-mini');
    const sent = JSON.stringify(reqs[0].body);
    for (const line of ['Accountants want the monthly invoice list', 'password contains a quote', 'TLS certificate of the staging server']) assert.ok(sent.includes(line), `the notes were sent: ${line}`);
  });

  it('the API key never reached the page, the console or the settings, and no Content-Security-Policy violation was raised', async () => {
    assert.equal(whereIs(await everything(page), KEY), '');
    const passwords = await page.locator('input[type="password"]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.ok(!passwords.includes(KEY), 'the password box was cleared by the quick inputs opened since');
    assert.ok(!wb.console.some((m) => m.text.includes(KEY)));
    assert.deepEqual(cspViolations(wb), []);
  });
});
