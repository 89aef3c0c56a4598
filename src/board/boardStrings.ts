// Board strings added with the denser sidebar, the start panel and the clearer labels
// (merged into the Init strings; French in l10n/bundle.l10n.fr.json).
import * as vscode from 'vscode';

export function boardExtraStrings(): Record<string, string> {
  return {
    addShort: vscode.l10n.t('Add an item…'),
    addTo: vscode.l10n.t('Add item to {0}'),
    filterShort: vscode.l10n.t('Filter…'),
    filtersButton: vscode.l10n.t('Filters, views and layout'),
    filtersActive: vscode.l10n.t('Filters, views and layout ({0} active)'),
    startTitle: vscode.l10n.t('This backlog is empty'),
    startBody: vscode.l10n.t('Add a first item, import a file (Markdown, JSON, CSV) or let the AI draft items from a description.'),
    startAdd: vscode.l10n.t('Add item'),
    startImport: vscode.l10n.t('Import…'),
    startGenerate: vscode.l10n.t('Generate with AI…'),
    copyPromptTip: vscode.l10n.t('Copy as AI prompt (to paste into a chat assistant)'),
    helpButton: vscode.l10n.t('Keyboard shortcuts (?)'),
    close: vscode.l10n.t('Close'),
    scrollMore: vscode.l10n.t('More columns: scroll right'),
    forecastDateTip: vscode.l10n.t('Forecast: 85% likely done by {0} (50%: {1}; 95%: {2}), from the Monte Carlo forecast of the backlog order'),
    forecastBeyond: vscode.l10n.t('Forecast: not within the forecast horizon'),
    forecastLabel: vscode.l10n.t('forecast {0}'),
    forecastNone: vscode.l10n.t('No forecast dates: {0}'),
    // Target dates: the likelihood of meeting them and the "At risk" filter
    field_forecast: vscode.l10n.t('Forecast'),
    atRisk: vscode.l10n.t('At risk (85% date after the target date)'),
    targetLabel: vscode.l10n.t('target {0}'),
    targetTip: vscode.l10n.t('Target date {0}: {1} ({2}% likely done by then, from the Monte Carlo forecast of the backlog order)'),
    targetNoForecast: vscode.l10n.t('Target date {0} (no forecast: its likelihood is unknown)'),
    'level.risky': vscode.l10n.t('Risky'),
    'level.realistic': vscode.l10n.t('Realistic'),
    'level.confident': vscode.l10n.t('Confident'),
    'level.certain': vscode.l10n.t('Certain'),
    openWorkItem: vscode.l10n.t('Open work item #{0} in Azure DevOps'),
  };
}

/** What a plain click on a card does (`flowcast.board.singleClick`). */
export function singleClickSetting(): 'select' | 'open' {
  return vscode.workspace.getConfiguration('flowcast').get<string>('board.singleClick') === 'open' ? 'open' : 'select';
}
