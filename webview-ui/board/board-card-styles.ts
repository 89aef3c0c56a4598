// The stylesheet of cards: selection, focus, drag, drop marker, badges, tags, criteria progress,
// hover actions.
import { css } from 'lit';

export const cardStyles = css`
    ul.cards {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li.card {
      position: relative;
      background: var(--vscode-editor-background);
      border: 1px solid var(--vscode-widget-border, var(--vscode-contrastBorder, transparent));
      border-left: 3px solid var(--type-color, var(--vscode-focusBorder));
      border-radius: 3px;
      padding: 5px 8px 6px;
      cursor: grab;
      outline: none;
      width: 100%;
      box-sizing: border-box;
      margin-bottom: 4px;
    }
    li.card.selected {
      background: var(--vscode-list-inactiveSelectionBackground);
      border-color: var(--vscode-list-focusOutline, var(--vscode-focusBorder));
    }
    li.card.selected:focus-visible {
      background: var(--vscode-list-activeSelectionBackground);
      color: var(--vscode-list-activeSelectionForeground, inherit);
    }
    li.card:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    li.card:hover {
      background: var(--vscode-list-hoverBackground);
    }
    li.card.dragging {
      opacity: 0.5;
    }
    li.drop-marker {
      width: 100%;
      margin-bottom: 4px;
      height: 2px;
      background: var(--vscode-focusBorder);
      border-radius: 1px;
    }
    .top {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px;
      min-height: 18px;
    }
    .id {
      white-space: nowrap;
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .work-item {
      white-space: nowrap;
      display: inline-flex;
      align-items: center;
      gap: 2px;
      padding: 0 3px;
      border: 1px solid transparent;
      border-radius: 3px;
      background: none;
      color: var(--vscode-textLink-foreground);
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      cursor: pointer;
    }
    .work-item:hover {
      background: var(--vscode-toolbar-hoverBackground);
      text-decoration: underline;
    }
    .work-item:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
    }
    .blocked {
      white-space: nowrap;
      color: var(--vscode-errorForeground);
      display: inline-flex;
      align-items: center;
      gap: 2px;
      font-size: 0.85em;
    }
    .title {
      display: block;
      margin-top: 2px;
      overflow-wrap: anywhere;
    }
    .title input {
      width: 100%;
      box-sizing: border-box;
      font: inherit;
      color: var(--vscode-input-foreground);
      background: var(--vscode-input-background);
      border: 1px solid var(--vscode-focusBorder);
      padding: 1px 3px;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-top: 4px;
      align-items: center;
      font-size: 0.85em;
    }
    .badge {
      border: 1px solid var(--vscode-badge-background);
      border-radius: 8px;
      padding: 0 6px;
      line-height: 16px;
      color: var(--vscode-foreground);
    }
    .badge.high,
    .badge.sev-P0,
    .badge.sev-P1 {
      border-color: var(--vscode-errorForeground);
      color: var(--vscode-errorForeground);
    }
    .badge.medium {
      border-color: var(--vscode-editorWarning-foreground, var(--vscode-badge-background));
    }
    .badge.due {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      border-color: var(--vscode-charts-blue, var(--vscode-badge-background));
      font-variant-numeric: tabular-nums;
    }
    .badge.target {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      font-variant-numeric: tabular-nums;
    }
    /* The likelihood of meeting the target date: colour (theme chart colours) and icon shape. */
    .badge.target.level {
      border-color: var(--likelihood-color);
      border-width: 2px;
    }
    .badge.target.level vscode-icon {
      color: var(--likelihood-color);
    }
    .badge.ai {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      border-color: var(--vscode-charts-purple, var(--vscode-badge-background));
    }
    .badge.ai.stale {
      border-style: dashed;
      color: var(--vscode-descriptionForeground);
    }
    .tag {
      color: var(--vscode-textLink-foreground);
    }
    .progress {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      color: var(--vscode-descriptionForeground);
    }
    .progress.complete {
      color: var(--vscode-testing-iconPassed, var(--vscode-foreground));
    }
    .actions {
      position: absolute;
      top: 2px;
      right: 2px;
      display: none;
      background: var(--vscode-editor-background);
      border-radius: 3px;
    }
    li.card:hover .actions,
    li.card:focus-within .actions {
      display: flex;
    }
    .empty-col,
    .more {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
      padding: 4px 2px;
    }
    .empty {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 8px;
      padding: 8px 4px;
    }
    .empty h1 {
      font-size: 1.1em;
      margin: 0;
    }
    .empty p {
      margin: 0;
      color: var(--vscode-descriptionForeground);
    }
`;
