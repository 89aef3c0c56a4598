// "Import Items…" and "Export Items…": TicketFlow Markdown, Flowcast Markdown, JSON, CSV.
// Imports are all-or-nothing, previewed with counts, and report what is wrong and where.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { detectFormat, exportWarnings, ImportError, type ImportFormat, parseBacklog, serializeBacklog } from '../core/io';
import { ExportCommandOptionsSchema, ImportCommandOptionsSchema, optionalArg, ValidationError } from '../core/protocol/api';
import { log } from '../platform/log';
import { describeError, typeLabel } from '../platform/messages';

export type Format = ImportFormat;
const EXT: Record<Format, string> = { ticketflow: 'md', 'flowcast-md': 'md', json: 'json', csv: 'csv' };

function formatLabel(f: Format): string {
  switch (f) {
    case 'ticketflow':
      return vscode.l10n.t('TicketFlow Markdown');
    case 'flowcast-md':
      return vscode.l10n.t('Flowcast Markdown (readable, diff-friendly)');
    case 'json':
      return vscode.l10n.t('JSON (lossless)');
    case 'csv':
      return vscode.l10n.t('CSV (one row per item)');
  }
}

async function pickFormat(placeHolder: string): Promise<Format | undefined> {
  const formats: Format[] = ['ticketflow', 'flowcast-md', 'json', 'csv'];
  return (await vscode.window.showQuickPick(formats.map((f) => ({ label: formatLabel(f), f })), { placeHolder }))?.f;
}

export function registerIoCommands(context: vscode.ExtensionContext, service: BacklogService): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('flowcast.importFile', async (uri?: vscode.Uri, rawOptions?: { format?: Format; confirmed?: boolean; backlogId?: string }) => {
    try {
      if (uri !== undefined && uri !== null && !(uri instanceof vscode.Uri)) throw new ValidationError([{ field: 'uri', message: 'expected a vscode.Uri' }]);
      const options = optionalArg(ImportCommandOptionsSchema, rawOptions, 'options');
      const target = options?.backlogId ? await service.registry.get(options.backlogId) : await service.getActiveBacklog();
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.'));
        return undefined;
      }
      let file = uri instanceof vscode.Uri ? uri : undefined;
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Import'), filters: { [vscode.l10n.t('Backlog files')]: ['md', 'markdown', 'json', 'csv'] } });
        file = picked?.[0];
        if (!file) return undefined;
      }
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > 50 * 1024 * 1024) throw new ImportError('The file is larger than 50 MB.', null, 'any');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
      const name = file.path.split('/').pop() ?? '';
      const format = options?.format ?? detectFormat(name, text) ?? (await pickFormat(vscode.l10n.t('Which format is {0}?', name)));
      if (!format) return undefined;
      const { repo } = await service.repo(target.id);
      const parsed = parseBacklog(format, text, new Date(), repo.listTypes().map((t) => t.key));
      if (!parsed.items.length) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} contains no items: nothing was imported.', name));
        return { created: [], renamed: {} };
      }
      const taken = parsed.items.filter((i) => repo.getItem(i.id)).length;
      const known = new Set(repo.listTypes().map((t) => t.key));
      const newTypes = [...new Set([...parsed.types.map((t) => t.key.toUpperCase()), ...parsed.items.map((i) => i.type)])].filter((k) => !known.has(k));
      if (options?.confirmed !== true) {
        const go = vscode.l10n.t('Import');
        const detail = [
          vscode.l10n.t('{0} items from {1} ({2}).', parsed.items.length, name, formatLabel(format)),
          newTypes.length ? vscode.l10n.t('New types: {0}.', newTypes.join(', ')) : '',
          taken ? vscode.l10n.t('{0} IDs are already used in this backlog and will get new numbers.', taken) : '',
          parsed.renumbered?.length
            ? vscode.l10n.t('{0} IDs appear twice in the file; the later items get new numbers: {1}.', parsed.renumbered.length, parsed.renumbered.slice(0, 10).map((r) => `${r.from} -> ${r.to}`).join(', '))
            : '',
          parsed.warnings.length ? vscode.l10n.t('{0} warnings (see the Flowcast log).', parsed.warnings.length) : '',
          vscode.l10n.t('Everything is imported, or nothing. You can undo the import.'),
        ]
          .filter(Boolean)
          .join('\n');
        const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Import {0} items into "{1}"?', parsed.items.length, target.name), { modal: true, detail }, go);
        if (answer !== go) return undefined;
      }
      for (const w of parsed.warnings) log().warn(`[import ${name}] ${w}`);
      const result = await service.importItems(parsed.items, parsed.types, target.id);
      const renamedCount = Object.keys(result.renamed).length;
      void vscode.window.showInformationMessage(
        renamedCount ? vscode.l10n.t('Imported {0} items; {1} got new IDs (see the Flowcast log).', result.created.length, renamedCount) : vscode.l10n.t('Imported {0} items.', result.created.length),
      );
      for (const [from, to] of Object.entries(result.renamed)) log().info(`[import ${name}] ${from} -> ${to}`);
      return result;
    } catch (err) {
      if (err instanceof ImportError) {
        const where = err.line ? vscode.l10n.t(' (line {0})', err.line) : '';
        void vscode.window.showErrorMessage(vscode.l10n.t('Import failed{0}: {1} Nothing was imported.', where, err.message));
        log().warn(`import failed: ${err.message}${err.line ? ` at line ${err.line}` : ''}`);
      } else {
        log().error('import failed', err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(vscode.l10n.t('Import failed: {0} Nothing was imported.', describeError(err)));
      }
      return undefined;
    }
  });

  reg('flowcast.exportFile', async (uri?: vscode.Uri, rawOptions?: { format?: Format; backlogId?: string }) => {
    try {
      if (uri !== undefined && uri !== null && !(uri instanceof vscode.Uri)) throw new ValidationError([{ field: 'uri', message: 'expected a vscode.Uri' }]);
      const options = optionalArg(ExportCommandOptionsSchema, rawOptions, 'options');
      const backlog = options?.backlogId ? await service.registry.get(options.backlogId) : await service.getActiveBacklog();
      if (!backlog) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.'));
        return undefined;
      }
      const format = options?.format ?? (await pickFormat(vscode.l10n.t('Export format')));
      if (!format) return undefined;
      let file = uri instanceof vscode.Uri ? uri : undefined;
      if (!file) {
        const base = vscode.workspace.workspaceFolders?.[0]?.uri;
        file = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, `${backlog.id}.${EXT[format]}`) : undefined, filters: { [formatLabel(format)]: [EXT[format]] } });
        if (!file) return undefined;
      }
      const { repo } = await service.repo(backlog.id);
      const items = repo.portableItems();
      const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color, position: t.position, hidden: t.hidden }));
      const text = serializeBacklog(format, items, { name: backlog.name, types, locale: vscode.env.language.startsWith('fr') ? 'fr' : 'en' });
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      const warnings = exportWarnings(format, items, types);
      const fileName = file.path.split('/').pop() ?? '';
      for (const w of warnings) log().warn(`[export ${fileName}] ${w}`);
      if (warnings.length) void vscode.window.showWarningMessage(vscode.l10n.t('Exported {0} items to {1}. {2}', items.length, fileName, warnings.join(' ')));
      else void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} items to {1}.', items.length, fileName));
      return { file: file.toString(), count: items.length, warnings };
    } catch (err) {
      log().error('export failed', err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(vscode.l10n.t('Export failed: {0}', describeError(err)));
      return undefined;
    }
  });
}
