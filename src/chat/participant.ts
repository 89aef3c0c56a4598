// The @flowcast chat participant: /new, /extract, /refine <ID>, /search, /next and /forecast. It
// uses the model the user picked (request.model), streams the answer, links item IDs, and never
// changes the backlog itself: proposed changes come with an Apply button (one undo step).
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { ACTIONS_INSTRUCTIONS, ActionsBlockSchema, applyActions, extractActions, previewActions, type ProposedAction, visibleText } from '../core/chat/actions';
import { buildChatContext, chatSystemPrompt } from '../core/chat/context';
import { openCount } from '../core/chat/tools';
import { searchItems } from '../core/search';
import { validateArg } from '../core/protocol/api';
import { errorMessage } from '../core/util/errors';
import type { ForecastHost } from '../forecast/forecastHost';

export const PARTICIPANT_ID = 'flowcast.chat';
export const APPLY_ACTIONS_COMMAND = 'flowcast.chat.applyActions';
const CONTEXT_TOKENS = 6000;

const ID_RE = /\b([A-Z][A-Z0-9_]{0,15}-\d{1,9})\b/g;

/** Markdown with item IDs as links that open them (command links, trusted for that command only). */
export function linkIds(text: string, known: (id: string) => boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(
    text.replace(ID_RE, (id: string) => (known(id) ? `[${id}](command:flowcast.openItem?${encodeURIComponent(JSON.stringify([id]))})` : id)),
  );
  md.isTrusted = { enabledCommands: ['flowcast.openItem'] };
  return md;
}

function task(command: string | undefined, prompt: string, selection: string): string {
  switch (command) {
    case 'new':
      return `Propose ONE new backlog item (a create action) from this description: ${prompt}`;
    case 'extract':
      return `Propose the backlog items (create actions) found in this text:\n${selection || prompt}`;
    case 'refine':
      return `Improve the item ${prompt}: clearer title and description, acceptance criteria, effort. Propose one update action.`;
    case 'next':
      return `What should I work on next, and why? Consider priorities, blocking relations and status. ${prompt}`;
    default:
      return prompt;
  }
}

export interface ParticipantDeps {
  service: BacklogService;
  forecasts?: ForecastHost;
}

/** The participant's handler (exported so tests can drive it with a recorded stream). */
export function createChatHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
  return async (request, _context, stream, token) => {
    const { service } = deps;
    let repoInfo;
    try {
      repoInfo = await service.repo();
    } catch (e) {
      stream.markdown(errorMessage(e));
      return {};
    }
    const { id: backlogId, repo } = repoInfo;
    const known = (id: string) => !!repo.getItem(id);
    if (request.command === 'forecast') {
      if (!deps.forecasts) {
        stream.markdown(vscode.l10n.t('Forecasting is not available yet.'));
        return {};
      }
      stream.progress(vscode.l10n.t('Running the forecast…'));
      const remaining = await openCount(service, /bug/i.test(request.prompt) ? 'BUG' : undefined);
      const answer = await deps.forecasts.when({ remaining: Math.max(1, remaining) });
      stream.markdown(answer.sentences.map((s) => `- ${s}`).join('\n'));
      stream.button({ command: 'flowcast.forecastWhen', title: vscode.l10n.t('Open the forecast') });
      return {};
    }
    if (request.command === 'search') {
      const r = searchItems(repo.db, request.prompt, { limit: 20 });
      if (!r.hits.length) stream.markdown(vscode.l10n.t('No item matches.'));
      else stream.markdown(linkIds(`${vscode.l10n.t('{0} of {1} matching items:', r.hits.length, r.total)}\n\n${r.hits.map((h) => `- ${h.id} ${h.title.replace(/[[\]<>]/g, '')} (${h.status})`).join('\n')}`, known));
      return {};
    }
    const editor = vscode.window.activeTextEditor;
    const selectionText = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    const question = task(request.command, request.prompt, selectionText);
    const backlogName = (await service.registry.get(backlogId)).name;
    const ctx = buildChatContext({
      repo,
      backlogName,
      question,
      selection: request.command === 'extract' && selectionText ? { file: vscode.workspace.asRelativePath(editor!.document.uri), text: selectionText } : undefined,
      budgetTokens: CONTEXT_TOKENS,
    });
    const messages = [
      vscode.LanguageModelChatMessage.User(chatSystemPrompt(ctx.text, ACTIONS_INSTRUCTIONS, vscode.env.language)),
      vscode.LanguageModelChatMessage.User(question),
    ];
    let full = '';
    let shown = 0;
    try {
      const response = await request.model.sendRequest(messages, {}, token);
      for await (const part of response.text) {
        full += part;
        const visible = visibleText(full);
        if (visible.length > shown) {
          stream.markdown(visible.slice(shown));
          shown = visible.length;
        }
      }
    } catch (e) {
      stream.markdown(`\n\n${vscode.l10n.t('The model could not answer: {0}', errorMessage(e))}`);
      return { errorDetails: { message: errorMessage(e) } };
    }
    const { actions, invalid } = extractActions(full);
    if (invalid) stream.markdown(`\n\n${vscode.l10n.t('The proposed changes could not be read: {0}', invalid)}`);
    if (actions.length) {
      const previews = previewActions(repo, actions);
      const lines = previews.map((p) => `- ${p.refusal ? `~~${p.summary}~~ — ${vscode.l10n.t('refused: {0}', p.refusal)}` : p.summary}`);
      stream.markdown(linkIds(`\n\n**${vscode.l10n.t('Proposed changes (nothing is changed until you apply them):')}**\n${lines.join('\n')}`, known));
      const applicable = actions.filter((_a, i) => !previews[i].refusal);
      if (applicable.length) stream.button({ command: APPLY_ACTIONS_COMMAND, title: vscode.l10n.t('Apply {0} change(s)', applicable.length), arguments: [{ actions: applicable, backlogId }] });
    }
    return {};
  };
}

/** Applies proposed actions (the participant's Apply button, the chat panel): one undo step. */
export async function applyProposedActions(service: BacklogService, raw: unknown): Promise<{ ok: boolean; message: string; created?: string[] }> {
  const args = raw as { actions?: unknown; backlogId?: unknown };
  let actions: ProposedAction[];
  try {
    actions = validateArg(ActionsBlockSchema, { actions: args?.actions }, 'args').actions;
  } catch (e) {
    return { ok: false, message: errorMessage(e) };
  }
  const backlogId = typeof args.backlogId === 'string' ? args.backlogId : undefined;
  const r = await applyActions(service, actions, vscode.l10n.t('Chat: {0} change(s)', actions.length), backlogId);
  if (!r.ok) return { ok: false, message: vscode.l10n.t('Nothing was changed: action {0} was refused ({1}).', r.index + 1, r.reason) };
  return { ok: true, message: vscode.l10n.t('Applied {0} change(s). Undo reverts them together.', actions.length), created: r.created };
}

export function registerChatParticipant(context: vscode.ExtensionContext, deps: ParticipantDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('flowcast.chat.applyActions', async (args: unknown) => {
      const r = await applyProposedActions(deps.service, args);
      if (r.ok) {
        const undo = vscode.l10n.t('Undo');
        void vscode.window.showInformationMessage(r.message, undo).then((a) => a === undo && vscode.commands.executeCommand('flowcast.undo'));
      } else void vscode.window.showErrorMessage(r.message);
      return r;
    }),
  );
  if (typeof vscode.chat?.createChatParticipant !== 'function') return;
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, createChatHandler(deps));
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'flowcast.svg');
  context.subscriptions.push(participant);
}
