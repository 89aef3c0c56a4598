// AI failures as the user sees them: a localised sentence naming what went wrong, how to fix it,
// and buttons that do the fix. The provider's own (scrubbed, key-free) text is appended as detail.
import * as vscode from 'vscode';
import { AiError, type AiErrorKind, isAiError } from '../core/ai/types';
import { log } from '../platform/log';
import { describeError } from '../platform/messages';

export interface AiFailure {
  ok: false;
  kind: AiErrorKind | 'error';
  message: string;
}

export function hintFor(kind: AiErrorKind | 'error', provider: string): string {
  switch (kind) {
    case 'auth':
      return vscode.l10n.t('{0} rejected the API key. Check it, or set a new one with "Flowcast: Set API Key".', provider);
    case 'forbidden':
      return vscode.l10n.t('{0} refused access with this key (permissions, organisation, region or consent). Check your account, or choose another model.', provider);
    case 'model':
      return vscode.l10n.t('{0} does not offer this model to your key. Choose another one with "Flowcast: Choose AI Model".', provider);
    case 'rate':
      return vscode.l10n.t('{0} is rate limiting requests. Wait a little and try again, or check your plan’s quota.', provider);
    case 'server':
      return vscode.l10n.t('{0} had a server error. Try again in a moment.', provider);
    case 'network':
      return vscode.l10n.t('Could not reach {0}. Check your connection, proxy, or the endpoint URL.', provider);
    case 'timeout':
      return vscode.l10n.t('{0} did not answer in time. Try again, or raise flowcast.ai.timeoutSeconds.', provider);
    case 'cancelled':
      return vscode.l10n.t('Cancelled.');
    case 'bad-request':
      return vscode.l10n.t('{0} refused the request. The model may not support this feature (for example images or JSON output); try another model.', provider);
    case 'invalid-output':
      return vscode.l10n.t('The answer from {0} did not have the expected format, even after asking for a correction. Try again, or choose a more capable model.', provider);
    case 'config':
      return vscode.l10n.t('The AI setup is incomplete.');
    default:
      return vscode.l10n.t('The AI request failed.');
  }
}

export function toFailure(err: unknown): AiFailure {
  if (isAiError(err)) return { ok: false, kind: err.kind, message: err.message };
  return { ok: false, kind: 'error', message: describeError(err) };
}

/** Shows an AI failure (nothing for a cancel) and returns it for the command's result. */
export function showAiFailure(err: unknown, providerLabel: string): AiFailure {
  const f = toFailure(err);
  if (f.kind === 'cancelled') return f;
  log().warn(`AI request failed (${f.kind}): ${f.message}`);
  const text = f.kind === 'config' ? f.message : `${hintFor(f.kind, providerLabel)} (${f.message})`;
  const actions: Record<string, string> = {};
  if (f.kind === 'auth' || (f.kind === 'config' && /API key/i.test(f.message))) actions[vscode.l10n.t('Set API Key')] = 'flowcast.ai.setApiKey';
  if (f.kind === 'model' || f.kind === 'bad-request' || f.kind === 'invalid-output') actions[vscode.l10n.t('Choose Model')] = 'flowcast.ai.selectModel';
  if (f.kind === 'config' || f.kind === 'timeout' || f.kind === 'network') actions[vscode.l10n.t('Open Settings')] = 'workbench.action.openSettings';
  void vscode.window.showErrorMessage(text, ...Object.keys(actions)).then((pick) => {
    if (!pick) return;
    const cmd = actions[pick];
    void vscode.commands.executeCommand(cmd, ...(cmd === 'workbench.action.openSettings' ? ['flowcast.ai'] : []));
  });
  return f;
}

export { AiError };
