// "Generate an item with AI": make sure a provider is ready, ask the description, let the AI ask up
// to a few clarifying questions, then open the written item as a draft in the item editor.
import * as vscode from 'vscode';
import { clarify, generateItem, type AiRuntime, type QA, toEditableFields, type TypeInfo } from '../core/ai/features';
import type { ProviderId } from '../core/ai/types';
import { providerLabel } from './aiService';
import { type AiCommandKit, type Args, str, streamCounter, withAiProgress } from './aiCommandSupport';

export function registerGenerateCommand(kit: AiCommandKit): void {
  const { ai, editors, reg, withAi, typesOf, projectContext, similarItems, baseFields } = kit;

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
}
