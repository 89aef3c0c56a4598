// Forecast reports: read-only Markdown documents (flowcast-forecast:) shown in VS Code's Markdown
// preview. The text is built by the core (percentile table, warnings, inputs, seed); this only
// keeps the latest text per report name and serves it.
import * as vscode from 'vscode';

export const FORECAST_REPORT_SCHEME = 'flowcast-forecast';

export class ForecastReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? `# ${vscode.l10n.t('This forecast report is no longer available: run the forecast again.')}\n`;
  }

  /** Stores a report under a name (one document per kind of forecast) and opens its preview. */
  async show(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: FORECAST_REPORT_SCHEME, path: `/${name}.md` });
    this.texts.set(uri.path, markdown);
    this.emitter.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  }

  /** The latest text of a report (tests and the public API read it). */
  text(name: string): string | undefined {
    return this.texts.get(`/${name}.md`);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
