// Item commands: palette, tree context menus, editor context menu and the TODO code action.
// Every command takes optional arguments so tests and other extensions can drive it without prompts.
import * as vscode from 'vscode';
import { itemToAiPrompt, itemToMarkdown } from '../core/backlog/format';
import { EFFORTS, type Item, PRIORITIES, type WorkflowStatus } from '../core/backlog/model';
import type { NewItemInput } from '../core/backlog/repository';
import type { BacklogService } from '../core/backlog/service';
import { builtinTemplates } from '../core/backlog/templates';
import { DeleteOptionsSchema, ItemIdSchema, LineArgSchema, NameArgSchema, optionalArg, SelectionArgsSchema, StatusKeySchema, validateArg, ValidationError } from '../core/protocol/api';
import { ItemDocumentProvider } from './itemDocuments';
import { report } from '../platform/report';
import { formatLabels, priorityLabel, statusLabel, typeLabel } from '../platform/messages';

type ItemTarget = string | { itemId: string } | { id: string } | undefined;

export function itemIdOf(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object') {
    const o = t as { itemId?: unknown; id?: unknown };
    if (typeof o.itemId === 'string') return o.itemId;
    if (typeof o.id === 'string' && /^[A-Z][A-Z0-9_]*-\d+$/.test(o.id)) return o.id;
  }
  return undefined;
}

/** Lets the user pick an item of the active backlog. */
export async function pickItem(service: BacklogService, placeHolder: string, opts: { archived?: boolean } = {}): Promise<Item | undefined> {
  const { repo } = await service.repo();
  const items = opts.archived ? repo.listItems({ archivedOnly: true }) : repo.listItems();
  if (!items.length) {
    void vscode.window.showInformationMessage(opts.archived ? vscode.l10n.t('There are no archived items.') : vscode.l10n.t('This backlog has no items yet.'));
    return undefined;
  }
  const statuses = new Map(repo.listStatuses().map((s) => [s.key, statusLabel(s.key, s.label)]));
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ label: `${i.emoji ? `${i.emoji} ` : ''}${i.title}`, description: i.id, detail: statuses.get(i.status) ?? i.status, item: i })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.item;
}

async function resolveItem(service: BacklogService, target: ItemTarget, placeHolder: string, opts: { archived?: boolean } = {}): Promise<Item | undefined> {
  // A given target must be an item ID (or a tree node naming one): never silently replaced by a prompt.
  if (target !== undefined && target !== null && typeof target !== 'object') validateArg(ItemIdSchema, target, 'target');
  if (target && typeof target === 'object' && 'itemId' in target) validateArg(ItemIdSchema, target.itemId, 'target.itemId');
  const id = itemIdOf(target);
  if (id) {
    const { repo } = await service.repo();
    return repo.requireItem(id);
  }
  return pickItem(service, placeHolder, opts);
}

async function ensureBacklog(service: BacklogService): Promise<boolean> {
  if (await service.getActiveBacklog()) return true;
  const create = vscode.l10n.t('Create backlog');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('There is no backlog yet. Create one first.'), create);
  if (answer !== create) return false;
  return (await vscode.commands.executeCommand('flowcast.newBacklog')) !== undefined;
}

function workspaceRelative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}

const COMMENT_PREFIX = /^\s*(?:\/\/+|#+|--+|;+|\/\*+|\*+|<!--|%+|'|rem\b)\s*/i;

/** Title and description from selected text: first non-empty line is the title. */
export function splitSelection(text: string): { title: string; description: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const idx = lines.findIndex((l) => l.replace(COMMENT_PREFIX, '').trim() !== '');
  if (idx < 0) return { title: '', description: '' };
  const title = lines[idx].replace(COMMENT_PREFIX, '').replace(/\s*(\*\/|-->)\s*$/, '').trim().slice(0, 300);
  const description = lines
    .slice(idx + 1)
    .join('\n')
    .replace(/^\n+|\s+$/g, '');
  return { title, description };
}

/** TODO/FIXME comments: `// TODO: text`, `# FIXME text`, `/* TODO(x): text *\/`, `<!-- TODO text -->`. */
export const TODO_RE = /(\/\/+|#+|--+|;+|\/\*+|\*+|<!--)\s*(TODO|FIXME|BUG|HACK|XXX)\b(?:\([^)]*\))?[:\s-]*(.*?)\s*(\*\/|-->)?\s*$/;
const HAS_ITEM_ID = /\b[A-Z][A-Z0-9_]{0,15}-\d{1,9}\b/;

export class TodoCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (let line = range.start.line; line <= range.end.line && line < document.lineCount; line++) {
      const text = document.lineAt(line).text;
      const m = TODO_RE.exec(text);
      if (!m || HAS_ITEM_ID.test(m[3] ?? '')) continue;
      const action = new vscode.CodeAction(vscode.l10n.t('Create a Flowcast item from this {0}', m[2]), vscode.CodeActionKind.QuickFix);
      action.command = { command: 'flowcast.todoToItem', title: action.title, arguments: [document.uri, line] };
      actions.push(action);
    }
    return actions;
  }
}

async function pickStatus(service: BacklogService, current?: string): Promise<WorkflowStatus | undefined> {
  const statuses = await service.listStatuses();
  const picked = await vscode.window.showQuickPick(
    statuses.map((s) => ({ label: statusLabel(s.key, s.label), description: s.key === current ? vscode.l10n.t('current') : undefined, status: s })),
    { placeHolder: vscode.l10n.t('Move to status') },
  );
  return picked?.status;
}

export function registerItemCommands(context: vscode.ExtensionContext, service: BacklogService, openEditor: (itemId: string) => Promise<unknown>): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  const open = async (item: Item) => {
    await openEditor(item.id);
  };

  reg('flowcast.openItem', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to open'));
      if (item) await open(item);
      return item;
    }),
  );

  reg('flowcast.openItemMarkdown', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to open'));
      if (!item) return undefined;
      const { id } = await service.repo();
      await vscode.window.showTextDocument(ItemDocumentProvider.uri(id, item.id), { preview: true });
      return item;
    }),
  );

  reg('flowcast.newItem', (input?: NewItemInput) =>
    report(async () => {
      if (!(await ensureBacklog(service))) return undefined;
      // Given fields are validated by the service (a ValidationError names the bad field).
      if (input !== undefined && input !== null) return service.createItem(input, undefined, { position: 'bottom' });
      const { repo } = await service.repo();
      const templates = [
        { label: vscode.l10n.t('Blank item'), fields: {} as Partial<NewItemInput> },
        ...builtinTemplates(vscode.env.language).map((t) => ({ label: t.name, description: vscode.l10n.t('built-in template'), fields: t.fields })),
        ...repo.listTemplates().map((t) => ({ label: t.name, description: vscode.l10n.t('your template'), fields: t.fields })),
      ];
      const template = templates.length > 1 ? await vscode.window.showQuickPick(templates, { placeHolder: vscode.l10n.t('Start from a template') }) : templates[0];
      if (!template) return undefined;
      const title = await vscode.window.showInputBox({
        title: vscode.l10n.t('New item'),
        prompt: vscode.l10n.t('Title'),
        value: template.fields.title ?? '',
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('An item needs a title.')),
      });
      if (title === undefined) return undefined;
      const types = repo.listTypes().filter((t) => !t.hidden);
      const type = await vscode.window.showQuickPick(
        types.map((t) => ({ label: typeLabel(t.key, t.label), description: t.key, key: t.key, picked: t.key === template.fields.type })),
        { placeHolder: vscode.l10n.t('Type') },
      );
      if (!type) return undefined;
      const priority = await vscode.window.showQuickPick(
        [...PRIORITIES.map((p) => ({ label: priorityLabel(p), value: p })), { label: priorityLabel(null), value: null }],
        { placeHolder: vscode.l10n.t('Priority') },
      );
      if (!priority) return undefined;
      const effort = await vscode.window.showQuickPick([...EFFORTS.map((e) => ({ label: e, value: e })), { label: priorityLabel(null), value: null }], {
        placeHolder: vscode.l10n.t('Effort (XS < 2 h, S 2-4 h, M 1-2 days, L 3-5 days, XL 1-2 weeks)'),
      });
      if (!effort) return undefined;
      const item = await service.createItem({ ...template.fields, title, type: type.key, priority: priority.value, effort: effort.value }, undefined, { position: 'bottom' });
      await open(item);
      return item;
    }),
  );

  reg('flowcast.newItemFromSelection', (rawArgs?: { text?: string; file?: string; line?: number }) =>
    report(async () => {
      // The editor context menu passes the document's Uri: that means "use the selection".
      const args = rawArgs instanceof vscode.Uri ? undefined : optionalArg(SelectionArgsSchema, rawArgs, 'args');
      if (!(await ensureBacklog(service))) return undefined;
      let text = args?.text;
      let link: { file: string; line: number } | undefined = args?.file && args.line ? { file: args.file, line: args.line } : undefined;
      if (text === undefined) {
        const editor = vscode.window.activeTextEditor;
        if (!editor) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Select some text in an editor first.'));
          return undefined;
        }
        const sel = editor.selection;
        text = sel.isEmpty ? editor.document.lineAt(sel.active.line).text : editor.document.getText(sel);
        link = { file: workspaceRelative(editor.document.uri), line: sel.start.line + 1 };
      }
      const { title, description } = splitSelection(text);
      if (!title) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The selection has no text to make a title from.'));
        return undefined;
      }
      const item = await service.createItem({ title, description, links: link ? [link] : [] }, undefined, { position: 'top' });
      void vscode.window.showInformationMessage(vscode.l10n.t('Created {0}: {1}', item.id, item.title));
      return item;
    }),
  );

  reg('flowcast.todoToItem', (uri?: vscode.Uri, line?: number) =>
    report(async () => {
      if (uri !== undefined && !(uri instanceof vscode.Uri)) throw new ValidationError([{ field: 'uri', message: 'expected a vscode.Uri' }]);
      optionalArg(LineArgSchema, line, 'line');
      if (!(await ensureBacklog(service))) return undefined;
      const editor = vscode.window.activeTextEditor;
      const docUri = uri ?? editor?.document.uri;
      const ln = typeof line === 'number' ? line : editor?.selection.active.line;
      if (!docUri || ln === undefined) return undefined;
      const doc = await vscode.workspace.openTextDocument(docUri);
      const text = doc.lineAt(ln).text;
      const m = TODO_RE.exec(text);
      if (!m) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no TODO or FIXME comment on this line.'));
        return undefined;
      }
      const file = workspaceRelative(docUri);
      const kind = m[2].toUpperCase();
      const title = (m[3] ?? '').trim() || vscode.l10n.t('{0} in {1}:{2}', kind, file, ln + 1);
      const item = await service.createItem({ title, type: kind === 'FIXME' || kind === 'BUG' ? 'BUG' : 'TASK', links: [{ file, line: ln + 1 }], tags: [kind.toLowerCase()] }, undefined, { position: 'top' });
      // Append the new ID to the comment (before a closing */ or --> when there is one).
      const closing = m[4] ? text.lastIndexOf(m[4]) : -1;
      const at = closing >= 0 ? closing : text.trimEnd().length;
      const insert = `${closing >= 0 ? '' : ' '}(${item.id})${closing >= 0 ? ' ' : ''}`;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(docUri, new vscode.Position(ln, at), insert);
      await vscode.workspace.applyEdit(edit);
      return item;
    }),
  );

  reg('flowcast.copyItemMarkdown', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to copy as Markdown'));
      if (!item) return undefined;
      const { repo } = await service.repo();
      const rel = repo.relationsOf(item.id);
      const text = itemToMarkdown(item, { labels: formatLabels(), typeLabel: typeLabel(item.type, repo.listTypes().find((t) => t.key === item.type)?.label), statusLabel: statusLabel(item.status, repo.listStatuses().find((s) => s.key === item.status)?.label), blockedBy: rel.blockedBy, blocks: rel.blocks });
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} as Markdown', item.id), 3000);
      return text;
    }),
  );

  reg('flowcast.copyItemPrompt', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to copy as an AI prompt'));
      if (!item) return undefined;
      const { repo } = await service.repo();
      const rel = repo.relationsOf(item.id);
      const text = itemToAiPrompt(item, { typeLabel: repo.listTypes().find((t) => t.key === item.type)?.label, blockedBy: rel.blockedBy });
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} as an AI prompt', item.id), 3000);
      return text;
    }),
  );

  reg('flowcast.moveToStatus', (target?: ItemTarget, status?: string) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to move'));
      if (!item) return undefined;
      const key = optionalArg(StatusKeySchema, status, 'status') ?? (await pickStatus(service, item.status))?.key;
      if (!key) return undefined;
      return service.moveItem(item.id, { status: key });
    }),
  );

  reg('flowcast.archiveItem', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to archive'));
      if (!item) return undefined;
      const [archived] = await service.archiveItems([item.id]);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Archived {0}', item.id), 3000);
      return archived;
    }),
  );

  reg('flowcast.restoreItem', (target?: ItemTarget) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Archived item to restore'), { archived: true });
      if (!item) return undefined;
      const [restored] = await service.restoreItems([item.id]);
      return restored;
    }),
  );

  reg('flowcast.deleteItem', (target?: ItemTarget, options?: { confirmed?: boolean }) =>
    report(async () => {
      const confirmed = optionalArg(DeleteOptionsSchema, options, 'options')?.confirmed;
      const item = await resolveItem(service, target, vscode.l10n.t('Item to delete'));
      if (!item) return undefined;
      if (confirmed !== true) {
        const del = vscode.l10n.t('Delete');
        const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0} "{1}"?', item.id, item.title), { modal: true, detail: vscode.l10n.t('You can undo this with "Flowcast: Undo". Archiving keeps the item out of the way without deleting it.') }, del);
        if (answer !== del) return undefined;
      }
      await service.deleteItems([item.id]);
      const undo = vscode.l10n.t('Undo');
      void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0}.', item.id), undo).then((a) => a === undo && vscode.commands.executeCommand('flowcast.undo'));
      return true;
    }),
  );

  reg('flowcast.undo', () =>
    report(async () => {
      const r = await service.undo();
      void vscode.window.setStatusBarMessage(r ? vscode.l10n.t('Undone: {0}', r.label) : vscode.l10n.t('Nothing to undo'), 3000);
      return r;
    }),
  );

  reg('flowcast.redo', () =>
    report(async () => {
      const r = await service.redo();
      void vscode.window.setStatusBarMessage(r ? vscode.l10n.t('Redone: {0}', r.label) : vscode.l10n.t('Nothing to redo'), 3000);
      return r;
    }),
  );

  reg('flowcast.attachFile', (target?: ItemTarget, file?: vscode.Uri) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to attach a file to'));
      if (!item) return undefined;
      if (file !== undefined && !(file instanceof vscode.Uri)) throw new ValidationError([{ field: 'file', message: 'expected a vscode.Uri' }]);
      const src = file instanceof vscode.Uri ? file : (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Attach') }))?.[0];
      if (!src) return undefined;
      const updated = await service.attachFile(item.id, src.fsPath);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Attached {0} to {1}', src.path.split('/').pop() ?? '', item.id), 3000);
      return updated;
    }),
  );

  reg('flowcast.saveAsTemplate', (target?: ItemTarget, name?: string) =>
    report(async () => {
      const item = await resolveItem(service, target, vscode.l10n.t('Item to save as a template'));
      if (!item) return undefined;
      const n = optionalArg(NameArgSchema, name, 'name') ?? await vscode.window.showInputBox({ prompt: vscode.l10n.t('Template name'), value: item.title, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A template needs a name.')) });
      if (n === undefined) return undefined;
      return service.workflow((r) => r.saveTemplate(n, item.id));
    }),
  );
}
