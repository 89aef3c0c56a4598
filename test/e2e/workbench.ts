// Starts a real VS Code (code-server) with Flowcast loaded in development mode and drives it from
// Debian Chromium with playwright-core. Shared by the UI tests and the UI benchmarks.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, ConsoleMessage, Frame, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const RESULTS = path.join(ROOT, 'test-results');
const FLOWCAST_ACTIVITY = '.activitybar .action-item a[aria-label^="Flowcast"], .activitybar .action-item[aria-label^="Flowcast"]';

interface CodeServer {
  url: string;
  stop(): Promise<void>;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  tmp: string;
  userDataDir: string;
  console: { type: string; text: string; url: string }[];
  close(): Promise<void>;
}

export async function openWorkbench(opts: { theme?: string; viewport?: { width: number; height: number }; workspaceSettings?: Record<string, unknown> } = {}): Promise<Workbench> {
  const cs = (await import(pathToFileURL(path.join(ROOT, 'scripts/code-server.mjs')).href)) as {
    startCodeServer(o: { userDataDir: string; extensionsDir: string; quiet?: boolean }): Promise<CodeServer>;
  };
  const br = (await import(pathToFileURL(path.join(ROOT, 'scripts/browser.mjs')).href)) as {
    launchBrowser(): Promise<Browser>;
    workbenchUrl(base: string, o: { folder: string; extensionPath: string }): string;
  };
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcast-ui-'));
  const folder = path.join(tmp, 'workspace');
  await fs.cp(path.join(ROOT, 'test/fixtures/workspace'), folder, { recursive: true });
  if (opts.workspaceSettings) {
    // Present before VS Code starts (as `npm start` writes them): read at the first activation.
    await fs.mkdir(path.join(folder, '.vscode'), { recursive: true });
    await fs.writeFile(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings, null, 2));
  }
  const userDataDir = path.join(tmp, 'user-data');
  await fs.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await writeSettings(userDataDir, { 'workbench.colorTheme': opts.theme ?? 'Default Dark Modern' });
  // The extension registers its test-only demo commands only when this is set (never in npm start).
  process.env.FLOWCAST_TEST_COMMANDS = '1';
  const server = await cs.startCodeServer({ userDataDir, extensionsDir: path.join(tmp, 'extensions') });
  const browser = await br.launchBrowser();
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  const consoleLog: Workbench['console'] = [];
  page.on('console', (m: ConsoleMessage) => consoleLog.push({ type: m.type(), text: m.text(), url: m.location().url }));
  await page.goto(br.workbenchUrl(server.url, { folder, extensionPath: ROOT }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The development extension's contributions are in once its activity-bar entry is there.
  await page.locator(FLOWCAST_ACTIVITY).first().waitFor({ timeout: 60_000 });
  return {
    page,
    browser,
    tmp,
    userDataDir,
    console: consoleLog,
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
      await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

export async function writeSettings(userDataDir: string, settings: Record<string, unknown>): Promise<void> {
  await fs.writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'workbench.tips.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, ...settings }, null, 2));
}

/** Runs a command through the command palette, as a user would. */
export async function runCommand(page: Page, label: string): Promise<void> {
  // A modal dialog that is still closing makes the workbench inert: the palette would open and
  // close again under it. Wait until it is gone.
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
  const input = page.locator('.quick-input-widget input');
  // On a loaded machine the palette sometimes opens and closes again before it takes the text
  // (focus moving to a webview that is still loading): try again, as a person would.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${label}`, { timeout: 10_000 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
  await page.keyboard.press('Enter');
}

/** Finds the webview frame whose document contains `selector` (webviews are nested iframes). */
export async function findWebviewFrame(page: Page, selector: string, predicate?: (f: Frame) => Promise<boolean>, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      try {
        if ((await f.locator(selector).count()) > 0 && (!predicate || (await predicate(f)))) return f;
      } catch {
        // frame detached while we looked
      }
    }
    if (Date.now() > end) throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

/** Console lines that report a Content-Security-Policy violation. */
export function cspViolations(wb: Workbench): string[] {
  return wb.console.filter((m) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text)).map((m) => m.text);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Clicks the Flowcast icon in the activity bar and returns the Board webview's frame. */
export async function openFlowcastBoard(page: Page): Promise<Frame> {
  await page.locator(FLOWCAST_ACTIVITY).first().click({ timeout: 30_000 });
  return findWebviewFrame(page, 'flowcast-board');
}

/** Creates a backlog named `name` through the palette (it becomes the active one). */
export async function newBacklog(page: Page, name: string): Promise<void> {
  const quick = page.locator('.quick-input-widget input');
  await runCommand(page, 'Flowcast: New Backlog');
  await quick.waitFor({ state: 'visible' });
  await quick.fill(name);
  await page.keyboard.press('Enter');
  await quick.waitFor({ state: 'hidden' });
}

/** Opens the board in an editor tab ("Flowcast: Open Board") once it shows the backlog `name`. */
export async function openBoardPanel(page: Page, name: string): Promise<Frame> {
  await runCommand(page, 'Flowcast: Open Board');
  return findWebviewFrame(page, 'flowcast-board', async (f) => (await f.locator('#board-title', { hasText: name }).count()) > 0);
}

/** Adds cards through the board's quick-add box, waiting for each to appear. */
export async function addCards(board: Frame, titles: readonly string[]): Promise<void> {
  for (const t of titles) {
    await board.locator('#new-title input').fill(t);
    await board.locator('#new-title input').press('Enter');
    await board.locator('li.card', { hasText: t }).waitFor();
  }
}

/**
 * Answers VS Code's simple file dialog (already opening) with `file` until `answered()` holds.
 * The dialog fills in its starting path a moment after it opens and, on a loaded machine, can
 * reset what was typed: wait for its value, type, check the value, press Enter, and type again
 * while the dialog is still open and nothing happened. `what` names the screenshot on failure.
 */
export async function answerFileDialog(page: Page, file: string, answered: () => Promise<boolean>, what: string, ready: RegExp = /\//): Promise<void> {
  const quick = page.locator('.quick-input-widget input');
  await quick.waitFor({ state: 'visible', timeout: 20_000 });
  const settled = Date.now() + 15_000;
  while (!ready.test(await quick.inputValue()) && Date.now() < settled) await page.waitForTimeout(100);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await quick.fill(file);
    await page.waitForTimeout(700); // the dialog validates the typed path
    if ((await quick.inputValue()) !== file) continue;
    await page.keyboard.press('Enter');
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      if (await answered()) return;
      await page.waitForTimeout(200);
    }
    if (!(await quick.isVisible())) break;
  }
  if (await answered()) return;
  await screenshot(page, `file-dialog-${what}`);
  throw new Error(`the file dialog did not take ${file} (see test-results/file-dialog-${what}.png)`);
}

/**
 * Creates a backlog named `name` and imports `file` into it through the palette, VS Code's simple
 * file dialog and the import preview (the way a user does it). Waits for "Imported N items".
 */
export async function newBacklogWithImport(page: Page, name: string, file: string, count: number): Promise<void> {
  await newBacklog(page, name);
  await runCommand(page, 'Flowcast: Import Items');
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Import' });
  await answerFileDialog(page, file, () => confirm.isVisible(), `import-${name}`);
  await confirm.click();
  await page.getByText(`Imported ${count} items`).first().waitFor({ timeout: 120_000 });
}

/** Answers VS Code's simple save dialog (already opening) with `file`; waits until the file exists. */
export async function saveThroughDialog(page: Page, file: string, suggested: RegExp): Promise<void> {
  await answerFileDialog(page, file, async () => (await fs.stat(file).catch(() => undefined)) !== undefined, 'save', suggested);
}
