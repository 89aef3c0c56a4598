// Fixed payloads that open the item editor's AI modes without an AI provider, for the UI tests
// (Playwright can only run commands from the palette, without arguments). The extension registers
// these commands only when it is not running in production (development and test modes).
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import type { EditableFields } from '../core/protocol';
import { describeError } from '../platform/messages';
import { type DraftRelation, editableFieldsOf, type ItemEditorManager } from './itemEditor';

export const DEMO_DRAFT_NOTE = 'Generated from: "exporting a big CSV freezes the window".\nCheck the effort estimate.';
export const DEMO_PROPOSAL_NOTE = 'Sharper title, a priority, and a testable criterion.';

/** A new item as an AI could propose it. */
export function demoDraft(): EditableFields {
  return {
    type: 'BUG',
    title: 'CSV export freezes the window on large backlogs',
    emoji: '',
    status: 'backlog',
    severity: 'P2',
    priority: 'high',
    effort: 'M',
    targetDate: null,
    component: 'export',
    tags: ['export', 'performance'],
    description: 'Exporting more than 5,000 items to CSV blocks the UI for several seconds.',
    userStory: '',
    specs: ['Write the file in chunks', 'Show progress with a Cancel button'],
    reproSteps: ['Open a backlog with 5,000 items', 'Run "Export Items" as CSV'],
    criteria: [
      { text: 'The window stays responsive during the export', checked: false },
      { text: 'Cancel stops the export and removes the partial file', checked: false },
    ],
    dependencies: [],
    constraints: [],
  };
}

/** Changes an AI could propose for `item`: the title, the priority, the description and one criterion. */
export function demoProposal(item: EditableFields): Partial<EditableFields> {
  return {
    title: `${item.title} (refined)`,
    priority: item.priority === 'high' ? 'low' : 'high',
    description: item.description ? `${item.description}\n\nIt must work offline.` : 'It must work offline.',
    criteria: [...item.criteria, { text: 'Covered by an automated test', checked: false }],
  };
}

/**
 * Registers "flowcast.test.showDraft" and "flowcast.test.showProposal". Without arguments (from the
 * palette) they use the demo payloads: the draft relates to the item created first in the active backlog;
 * the proposal is for the item of the active editor tab, else the item created first.
 * With arguments: showDraft({ fields, note?, relations?, backlogId? }) and
 * showProposal({ itemId, proposed, note?, backlogId? }).
 */
export function registerEditorTestCommands(context: vscode.ExtensionContext, editors: ItemEditorManager, service: BacklogService): void {
  const run =
    <A>(fn: (a: A | undefined) => Promise<unknown>) =>
    async (a?: A) => {
      try {
        return await fn(a);
      } catch (err) {
        void vscode.window.showErrorMessage(describeError(err));
        return undefined;
      }
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'flowcast.test.showDraft',
      run<{ fields?: EditableFields; note?: string; relations?: DraftRelation[]; backlogId?: string }>(async (a) => {
        if (a?.fields) return (await editors.showDraft(a.fields, { note: a.note, relations: a.relations, backlogId: a.backlogId })).key;
        const first = (await service.queryItems({}, a?.backlogId)).sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))[0];
        const relations: DraftRelation[] = first ? [{ kind: 'relates', other: first.id }] : [];
        return (await editors.showDraft(demoDraft(), { note: DEMO_DRAFT_NOTE, relations, backlogId: a?.backlogId })).key;
      }),
    ),
    vscode.commands.registerCommand(
      'flowcast.test.showProposal',
      run<{ itemId?: string; proposed?: Partial<EditableFields>; note?: string; backlogId?: string }>(async (a) => {
        if (a?.itemId && a.proposed) return !!(await editors.showProposal(a.itemId, a.proposed, { note: a.note, backlogId: a.backlogId }));
        const active = editors.activeItem();
        const item = active
          ? await service.getItem(active.itemId, active.backlogId)
          : (await service.queryItems({}, a?.backlogId)).sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))[0];
        if (!item) throw new Error('There is no item to propose changes for.');
        return !!(await editors.showProposal(item.id, demoProposal(editableFieldsOf(item)), { note: DEMO_PROPOSAL_NOTE, backlogId: active?.backlogId ?? a?.backlogId }));
      }),
    ),
  );
  void vscode.commands.executeCommand('setContext', 'flowcast.devMode', true);
}
