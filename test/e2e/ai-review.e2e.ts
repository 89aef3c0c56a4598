import assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import { cspViolations, findWebviewFrame, newBacklog, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

// The review list of a bulk extraction, opened with the test-only command "Flowcast: Test: Show
// Review Demo" (fixed proposals from src/ai/reviewDemo.ts: 3 at once while "running", the 4th
// 2.5 s later, then finished).
const DEMO = {
  login: 'Login fails when the password contains a quote',
  csv: 'Export the board as CSV',
  tls: 'Renew the TLS certificate of the staging server',
  hostile: 'Try <b>dark</b> mode for the <script>alert(1)</script> docs site',
};

describe('AI bulk extraction review list in real VS Code (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let board: Frame;
  let review: Frame;

  const row = (key: string) => review.locator(`li.row[data-key="${key}"]`);
  const value = (sel: string, frame = review) => frame.locator(sel).evaluate((el) => (el as unknown as { value: string }).value);
  const texts = (l: Locator) => l.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));

  async function openDemo(): Promise<Frame> {
    await runCommand(wb.page, 'Flowcast: Test: Show Review Demo');
    // A fresh review page (an earlier one is closed by then).
    return findWebviewFrame(wb.page, 'flowcast-review', async (f) => (await f.locator('li.row').count()) > 0);
  }

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1500, height: 950 } });
    await newBacklog(wb.page, 'Extraction');
    // The sidebar board stays in view while the review list opens in the editor area.
    board = await openFlowcastBoard(wb.page);
    await board.locator('#board-title', { hasText: 'Extraction' }).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the proposals while the extraction runs (progress bar, Cancel extraction), then all four, all selected', async () => {
    review = await openDemo();
    await review.locator('#progress').waitFor({ timeout: 10_000 });
    assert.equal(await review.locator('#cancel').count(), 1, 'Cancel extraction is offered while running');
    await review.locator('li.row').nth(3).waitFor({ timeout: 15_000 });
    await review.locator('#progress').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await review.locator('#cancel').count(), 0, 'no Cancel once finished');
    assert.equal(await review.locator('li.row').count(), 4);
    assert.equal((await review.locator('#count').innerText()).trim(), '4 of 4 selected');
    assert.equal(await value('li.row[data-key="p1"] input.title'), DEMO.login);
    assert.match(await review.locator('#import').innerText(), /Import 4 selected/);
    assert.match(await row('p2').locator('ul.warnings').innerText(), /do not say which columns/);
  });

  it('renders untrusted text as text: the hostile title and source excerpt create no elements', async () => {
    assert.equal(await value('li.row[data-key="p4"] input.title'), DEMO.hostile);
    await row('p4').locator('vscode-toolbar-button.expand').click();
    const source = row('p4').locator('blockquote.source');
    await source.waitFor();
    assert.equal(await source.innerText(), 'Someone said: <b>dark mode</b> for the docs <script>alert(1)</script>?');
    assert.equal(await source.locator('b, script').count(), 0);
    assert.match(await row('p4').locator('textarea.description').inputValue(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await review.locator('img').count(), 0, 'no image element was made from the text');
    await row('p4').locator('vscode-toolbar-button.expand').click();
    await source.waitFor({ state: 'detached' });
  });

  it('checkboxes and the Space key select rows; select none / all; the count follows', async () => {
    await review.getByRole('checkbox', { name: `Import "${DEMO.csv}"` }).click();
    await review.locator('#count', { hasText: '3 of 4 selected' }).waitFor();
    await row('p3').focus();
    await wb.page.keyboard.press('Space');
    await review.locator('#count', { hasText: '2 of 4 selected' }).waitFor();
    await wb.page.keyboard.press('Space');
    await review.locator('#count', { hasText: '3 of 4 selected' }).waitFor();
    assert.equal(await row('p2').getAttribute('class'), 'row', 'the unticked row is not marked selected');
    await review.locator('#select-all').click();
    await review.locator('#count', { hasText: '4 of 4 selected' }).waitFor();
    await review.locator('#select-all').click();
    await review.locator('#count', { hasText: '0 of 4 selected' }).waitFor();
    assert.equal(await review.locator('#import').getAttribute('disabled'), '', 'Import is disabled with nothing selected');
    await review.locator('#select-all').click();
    await review.getByRole('checkbox', { name: `Import "${DEMO.csv}"` }).click();
    await review.locator('#count', { hasText: '3 of 4 selected' }).waitFor();
  });

  it('edits a title inline, sets a type on one row and a status for every selected row', async () => {
    await review.locator('li.row[data-key="p1"] input.title').fill('Login fails with quotes in passwords');
    await row('p1').locator('.badge.edited').waitFor();
    await row('p3').locator('select.type').selectOption('BUG');
    await review.locator('#bulk-status').selectOption('ready');
    for (const k of ['p1', 'p3', 'p4']) assert.equal(await row(k).locator('select.status').inputValue(), 'ready', k);
    assert.equal(await row('p2').locator('select.status').inputValue(), 'backlog', 'the unselected row keeps its status');
    // An empty title is flagged on its row and blocks the import with a message, without losing the edits.
    await review.locator('li.row[data-key="p4"] input.title').fill('  ');
    await row('p4').locator('.problem', { hasText: 'A title is required.' }).waitFor();
    await review.locator('#import').click();
    await review.locator('#fix-first', { hasText: '1 selected proposal(s) need a fix' }).waitFor();
    type Focusable = { getRootNode(): { activeElement: unknown } };
    assert.equal(await row('p4').evaluate((el) => el === (el as unknown as Focusable).getRootNode().activeElement), true, 'the row to fix gets the focus');
    await review.locator('li.row[data-key="p4"] input.title').fill(DEMO.hostile);
    await row('p4').locator('.problem').waitFor({ state: 'detached' });
    await review.locator('#fix-first').waitFor({ state: 'detached' });
  });

  it('shows every field that gets imported and lets the user edit it: severity on the row, component and the lists in the details', async () => {
    const p1 = row('p1');
    assert.equal(await p1.locator('select.severity').inputValue(), 'P1', 'the severity the AI gave is shown on the row');
    assert.equal(await row('p3').locator('select.severity').inputValue(), '', 'no severity shows as none');
    assert.equal(await row('p3').locator('select.severity option:checked').innerText(), 'Severity: None');
    await p1.locator('vscode-toolbar-button.expand').click();
    await p1.locator('blockquote.source').waitFor();
    assert.equal(await p1.locator('input.component').inputValue(), '');
    assert.deepEqual(await texts(p1.locator('section[data-list="criteria"] input.text')), ['A password with quotes signs in', 'A regression test covers it']);
    for (const name of ['Acceptance criteria', 'Specifications', 'Steps to reproduce', 'Dependencies', 'Constraints']) {
      assert.equal(await p1.getByRole('group', { name }).count(), 1, `a list labelled ${name}`);
    }

    await p1.locator('select.severity').selectOption('P0');
    await p1.getByRole('textbox', { name: 'Component' }).fill('auth');
    const specs = p1.getByRole('group', { name: 'Specifications' });
    await specs.locator('vscode-button.add').click();
    // The new entry gets the focus: typing fills it.
    await specs.locator('input.text').waitFor();
    await wb.page.keyboard.type('Quotes are escaped');
    await specs.locator('vscode-button.add').click();
    await specs.locator('input.text').nth(1).fill('Passwords are compared byte for byte');
    await specs.getByRole('textbox', { name: 'Specifications 1' }).fill('Passwords never go into SQL text');
    await specs.getByRole('button', { name: 'Remove: Specifications 2' }).click();
    assert.deepEqual(await texts(specs.locator('input.text')), ['Passwords never go into SQL text']);
    const steps = p1.getByRole('group', { name: 'Steps to reproduce' });
    await steps.locator('vscode-button.add').click();
    await steps.locator('input.text').fill('Sign in with the password a"b');
    // An entry added and left empty is not imported.
    await p1.getByRole('group', { name: 'Constraints' }).locator('vscode-button.add').click();
    await p1.getByRole('checkbox', { name: 'Acceptance criteria 2: Done' }).check();
    await p1.locator('.badge.edited').waitFor();
    await screenshot(wb.page, 'ai-review-dark');
  });

  it('Import creates the 3 selected items in one go: they appear on the board, the list closes', async () => {
    await review.locator('#import').click();
    await wb.page.getByText('Imported 3 items.').first().waitFor({ timeout: 15_000 });
    const ready = board.locator('section.column[data-status="ready"]');
    await ready.locator('li.card[data-id="BUG-001"] .title', { hasText: 'Login fails with quotes in passwords' }).waitFor({ timeout: 15_000 });
    await ready.locator('li.card[data-id="BUG-002"] .title', { hasText: 'Renew the TLS certificate' }).waitFor();
    await ready.locator('li.card[data-id="IDEA-001"] .title', { hasText: DEMO.hostile }).waitFor();
    assert.equal(await board.locator('li.card', { hasText: DEMO.csv }).count(), 0, 'the unticked proposal was not imported');
    assert.equal(await board.locator('li.card').count(), 3);
    const end = Date.now() + 10_000;
    while ((await review.locator('flowcast-review').count().catch(() => 0)) > 0 && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.equal(await wb.page.locator('.tabs-container .tab', { hasText: 'Review demo' }).count(), 0, 'the review tab is closed');
  });

  it('the imported item has the severity, component, lists and criteria as edited in the review (item editor)', async () => {
    await board.locator('li.card[data-id="BUG-001"]').press('Enter');
    const editor = await findWebviewFrame(wb.page, 'flowcast-editor', async (f) => (await f.locator('header .id', { hasText: 'BUG-001' }).count()) > 0);
    await editor.locator('#f-title').waitFor();
    assert.equal(await value('#f-title', editor), 'Login fails with quotes in passwords');
    assert.equal(await value('#f-severity', editor), 'P0');
    assert.equal(await value('#f-component', editor), 'auth');
    const list = (name: string) => texts(editor.locator(`section[data-list="${name}"] vscode-textfield`));
    assert.deepEqual(await list('specs'), ['Passwords never go into SQL text']);
    assert.deepEqual(await list('reproSteps'), ['Sign in with the password a"b']);
    assert.deepEqual(await list('constraints'), [], 'the entry left empty was not imported');
    assert.deepEqual(await list('criteria'), ['A password with quotes signs in', 'A regression test covers it']);
    assert.deepEqual(
      await editor.locator('section[data-list="criteria"] vscode-checkbox').evaluateAll((els) => els.map((e) => (e as unknown as { checked: boolean }).checked)),
      [false, true],
    );
    await runCommand(wb.page, 'View: Close Editor');
    await wb.page.locator('.tabs-container .tab', { hasText: 'BUG-001' }).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Cancel extraction stops a running extraction: the proposals so far stay, with the reason shown', async () => {
    review = await openDemo();
    await review.locator('#cancel').click();
    await review.locator('#problem', { hasText: 'Extraction cancelled.' }).waitFor({ timeout: 10_000 });
    assert.equal(await review.locator('#progress').count(), 0, 'no progress bar any more');
    assert.equal(await review.locator('#cancel').count(), 0, 'no Cancel any more');
    await wb.page.waitForTimeout(3000); // past the moment the demo would have sent its last proposal
    assert.equal(await review.locator('li.row').count(), 3, 'the proposals received before the cancel stay; no more arrive');
    await review.locator('#discard').click();
    const confirm = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Discard' });
    await confirm.waitFor({ timeout: 10_000 });
    await confirm.click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'Review demo' }).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('follows the light theme (screenshot ai-review-light.png); Discard asks, then closes without importing', async () => {
    review = await openDemo();
    await review.locator('li.row').nth(3).waitFor({ timeout: 15_000 });
    type Win = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const bg = () => review.locator('header').evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    const end = Date.now() + 20_000;
    while ((await bg()) === dark && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.notEqual(await bg(), dark, 'the review list background changed with the theme');
    await row('p1').locator('vscode-toolbar-button.expand').click();
    await row('p1').locator('blockquote.source').waitFor();
    await screenshot(wb.page, 'ai-review-light');

    await review.locator('#discard').click();
    const confirm = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Discard' });
    await confirm.waitFor({ timeout: 10_000 });
    await confirm.click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'Review demo' }).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await board.locator('li.card').count(), 3, 'nothing more was imported');
  });

  it('raised no Content-Security-Policy violation', () => {
    assert.deepEqual(cspViolations(wb), []);
  });
});
