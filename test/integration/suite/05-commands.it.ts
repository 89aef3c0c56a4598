import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, exists } from '../helpers';

describe('backlog commands with arguments (real VS Code)', () => {
  it('switch, rename and delete (confirmed) work without prompts when given arguments', async () => {
    const api = await activate();
    const a = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Cmd A');
    const b = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Cmd B');
    await vscode.commands.executeCommand('flowcast.switchBacklog', a.id);
    assert.equal((await api.getActiveBacklog())?.id, a.id);
    await vscode.commands.executeCommand('flowcast.renameBacklog', a.id, 'Cmd A renamed');
    assert.equal((await api.listBacklogs()).find((x) => x.id === a.id)?.name, 'Cmd A renamed');
    const r = await vscode.commands.executeCommand<{ trashedTo: string }>('flowcast.deleteBacklog', { id: b.id }, { confirmed: true });
    assert.ok(await exists(r.trashedTo));
    assert.ok(!(await exists(path.join(api.__testing.storageDir, `${b.id}.db`))));
    assert.ok(!(await api.listBacklogs()).some((x) => x.id === b.id));
  });

  it('an invalid name is refused with a message and creates nothing', async () => {
    const api = await activate();
    const before = await api.listBacklogs();
    const r = await vscode.commands.executeCommand('flowcast.newBacklog', '   ');
    assert.equal(r, undefined);
    assert.deepEqual(await api.listBacklogs(), before);
  });

  it('a duplicate name is refused', async () => {
    const api = await activate();
    const before = await api.listBacklogs();
    const r = await vscode.commands.executeCommand('flowcast.newBacklog', before[0].name.toUpperCase());
    assert.equal(r, undefined);
    assert.equal((await api.listBacklogs()).length, before.length);
  });
});
