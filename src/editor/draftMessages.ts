// The item editor's messages in draft mode (a new item proposed by AI): the page's edits, Discard,
// pending relations, and Create (the item and its relations in one undoable change).
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { CreateDraftItem, DraftAction, DraftChanged, type EditableFields } from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from '../platform/log';
import { describeError } from '../platform/messages';
import { pageError, userFacing } from '../platform/webviewConnection';
import { type DraftRelation, type EditorPanels, type Open, requireDraftOf, sameRelation, uniqueRelations } from './editorModel';

/** Handles the draft-mode messages of an open editor's page. */
export function registerDraftMessages(o: Open, panels: EditorPanels): void {
  const e = o.endpoint;
  e.onNotification(DraftChanged, (d) => {
    if (!o.newDraft || o.newDraft.key !== d.draftKey) return;
    o.newDraft.fields = d.fields;
    o.newDraft.edited = d.dirty;
  });
  e.handle(
    DraftAction,
    userFacing(async (p) => {
      const draft = requireDraftOf(o, p.draftKey);
      if (p.action === 'discard') {
        draft.settled = true;
        o.panel.dispose();
        return { done: true };
      }
      if (p.action === 'addRelation') {
        const { repo } = await panels.service.repo(o.backlogId);
        if (!repo.getItem(p.relation.other)) throw pageError(vscode.l10n.t('There is no item {0}.', p.relation.other));
        draft.relations = uniqueRelations([...draft.relations, p.relation]);
      } else {
        draft.relations = draft.relations.filter((r) => !sameRelation(r, p.relation));
      }
      void panels.push(o);
      return { done: true };
    }),
  );
  e.handle(
    CreateDraftItem,
    userFacing(async (p) => {
      const draft = requireDraftOf(o, p.draftKey);
      if (draft.creating) throw pageError(vscode.l10n.t('The item is being created.'));
      const relations = uniqueRelations(p.relations);
      let item: Item;
      draft.creating = true;
      try {
        item = await createWithRelations(panels.service, o.backlogId, p.fields, relations);
      } finally {
        draft.creating = false;
      }
      // The same tab now edits the new item.
      draft.settled = true;
      panels.becomeItem(o, item.id);
      o.panel.title = item.id;
      log().info(`[editor] created ${item.id} from a draft, with ${relations.length} relation(s)`);
      void panels.push(o);
      return { id: item.id };
    }),
  );
}

/**
 * Creates an item and its relations as ONE undoable change, all or nothing (the service checks
 * every relation target first; a relation that still fails, a cycle say, rolls the creation
 * back). Missing targets are named here first, with a hint of what to do.
 */
async function createWithRelations(service: BacklogService, backlogId: string, fields: EditableFields, relations: DraftRelation[]): Promise<Item> {
  const { repo } = await service.repo(backlogId);
  const missing = relations.filter((r) => !repo.getItem(r.other)).map((r) => r.other);
  if (missing.length) {
    throw pageError(vscode.l10n.t('The item was not created: there is no item {0}. Remove that relation, then click Create again.', [...new Set(missing)].join(', ')));
  }
  try {
    return await service.createItem(fields, backlogId, { relations });
  } catch (err) {
    if (err instanceof FlowcastError) throw pageError(vscode.l10n.t('The item was not created: {0}', describeError(err)));
    throw err;
  }
}
