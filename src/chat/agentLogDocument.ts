// "Flowcast: Show Agent Log": every change agents made through the tools (who, when, what), as a
// read-only Markdown document of the active backlog, newest first.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { agentLogMarkdown, listAgentChanges } from '../core/chat/agentLog';

export const AGENT_LOG_SCHEME = 'flowcast-agent-log';

export class AgentLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly service: BacklogService) {
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items') this.changed.fire(vscode.Uri.parse(`${AGENT_LOG_SCHEME}:Agent%20log.md`));
    });
  }

  async provideTextDocumentContent(): Promise<string> {
    const { id, repo } = await this.service.repo();
    const name = (await this.service.registry.get(id)).name;
    return agentLogMarkdown(listAgentChanges(repo.db), vscode.l10n.t('Changes made by agents in {0}', name));
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export function registerAgentLog(context: vscode.ExtensionContext, service: BacklogService): void {
  const provider = new AgentLogProvider(service);
  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(AGENT_LOG_SCHEME, provider),
    vscode.commands.registerCommand('flowcast.showAgentLog', async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${AGENT_LOG_SCHEME}:Agent%20log.md`));
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc.getText();
    }),
  );
}
