// The item editor's messages in item mode: Save (checked against the version the page loaded),
// relations, the toolbar and attachment actions, a pasted image, and the page's unsaved changes.
import * as vscode from 'vscode';
import { EditorAction, EditorDraft, EditRelation, MAX_PASTED_IMAGE_BYTES, PasteImage, SaveItem } from '../core/protocol';
import { decodeBase64, imageFileName, imageTypeLabel, matchesImageType } from '../core/backlog/images';
import { log } from '../platform/log';
import { pageError, userFacing } from '../platform/webviewConnection';
import { editableFieldsOf, type EditorPanels, type Open, requireItemOf } from './editorModel';

/** Handles the item-mode messages of an open editor's page. */
export function registerItemMessages(o: Open, panels: EditorPanels): void {
  const e = o.endpoint;
  e.handle(
    SaveItem,
    userFacing(async (p) => {
      const itemId = requireItemOf(o, p.id);
      const current = await panels.service.getItem(itemId, o.backlogId);
      if (!current) throw pageError(vscode.l10n.t('{0} no longer exists.', itemId));
      if (current.updatedAt !== p.baseUpdatedAt) {
        throw pageError(vscode.l10n.t('{0} was changed elsewhere while you were editing. Your changes are still here: copy what you need, then reload the item.', itemId));
      }
      const saved = await panels.service.updateItem(itemId, p.fields, o.backlogId);
      o.dirty = false;
      panels.forgetKept(o);
      // This editor's own save is not a change "since the proposal".
      if (o.proposal) o.proposal.base = editableFieldsOf(saved);
      return { updatedAt: saved.updatedAt };
    }),
  );
  e.handle(
    EditRelation,
    userFacing(async (p) => {
      if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
      if (p.op === 'add') await panels.service.addRelation(p.id, p.kind, p.other, o.backlogId);
      else await panels.service.removeRelation(p.id, p.kind, p.other, o.backlogId);
      return { done: true };
    }),
  );
  e.handle(
    EditorAction,
    userFacing(async (p) => {
      if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
      const backlogId = o.backlogId;
      switch (p.action) {
        case 'attachFile':
          return { done: (await vscode.commands.executeCommand('flowcast.attachFile', p.id)) !== undefined };
        case 'removeAttachment': {
          const item = await panels.service.getItem(p.id, backlogId);
          if (!item) return { done: false };
          await panels.service.updateItem(p.id, { attachments: item.attachments.filter((a) => a.path !== p.path) }, backlogId);
          return { done: true };
        }
        case 'openWorkItem':
          return { done: (await vscode.commands.executeCommand('flowcast.azureDevOps.openWorkItem', p.id)) === true };
        case 'openLink': {
          const folder = vscode.workspace.workspaceFolders?.[0];
          if (!folder || !p.path) return { done: false };
          const uri = vscode.Uri.joinPath(folder.uri, ...p.path.split('/'));
          const line = Math.max(0, (p.line ?? 1) - 1);
          await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
          return { done: true };
        }
        case 'copyMarkdown':
          return { done: (await vscode.commands.executeCommand('flowcast.copyItemMarkdown', p.id)) !== undefined };
        case 'copyPrompt':
          return { done: (await vscode.commands.executeCommand('flowcast.copyItemPrompt', p.id)) !== undefined };
        case 'archive':
          await panels.service.archiveItems([p.id], backlogId);
          return { done: true };
        case 'restore':
          await panels.service.restoreItems([p.id], backlogId);
          return { done: true };
      }
    }),
  );
  e.handle(
    PasteImage,
    userFacing(async (p) => {
      // The schema already limited the type, the name and the base64 length; check the bytes.
      if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first: images can be attached once it exists.'));
      const itemId = requireItemOf(o, p.id);
      const bytes = decodeBase64(p.base64);
      if (!bytes) throw pageError(vscode.l10n.t('The image data is not valid base64: nothing was attached.'));
      if (bytes.byteLength > MAX_PASTED_IMAGE_BYTES) throw pageError(vscode.l10n.t('Images can be at most 10 MB: nothing was attached.'));
      if (!matchesImageType(bytes, p.mime)) {
        throw pageError(vscode.l10n.t('This is not a {0} image (its first bytes do not match the type): nothing was attached.', imageTypeLabel(p.mime)));
      }
      const name = imageFileName(p.name, p.mime, new Date());
      const item = await panels.service.attachData(itemId, name, bytes, o.backlogId);
      const added = item.attachments[item.attachments.length - 1];
      log().info(`[editor ${itemId}] attached a pasted ${p.mime} image (${bytes.byteLength} bytes) as ${added.path}`);
      return { done: true, path: added.path };
    }),
  );
  e.onNotification(EditorDraft, (d) => {
    if (!o.itemId || d.id !== o.itemId) return;
    o.dirty = d.dirty;
    o.unsaved = d.dirty ? d.fields : undefined;
    // The page has nothing unsaved any more (cancelled or saved): a kept draft must not come back
    // with the next state (a pasted image, say).
    if (!d.dirty) panels.forgetKept(o);
  });
}
