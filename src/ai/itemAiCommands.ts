// The AI commands on one item: refine it (a proposal shown in the item editor) and suggest its
// duplicates and dependencies among similar items (the kept ones are added as relations).
import * as vscode from 'vscode';
import { changedFields, refineItem, type RelationSuggestion, suggestRelations, toEditableFields } from '../core/ai/features';
import type { EditableFields } from '../core/protocol/editor';
import { editableFieldsOf } from '../editor/itemEditor';
import { itemIdOf, pickItem } from '../backlog/itemCommands';
import { toFailure } from './aiErrors';
import { type AiCommandKit, str, streamCounter, withAiProgress } from './aiCommandSupport';

export function registerItemAiCommands(kit: AiCommandKit): void {
  const { service, editors, reg, withAi, typesOf, projectContext, similarItems } = kit;

  // ---------------- refine ----------------

  reg('flowcast.ai.refineItem', async (a) => {
    const backlogId = str(a, 'backlogId');
    const id = itemIdOf(a);
    const item = id ? (await service.repo(backlogId)).repo.requireItem(id) : await pickItem(service, vscode.l10n.t('Item to refine with AI'));
    if (!item) return undefined;
    let instructions = str(a, 'instructions');
    if (instructions === undefined) {
      instructions = await vscode.window.showInputBox({ title: vscode.l10n.t('Refine {0} with AI', item.id), prompt: vscode.l10n.t('Optional instructions (e.g. "split the criteria", "make it testable"); leave empty for a general review.'), ignoreFocusOut: true });
      if (instructions === undefined) return undefined;
    }
    return withAi(async (rt, label) => {
      const types = await typesOf(backlogId);
      const ctx = await projectContext();
      const res = await withAiProgress(vscode.l10n.t('{0}: refining {1}…', label, item.id), (signal, report) => refineItem(rt, { item, instructions, projectContext: ctx, types, signal, onText: streamCounter(report) }));
      const current = editableFieldsOf(item);
      const { fields: proposed, warnings } = toEditableFields(res.changes, current, types.map((t) => t.key));
      const changed = changedFields(current, proposed);
      if (!Object.keys(changed).length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The AI proposes no change to {0}. {1}', item.id, res.summary));
        return { ok: true, changed: {}, summary: res.summary };
      }
      await editors.showProposal(item.id, changed, { backlogId, note: [res.summary, ...warnings].filter(Boolean).join('\n') });
      return { ok: true, changed, summary: res.summary };
    });
  });

  // ---------------- duplicates & dependencies ----------------

  reg('flowcast.ai.suggestRelations', async (a) => {
    const backlogId = str(a, 'backlogId');
    const draftKey = str(a, 'draftKey');
    let subject: { id?: string } & Partial<EditableFields>;
    if (draftKey) {
      const fields = (a?.fields as EditableFields | undefined) ?? editors.getDraftFields(draftKey);
      if (!fields) return { ok: false, kind: 'error', message: 'unknown draft' };
      subject = fields;
    } else {
      const id = itemIdOf(a);
      const item = id ? (await service.repo(backlogId)).repo.requireItem(id) : await pickItem(service, vscode.l10n.t('Item to check for duplicates and dependencies'));
      if (!item) return undefined;
      subject = item;
    }
    const candidates = await similarItems(`${subject.title ?? ''}\n${subject.description ?? ''}\n${(subject.tags ?? []).join(' ')}\n${subject.component ?? ''}`, 20, backlogId, subject.id);
    if (!candidates.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No similar items were found, so there is nothing to relate.'));
      return { ok: true, suggestions: [], added: [] };
    }
    return withAi(async (rt, label) => {
      const suggestions = await withAiProgress(vscode.l10n.t('{0}: comparing with {1} similar items…', label, candidates.length), (signal) => suggestRelations(rt, { item: subject, candidates, signal }));
      if (!suggestions.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The AI found no duplicate or dependency among {0} similar items.', candidates.length));
        return { ok: true, suggestions, added: [] };
      }
      const byId = new Map(candidates.map((c) => [c.id, c]));
      const kindLabel: Record<RelationSuggestion['kind'], string> = {
        duplicates: vscode.l10n.t('duplicates'),
        blocks: vscode.l10n.t('blocks'),
        'blocked-by': vscode.l10n.t('is blocked by'),
        relates: vscode.l10n.t('relates to'),
      };
      let accepted: RelationSuggestion[];
      const scripted = a?.accept;
      if (scripted === 'all') accepted = suggestions;
      else if (Array.isArray(scripted)) accepted = suggestions.filter((s) => (scripted as unknown[]).includes(s.id));
      else {
        const picks = await vscode.window.showQuickPick(
          suggestions.map((s) => ({
            label: `${kindLabel[s.kind]} ${s.id}`,
            description: `${byId.get(s.id)?.title ?? ''} · ${Math.round(s.confidence * 100)}%`,
            detail: s.reason,
            picked: s.confidence >= 0.75,
            s,
          })),
          { canPickMany: true, title: vscode.l10n.t('Relations suggested by AI: tick those to keep'), ignoreFocusOut: true },
        );
        if (!picks) return { ok: true, suggestions, added: [] };
        accepted = picks.map((p) => p.s);
      }
      const relations = accepted.map((s) => ({ kind: s.kind, other: s.id }));
      if (draftKey) {
        editors.addDraftRelations(draftKey, relations);
        return { ok: true, suggestions, added: relations };
      }
      const added: typeof relations = [];
      const refused: string[] = [];
      for (const rel of relations) {
        try {
          await service.addRelation(subject.id as string, rel.kind, rel.other, backlogId);
          added.push(rel);
        } catch (e) {
          refused.push(`${rel.other}: ${toFailure(e).message}`);
        }
      }
      if (refused.length) void vscode.window.showWarningMessage(vscode.l10n.t('Some relations were not added: {0}', refused.join('; ')));
      else if (added.length) void vscode.window.showInformationMessage(vscode.l10n.t('{0} relation(s) added to {1}.', added.length, subject.id as string));
      return { ok: true, suggestions, added };
    });
  });
}
