// "Extract items with AI": read notes (selection, document, clipboard, a file or images), stream
// the proposals into the review panel, and let the user import a selection from there.
import * as vscode from 'vscode';
import { extractItems, toEditableFields } from '../core/ai/features';
import { AiError, type ChatImage } from '../core/ai/types';
import { sniffImageType } from '../core/backlog/images';
import { showAiFailure, toFailure } from './aiErrors';
import { type AiCommandKit, type Args, str, withAiProgress } from './aiCommandSupport';

export function registerExtractCommand(kit: AiCommandKit): void {
  const { service, reviews, reg, runtime, typesOf, baseFields } = kit;

  async function notesFrom(a: Args): Promise<{ text: string; images: ChatImage[]; title: string } | undefined> {
    const given = str(a, 'text');
    if (given !== undefined && a?.source === undefined) return { text: given, images: [], title: vscode.l10n.t('notes') };
    const ed = vscode.window.activeTextEditor;
    const hasSel = !!ed && !ed.selection.isEmpty;
    type Src = 'selection' | 'document' | 'file' | 'clipboard' | 'images';
    const source = str(a, 'source') as Src | undefined;
    const options: { id: Src; label: string; detail?: string }[] = [];
    if (hasSel) options.push({ id: 'selection', label: vscode.l10n.t('$(selection) Selected text') });
    if (ed) options.push({ id: 'document', label: vscode.l10n.t('$(file-text) Whole active editor'), detail: vscode.workspace.asRelativePath(ed.document.uri, false) });
    options.push({ id: 'clipboard', label: vscode.l10n.t('$(clippy) Clipboard (paste your notes there first)') });
    options.push({ id: 'file', label: vscode.l10n.t('$(folder-opened) A text or Markdown file…') });
    options.push({ id: 'images', label: vscode.l10n.t('$(file-media) Images (screenshots, whiteboard photos) — vision models only…') });
    const pick = source ?? (await vscode.window.showQuickPick(options, { title: vscode.l10n.t('Extract items from…') }))?.id;
    switch (pick) {
      case 'selection':
        return ed && !ed.selection.isEmpty ? { text: ed.document.getText(ed.selection), images: [], title: vscode.l10n.t('selection') } : undefined;
      case 'document':
        return ed ? { text: ed.document.getText(), images: [], title: vscode.workspace.asRelativePath(ed.document.uri, false) } : undefined;
      case 'clipboard':
        return { text: await vscode.env.clipboard.readText(), images: [], title: vscode.l10n.t('clipboard') };
      case 'file': {
        const uris = (a?.files as string[] | undefined)?.map((f) => vscode.Uri.file(f)) ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Notes')]: ['md', 'txt', 'markdown', 'csv', 'log'] } }));
        if (!uris?.length) return undefined;
        const bytes = await vscode.workspace.fs.readFile(uris[0]);
        if (bytes.length > 5_000_000) throw new AiError('config', vscode.l10n.t('This file is larger than 5 MB; split it first.'));
        return { text: new TextDecoder().decode(bytes), images: [], title: vscode.workspace.asRelativePath(uris[0], false) };
      }
      case 'images': {
        const uris = (a?.files as string[] | undefined)?.map((f) => vscode.Uri.file(f)) ?? (await vscode.window.showOpenDialog({ canSelectMany: true, filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp'] } }));
        if (!uris?.length) return undefined;
        const images: ChatImage[] = [];
        for (const uri of uris.slice(0, 8)) {
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (bytes.length > 10 * 1024 * 1024) throw new AiError('config', vscode.l10n.t('{0} is larger than 10 MB.', vscode.workspace.asRelativePath(uri, false)));
          const mime = sniffImageType(bytes);
          if (!mime) throw new AiError('config', vscode.l10n.t('{0} is not a PNG, JPEG, GIF or WebP image.', vscode.workspace.asRelativePath(uri, false)));
          images.push({ mime, base64: Buffer.from(bytes).toString('base64') });
        }
        return { text: str(a, 'text') ?? '', images, title: vscode.l10n.t('{0} image(s)', images.length) };
      }
      default:
        return undefined;
    }
  }

  reg('flowcast.ai.extractItems', async (a) => {
    const backlogId = str(a, 'backlogId') ?? (await service.repo()).id;
    let notes;
    try {
      notes = await notesFrom(a);
    } catch (e) {
      return showAiFailure(e, '');
    }
    if (!notes) return undefined;
    if (!notes.text.trim() && !notes.images.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no text to extract items from.'));
      return { ok: false, kind: 'error', message: 'empty input' };
    }
    const r = await runtime();
    if (!r || !('rt' in r)) return r;
    const { rt, label } = r;
    const types = await typesOf(backlogId);
    const base = await baseFields(backlogId);
    const ctrl = new AbortController();
    const session = reviews.open({ backlogId, title: vscode.l10n.t('Review: items from {0}', notes.title), onCancel: () => ctrl.abort() });
    let count = 0;
    try {
      const res = await withAiProgress(
        vscode.l10n.t('{0}: extracting items…', label),
        (signal, report) =>
          extractItems(rt, {
            text: notes.text,
            images: notes.images,
            types,
            signal,
            onProgress: (p) => {
              count += p.items.length;
              report(vscode.l10n.t('{0} of {1} parts read, {2} items found', p.done, p.total, count));
              session.progress(p.done, p.total);
              session.add(
                p.items.map((it) => {
                  const { fields, warnings } = toEditableFields(it, base, types.map((t) => t.key));
                  return { fields, source: it.source, warnings };
                }),
              );
            },
          }),
        ctrl.signal,
      );
      session.finish(res.capped ? vscode.l10n.t('Only the first {0} proposals are kept; extract the rest separately.', res.items.length) : undefined);
      return { ok: true, proposals: res.items.length, chunks: res.chunks };
    } catch (e) {
      const f = toFailure(e);
      session.finish(f.kind === 'cancelled' ? vscode.l10n.t('Extraction cancelled; the proposals received so far are listed.') : f.message);
      return showAiFailure(e, label);
    }
  });
}
