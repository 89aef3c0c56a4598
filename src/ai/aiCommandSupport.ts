// What every AI command shares: argument parsing, the cancellable progress notification, and a
// kit (built once from the extension's services) with the AI runtime, the backlog's types, the
// project context, similar items and a new item's default fields.
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { buildProjectContext, type ContextFile, safeContextPath, similarityQuery } from '../core/ai/context';
import type { AiRuntime, TypeInfo } from '../core/ai/features';
import type { ProviderId } from '../core/ai/types';
import type { EditableFields } from '../core/protocol/editor';
import { searchItems } from '../core/search';
import type { ItemEditorManager } from '../editor/itemEditor';
import { log } from '../platform/log';
import { typeLabel } from '../platform/messages';
import { type AiService, providerLabel } from './aiService';
import { type AiFailure, showAiFailure } from './aiErrors';
import type { AnalysisReportProvider } from './analysisReport';
import type { ReviewPanelManager } from './reviewPanel';

export type Args = Record<string, unknown> | undefined;

/** Command arguments: an object, an item ID, a node of the AI view, or a board card's context. */
export function argsOf(a: unknown): Args {
  if (typeof a === 'string') return { itemId: a };
  if (!a || typeof a !== 'object') return undefined;
  const o = a as Record<string, unknown>;
  if (o.kind === 'provider' && typeof o.id === 'string') return { provider: o.id };
  return o;
}

export function str(a: Args, k: string): string | undefined {
  const v = a?.[k];
  return typeof v === 'string' ? v : undefined;
}

export function isProvider(v: unknown): v is ProviderId {
  return typeof v === 'string' && (['openai', 'gemini', 'groq', 'custom', 'vscode'] as string[]).includes(v);
}

/** Runs `fn` under a cancellable notification; the token aborts the signal given to the requests. */
export async function withAiProgress<T>(title: string, fn: (signal: AbortSignal, report: (message: string) => void) => Promise<T>, external?: AbortSignal): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const ctrl = new AbortController();
    const sub = token.onCancellationRequested(() => ctrl.abort());
    const onExternal = () => ctrl.abort();
    external?.addEventListener('abort', onExternal, { once: true });
    try {
      return await fn(ctrl.signal, (message) => progress.report({ message }));
    } finally {
      sub.dispose();
      external?.removeEventListener('abort', onExternal);
    }
  });
}

export function streamCounter(report: (m: string) => void): (delta: string) => void {
  let n = 0;
  let last = 0;
  return (d) => {
    n += d.length;
    if (n - last >= 80) {
      last = n;
      report(vscode.l10n.t('writing… {0} characters received', n));
    }
  };
}

export interface AiCommandDeps {
  service: BacklogService;
  ai: AiService;
  editors: ItemEditorManager;
  reviews: ReviewPanelManager;
  reports: AnalysisReportProvider;
}

/** The services and shared helpers the command families register with. */
export interface AiCommandKit extends AiCommandDeps {
  /** Registers a command whose argument is normalised by argsOf(). */
  reg: (id: string, fn: (args: Args) => Promise<unknown>) => void;
  runtime: () => Promise<{ rt: AiRuntime; label: string } | AiFailure | undefined>;
  withAi: <T>(fn: (rt: AiRuntime, label: string) => Promise<T>) => Promise<T | AiFailure | undefined>;
  typesOf: (backlogId?: string) => Promise<TypeInfo[]>;
  projectContext: () => Promise<string>;
  similarItems: (text: string, limit: number, backlogId?: string, exclude?: string) => Promise<Item[]>;
  baseFields: (backlogId?: string) => Promise<EditableFields>;
}

export function createAiCommandKit(context: vscode.ExtensionContext, deps: AiCommandDeps): AiCommandKit {
  const { service, ai } = deps;
  const reg = (id: string, fn: (args: Args) => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, (a?: unknown) => fn(argsOf(a))));

  /** The runtime, or a shown failure. `undefined` when the user dismissed the provider choice. */
  async function runtime(): Promise<{ rt: AiRuntime; label: string } | AiFailure | undefined> {
    let label = vscode.l10n.t('the AI provider');
    try {
      const id = await ai.ensureProvider();
      if (!id) return undefined;
      label = providerLabel(id);
      const rt = await ai.runtime();
      return rt ? { rt, label } : undefined;
    } catch (e) {
      return showAiFailure(e, label);
    }
  }

  /** Runs `fn` with the AI runtime; a failure is shown and returned. `undefined` when no provider was chosen. */
  async function withAi<T>(fn: (rt: AiRuntime, label: string) => Promise<T>): Promise<T | AiFailure | undefined> {
    const r = await runtime();
    if (!r || !('rt' in r)) return r;
    try {
      return await fn(r.rt, r.label);
    } catch (e) {
      return showAiFailure(e, r.label);
    }
  }

  async function typesOf(backlogId?: string): Promise<TypeInfo[]> {
    const { repo } = await service.repo(backlogId);
    return repo.listTypes().filter((t) => !t.hidden).map((t) => ({ key: t.key, label: typeLabel(t.key, t.label) }));
  }

  async function projectContext(): Promise<string> {
    const cfg = vscode.workspace.getConfiguration('flowcast.ai');
    const names = (cfg.get<unknown>('contextFiles') as unknown[] | undefined)?.filter((n): n is string => typeof n === 'string') ?? ['AGENTS.md', 'CLAUDE.md', 'README.md'];
    const budgetRaw = cfg.get<unknown>('contextBudget');
    const budget = typeof budgetRaw === 'number' && budgetRaw >= 0 ? Math.min(budgetRaw, 200_000) : 12_000;
    if (budget === 0) return '';
    const files: ContextFile[] = [];
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      for (const raw of names.slice(0, 10)) {
        const name = safeContextPath(raw);
        if (!name) {
          log().warn(`flowcast.ai.contextFiles: "${raw}" is not a path inside the workspace folder; skipped`);
          continue;
        }
        try {
          const uri = vscode.Uri.joinPath(folder.uri, name);
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > 2_000_000) continue;
          files.push({ name, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
        } catch {
          // absent files are simply skipped
        }
      }
    }
    const ed = vscode.window.activeTextEditor;
    const selection = ed && !ed.selection.isEmpty ? { file: vscode.workspace.asRelativePath(ed.document.uri, false), text: ed.document.getText(ed.selection) } : undefined;
    return buildProjectContext(files, selection, budget);
  }

  async function similarItems(text: string, limit: number, backlogId?: string, exclude?: string): Promise<Item[]> {
    const q = similarityQuery(text);
    if (!q) return [];
    const { repo } = await service.repo(backlogId);
    const hits = searchItems(repo.db, q, { limit: limit + 1 }).hits.map((h) => h.id).filter((id) => id !== exclude);
    return hits.slice(0, limit).map((id) => repo.getItem(id)).filter((i): i is Item => !!i);
  }

  async function baseFields(backlogId?: string): Promise<EditableFields> {
    const { repo } = await service.repo(backlogId);
    const status = repo.listStatuses()[0]?.key ?? 'backlog';
    const type = repo.listTypes().find((t) => !t.hidden)?.key ?? 'TASK';
    return { type, title: '', emoji: '', status, severity: null, priority: null, effort: null, targetDate: null, component: '', tags: [], description: '', userStory: '', specs: [], reproSteps: [], criteria: [], dependencies: [], constraints: [] };
  }

  return { ...deps, reg, runtime, withAi, typesOf, projectContext, similarItems, baseFields };
}
