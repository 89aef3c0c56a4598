// npm start: build, then open Flowcast in VS Code with a demo workspace whose backlog is seeded.
// Desktop VS Code when `code` is on PATH; otherwise code-server in the browser on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer } from './code-server.mjs';
import { workbenchUrl } from './browser.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const demo = path.join(root, '.flowcast-demo');
const workspace = path.join(demo, 'workspace');

function prepareWorkspace() {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'flowcast.demo.seedIfEmpty': true }, null, 2) + '\n',
  );
  const readme = path.join(workspace, 'README.md');
  if (!fs.existsSync(readme)) fs.writeFileSync(readme, '# Flowcast demo workspace\n\nOpen the Flowcast view in the activity bar.\n');
}

function hasCode() {
  if (process.env.FLOWCAST_START_WEB === '1') return false;
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' });
  return r.status === 0;
}

const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
prepareWorkspace();

if (hasCode()) {
  console.log('Opening Flowcast in desktop VS Code (Extension Development Host)...');
  const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = Number(process.env.FLOWCAST_PORT || 8080);
  const server = await startCodeServer({
    port,
    userDataDir: path.join(demo, 'user-data'),
    extensionsDir: path.join(demo, 'extensions'),
    quiet: true,
  });
  const url = workbenchUrl(server.url, { folder: workspace, extensionPath: root });
  console.log('\nFlowcast is running in VS Code (code-server) on 127.0.0.1 only. Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log(`(short form: ${server.url} opens VS Code without Flowcast loaded; use the URL above)`);
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
