// The item editor's AI messages: the toolbar's AI buttons run the commands the AI features
// registered, and the page's Accept / Reject decisions on a proposal are recorded.
import * as vscode from 'vscode';
import { type EditableFieldKey, EditorAi, ProposalDecided } from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from '../platform/log';
import { describeError } from '../platform/messages';
import { pageError, userFacing } from '../platform/webviewConnection';
import { clone, type EditorPanels, type Open, requireDraftOf, requireItemOf } from './editorModel';

/** Handles the AI messages of an open editor's page (item and draft mode). */
export function registerAiMessages(o: Open, panels: EditorPanels): void {
  const e = o.endpoint;
  e.handle(
    EditorAi,
    userFacing(async (p) => {
      let command: string;
      let arg: Record<string, unknown>;
      let label: string;
      if (p.target === 'item') {
        const itemId = requireItemOf(o, p.id);
        command = p.action === 'refine' ? panels.aiCommands().refine : panels.aiCommands().suggestRelations;
        label = p.action === 'refine' ? vscode.l10n.t('Refine with AI') : vscode.l10n.t('Find duplicates & dependencies');
        arg = { itemId, backlogId: o.backlogId };
      } else {
        const draft = requireDraftOf(o, p.draftKey);
        draft.fields = p.fields;
        command = panels.aiCommands().suggestRelations;
        label = vscode.l10n.t('Find duplicates & dependencies');
        arg = { draftKey: draft.key, fields: clone(p.fields), backlogId: o.backlogId };
      }
      try {
        await vscode.commands.executeCommand(command, arg);
      } catch (err) {
        log().warn(`[editor] ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
        throw pageError(vscode.l10n.t('"{0}" failed: {1}', label, err instanceof FlowcastError ? describeError(err) : err instanceof Error ? err.message : String(err)));
      }
      return { done: true };
    }),
  );
  e.onNotification(ProposalDecided, (d) => {
    const proposal = o.proposal;
    if (!o.itemId || d.id !== o.itemId || !proposal || proposal.id !== d.proposalId) return;
    for (const f of d.fields) proposal.decided.add(f);
    // Every field decided: the proposal is done (accepted values are in the page's form).
    if (Object.keys(proposal.proposed).every((k) => proposal.decided.has(k as EditableFieldKey))) o.proposal = undefined;
  });
}
