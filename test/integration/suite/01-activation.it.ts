import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, EXTENSION_ID } from '../helpers';

describe('activation (real VS Code)', () => {
  it('activates and returns the public API with the package version', async () => {
    const api = await activate();
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { version: string };
    assert.equal(api.version, pkg.version);
    assert.equal(typeof api.listBacklogs, 'function');
    assert.equal(typeof api.createItem, 'function');
  });

  it('activation does not load sql.js: it loads on first use of a backlog', async () => {
    const api = await activate();
    assert.equal(api.__testing.isSqlJsLoaded(), false);
    const loaded = Object.keys(require.cache).filter((k) => k.endsWith('sqljs.js') || k.includes('sql-wasm'));
    assert.deepEqual(loaded, []);
  });

  it('registers every command the manifest declares', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of pkg.contributes.commands) assert.ok(all.has(c.command), `${c.command} is not registered`);
  });

  it('stores backlogs in the workspace storage folder', async () => {
    const api = await activate();
    assert.match(api.__testing.storageDir.replace(/\\/g, '/'), /\/workspaceStorage\/[^/]+\/flowcast\.flowcast\/backlogs$/);
  });
});
