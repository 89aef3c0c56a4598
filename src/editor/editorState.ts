// The state an item-editor page shows, built from the backlog: the item (attachments as webview
// URIs, relations, history), the choices, a draft's fields, the pending proposal and the AI analysis.
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogRepository } from '../core/backlog/repository';
import type { BacklogService } from '../core/backlog/service';
import { proposalChanges } from '../core/backlog/fieldDiff';
import { loadItemAnalysis } from '../core/ai/analysisStore';
import type { EditableFields, EditorState, ItemAnalysisView } from '../core/protocol';
import { log } from '../platform/log';
import { describeError, statusLabel, typeLabel } from '../platform/messages';
import { editableFieldsOf, type Open } from './editorModel';

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;

function clip(v: unknown, max: number): string {
  const t = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * The item's AI analysis as the page shows it, or undefined when it was never analysed. The
 * stored JSON is cleaned to what the protocol allows (a bad row must not break the editor).
 */
export function analysisViewOf(repo: BacklogRepository, itemId: string): ItemAnalysisView | undefined {
  let a: ReturnType<typeof loadItemAnalysis>;
  try {
    a = loadItemAnalysis(repo.db, itemId);
  } catch (err) {
    log().warn(`[editor ${itemId}] could not read the AI analysis: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  if (!a) return undefined;
  const score = Math.round(Number(a.score));
  const factors: unknown[] = Array.isArray(a.factors) ? a.factors : [];
  return {
    score: Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0,
    factors: factors
      .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
      .slice(0, 20)
      .map((f) => ({ name: clip(f.name, 200), note: clip(f.note, 1000) }))
      .filter((f) => f.name || f.note),
    rationale: clip(a.rationale, 4000),
    analysedAt: clip(a.analysedAt, 40),
    provider: clip(a.provider, 100),
    model: clip(a.model, 200),
    stale: a.stale,
  };
}

/**
 * The state of an open editor's page. `keptChanges` holds the unsaved changes of closed editors (shown
 * again when the item's editor reopens). A proposal with nothing left to decide is dropped.
 */
export async function buildEditorState(service: BacklogService, o: Open, keptChanges: ReadonlyMap<string, EditableFields>): Promise<EditorState> {
  const { backlogId, itemId, newDraft: draft, proposal } = o;
  const webview = o.panel.webview;
  let repo: BacklogRepository;
  try {
    repo = (await service.repo(backlogId)).repo;
  } catch (err) {
    return { backlogId, item: null, types: [], statuses: [], others: [], problem: describeError(err) };
  }
  const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color }));
  const statuses = repo.listStatuses().map((s) => ({ key: s.key, label: statusLabel(s.key, s.label) }));
  const others = (except?: string) =>
    repo
      .listItems({ includeArchived: false })
      .filter((i) => i.id !== except)
      .slice(0, 5000)
      .map((i) => ({ id: i.id, title: i.title }));
  if (!itemId && draft) {
    return {
      backlogId,
      item: null,
      types,
      statuses,
      others: others(),
      problem: null,
      newItem: { draftKey: draft.key, original: draft.original, fields: draft.fields, note: draft.note, relations: draft.relations },
    };
  }
  const item = itemId ? repo.getItem(itemId) : undefined;
  if (!item || !itemId) return { backlogId, item: null, types, statuses, others: [], problem: vscode.l10n.t('{0} no longer exists.', itemId ?? '?') };
  const dir = await service.attachmentsDir(backlogId);
  const kept = keptChanges.get(`${backlogId}/${itemId}`);
  const fields = editableFieldsOf(item);
  const analysis = analysisViewOf(repo, item.id);
  let proposalView: EditorState['proposal'];
  if (proposal) {
    const changes = proposalChanges(fields, proposal.proposed, { base: proposal.base, skip: proposal.decided });
    if (changes.length) {
      const proposed: Partial<EditableFields> = {};
      for (const c of changes) (proposed as Record<string, unknown>)[c.field] = proposal.proposed[c.field];
      proposalView = { id: proposal.id, note: proposal.note, proposed, changes };
    } else if (o.proposal === proposal) {
      // Nothing left to decide (accepted values saved, the rest rejected or equal): done.
      o.proposal = undefined;
    }
  }
  return {
    backlogId,
    item: {
      id: item.id,
      fields,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      archivedAt: item.archivedAt,
      workItem: item.external?.id ?? null,
      links: item.links,
      attachments: item.attachments.map((a) => ({
        path: a.path,
        name: a.name,
        image: IMAGE.test(a.path),
        uri: IMAGE.test(a.path) ? webview.asWebviewUri(vscode.Uri.file(path.join(dir, ...a.path.split('/')))).toString() : null,
      })),
      relations: repo.relationsOf(item.id),
      history: repo.statusHistory(item.id),
    },
    types,
    statuses,
    others: others(itemId),
    problem: null,
    ...(kept ? { draft: kept } : {}),
    ...(proposalView ? { proposal: proposalView } : {}),
    ...(analysis ? { analysis } : {}),
  };
}
