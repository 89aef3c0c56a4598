// Runs the mocha integration suites inside a real VS Code extension host (code-server + Chromium,
// offline). Phase 1 runs the main suite; phase 2 opens a new window (a new extension host) on the
// same workspace and user data, and checks what phase 1 left on disk.
// FLOWCAST_IT_FILES=<regex> runs only the matching suite files (and skips phase 2).
// Prints "integration: N passed, M failed" and exits non-zero on any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { startCodeServer } from './code-server.mjs';
import { launchBrowser, workbenchUrl } from './browser.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const verbose = process.env.FLOWCAST_TEST_VERBOSE === '1';
const SUITE_TIMEOUT_MS = 5 * 60_000;
/** Test-only extensions installed next to Flowcast (a scriptable chat model for vscode.lm). */
const TEST_EXTENSIONS = [path.join(root, 'test/fixtures/lm-test-extension')];

/**
 * Installs the test-only extensions into the run's fresh --extensions-dir as unpacked folders
 * named <publisher>.<name>-<version>, which code-server loads at startup. (They cannot be a second
 * development path: the web workbench keeps the URL payload in a Map, so only the last
 * "extensionDevelopmentPath" entry survives.)
 */
function installTestExtensions(extensionsDir) {
  for (const src of TEST_EXTENSIONS) {
    const manifest = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
    fs.cpSync(src, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
}

function prepareWorkspace(tmp) {
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, 'test/fixtures/workspace'), ws, { recursive: true });
  return ws;
}

const NOISE = [/ENOTFOUND/, /marketplace/i, /An unknown error occurred/, /net::ERR_/, /telemetry/i, /\(Canceled: Canceled\)/, /^\s+at .*\/static\/out\//, /chat editing session/i, /"name":"Canceled"/];

async function runSuite(browser, base, folder, testsPath, label) {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  let result;
  let exitCode;
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    for (const line of text.split('\n')) {
      if (line.startsWith('FLOWCAST_RESULT ')) {
        result = JSON.parse(line.slice('FLOWCAST_RESULT '.length));
        continue;
      }
      if (line.startsWith('FLOWCAST_TEST ')) console.log(`  ${line.slice('FLOWCAST_TEST '.length)}`);
      else if (verbose && line.trim() && !NOISE.some((re) => re.test(line))) console.log(`  [vscode:${type}] ${line}`);
    }
  });
  const url = workbenchUrl(base, { folder, extensionPath: root, testsPath });
  console.log(`\n[${label}] ${testsPath}`);
  await page.goto(url);
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
  const outcome = await Promise.race([exited, timer]);
  if (outcome === 'timeout') console.log(`[${label}] timed out after ${SUITE_TIMEOUT_MS / 1000} s`);
  // Leaving the page shuts this window's extension host down (deactivate runs).
  await page.goto('about:blank').catch(() => undefined);
  await context.close().catch(() => undefined);
  if (!result) result = { passed: 0, failed: 1, failures: [{ title: `${label}: no result (exit ${exitCode ?? outcome})`, error: '' }] };
  if (exitCode !== 0 && result.failed === 0) result.failed = 1;
  return result;
}

async function main() {
  for (const f of ['dist/extension.js', 'out/test/integration/index.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run "npm run build && npm run compile-tests" first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcast-it-'));
  const folder = prepareWorkspace(tmp);
  const extensionsDir = path.join(tmp, 'extensions');
  installTestExtensions(extensionsDir);
  const server = await startCodeServer({ userDataDir: path.join(tmp, 'user-data'), extensionsDir, quiet: !verbose });
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  const failures = [];
  try {
    for (const [testsPath, label] of [
      [path.join(root, 'out/test/integration/index.js'), 'integration'],
      [path.join(root, 'out/test/integration/restart/index.js'), 'integration-after-restart'],
    ].filter(([, label]) => !process.env.FLOWCAST_IT_FILES || label === 'integration')) {
      const r = await runSuite(browser, server.url, folder, testsPath, label);
      passed += r.passed;
      failed += r.failed;
      failures.push(...(r.failures ?? []));
      // give the previous extension host time to flush and exit before the next window starts
      await new Promise((res) => setTimeout(res, 1500));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    if (failed === 0 && !process.env.FLOWCAST_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`(kept ${tmp} for inspection; extension host logs under user-data/logs)`);
  }
  for (const f of failures) console.log(`\n  FAILED: ${f.title}\n${f.error}`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log('integration: 0 passed, 1 failed');
  process.exit(1);
});
