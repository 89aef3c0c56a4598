// The "AI" view: each provider with its key status (configured / not configured — never the key),
// its model, and the local usage log (requests, tokens, latency, errors; no content).
import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../core/ai/types';
import type { ProviderUsage, UsageEntry } from '../core/ai/usage';
import { type AiService, KEYED_PROVIDERS, type KeyedProvider, providerLabel } from './aiService';

type Node = { kind: 'provider'; id: ProviderId; usage?: ProviderUsage } | { kind: 'line'; label: string; description?: string; icon?: string; tooltip?: string } | { kind: 'recent'; entries: UsageEntry[] };

function formatNumber(n: number): string {
  return n.toLocaleString(vscode.env.language);
}

export class AiViewProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: { dispose(): void }[] = [];

  constructor(
    private readonly ai: AiService,
    secrets: vscode.SecretStorage,
  ) {
    this.subs.push(
      ai.usage.onDidChange(() => this.refresh()),
      secrets.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('flowcast.ai') && this.refresh()),
      this.emitter,
    );
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const summary = await this.ai.usage.summary();
    if (!node) {
      // Nothing set up yet (no provider, no key, no request): empty, so the "Set up AI" welcome shows.
      if (!this.ai.configuredProvider() && !summary.recent.length && !(await Promise.all(KEYED_PROVIDERS.map((id) => this.ai.hasKey(id)))).some(Boolean)) return [];
      const byId = new Map(summary.providers.map((p) => [p.provider, p]));
      const nodes: Node[] = PROVIDER_IDS.map((id) => ({ kind: 'provider', id, usage: byId.get(id) }));
      if (summary.recent.length) nodes.push({ kind: 'recent', entries: summary.recent });
      return nodes;
    }
    if (node.kind === 'recent') {
      return node.entries.slice(0, 30).map((e) => ({
        kind: 'line',
        label: `${e.feature} · ${e.provider}`,
        description: `${e.ok ? '' : `${e.errorKind ?? 'error'} · `}${e.latencyMs} ms${e.outputTokens !== undefined ? ` · ${e.inputTokens ?? 0}/${e.outputTokens} tok` : ''}`,
        icon: e.ok ? 'pass' : 'error',
        tooltip: `${new Date(e.at).toLocaleString(vscode.env.language)} — ${e.model}`,
      }));
    }
    if (node.kind !== 'provider') return [];
    const lines: Node[] = [{ kind: 'line', label: vscode.l10n.t('Model'), description: this.ai.model(node.id) || vscode.l10n.t('(first available)'), icon: 'symbol-class' }];
    const u = node.usage;
    if (u) {
      lines.push(
        { kind: 'line', label: vscode.l10n.t('Requests'), description: vscode.l10n.t('{0} ({1} failed)', formatNumber(u.requests), formatNumber(u.errors)), icon: 'arrow-swap' },
        { kind: 'line', label: vscode.l10n.t('Tokens'), description: vscode.l10n.t('{0} in, {1} out', formatNumber(u.inputTokens), formatNumber(u.outputTokens)), icon: 'symbol-number' },
        { kind: 'line', label: vscode.l10n.t('Average latency'), description: `${formatNumber(Math.round(u.totalLatencyMs / Math.max(1, u.requests)))} ms`, icon: 'watch' },
      );
      const kinds = Object.entries(u.errorKinds);
      if (kinds.length) lines.push({ kind: 'line', label: vscode.l10n.t('Errors'), description: kinds.map(([k, n]) => `${k} ×${n}`).join(', '), icon: 'warning' });
      lines.push({ kind: 'line', label: vscode.l10n.t('Last used'), description: new Date(u.lastAt).toLocaleString(vscode.env.language), icon: 'history' });
    } else lines.push({ kind: 'line', label: vscode.l10n.t('Not used yet'), icon: 'circle-slash' });
    return lines;
  }

  async getTreeItem(node: Node): Promise<vscode.TreeItem> {
    if (node.kind === 'recent') {
      const t = new vscode.TreeItem(vscode.l10n.t('Recent requests'), vscode.TreeItemCollapsibleState.Collapsed);
      t.iconPath = new vscode.ThemeIcon('list-flat');
      return t;
    }
    if (node.kind === 'line') {
      const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      t.description = node.description;
      t.tooltip = node.tooltip;
      if (node.icon) t.iconPath = new vscode.ThemeIcon(node.icon);
      return t;
    }
    const current = this.ai.configuredProvider() === node.id;
    const t = new vscode.TreeItem(providerLabel(node.id), current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `ai-provider-${node.id}`;
    const keyed = (KEYED_PROVIDERS as readonly string[]).includes(node.id);
    const configured = keyed && (await this.ai.hasKey(node.id as KeyedProvider));
    const status = !keyed ? vscode.l10n.t('no key needed') : configured ? vscode.l10n.t('key configured') : node.id === 'custom' ? vscode.l10n.t('no key (fine for local endpoints)') : vscode.l10n.t('key not configured');
    t.description = current ? vscode.l10n.t('{0} · in use', status) : status;
    t.iconPath = new vscode.ThemeIcon(current ? 'star-full' : configured || !keyed ? 'pass' : 'key');
    t.contextValue = keyed ? `aiProvider.keyed.${configured ? 'set' : 'unset'}` : 'aiProvider.vscode';
    t.tooltip = new vscode.MarkdownString(`${providerLabel(node.id)} — ${status}`);
    return t;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
