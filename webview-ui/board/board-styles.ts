// The board's layout stylesheet: header, filter row, columns and swimlanes.
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
`;
