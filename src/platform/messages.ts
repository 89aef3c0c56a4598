// User-facing texts of the adapters, localised with vscode.l10n (bundles in l10n/).
import * as vscode from 'vscode';
import type { FormatLabels } from '../core/backlog/format';
import { FlowcastError } from '../core/util/errors';

/** Localised, actionable text for an error (core errors are mapped by code). */
export function describeError(err: unknown): string {
  if (err instanceof FlowcastError) {
    const a = err.args;
    switch (err.code) {
      case 'backlog_not_found':
        return vscode.l10n.t('There is no backlog "{0}". Refresh the Backlogs view.', String(a.id));
      case 'backlog_name_invalid':
        return vscode.l10n.t('Invalid backlog name: {0}', err.message);
      case 'backlog_name_taken':
        return vscode.l10n.t('A backlog named "{0}" already exists. Choose another name.', String(a.name));
      case 'no_active_backlog':
        return vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.');
      case 'schema_too_new':
        return vscode.l10n.t('This backlog was written by a newer Flowcast (schema {0}; this version reads up to {1}). Update Flowcast to open it; the file was left untouched.', Number(a.found), Number(a.supported));
      case 'not_a_flowcast_db':
        return vscode.l10n.t('This file is not a Flowcast backlog; it was left untouched.');
      case 'item_not_found':
        return vscode.l10n.t('There is no item {0}.', String(a.id));
      case 'status_unknown':
        return vscode.l10n.t('Unknown status "{0}".', String(a.status));
      case 'relation_cycle':
        return vscode.l10n.t('Refused: this relation would create a cycle of "blocks": {0}.', String(a.cycle));
      case 'type_in_use':
        return vscode.l10n.t('The type {0} still has {1} item(s): choose a type to move them to.', String(a.key), Number(a.count));
      case 'status_in_use':
        return vscode.l10n.t('The status {0} still has {1} item(s): choose a status to move them to.', String(a.key), Number(a.count));
      default:
        return err.message;
    }
  }
  return vscode.l10n.t('Unexpected error: {0}', err instanceof Error ? err.message : String(err));
}

const DEFAULT_STATUS_LABELS: Record<string, [string, () => string]> = {
  backlog: ['Backlog', () => vscode.l10n.t('Backlog')],
  ready: ['Ready', () => vscode.l10n.t('Ready')],
  in_progress: ['In progress', () => vscode.l10n.t('In progress')],
  review: ['Review', () => vscode.l10n.t('Review')],
  done: ['Done', () => vscode.l10n.t('Done')],
};

const DEFAULT_TYPE_LABELS: Record<string, [string, () => string]> = {
  BUG: ['Bug', () => vscode.l10n.t('Bug')],
  FEAT: ['Feature', () => vscode.l10n.t('Feature')],
  TASK: ['Task', () => vscode.l10n.t('Task')],
  DEBT: ['Technical debt', () => vscode.l10n.t('Technical debt')],
  IDEA: ['Idea', () => vscode.l10n.t('Idea')],
};

/** A status's label: the localised default unless the user renamed it. */
export function statusLabel(key: string, stored?: string): string {
  const d = DEFAULT_STATUS_LABELS[key];
  return d && (stored === undefined || stored === d[0]) ? d[1]() : (stored ?? key);
}

/** A type's label: the localised default unless the user renamed it. */
export function typeLabel(key: string, stored?: string): string {
  const d = DEFAULT_TYPE_LABELS[key];
  return d && (stored === undefined || stored === d[0]) ? d[1]() : (stored ?? key);
}

/** Strings the board webview shows. */
export function boardStrings(): Record<string, string> {
  return {
    loading: vscode.l10n.t('Loading…'),
    emptyTitle: vscode.l10n.t('No backlog yet'),
    emptyBody: vscode.l10n.t('A backlog holds your items. It is stored in this workspace, on this machine.'),
    createBacklog: vscode.l10n.t('Create backlog'),
    switchBacklog: vscode.l10n.t('Switch backlog'),
    addPlaceholder: vscode.l10n.t('Add an item: type a title and press Enter'),
    add: vscode.l10n.t('Add'),
    noItems: vscode.l10n.t('No items'),
    problem: vscode.l10n.t('The backlog could not be opened'),
    error: vscode.l10n.t('Error'),
    board: vscode.l10n.t('Board'),
    open: vscode.l10n.t('Open'),
    copyMarkdown: vscode.l10n.t('Copy as Markdown'),
    copyPrompt: vscode.l10n.t('Copy as AI prompt'),
    checkAllCriteria: vscode.l10n.t('Mark all criteria done'),
    archive: vscode.l10n.t('Archive'),
    delete: vscode.l10n.t('Delete'),
    blocked: vscode.l10n.t('Blocked'),
    criteria: vscode.l10n.t('Acceptance criteria done'),
    filterPlaceholder: vscode.l10n.t('Filter: words, type:BUG, #tag, priority:high…'),
    overWip: vscode.l10n.t('Over the WIP limit'),
    priority_high: vscode.l10n.t('High'),
    priority_medium: vscode.l10n.t('Medium'),
    priority_low: vscode.l10n.t('Low'),
    cardHelp: vscode.l10n.t('Enter: open · F2: rename · Alt+arrows: move · Space: select · Delete: delete'),
    noMatch: vscode.l10n.t('No item matches the filter'),
    shortcuts: vscode.l10n.t('Keyboard shortcuts'),
    helpN: vscode.l10n.t('n: type a new item'),
    helpSlash: vscode.l10n.t('/: filter'),
    helpArrows: vscode.l10n.t('Arrows: move between cards'),
    helpAltArrows: vscode.l10n.t('Alt+arrows: move the card (column, order)'),
    helpEnter: vscode.l10n.t('Enter: open the item'),
    helpF2: vscode.l10n.t('F2 or double-click: rename'),
    helpDelete: vscode.l10n.t('Delete: delete (Flowcast: Undo brings it back)'),
    helpDrag: vscode.l10n.t('Drag and drop: move to a column or an exact place'),
    helpQuestion: vscode.l10n.t('?: show or hide this list'),
    notSet: vscode.l10n.t("(not set)"),
    dismiss: vscode.l10n.t("Dismiss"),
    viewNothing: vscode.l10n.t("Set a filter first: a view saves the filter chips and the filter text."),
    viewDropped: vscode.l10n.t("\"(not set)\" and \"At risk\" choices cannot be saved in a view and were left out."),
    selectedState: vscode.l10n.t("selected"),
    field_type: vscode.l10n.t("Type"),
    field_status: vscode.l10n.t("Status"),
    field_priority: vscode.l10n.t("Priority"),
    field_effort: vscode.l10n.t("Effort"),
    field_severity: vscode.l10n.t("Severity"),
    field_tags: vscode.l10n.t("Tags"),
    noTags: vscode.l10n.t("No tags yet"),
    clearFilters: vscode.l10n.t("Clear filters"),
    bulkActions: vscode.l10n.t("Actions on the selected items"),
    selectedCount: vscode.l10n.t("{0} selected"),
    tagPlaceholder: vscode.l10n.t("tag"),
    addTag: vscode.l10n.t("Add this tag to the selected items"),
    removeTag: vscode.l10n.t("Remove this tag from the selected items"),
    clearSelection: vscode.l10n.t("Clear selection (Escape)"),
    views: vscode.l10n.t("Views"),
    saveView: vscode.l10n.t("Save current filter as a view\u2026"),
    layout: vscode.l10n.t("Layout"),
    list: vscode.l10n.t("List"),
    swimlanes: vscode.l10n.t("Swimlanes"),
    lanesNone: vscode.l10n.t("No swimlanes"),
    lanesType: vscode.l10n.t("Swimlanes by type"),
    lanesPriority: vscode.l10n.t("Swimlanes by priority"),
    matchCount: vscode.l10n.t("{0} of {1}"),
    helpSelect: vscode.l10n.t("Ctrl/Cmd+click, Shift+click or Space: select several items"),
    helpSelectAll: vscode.l10n.t("Ctrl/Cmd+A: select all shown items \u00b7 Escape: clear the selection"),
    columns: vscode.l10n.t("Columns"),
    selectItem: vscode.l10n.t("Select {0}"),
    selectAll: vscode.l10n.t("Select all"),
    sortBy: vscode.l10n.t("Sort by {0}"),
    col_id: vscode.l10n.t("ID"),
    col_type: vscode.l10n.t("Type"),
    col_title: vscode.l10n.t("Title"),
    col_status: vscode.l10n.t("Status"),
    col_priority: vscode.l10n.t("Priority"),
    col_effort: vscode.l10n.t("Effort"),
    col_severity: vscode.l10n.t("Severity"),
    col_tags: vscode.l10n.t("Tags"),
    col_component: vscode.l10n.t("Component"),
    col_targetDate: vscode.l10n.t('Target date'),
    col_criteria: vscode.l10n.t("Criteria"),
    col_blocked: vscode.l10n.t("Blocked"),
    col_createdAt: vscode.l10n.t("Created"),
    col_updatedAt: vscode.l10n.t("Updated"),
    col_aiScore: vscode.l10n.t('AI score'),
    aiScoreShort: vscode.l10n.t('AI score {0}'),
    aiScoreShortStale: vscode.l10n.t('AI score {0}, outdated'),
    aiOutdated: vscode.l10n.t('outdated'),
    aiScoreTooltip: vscode.l10n.t('AI priority score {0}/100 (analysed {1})'),
    aiScoreTooltipStale: vscode.l10n.t('AI priority score {0}/100 (analysed {1}), outdated: the item changed since'),
  };
}

/** Field labels for Markdown copies and item documents, in the UI language. */
export function formatLabels(): FormatLabels {
  return {
    type: vscode.l10n.t('Type'),
    status: vscode.l10n.t('Status'),
    priority: vscode.l10n.t('Priority'),
    severity: vscode.l10n.t('Severity'),
    effort: vscode.l10n.t('Effort'),
    targetDate: vscode.l10n.t('Target date'),
    component: vscode.l10n.t('Component'),
    tags: vscode.l10n.t('Tags'),
    description: vscode.l10n.t('Description'),
    userStory: vscode.l10n.t('User story'),
    specs: vscode.l10n.t('Specifications'),
    reproSteps: vscode.l10n.t('Steps to reproduce'),
    criteria: vscode.l10n.t('Acceptance criteria'),
    dependencies: vscode.l10n.t('Dependencies'),
    constraints: vscode.l10n.t('Constraints'),
    attachments: vscode.l10n.t('Attachments'),
    links: vscode.l10n.t('Code'),
    blockedBy: vscode.l10n.t('Blocked by'),
    blocks: vscode.l10n.t('Blocks'),
  };
}

export function priorityLabel(p: string | null): string {
  switch (p) {
    case 'high':
      return vscode.l10n.t('High');
    case 'medium':
      return vscode.l10n.t('Medium');
    case 'low':
      return vscode.l10n.t('Low');
    default:
      return vscode.l10n.t('None');
  }
}
