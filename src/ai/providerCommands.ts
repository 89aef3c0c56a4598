// The AI provider commands: choose the provider and model, store or clear an API key (in
// SecretStorage only), test the connection, and clear the usage record.
import * as vscode from 'vscode';
import { chatWithPolicy } from '../core/ai/policy';
import { log } from '../platform/log';
import { KEYED_PROVIDERS, type KeyedProvider, providerLabel } from './aiService';
import { showAiFailure, toFailure } from './aiErrors';
import { type AiCommandKit, type Args, isProvider, str, withAiProgress } from './aiCommandSupport';

export function registerProviderCommands(kit: AiCommandKit): void {
  const { ai, reg } = kit;

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
}
