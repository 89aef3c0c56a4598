// TicketFlow interoperability in real VS Code (issue #11): "Import Items…" reads a TicketFlow file
// with both Composant and Module, decorated section titles, Écrans, the 2.x one-line layout and a
// repeated ID (shown in the preview); "Export Items…" writes TicketFlow's French keys whatever the
// UI language and warns naming the items TicketFlow will not show; bad arguments are typed errors.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, withWindowStub } from '../helpers';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}
const FIXTURE = path.join(__dirname, '../../../../test/fixtures/ticketflow-interop.md');

describe('TicketFlow import and export (real VS Code, issue #11)', () => {
  let backlog: BacklogInfo;
  let previous: BacklogInfo | undefined;
  before(async () => {
    previous = await (await activate()).getActiveBacklog();
    backlog = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'TicketFlow interop');
  });

  after(async () => {
    // the restart check expects the backlog that was active before this suite
    if (previous) await vscode.commands.executeCommand('flowcast.switchBacklog', previous.id);
  });

  it('previews a repeated ID, then imports Composant + Module, decorated sections by ID prefix, Écrans and the one-line layout', async () => {
    const api = await activate();
    const src = workspaceFile('ticketflow-interop.md');
    await fs.writeFile(src.fsPath, await fs.readFile(FIXTURE, 'utf8'));
    // The confirmation dialog is answered "cancel": its detail must announce the renumbering.
    let detail = '';
    const cancelled = await withWindowStub(
      'showInformationMessage',
      (...args: unknown[]) => {
        const opts = args[1] as { detail?: string } | undefined;
        if (opts?.detail) detail = opts.detail;
        return Promise.resolve(undefined);
      },
      async () => vscode.commands.executeCommand('flowcast.importFile', src),
    );
    assert.equal(cancelled, undefined);
    assert.match(detail, /CT-001 -> CT-003/);
    assert.equal((await api.queryItems({ includeArchived: true })).length, 0, 'cancelled: nothing imported');

    const r = await vscode.commands.executeCommand<{ created: string[] }>('flowcast.importFile', src, { confirmed: true });
    assert.deepEqual([...r.created].sort(), ['BUG-001', 'BUG-002', 'CT-001', 'CT-002', 'CT-003', 'FEAT-001']);
    const bug = (await api.getItem('BUG-001'))!;
    assert.equal(bug.type, 'BUG');
    assert.equal(bug.component, 'Paiement (Module: Checkout)');
    assert.deepEqual(bug.attachments.map((a) => a.path), ['.backlog-assets/screens/paiement.png', '.backlog-assets/screens/recap.png']);
    const oneLine = (await api.getItem('BUG-002'))!;
    assert.deepEqual([oneLine.component, oneLine.severity, oneLine.priority, oneLine.effort], ['Catalogue', 'P3', 'medium', 'XS']);
    assert.match(oneLine.userStory, /^En tant que client/);
    assert.match(oneLine.description, /^Le prix barré/);
    assert.equal((await api.getItem('CT-001'))!.criteria.length, 2);
    assert.equal((await api.getItem('CT-003'))!.title, "Liste d'envies (doublon)");
    const types = (await api.__testing.service.listTypes(backlog.id)).map((t) => t.key);
    assert.ok(!types.includes('BUGS_HOTFIX') && !types.includes('COURT_TERME_CT'), types.join(', '));
    assert.ok(types.includes('CT'), types.join(', '));
    // FEAT is a type of the backlog (a default one): its prefix wins over the FEATURES section.
    assert.equal((await api.getItem('FEAT-001'))!.type, 'FEAT');
    assert.ok(!types.includes('FEATURES'), types.join(', '));
  });

  it("exports TicketFlow's French keys (Composant / Module) and warns naming items TicketFlow will not show", async () => {
    const api = await activate();
    await api.createItem({ title: 'Invisible to TicketFlow', type: 'T2' });
    const out = workspaceFile('ticketflow-export.md');
    const r = await vscode.commands.executeCommand<{ count: number; warnings: string[] }>('flowcast.exportFile', out, { format: 'ticketflow' });
    assert.equal(r.count, 7);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /T2-001/);
    const text = await fs.readFile(out.fsPath, 'utf8');
    assert.match(text, /\*\*Composant:\*\* Paiement\n\*\*Module:\*\* Checkout\n/);
    assert.match(text, /### CT-002 \| 📦 Suivi de livraison\n<!-- flowcast: .* -->\n\*\*Module:\*\* Livraison\n/);
    assert.match(text, /\*\*Sévérité:\*\* P3 - Faible/);
    assert.doesNotMatch(text, /\*\*(?:Component|Severity|Priority):\*\*/);
    const viaApi = await api.exportFile(workspaceFile('ticketflow-export-api.md').fsPath, { format: 'ticketflow' });
    assert.deepEqual(viaApi.warnings, r.warnings);
  });

  it('refuses wrong-typed arguments with an error naming the field, and changes nothing', async () => {
    const api = await activate();
    const before = JSON.stringify(await api.queryItems({ includeArchived: true }));
    await assert.rejects(api.updateItem('BUG-001', { criteria: 'all good' as never }), (err: Error & { field?: string }) => err.name === 'ValidationError' && err.field === 'patch.criteria');
    await assert.rejects(api.createItem({ title: 'x', links: 'src/a.ts:1' as never }), (err: Error & { field?: string }) => err.field === 'input.links');
    await assert.rejects(api.importFile(42 as never), (err: Error & { field?: string }) => err.field === 'file');
    const r = await vscode.commands.executeCommand('flowcast.importFile', workspaceFile('ticketflow-interop.md'), { format: 'xml', confirmed: true });
    assert.equal(r, undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.moveToStatus', 'BUG-001', 42), undefined);
    // Wrong-typed command arguments are refused (shown as an error), never replaced by a prompt.
    assert.equal(await vscode.commands.executeCommand('flowcast.newItem', { title: 5 }), undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.newItem', { title: 'x', criteria: 'done' }), undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.quickAdd', 'x', { status: 1 }), undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.searchItems', 42), undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.deleteItem', 'BUG-001', { confirmed: 'yes' }), undefined);
    assert.equal(await vscode.commands.executeCommand('flowcast.newItemFromSelection', { text: 7 }), undefined);
    assert.equal(JSON.stringify(await api.queryItems({ includeArchived: true })), before);
  });
});
