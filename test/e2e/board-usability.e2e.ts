// Issue #10, board part, in real VS Code (code-server) and Chromium: the card context menu,
// single-click selection, the start panel of an empty backlog, the dense sidebar (filter panel,
// placeholders), labels and contrast, the horizontal-scroll hint and the ResizeObserver notice.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { addCards, cspViolations, findWebviewFrame, newBacklog, openFlowcastBoard, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

// Functions passed to evaluate() run in the page: they reach the page's globals through this type.
type Css = { color: string; backgroundColor: string; font: string; paddingLeft: string; paddingRight: string };
type Win = { getComputedStyle(e: unknown): Css; document: { body: unknown; createElement(t: 'canvas'): { getContext(k: '2d'): { font: string; measureText(s: string): { width: number } } } } };

/** WCAG contrast ratio of two CSS colours (rgb/rgba; a translucent background is laid on `base`). */
function contrast(fg: string, bg: string, base: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [br, bgG, bb] = parse(base);
  const [r, g, b, a = 1] = parse(bg);
  const back = [r * a + br * (1 - a), g * a + bgG * (1 - a), b * a + bb * (1 - a)];
  const [fr, fgG, fb, fa = 1] = parse(fg);
  const front = [fr * fa + back[0] * (1 - fa), fgG * fa + back[1] * (1 - fa), fb * fa + back[2] * (1 - fa)];
  const lum = (c: number[]) => {
    const [R, G, B] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [l1, l2] = [lum(front), lum(back)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

describe('Board usability (issue #10) in real VS Code (Chromium)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  // The frames are looked up for each use: VS Code may reload a webview's page (layout changes).
  const frameOf = async (view: 'sidebar' | 'panel'): Promise<Frame> => findWebviewFrame(wb.page, `flowcast-board[data-view="${view}"]`);
  const menuItem = (label: string) => wb.page.locator('.context-view .action-item', { hasText: label }).first();
  const waitFor = async (what: string, cond: () => Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await wb.page.waitForTimeout(100);
    }
  };

  before(async () => {
    wb = await openWorkbench({ theme: 'Default Light Modern', viewport: { width: 1100, height: 860 } });
    await openFlowcastBoard(wb.page);
    // The Board gets the sidebar's height (the Backlogs and AI Usage views are folded), as a user who works from it would set it.
    for (const view of ['Backlogs', 'AI Usage']) {
      const header = wb.page.locator(`.pane-header:has(h3.title:text-is("${view}"))`).first();
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    await newBacklog(wb.page, 'Usability');
    await (await frameOf('sidebar')).locator('#board-title', { hasText: 'Usability' }).waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await wb?.close();
  });

  it('an empty backlog shows one start panel (Add item, Import, Generate with AI) instead of five "No items" columns', async () => {
    const sidebar = await frameOf('sidebar');
    await sidebar.locator('#start').waitFor({ timeout: 10_000 });
    assert.equal(await sidebar.locator('section.column').count(), 0);
    assert.equal(await sidebar.getByText('No items').count(), 0);
    for (const id of ['#start-add', '#start-import', '#start-generate']) assert.equal(await sidebar.locator(id).count(), 1, `${id} is there`);
    await screenshot(wb.page, 'board-empty-light');
    // "Add item" runs the existing New Item command (its template picker opens in VS Code).
    await sidebar.locator('#start-add').click();
    await wb.page.locator('.quick-input-widget input[placeholder*="template"]').waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Escape');
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForTimeout(800);
    await screenshot(wb.page, 'board-empty-dark');
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForTimeout(800);
  });

  it('the sidebar shows the add box and one filter field first; chips, views, swimlanes and Board/List are behind the filter button (remembered)', async () => {
    const sidebar = await frameOf('sidebar');
    await addCards(sidebar, ['First card', 'Second card', 'Third card']);
    assert.equal(await sidebar.locator('details.chip').count(), 0, 'chips are folded away');
    assert.equal(await sidebar.locator('#mode-board').count(), 0, 'the Board/List toggle is folded away');
    const top = await sidebar.locator('section.column').first().evaluate((e) => (e as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top);
    assert.ok(top < 110, `the first column starts ${Math.round(top)} px below the top of the view (was about 200)`);
    await sidebar.locator('#filters-toggle').click();
    await sidebar.locator('details.chip[data-field="type"]').waitFor();
    assert.equal(await sidebar.locator('#filters-toggle').getAttribute('aria-expanded'), 'true');
    await sidebar.locator('#filters-toggle').click();
    assert.equal(await sidebar.locator('details.chip').count(), 0);
    // Placeholders fit the sidebar's width (nothing cut off).
    for (const sel of ['#new-title input', '#filter input']) {
      const fit = await sidebar.locator(sel).evaluate((el) => {
        const input = el as unknown as { placeholder: string; clientWidth: number };
        const cs = (globalThis as unknown as Win).getComputedStyle(el);
        const ctx = (globalThis as unknown as Win).document.createElement('canvas').getContext('2d');
        ctx.font = cs.font;
        return { text: ctx.measureText(input.placeholder).width, room: input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) };
      });
      assert.ok(fit.text <= fit.room, `${sel}: placeholder ${Math.round(fit.text)} px fits in ${fit.room} px`);
    }
    await screenshot(wb.page, 'board-sidebar-dense-light');
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForTimeout(800);
    await screenshot(wb.page, 'board-sidebar-dense-dark');
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForTimeout(800);
  });

  it('labels: distinct names for Add, copy-as-prompt and clear-filters; the help has a title and a close button', async () => {
    const sidebar = await frameOf('sidebar');
    assert.equal(await sidebar.locator('#add-item').getAttribute('aria-label'), 'Add item to Backlog');
    const card = sidebar.locator('li.card').first();
    await card.hover();
    const prompt = card.locator('vscode-toolbar-button[data-action="copyPrompt"]');
    assert.notEqual(await prompt.getAttribute('icon'), 'sparkle', 'not the sparkle of "Generate"');
    assert.match((await prompt.getAttribute('title')) ?? '', /AI prompt/);
    await sidebar.locator('#filter input').fill('First');
    await sidebar.locator('#clear-filters').waitFor();
    assert.equal(await sidebar.locator('#clear-filters').getAttribute('label'), 'Clear filters');
    await sidebar.locator('#clear-filters').click();
    await waitFor('all cards back', async () => (await sidebar.locator('li.card').count()) === 3);
    await sidebar.locator('#help-toggle').click();
    assert.equal(await sidebar.locator('#shortcuts h2').innerText(), 'Keyboard shortcuts');
    await sidebar.locator('#help-close').click();
    assert.equal(await sidebar.locator('#shortcuts').count(), 0, 'the close button hides the help');
  });

  it('a single click selects the card and shows it; no bulk bar for one card', async () => {
    const sidebar = await frameOf('sidebar');
    const card = sidebar.locator('li.card', { hasText: 'Second card' });
    await card.click();
    await waitFor('the card shown selected', async () => /\bselected\b/.test((await card.getAttribute('class')) ?? ''));
    assert.match((await card.getAttribute('aria-label')) ?? '', /selected/);
    assert.equal(await sidebar.locator('.bulkbar').count(), 0);
    const bg = await card.evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const other = await sidebar.locator('li.card', { hasText: 'Third card' }).evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    assert.notEqual(bg, other, 'the selected card looks different');
    // Ctrl+click adds a second card: now the bulk bar is there.
    await sidebar.locator('li.card', { hasText: 'Third card' }).click({ modifiers: ['Control'] });
    await sidebar.locator('.bulkbar .count', { hasText: '2 selected' }).waitFor();
    await sidebar.locator('#bulk-clear').click();
  });

  it('with "flowcast.board.singleClick": "open", a single click opens the item in the editor (the setting applies without a reload)', async () => {
    const settings = path.join(wb.tmp, 'workspace', '.vscode', 'settings.json');
    await fs.mkdir(path.dirname(settings), { recursive: true });
    await fs.writeFile(settings, JSON.stringify({ 'flowcast.board.singleClick': 'open' }));
    try {
      const sidebar = await frameOf('sidebar');
      const card = sidebar.locator('li.card', { hasText: 'Third card' });
      // VS Code reads the changed file within a moment; until then a click still selects.
      let editor: Frame | undefined;
      const end = Date.now() + 30_000;
      while (!editor && Date.now() < end) {
        await card.click();
        editor = await findWebviewFrame(wb.page, 'flowcast-editor', undefined, 3_000).catch(() => undefined);
      }
      assert.ok(editor, 'the item editor opened on a single click');
      const title = editor.locator('#f-title');
      await title.waitFor({ timeout: 15_000 });
      assert.equal(await title.evaluate((el) => (el as unknown as { value: string }).value), 'Third card');
      await runCommand(wb.page, 'View: Close Editor');
    } finally {
      await fs.writeFile(settings, '{}');
    }
  });

  it('in the light theme the selected Board/List icon has at least 3:1 contrast on its background', async () => {
    const sidebar = await frameOf('sidebar');
    await sidebar.locator('#filters-toggle').click();
    const c = await sidebar.locator('#mode-board').evaluate((b) => {
      const icon = (b as unknown as { querySelector(s: string): unknown }).querySelector('vscode-icon');
      return { fg: (globalThis as unknown as Win).getComputedStyle(icon).color, bg: (globalThis as unknown as Win).getComputedStyle(b).backgroundColor, base: (globalThis as unknown as Win).getComputedStyle((globalThis as unknown as Win).document.body).backgroundColor };
    });
    await sidebar.locator('#filters-toggle').click();
    const ratio = contrast(c.fg, c.bg, c.base);
    assert.ok(ratio >= 3, `icon ${c.fg} on ${c.bg}: ${ratio.toFixed(2)}:1`);
  });

  it('right-click on a card in the sidebar shows the Flowcast menu; "Move to Status…" moves it', async () => {
    const sidebar = await frameOf('sidebar');
    const card = sidebar.locator('li.card', { hasText: 'First card' });
    const id = await card.getAttribute('data-id');
    await card.click({ button: 'right' });
    await menuItem('Move to Status').waitFor({ timeout: 10_000 });
    for (const label of ['Open Item', 'Copy Item as Markdown', 'Archive Item', 'Delete Item']) assert.equal(await menuItem(label).count(), 1, `${label} is in the menu`);
    assert.equal(await menuItem('Cut').count(), 0, 'not the default Cut / Copy / Paste menu');
    await screenshot(wb.page, 'board-context-menu-light');
    await menuItem('Move to Status').click();
    const quick = wb.page.locator('.quick-input-widget input');
    await quick.waitFor({ state: 'visible' });
    await quick.fill('Done');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Done' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await sidebar.locator(`section.column[data-status="done"] li.card[data-id="${id}"]`).waitFor({ timeout: 10_000 });
  });

  it('right-click on a card in the editor-tab board; "Archive Item" archives it', async () => {
    await runCommand(wb.page, 'Flowcast: Open Board');
    try {
      await (await frameOf('panel')).locator('#board-title', { hasText: 'Usability' }).waitFor({ timeout: 20_000 });
    } catch (err) {
      await screenshot(wb.page, 'board-usability-no-panel');
      throw err;
    }
    const panel = await frameOf('panel');
    const card = panel.locator('li.card', { hasText: 'Third card' });
    await card.waitFor({ timeout: 15_000 });
    await card.click({ button: 'right' });
    await menuItem('Archive Item').waitFor({ timeout: 10_000 });
    // VS Code's context menu ignores a click that comes right as it opens (as a person's would not)
    await wb.page.waitForTimeout(400);
    await menuItem('Archive Item').click();
    try {
      await panel.locator('li.card', { hasText: 'Third card' }).waitFor({ state: 'detached', timeout: 10_000 });
    } catch (err) {
      await screenshot(wb.page, 'board-usability-archive-failed');
      throw err;
    }
  });

  it('the editor-tab board shows that more columns are on the right (edge fade and a scroll button)', async () => {
    const panel = await frameOf('panel');
    await panel.locator('#board').waitFor();
    const overflow = await panel.locator('#board').evaluate((b) => {
      const el = b as unknown as { scrollWidth: number; clientWidth: number };
      return el.scrollWidth - el.clientWidth;
    });
    assert.ok(overflow > 4, `the columns are wider than the tab (${overflow} px more)`);
    await panel.locator('#scroll-right').waitFor({ timeout: 5000 });
    const start = await panel.locator('#board').evaluate((b) => (b as unknown as { scrollLeft: number }).scrollLeft);
    // Each click scrolls by one column; at the end the button goes away.
    for (let k = 0; k < 8 && (await panel.locator('#scroll-right').count()); k++) {
      await panel.locator('#scroll-right').click();
      await wb.page.waitForTimeout(600);
    }
    await waitFor('scrolled to the end', async () => (await panel.locator('#scroll-right').count()) === 0);
    assert.ok((await panel.locator('#board').evaluate((b) => (b as unknown as { scrollLeft: number }).scrollLeft)) > start, 'the board scrolled right');
    await screenshot(wb.page, 'board-panel-scrolled-light');
  });

  it('the ResizeObserver notice is not logged as an error, and no CSP violation happened', async () => {
    const logs: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (/Flowcast\.log$/.test(e.name)) logs.push(await fs.readFile(p, 'utf8'));
      }
    };
    await walk(wb.userDataDir);
    assert.ok(logs.length > 0, 'the Flowcast log was found');
    assert.doesNotMatch(logs.join('\n'), /ResizeObserver/);
    assert.deepEqual(cspViolations(wb), []);
  });
});
