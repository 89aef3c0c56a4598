// Target dates in real VS Code (issue #14): set through "New Item" with arguments and the public
// API (a bad date is refused naming the field), kept when the backlog is reopened from disk, and
// carried by every export format through an import into another backlog.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Item } from '../../../src/core/backlog/model';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate } from '../helpers';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

describe('target dates (real VS Code)', () => {
  let backlog: BacklogInfo;
  let previous: BacklogInfo | undefined;

  before(async () => {
    const api = await activate();
    previous = await api.getActiveBacklog();
    backlog = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Target date suite');
  });

  after(async () => {
    // Back to the backlog that was active before (the restart check reads the last one switched to).
    if (previous) await vscode.commands.executeCommand('flowcast.switchBacklog', previous.id);
  });

  it('"New Item" with a target date and api.updateItem set it; a date that does not exist is refused naming the field; reopening from disk keeps it', async () => {
    const api = await activate();
    const item = await vscode.commands.executeCommand<Item>('flowcast.newItem', { title: 'Ship the export', type: 'FEAT', targetDate: '2027-03-31' });
    assert.equal(item.targetDate, '2027-03-31');
    const other = await api.createItem({ title: 'Write the release notes' });
    assert.equal(other.targetDate, null);
    assert.equal((await api.updateItem(other.id, { targetDate: '2027-04-15' })).targetDate, '2027-04-15');
    await assert.rejects(api.updateItem(other.id, { targetDate: '2027-02-30' }), (e: Error & { field?: string }) => e.field === 'patch.targetDate' && /targetDate/.test(e.message));
    await api.__testing.reopen(backlog.id);
    assert.equal((await api.getItem(item.id))?.targetDate, '2027-03-31');
    assert.equal((await api.getItem(other.id))?.targetDate, '2027-04-15');
  });

  it('export then import into another backlog keeps the target dates, in every format (Flowcast Markdown, TicketFlow Markdown, JSON, CSV)', async () => {
    const api = await activate();
    const want = (await api.queryItems({ backlogId: backlog.id })).map((i) => [i.id, i.targetDate]).sort();
    assert.ok(want.some(([, d]) => d), 'the suite backlog has target dates');
    for (const [format, file] of [
      ['flowcast-md', 'targets.md'],
      ['ticketflow', 'targets-tf.md'],
      ['json', 'targets.json'],
      ['csv', 'targets.csv'],
    ] as const) {
      const out = workspaceFile(file);
      await api.exportFile(out.fsPath, { backlogId: backlog.id, format });
      const copy = await api.createBacklog(`Targets via ${format}`);
      await api.importFile(out.fsPath, { backlogId: copy.id, format });
      const got = (await api.queryItems({ backlogId: copy.id })).map((i) => [i.id, i.targetDate]).sort();
      assert.deepEqual(got, want, format);
    }
  });
});
