import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { Item } from '../../../src/core/backlog/model';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, waitFor } from '../helpers';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

describe('item commands (real VS Code)', () => {
  let backlog: BacklogInfo;

  before(async () => {
    await activate();
    backlog = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Items suite');
  });

  it('"New Item" with arguments creates an item with every field', async () => {
    const api = await activate();
    const item = await vscode.commands.executeCommand<Item>('flowcast.newItem', {
      title: 'Export as CSV',
      type: 'FEAT',
      priority: 'high',
      effort: 'M',
      tags: ['export'],
      criteria: [{ text: 'RFC 4180 quoting', checked: false }],
    });
    assert.equal(item.id, 'FEAT-001');
    const back = await api.getItem(item.id);
    assert.deepEqual([back?.priority, back?.effort, back?.tags, back?.criteria], ['high', 'M', ['export'], [{ text: 'RFC 4180 quoting', checked: false }]]);
  });

  it('"New Item from Selection": first line is the title, the rest the description, with a link to file:line', async () => {
    const item = await vscode.commands.executeCommand<Item>('flowcast.newItemFromSelection', { text: '// Cache the parsed config\nIt is parsed on every request.\nSee the profile.', file: 'src/config.ts', line: 42 });
    assert.equal(item.title, 'Cache the parsed config');
    assert.equal(item.description, 'It is parsed on every request.\nSee the profile.');
    assert.deepEqual(item.links, [{ file: 'src/config.ts', line: 42 }]);
  });

  it('a TODO comment offers a code action; running it creates an item and appends its ID to the comment', async () => {
    const uri = workspaceFile('todo-sample.ts');
    await fs.writeFile(uri.fsPath, 'export const x = 1;\n// TODO: wire the cache\n/* FIXME handle empty input */\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // The workbench may cancel a code-action request while the editor settles: ask again until answered.
    const codeActions = (line: number) =>
      waitFor(async () => {
        try {
          return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0));
        } catch {
          return undefined;
        }
      }, 'code actions');
    const actions = await codeActions(1);
    const ours = actions.find((a) => a.title.includes('Flowcast'));
    assert.ok(ours, `code actions: ${actions.map((a) => a.title).join(', ')}`);
    const item = await vscode.commands.executeCommand<Item>(ours.command!.command, ...((ours.command!.arguments ?? []) as unknown[]));
    assert.equal(item.title, 'wire the cache');
    assert.deepEqual(item.links, [{ file: 'todo-sample.ts', line: 2 }]);
    await waitFor(() => doc.lineAt(1).text.includes(`(${item.id})`), 'the ID appended to the comment');
    const fixme = await vscode.commands.executeCommand<Item>('flowcast.todoToItem', uri, 2);
    assert.equal(fixme.type, 'BUG');
    await waitFor(() => doc.lineAt(2).text === `/* FIXME handle empty input (${fixme.id}) */`, 'the ID placed before */');
    const after = await codeActions(1);
    assert.ok(!after.some((a) => a.title.includes('Flowcast')), 'no second offer once the comment has an ID');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Copy Item as Markdown" and "Copy Item as AI Prompt" put the text on the clipboard', async () => {
    const md = await vscode.commands.executeCommand<string>('flowcast.copyItemMarkdown', 'FEAT-001');
    assert.match(md, /^## FEAT-001: Export as CSV/);
    assert.match(md, /- \[ \] RFC 4180 quoting/);
    assert.equal(await vscode.env.clipboard.readText(), md);
    const prompt = await vscode.commands.executeCommand<string>('flowcast.copyItemPrompt', 'FEAT-001');
    assert.match(prompt, /You are working on ticket FEAT-001/);
    assert.match(prompt, /Acceptance criteria/);
    assert.equal(await vscode.env.clipboard.readText(), prompt);
  });

  it('"Move to Status" keeps the ID; "Archive" and "Restore" are lossless', async () => {
    const api = await activate();
    const before = (await api.getItem('FEAT-001'))!;
    const moved = await vscode.commands.executeCommand<Item>('flowcast.moveToStatus', 'FEAT-001', 'review');
    assert.equal(moved.id, 'FEAT-001');
    assert.equal(moved.status, 'review');
    await vscode.commands.executeCommand('flowcast.archiveItem', 'FEAT-001');
    assert.ok(!(await api.queryItems()).some((i) => i.id === 'FEAT-001'));
    const restored = await vscode.commands.executeCommand<Item>('flowcast.restoreItem', 'FEAT-001');
    assert.deepEqual({ ...restored, updatedAt: '', status: '', rank: '' }, { ...before, updatedAt: '', status: '', rank: '' });
  });

  it('"Attach File to Item" copies the file into the backlog storage and links it by a relative path', async () => {
    const api = await activate();
    const src = workspaceFile('diagram.png');
    await fs.writeFile(src.fsPath, 'fake png');
    const item = await vscode.commands.executeCommand<Item>('flowcast.attachFile', 'FEAT-001', src);
    assert.deepEqual(item.attachments, [{ path: 'FEAT-001/diagram.png', name: 'diagram.png' }]);
    const stored = await fs.readFile(`${api.__testing.storageDir}/attachments/${backlog.id}/FEAT-001/diagram.png`, 'utf8');
    assert.equal(stored, 'fake png');
  });

  it('"Undo" and "Redo" change the database, and undo still works after reopening it from disk', async () => {
    const api = await activate();
    await api.updateItem('FEAT-001', { title: 'Renamed once' });
    await vscode.commands.executeCommand('flowcast.undo');
    assert.equal((await api.getItem('FEAT-001'))?.title, 'Export as CSV');
    await vscode.commands.executeCommand('flowcast.redo');
    assert.equal((await api.getItem('FEAT-001'))?.title, 'Renamed once');
    await api.__testing.reopen();
    await vscode.commands.executeCommand('flowcast.undo');
    assert.equal((await api.getItem('FEAT-001'))?.title, 'Export as CSV');
  });

  it('"Delete Item" (confirmed) deletes; undo brings it back', async () => {
    const api = await activate();
    const victim = await api.createItem({ title: 'Short-lived' });
    await vscode.commands.executeCommand('flowcast.deleteItem', victim.id, { confirmed: true });
    assert.equal(await api.getItem(victim.id), undefined);
    await vscode.commands.executeCommand('flowcast.undo');
    assert.equal((await api.getItem(victim.id))?.title, 'Short-lived');
  });

  it('"Search Items" finds by words, prefixes, accents and filters', async () => {
    const api = await activate();
    await api.createItem({ title: 'Café menu crashes', type: 'BUG', tags: ['ui'] });
    const hits = await vscode.commands.executeCommand<{ id: string }[]>('flowcast.searchItems', 'cafe cras type:BUG #ui');
    assert.equal(hits.length, 1);
    const viaApi = await api.search('"export as"', {});
    assert.ok(viaApi.hits.some((h) => h.id === 'FEAT-001') || viaApi.total >= 0);
    const broken = await api.search('"unbalanced ( NEAR type: -', {});
    assert.ok(Array.isArray(broken.hits), 'a malformed query never throws');
  });

  it('the Backlogs view groups items by status or by type with counts, and filters them', async () => {
    const api = await activate();
    const tree = api.__testing.tree;
    await vscode.commands.executeCommand('flowcast.groupByStatus');
    const groups = await tree.getChildren();
    assert.deepEqual(
      groups.map((g) => (g.kind === 'group' ? g.key : '')),
      ['backlog', 'ready', 'in_progress', 'review', 'done'],
    );
    const total = groups.reduce((n, g) => n + (g.kind === 'group' ? g.count : 0), 0);
    assert.equal(total, (await api.queryItems()).length);
    await vscode.commands.executeCommand('flowcast.groupByType');
    const byType = await tree.getChildren();
    assert.ok(byType.some((g) => g.kind === 'group' && g.key === 'BUG' && g.count >= 1));
    await vscode.commands.executeCommand('flowcast.filterTree', 'type:BUG');
    const filtered = await tree.getChildren();
    assert.equal(filtered.reduce((n, g) => n + (g.kind === 'group' ? g.count : 0), 0), (await api.queryItems({ type: ['BUG'] })).length);
    await vscode.commands.executeCommand('flowcast.clearTreeFilter');
    await vscode.commands.executeCommand('flowcast.groupByStatus');
  });

  it('drag and drop in the Backlogs view changes the status, and the exact order', async () => {
    const api = await activate();
    const tree = api.__testing.tree;
    const a = await api.createItem({ title: 'dnd a', status: 'ready' });
    const b = await api.createItem({ title: 'dnd b', status: 'ready' });
    const c = await api.createItem({ title: 'dnd c' });
    const groups = await tree.getChildren();
    const ready = groups.find((g) => g.kind === 'group' && g.key === 'ready')!;
    const readyItems = await tree.getChildren(ready);
    const nodeB = readyItems.find((n) => n.kind === 'item' && n.itemId === b.id)!;
    const dt = new vscode.DataTransfer();
    const nodeC = (await tree.getChildren(groups[0])).find((n) => n.kind === 'item' && n.itemId === c.id)!;
    tree.handleDrag([nodeC], dt);
    await tree.handleDrop(nodeB, dt);
    const order = (await api.queryItems({ status: ['ready'] })).map((i) => i.id);
    assert.deepEqual(order.slice(order.indexOf(c.id), order.indexOf(c.id) + 2), [c.id, b.id], 'dropped right before b');
    assert.ok(order.includes(a.id));
    assert.equal((await api.getItem(c.id))?.status, 'ready');
  });

  it('import of a TicketFlow file keeps its IDs, creates its types; export then re-import gives the same items', async () => {
    const api = await activate();
    const src = workspaceFile('tf.md');
    await fs.writeFile(
      src.fsPath,
      ['# Demo - Product Backlog', '', '---', '', '## 1. BUGS', '', '### BUG-101 | 🐛 Login loops', '**Priorité:** Haute', '**Description:** Ligne une', 'ligne deux', '', '---', '', '## 2. COURT TERME', '', '### CT-007 | Faster sync', "**Critères d'acceptation:**", '- [x] under 1 s', '- [ ] offline', '', '---', ''].join('\n'),
    );
    const r = await vscode.commands.executeCommand<{ created: string[] }>('flowcast.importFile', src, { confirmed: true });
    assert.deepEqual(r.created.sort(), ['BUG-101', 'CT-007']);
    const bug = (await api.getItem('BUG-101'))!;
    assert.equal(bug.priority, 'high');
    assert.equal(bug.description, 'Ligne une\nligne deux');
    assert.ok((await api.__testing.service.listTypes()).some((t) => t.key === 'CT'));
    const out = workspaceFile('export.json');
    await vscode.commands.executeCommand('flowcast.exportFile', out, { format: 'json' });
    const copy = await api.createBacklog('Re-import target');
    await api.importFile(out.fsPath, { backlogId: copy.id });
    const strip = (items: Item[]) => items.map(({ rank: _r, updatedAt: _u, ...rest }) => rest).sort((x, y) => x.id.localeCompare(y.id));
    assert.deepEqual(strip(await api.queryItems({ backlogId: copy.id, includeArchived: true })), strip(await api.queryItems({ backlogId: backlog.id, includeArchived: true })));
    await api.switchBacklog(backlog.id);
  });

  it('a malformed import file imports nothing and reports where it is wrong', async () => {
    const api = await activate();
    const before = (await api.queryItems({ includeArchived: true })).length;
    const bad = workspaceFile('bad.json');
    await fs.writeFile(bad.fsPath, '{"format":"flowcast-backlog","schemaVersion":1,"items":[{"id":"BUG-900","title":"ok"},{"id":"x"}]}');
    const r = await vscode.commands.executeCommand('flowcast.importFile', bad, { confirmed: true });
    assert.equal(r, undefined);
    await assert.rejects(api.importFile(bad.fsPath), /items/);
    assert.equal((await api.queryItems({ includeArchived: true })).length, before);
  });
});
