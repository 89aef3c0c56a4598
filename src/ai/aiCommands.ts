// The AI commands (palette, board, item editor). Each accepts an optional argument object so
// tests and other extensions can drive it without prompts, and returns a result object
// ({ ok: true, … } or { ok: false, kind, message }) after showing any error to the user.
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { buildProjectContext, type ContextFile, safeContextPath, similarityQuery } from '../core/ai/context';
import { analyseBacklog, type AiRuntime, changedFields, clarify, extractItems, generateItem, type QA, refineItem, type RelationSuggestion, suggestRelations, toEditableFields, type TypeInfo } from '../core/ai/features';
import { chatWithPolicy } from '../core/ai/policy';
import { AiError, type ChatImage, type ProviderId } from '../core/ai/types';
import { itemContentHash, itemsNeedingAnalysis, saveItemScores, saveRun } from '../core/ai/analysisStore';
import { sniffImageType } from '../core/backlog/images';
import type { EditableFields } from '../core/protocol/editor';
import { searchItems } from '../core/search';
import { editableFieldsOf, type ItemEditorManager } from '../editor/itemEditor';
import { itemIdOf, pickItem } from '../backlog/itemCommands';
import { log } from '../platform/log';
import { typeLabel } from '../platform/messages';
import { type AiService, KEYED_PROVIDERS, type KeyedProvider, providerLabel } from './aiService';
import { type AiFailure, showAiFailure, toFailure } from './aiErrors';
import type { AnalysisReportProvider } from './analysisReport';
import type { ReviewPanelManager } from './reviewPanel';

type Args = Record<string, unknown> | undefined;

/** Command arguments: an object, an item ID, a node of the AI view, or a board card's context. */
function argsOf(a: unknown): Args {
  if (typeof a === 'string') return { itemId: a };
  if (!a || typeof a !== 'object') return undefined;
  const o = a as Record<string, unknown>;
  if (o.kind === 'provider' && typeof o.id === 'string') return { provider: o.id };
  return o;
}

function str(a: Args, k: string): string | undefined {
  const v = a?.[k];
  return typeof v === 'string' ? v : undefined;
}

function isProvider(v: unknown): v is ProviderId {
  return typeof v === 'string' && (['openai', 'gemini', 'groq', 'custom', 'vscode'] as string[]).includes(v);
}

/** Runs `fn` under a cancellable notification; the token aborts the signal given to the requests. */
async function withAiProgress<T>(title: string, fn: (signal: AbortSignal, report: (message: string) => void) => Promise<T>, external?: AbortSignal): Promise<T> {
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

function streamCounter(report: (m: string) => void): (delta: string) => void {
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

export function registerAiCommands(context: vscode.ExtensionContext, deps: AiCommandDeps): void {
  const { service, ai, editors, reviews, reports } = deps;
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
    return { type, title: '', emoji: '', status, severity: null, priority: null, effort: null, component: '', tags: [], description: '', userStory: '', specs: [], reproSteps: [], criteria: [], dependencies: [], constraints: [] };
  }

  // ---------------- keys, provider, model, connection ----------------

  async function pickKeyed(a: Args, title: string): Promise<KeyedProvider | undefined> {
    const given = str(a, 'provider');
    if (given && (KEYED_PROVIDERS as readonly string[]).includes(given)) return given as KeyedProvider;
    const current = ai.configuredProvider();
    const items = await Promise.all(
      KEYED_PROVIDERS.map(async (id) => ({ id, label: providerLabel(id), description: id === current ? vscode.l10n.t('current') : undefined, detail: (await ai.hasKey(id)) ? vscode.l10n.t('API key configured') : vscode.l10n.t('API key not configured') })),
    );
    if (current && current !== 'vscode') items.sort((x, y) => (x.id === current ? -1 : y.id === current ? 1 : 0));
    return (await vscode.window.showQuickPick(items, { title }))?.id;
  }

  reg('flowcast.ai.selectProvider', async (a) => {
    const given = a?.provider;
    if (isProvider(given)) {
      await vscode.workspace.getConfiguration('flowcast.ai').update('provider', given, vscode.ConfigurationTarget.Global);
      return given;
    }
    return ai.pickProvider();
  });

  reg('flowcast.ai.setApiKey', async (a) => {
    const id = await pickKeyed(a, vscode.l10n.t('Set the API key of…'));
    if (!id) return false;
    let key = str(a, 'key');
    if (key === undefined) {
      key = await vscode.window.showInputBox({
        title: vscode.l10n.t('{0} API key', providerLabel(id)),
        prompt: vscode.l10n.t('Stored in VS Code SecretStorage (your OS keychain), never in settings or files.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (!v.trim() ? vscode.l10n.t('Paste the key, or press Escape to cancel.') : /\s/.test(v.trim()) ? vscode.l10n.t('An API key has no spaces.') : undefined),
      });
      if (key === undefined) return false;
    }
    key = key.trim();
    if (!key || /\s/.test(key)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That is not a valid API key; nothing was stored.'));
      return false;
    }
    await ai.setKey(id, key);
    log().info(`API key stored for ${id}`);
    if (!a?.key) {
      const test = vscode.l10n.t('Test Connection');
      void vscode.window.showInformationMessage(vscode.l10n.t('The {0} API key is stored in SecretStorage.', providerLabel(id)), test).then((p) => p === test && vscode.commands.executeCommand('flowcast.ai.testConnection', { provider: id }));
    }
    return true;
  });

  reg('flowcast.ai.clearApiKey', async (a) => {
    const id = await pickKeyed(a, vscode.l10n.t('Clear the API key of…'));
    if (!id) return false;
    await ai.clearKey(id);
    log().info(`API key cleared for ${id}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The {0} API key was removed from SecretStorage.', providerLabel(id)));
    return true;
  });

  reg('flowcast.ai.testConnection', async (a) => {
    const id = isProvider(a?.provider) ? a.provider : await ai.ensureProvider();
    if (!id) return undefined;
    const label = providerLabel(id);
    const model = ai.model(id);
    const started = Date.now();
    try {
      const provider = await ai.provider(id);
      const res = await withAiProgress(vscode.l10n.t('Testing {0}…', label), (signal) =>
        chatWithPolicy(provider, { model, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], maxOutputTokens: 16, signal }, { timeoutMs: ai.timeoutMs(), maxTries: 1, feature: 'test', onUsage: (e) => void ai.usage.record(e) }),
      );
      const latencyMs = Date.now() - started;
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} answered in {1} ms (model {2}).', label, latencyMs, res.model || model || '?'));
      return { ok: true, latencyMs, model: res.model || model };
    } catch (e) {
      return { ...showAiFailure(e, label), latencyMs: Date.now() - started };
    }
  });

  reg('flowcast.ai.selectModel', async (a) => {
    const id = isProvider(a?.provider) ? a.provider : await ai.ensureProvider();
    if (!id) return undefined;
    const given = str(a, 'model');
    if (given !== undefined) {
      await ai.setModel(id, given.trim());
      return given.trim();
    }
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { model?: string }>();
    qp.title = vscode.l10n.t('{0} model', providerLabel(id));
    qp.placeholder = vscode.l10n.t('Pick a model, or type any model id and press Enter');
    qp.busy = true;
    const current = ai.model(id);
    const ctrl = new AbortController();
    qp.items = [{ label: current || vscode.l10n.t('(first available)'), description: vscode.l10n.t('current'), model: current }];
    qp.show();
    void (async () => {
      try {
        const provider = await ai.provider(id);
        const timer = setTimeout(() => ctrl.abort(), 15_000);
        const models = provider.listModels ? await provider.listModels(ctrl.signal) : [];
        clearTimeout(timer);
        qp.items = [...new Set([current, ...models].filter(Boolean))].map((m) => ({ label: m, description: m === current ? vscode.l10n.t('current') : undefined, model: m }));
        if (!models.length) qp.placeholder = vscode.l10n.t('This provider cannot list its models: type a model id and press Enter');
      } catch (e) {
        qp.placeholder = vscode.l10n.t('Could not list models ({0}): type a model id and press Enter', toFailure(e).message);
      } finally {
        qp.busy = false;
      }
    })();
    const picked = await new Promise<string | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]?.model ?? (qp.value.trim() || undefined)));
      qp.onDidHide(() => resolve(undefined));
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        const base = qp.items.filter((i) => !i.alwaysShow);
        qp.items = typed && !base.some((i) => i.model === typed) ? [...base, { label: typed, description: vscode.l10n.t('use this model id'), model: typed, alwaysShow: true }] : base;
      });
    });
    ctrl.abort();
    qp.dispose();
    if (picked === undefined) return undefined;
    await ai.setModel(id, picked);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} will use the model {1}.', providerLabel(id), picked));
    return picked;
  });

  reg('flowcast.ai.clearUsage', async () => {
    await ai.usage.clear();
    return true;
  });

  // ---------------- generate (with clarifying questions) ----------------

  async function askQuestions(rt: AiRuntime, label: string, description: string, ctx: string, types: TypeInfo[], a: Args): Promise<{ qa: QA[]; recap: string } | 'cancel'> {
    const qa: QA[] = [];
    const scripted = Array.isArray(a?.answers) ? (a.answers as unknown[]).map((x) => (typeof x === 'string' ? x : '')) : undefined;
    let recap = '';
    for (let turn = 0; turn < 3; turn++) {
      const res = await withAiProgress(vscode.l10n.t('{0}: thinking about your request…', label), (signal) => clarify(rt, { description, qa, projectContext: ctx, types, signal }));
      recap = res.recap;
      if (!res.questions.length) break;
      let skipped = false;
      for (const [i, question] of res.questions.entries()) {
        let answer: string | undefined;
        if (scripted) answer = scripted.shift();
        else answer = await askOne(question, i + 1, res.questions.length);
        if (answer === undefined) {
          skipped = true; // Escape / "Skip questions": generate with what we have
          break;
        }
        qa.push({ question, answer });
      }
      if (skipped || qa.length >= 5 || (scripted && !scripted.length)) break;
    }
    if (!scripted && recap.trim()) {
      const generate = vscode.l10n.t('Generate');
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Recap: {0}', recap), { modal: true, detail: qa.filter((x) => x.answer).map((x) => `${x.question}\n→ ${x.answer}`).join('\n\n') }, generate);
      if (pick !== generate) return 'cancel';
    }
    return { qa, recap };
  }

  function askOne(question: string, n: number, of: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      box.title = vscode.l10n.t('Question {0} of {1}', n, of);
      box.prompt = question;
      box.placeholder = vscode.l10n.t('Your answer (Enter with nothing skips this question; Escape skips all)');
      box.ignoreFocusOut = true;
      const skipAll: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-step-over'), tooltip: vscode.l10n.t('Skip the questions and generate') };
      box.buttons = [skipAll];
      let done = false;
      const finish = (v: string | undefined) => {
        if (done) return;
        done = true;
        resolve(v);
        box.dispose();
      };
      box.onDidTriggerButton(() => finish(undefined));
      box.onDidAccept(() => finish(box.value.trim()));
      box.onDidHide(() => finish(undefined));
      box.show();
    });
  }

  /**
   * The provider, ready to use BEFORE the user types anything: one that needs an API key and has
   * none offers "Set API Key" (the key box, then on to the description) or another provider.
   * `undefined` when the user gave up.
   */
  async function readyProvider(): Promise<ProviderId | undefined> {
    for (;;) {
      const id = await ai.ensureProvider();
      if (!id) return undefined;
      // VS Code models need no key; a custom endpoint may not (on this machine): checked when used.
      if (id === 'vscode' || id === 'custom' || (await ai.hasKey(id))) return id;
      const setKey = vscode.l10n.t('Set API Key');
      const other = vscode.l10n.t('Choose Another Provider');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} has no API key yet.', providerLabel(id)),
        { modal: true, detail: vscode.l10n.t('Set it now (it is kept in VS Code SecretStorage), then describe the item.') },
        setKey,
        other,
      );
      if (pick === setKey) {
        const stored = await vscode.commands.executeCommand<boolean>('flowcast.ai.setApiKey', { provider: id });
        if (stored && (await ai.hasKey(id))) return id;
        return undefined;
      }
      if (pick !== other || !(await ai.pickProvider())) return undefined;
    }
  }

  /** What was typed in Generate's box the last time it did not end with a draft: offered back. */
  let lastDescription = '';

  reg('flowcast.ai.generateItem', async (a) => {
    const backlogId = str(a, 'backlogId');
    let description = str(a, 'description');
    const typed = description === undefined;
    if (description === undefined) {
      if (!(await readyProvider())) return undefined;
      description = await vscode.window.showInputBox({
        title: vscode.l10n.t('Generate an item with AI'),
        prompt: vscode.l10n.t('Describe the bug, feature or task in your own words. The project’s README/AGENTS.md and your editor selection are used as context.'),
        value: lastDescription,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 3 ? vscode.l10n.t('Describe it in a few words.') : undefined),
      });
      if (!description) return undefined;
      // Kept until a draft opens: any failure (no key, network, a bad answer, a cancel) gives it back.
      lastDescription = description;
    }
    const result = await generate(description, backlogId, a);
    if (typed && result && (result as { ok?: unknown }).ok === true) lastDescription = '';
    return result;
  });

  async function generate(description: string, backlogId: string | undefined, a: Args) {
    return withAi(async (rt, label) => {
      const types = await typesOf(backlogId);
      const ctx = await projectContext();
      let qa: QA[] = [];
      let recap = '';
      const wantQuestions = a?.skipQuestions !== true && vscode.workspace.getConfiguration('flowcast.ai').get<boolean>('clarifyingQuestions') !== false;
      if (wantQuestions) {
        const q = await askQuestions(rt, label, description, ctx, types, a);
        if (q === 'cancel') return { ok: false, kind: 'cancelled', message: 'cancelled' };
        ({ qa, recap } = q);
      }
      const examples = await similarItems(description, 3, backlogId);
      const { item, corrected } = await withAiProgress(vscode.l10n.t('{0}: writing the item…', label), (signal, report) =>
        generateItem(rt, { description, qa, projectContext: ctx, examples, types, signal, onText: streamCounter(report) }),
      );
      const { fields, warnings } = toEditableFields(item, await baseFields(backlogId), types.map((t) => t.key));
      const note = [recap, corrected ? vscode.l10n.t('The first answer was invalid and was corrected by the AI.') : '', ...warnings].filter(Boolean).join('\n');
      const draft = await editors.showDraft(fields, { backlogId, note, title: vscode.l10n.t('New item (AI)') });
      return { ok: true, fields, key: draft.key, questions: qa.map((x) => x.question) };
    });
  }

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

  // ---------------- bulk extraction ----------------

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

  // ---------------- analysis ----------------

  reg('flowcast.ai.analyseBacklog', async (a) => {
    const { id: backlogId, repo } = await service.repo(str(a, 'backlogId'));
    const done = new Set(repo.listStatuses().filter((s) => s.category === 'done').map((s) => s.key));
    const active = repo.listItems().filter((i) => !done.has(i.status));
    if (!active.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no open items to analyse.'));
      return { ok: true, analysed: 0, skipped: 0 };
    }
    const targets = a?.all === true ? active : itemsNeedingAnalysis(repo.db, active);
    if (!targets.length) {
      const again = vscode.l10n.t('Re-analyse all');
      const show = vscode.l10n.t('Show report');
      if (a?.all === false) return { ok: true, analysed: 0, skipped: active.length };
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('No item changed since the last analysis.'), show, again);
      if (pick === show) await reports.show(backlogId);
      if (pick !== again) return { ok: true, analysed: 0, skipped: active.length };
      return vscode.commands.executeCommand('flowcast.ai.analyseBacklog', { backlogId, all: true });
    }
    return withAi(async (rt, label) => {
      // The time the items were read: an edit made during the call leaves its score outdated.
      const at = new Date().toISOString();
      const hashes = new Map(targets.map((i) => [i.id, itemContentHash(i)]));
      const res = await withAiProgress(vscode.l10n.t('{0}: analysing {1} items…', label, targets.length), (signal, report) =>
        analyseBacklog(rt, { items: targets, context: active, signal, onBatch: (d, t) => report(vscode.l10n.t('batch {0} of {1}', d, t)) }),
      );
      await service.writeDerived(backlogId, res.scores.map((s) => s.itemId), (db) => {
        saveItemScores(db, res.scores.map((s) => ({ ...s, factors: s.factors.map((f) => ({ name: `${f.effect === 'raises' ? '▲' : '▼'} ${f.name}`, note: f.note })), contentHash: hashes.get(s.itemId) as string, provider: rt.provider.id, model: rt.model, at })));
        saveRun(db, { at, provider: rt.provider.id, model: rt.model, groups: res.groups, blockingBugs: res.blockingBugs.map((b) => ({ itemId: b.id, reason: b.reason })), insights: res.insights, analysed: res.scores.length, skipped: active.length - targets.length });
      });
      if (a?.open !== false) await reports.show(backlogId);
      if (res.missing.length) void vscode.window.showWarningMessage(vscode.l10n.t('The AI did not score {0} item(s); run the analysis again to complete them.', res.missing.length));
      return { ok: true, analysed: res.scores.length, skipped: active.length - targets.length, missing: res.missing };
    });
  });

  reg('flowcast.ai.showAnalysis', async (a) => {
    const { id } = await service.repo(str(a, 'backlogId'));
    return reports.show(id);
  });
}
