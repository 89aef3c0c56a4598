// The board's stylesheet (columns, cards, filter bar and panel, bulk bar, list toggle, start panel).
import { css } from 'lit';

export const boardStyles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 6px;
      height: 100%;
      box-sizing: border-box;
      padding: 8px;
      container-type: inline-size;
    }
    header {
      display: flex;
      align-items: center;
      gap: 6px;
      min-height: 22px;
    }
    header h1 {
      font-size: 1.05em;
      font-weight: 600;
      margin: 0;
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    form,
    .filter {
      display: flex;
      gap: 6px;
    }
    form vscode-textfield,
    .filter vscode-textfield {
      flex: 1;
      min-width: 0;
    }
    .board {
      flex: 1;
      min-height: 0;
      overflow: auto;
    }
    .columns {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(190px, 1fr);
      gap: 8px;
      align-items: start;
      height: 100%;
    }
    .board.has-lanes .columns {
      height: auto;
    }
    .lane-heads {
      position: sticky;
      top: 0;
      z-index: 3;
      background: var(--vscode-sideBar-background, var(--vscode-editor-background));
      padding-bottom: 4px;
    }
    .lane-heads h2 {
      margin: 2px 8px 0;
    }
    .lane + .lane {
      margin-top: 10px;
    }
    h3.lane-head {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 0.9em;
      margin: 0 0 4px;
      padding: 2px 4px;
      border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    }
    .lane-swatch {
      width: 8px;
      height: 8px;
      border-radius: 2px;
      background: var(--type-color, var(--vscode-descriptionForeground));
    }
    .col-scroll {
      overflow-y: auto;
      min-height: 0;
      flex: 1 1 auto;
    }
    .board.has-lanes .col-scroll {
      overflow: visible;
    }
    @container (max-width: 520px) {
      .columns,
      .board.has-lanes .columns {
        grid-auto-flow: row;
        grid-auto-columns: auto;
        height: auto;
      }
      .lane-heads {
        display: none;
      }
      .col-scroll {
        overflow: visible;
      }
      section.column {
        max-height: none !important;
      }
      #view-picker {
        max-width: 96px;
      }
      .toolbar {
        gap: 4px;
      }
      details.chip summary {
        padding: 0 6px;
      }
    }
    section.column {
      background: var(--vscode-sideBar-background, var(--vscode-editor-background));
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      border-radius: 4px;
      padding: 6px;
      min-width: 0;
      min-height: 48px;
      max-height: 100%;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
    }
    .board.has-lanes section.column {
      max-height: none;
    }
    section.column.over-wip {
      border-color: var(--vscode-editorWarning-foreground, var(--vscode-inputValidation-warningBorder));
    }
    section.column h2,
    .column-head h2 {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 0.85em;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      margin: 2px 2px 6px;
      color: var(--vscode-descriptionForeground);
    }
    section.column.over-wip h2 {
      color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
    }
    .wip {
      font-variant-numeric: tabular-nums;
    }
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
      align-items: center;
      gap: 4px;
      min-height: 18px;
    }
    .id {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .blocked {
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
    .help {
      border: 1px solid var(--vscode-widget-border, var(--vscode-focusBorder));
      background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
      border-radius: 4px;
      padding: 6px 10px;
    }
    .help ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .seg {
      display: inline-flex;
      border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, var(--vscode-widget-border, transparent)));
      border-radius: 3px;
      overflow: hidden;
    }
    .seg button {
      font: inherit;
      border: none;
      padding: 2px 8px;
      color: var(--vscode-foreground);
      background: transparent;
      cursor: pointer;
      display: inline-flex;
      gap: 4px;
      align-items: center;
    }
    .seg button[aria-checked='true'] {
      background: var(--vscode-button-background);
      color: var(--vscode-button-foreground);
    }
    .seg button:focus-visible,
    details.chip summary:focus-visible,
    select:focus-visible,
    .bulkbar input:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: 1px;
    }
    select,
    .bulkbar input {
      font: inherit;
      color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
      background: var(--vscode-dropdown-background, var(--vscode-input-background));
      border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
      padding: 2px 4px;
      border-radius: 2px;
      max-width: 160px;
    }
    details.chip {
      position: relative;
    }
    details.chip summary {
      list-style: none;
      cursor: pointer;
      border: 1px solid var(--vscode-badge-background);
      border-radius: 10px;
      padding: 0 8px;
      line-height: 20px;
      white-space: nowrap;
      max-width: 180px;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    details.chip summary::-webkit-details-marker {
      display: none;
    }
    details.chip.active summary {
      background: var(--vscode-badge-background);
      color: var(--vscode-badge-foreground);
    }
    details.chip .popup {
      top: calc(100% + 2px);
      left: 0;
      min-width: 150px;
    }
    .bulkbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
      padding: 4px 6px;
      border-radius: 3px;
      background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background));
      border: 1px solid var(--vscode-focusBorder);
    }
    .bulkbar .count {
      font-weight: 600;
      margin-right: 4px;
    }
    .bulkbar input {
      width: 90px;
    }
    .notice {
      color: var(--vscode-descriptionForeground);
      display: flex;
      gap: 6px;
      align-items: center;
    }
  `;

/** The filter row and panel, the start panel, the help box and the horizontal-scroll hint. */
export const boardChromeStyles = css`
  .icon-button {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 26px;
    height: 26px;
    padding: 0 4px;
    border: 1px solid transparent;
    border-radius: 3px;
    background: transparent;
    color: var(--vscode-icon-foreground, var(--vscode-foreground));
    cursor: pointer;
  }
  .icon-button:hover {
    background: var(--vscode-toolbar-hoverBackground);
  }
  .icon-button[aria-expanded='true'],
  .icon-button.active {
    background: var(--vscode-inputOption-activeBackground);
    border-color: var(--vscode-inputOption-activeBorder, transparent);
    color: var(--vscode-inputOption-activeForeground, var(--vscode-foreground));
  }
  .icon-button vscode-icon,
  .seg button vscode-icon {
    color: inherit;
    --vscode-icon-foreground: currentColor;
  }
  .icon-button:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .count-dot {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 14px;
    height: 14px;
    border-radius: 7px;
    font-size: 10px;
    line-height: 14px;
    text-align: center;
    background: var(--vscode-badge-background);
    color: var(--vscode-badge-foreground);
  }
  .filter {
    align-items: center;
  }
  /* The selected layout: inputOption colours keep the icon and text >= 4.5:1 in light and dark themes. */
  .seg button[aria-checked='true'] {
    background: var(--vscode-inputOption-activeBackground);
    color: var(--vscode-inputOption-activeForeground, var(--vscode-foreground));
    box-shadow: inset 0 0 0 1px var(--vscode-inputOption-activeBorder, transparent);
  }
  .start {
    min-height: 0;
    overflow: auto;
    padding: 4px 2px;
  }
  .start h2 {
    font-size: 1.1em;
    margin: 0;
  }
  .start-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .help-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }
  .help-head h2 {
    font-size: 1em;
    margin: 0;
  }
  .board-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .board-wrap > .board {
    flex: 1;
  }
  .board-wrap.more-right::after {
    content: '';
    position: absolute;
    top: 0;
    right: 0;
    bottom: 0;
    width: 28px;
    pointer-events: none;
    background: linear-gradient(to right, transparent, var(--vscode-widget-shadow, rgba(0, 0, 0, 0.35)));
  }
  .scroll-right {
    position: absolute;
    z-index: 4;
    top: 4px;
    right: 4px;
    width: 24px;
    height: 24px;
    border-radius: 12px;
    border: 1px solid var(--vscode-widget-border, var(--vscode-contrastBorder, transparent));
    background: var(--vscode-button-secondaryBackground, var(--vscode-editorWidget-background));
    color: var(--vscode-button-secondaryForeground, var(--vscode-foreground));
    display: inline-flex;
    align-items: center;
    justify-content: center;
    cursor: pointer;
  }
  .board::-webkit-scrollbar {
    height: 10px;
  }
  .board::-webkit-scrollbar-thumb {
    background: var(--vscode-scrollbarSlider-background);
  }
`;
