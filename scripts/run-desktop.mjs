// npm run test:desktop: the same integration suites in desktop VS Code via @vscode/test-electron.
// Needs internet (to download VS Code) or VSCODE_EXECUTABLE pointing at a local VS Code binary.
// Not part of npm test: these machines have no internet; npm test runs the suites in code-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcast-desktop-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
const common = {
  // Flowcast plus the test language-model extension (the vscode.lm adapter's tests need a model).
  extensionDevelopmentPath: [root, path.join(root, 'test/fixtures/lm-test-extension')],
  vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(tmp, 'user-data')}`],
};
let failed = 0;
for (const suite of ['out/test/integration/index.js', 'out/test/integration/restart/index.js']) {
  try {
    await runTests({ ...common, extensionTestsPath: path.join(root, suite) });
  } catch (err) {
    console.error(`${suite} failed: ${err instanceof Error ? err.message : String(err)}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
