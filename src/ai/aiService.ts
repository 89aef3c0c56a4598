// Builds what an AI feature needs from VS Code: the chosen provider (SDK adapters loaded lazily
// from dist/lazy/ai.js, or VS Code's own language models), its key from SecretStorage, the model,
// the timeout and output language from settings, and the usage log.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vscode from 'vscode';
import { outputLanguage } from '../core/ai/context';
import { validateBaseUrl } from '../core/ai/endpoint';
import type { AiRuntime } from '../core/ai/features';
import { AiError, type ChatProvider, PROVIDER_IDS, type ProviderConfig, type ProviderId } from '../core/ai/types';
import type { UsageLog } from '../core/ai/usage';
import type { SecretStore } from '../platform/secrets';
import { createVsCodeLmProvider } from './vscodeLm';

export type KeyedProvider = Exclude<ProviderId, 'vscode'>;
export const KEYED_PROVIDERS: readonly KeyedProvider[] = ['openai', 'gemini', 'groq', 'custom'];

export const DEFAULT_MODELS: Record<KeyedProvider, string> = {
  openai: 'gpt-4.1-mini',
  gemini: 'gemini-2.5-flash',
  groq: 'llama-3.3-70b-versatile',
  custom: 'llama3.2',
};
export const DEFAULT_TIMEOUT_S = 60;

export function providerLabel(id: ProviderId): string {
  switch (id) {
    case 'openai':
      return 'OpenAI';
    case 'gemini':
      return 'Google Gemini';
    case 'groq':
      return 'Groq';
    case 'custom':
      return vscode.l10n.t('OpenAI-compatible endpoint');
    case 'vscode':
      return vscode.l10n.t('VS Code language models');
  }
}

export function secretName(id: KeyedProvider): string {
  return `ai.${id}`;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('flowcast.ai');
}

type CreateProvider = (cfg: ProviderConfig) => ChatProvider;

export class AiService {
  private create: CreateProvider | undefined;

  constructor(
    private readonly secrets: SecretStore,
    readonly usage: UsageLog,
    private readonly distDir: string,
  ) {}

  /** The provider from settings, or undefined when none is chosen (or the value is invalid). */
  configuredProvider(): ProviderId | undefined {
    const v = config().get<string>('provider');
    return PROVIDER_IDS.includes(v as ProviderId) ? (v as ProviderId) : undefined;
  }

  /** The chosen provider, asking the user to choose one the first time. */
  async ensureProvider(): Promise<ProviderId | undefined> {
    return this.configuredProvider() ?? (await this.pickProvider());
  }

  async pickProvider(): Promise<ProviderId | undefined> {
    const current = this.configuredProvider();
    const items = await Promise.all(
      PROVIDER_IDS.map(async (id) => ({
        id,
        label: providerLabel(id),
        description: id === current ? vscode.l10n.t('current') : undefined,
        detail: id === 'vscode' ? vscode.l10n.t('No key needed; VS Code asks for your consent.') : (await this.hasKey(id)) ? vscode.l10n.t('API key configured') : id === 'custom' ? vscode.l10n.t('Key optional for endpoints on this machine') : vscode.l10n.t('API key not configured'),
      })),
    );
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Choose the AI provider'), placeHolder: vscode.l10n.t('Flowcast sends requests only to the provider you choose') });
    if (!pick) return undefined;
    await config().update('provider', pick.id, vscode.ConfigurationTarget.Global);
    return pick.id;
  }

  hasKey(id: KeyedProvider): Promise<boolean> {
    return this.secrets.has(secretName(id));
  }

  async setKey(id: KeyedProvider, key: string): Promise<void> {
    await this.secrets.store(secretName(id), key);
  }

  async clearKey(id: KeyedProvider): Promise<void> {
    await this.secrets.delete(secretName(id));
  }

  model(id: ProviderId): string {
    if (id === 'vscode') return config().get<string>('vscode.model')?.trim() ?? '';
    const v = config().get<string>(`${id}.model`)?.trim();
    return v || DEFAULT_MODELS[id];
  }

  async setModel(id: ProviderId, model: string): Promise<void> {
    await config().update(`${id}.model`, model, vscode.ConfigurationTarget.Global);
  }

  /** Timeout per request in ms; an invalid setting falls back to 60 s with a warning. */
  timeoutMs(): number {
    const raw = config().get<unknown>('timeoutSeconds');
    if (raw === undefined) return DEFAULT_TIMEOUT_S * 1000;
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 5 || raw > 600) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The setting flowcast.ai.timeoutSeconds must be a number from 5 to 600; {0} is used instead.', DEFAULT_TIMEOUT_S));
      return DEFAULT_TIMEOUT_S * 1000;
    }
    return raw * 1000;
  }

  language(): string {
    return outputLanguage(config().get<string>('outputLanguage'), vscode.env.language);
  }

  private baseUrl(id: KeyedProvider): string | undefined {
    const raw = config().get<string>(`${id}.baseUrl`)?.trim();
    if (!raw) {
      if (id === 'custom') throw new AiError('config', vscode.l10n.t('Set flowcast.ai.custom.baseUrl to your endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama.'));
      return undefined;
    }
    const v = validateBaseUrl(raw);
    if (!v.ok) throw new AiError('config', vscode.l10n.t('The setting flowcast.ai.{0}.baseUrl is invalid: {1}', id, v.reason));
    return v.url;
  }

  private loadSdk(): CreateProvider {
    if (!this.create) {
      const req = createRequire(__filename);
      this.create = (req(path.join(this.distDir, 'lazy', 'ai.js')) as { createProvider: CreateProvider }).createProvider;
    }
    return this.create;
  }

  /** A ready provider; throws AiError 'config' with an actionable message when something is missing. */
  async provider(id: ProviderId): Promise<ChatProvider> {
    if (id === 'vscode') return createVsCodeLmProvider({ modelSelector: parseLmSelector(this.model('vscode')) });
    const baseUrl = this.baseUrl(id);
    const apiKey = await this.secrets.get(secretName(id));
    const endpoint = baseUrl ? validateBaseUrl(baseUrl) : undefined;
    if (!apiKey && !(id === 'custom' && endpoint?.ok && endpoint.loopback)) {
      throw new AiError('config', vscode.l10n.t('No API key is set for {0}. Run "Flowcast: Set API Key" first.', providerLabel(id)));
    }
    return this.loadSdk()({ id, apiKey: apiKey || undefined, baseUrl });
  }

  /** Everything a feature needs, for the chosen provider (asks for one when none is chosen). */
  async runtime(): Promise<AiRuntime | undefined> {
    const id = await this.ensureProvider();
    if (!id) return undefined;
    const provider = await this.provider(id);
    return {
      provider,
      model: this.model(id),
      language: this.language(),
      timeoutMs: this.timeoutMs(),
      onUsage: (e) => void this.usage.record(e),
    };
  }
}

/** "vendor/family" or a bare model id (empty = any model). */
export function parseLmSelector(v: string): { vendor?: string; family?: string; id?: string } {
  const s = v.trim();
  if (!s) return {};
  const slash = s.indexOf('/');
  return slash > 0 ? { vendor: s.slice(0, slash), family: s.slice(slash + 1) } : { id: s };
}
