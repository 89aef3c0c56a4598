// The backlog analysis report: a read-only Markdown document (flowcast-analysis:) rendered by
// VS Code's Markdown preview, rebuilt from the stored analysis whenever the backlog changes.
import * as vscode from 'vscode';
import { analysisReportMarkdown, type AnalysisReportLabels } from '../core/ai/analysisReport';
import { latestRun, loadItemAnalyses } from '../core/ai/analysisStore';
import type { BacklogService } from '../core/backlog/service';

export const ANALYSIS_SCHEME = 'flowcast-analysis';

export class AnalysisReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly sub: { dispose(): void };
  private readonly open = new Set<string>();

  constructor(private readonly service: BacklogService) {
    this.sub = service.onDidChange((e) => {
      if ((e.kind === 'items' || e.kind === 'workflow') && this.open.has(e.backlogId)) this.emitter.fire(AnalysisReportProvider.uri(e.backlogId));
    });
  }

  static uri(backlogId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: ANALYSIS_SCHEME, path: `/${vscode.l10n.t('AI analysis')}.md`, query: new URLSearchParams({ backlog: backlogId }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const backlogId = new URLSearchParams(uri.query).get('backlog') ?? undefined;
    const { id, repo } = await this.service.repo(backlogId);
    this.open.add(id);
    return analysisReportMarkdown(latestRun(repo.db), loadItemAnalyses(repo.db), repo.listItems({ includeArchived: true }), reportLabels(), {
      formatDate: (iso) => new Date(iso).toLocaleString(vscode.env.language),
    });
  }

  /** Opens the report in the Markdown preview. */
  async show(backlogId: string): Promise<vscode.Uri> {
    const uri = AnalysisReportProvider.uri(backlogId);
    this.emitter.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

function reportLabels(): AnalysisReportLabels {
  return {
    title: vscode.l10n.t('AI analysis'),
    analysedOn: vscode.l10n.t('Analysed on {0}'),
    provider: vscode.l10n.t('Provider'),
    model: vscode.l10n.t('Model'),
    counts: vscode.l10n.t('{0} items analysed, {1} unchanged items skipped'),
    scored: vscode.l10n.t('{0} items have a score'),
    scores: vscode.l10n.t('Priority scores'),
    colId: vscode.l10n.t('ID'),
    colTitle: vscode.l10n.t('Title'),
    colScore: vscode.l10n.t('Score'),
    colFactors: vscode.l10n.t('Top factors'),
    colRationale: vscode.l10n.t('Rationale'),
    outdated: vscode.l10n.t('outdated'),
    groups: vscode.l10n.t('Suggested order'),
    blockingBugs: vscode.l10n.t('Blocking bugs'),
    insights: vscode.l10n.t('Insights'),
    none: vscode.l10n.t('None.'),
    noAnalysis: vscode.l10n.t('No analysis yet. Run "Flowcast: Analyse Backlog with AI".'),
    missingItem: vscode.l10n.t('(deleted)'),
  };
}
