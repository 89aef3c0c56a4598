// The dashboard page's styles: header, totals cards, chart panels and the lists of items.
import { css } from 'lit';

export const dashboardStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    padding: 12px 16px 24px;
    max-width: 1400px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-bottom: 12px;
  }
  h1 {
    font-size: 1.3em;
    font-weight: 600;
    margin: 0;
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  h1 .muted {
    color: var(--vscode-descriptionForeground);
    font-weight: normal;
  }
  h2 {
    font-size: 0.85em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    font-weight: 600;
    color: var(--vscode-descriptionForeground);
    margin: 0 0 8px;
  }
  .totals {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    align-items: start;
    gap: 8px;
    margin-bottom: 12px;
  }
  .total,
  .panel {
    background: var(--vscode-sideBar-background, var(--vscode-editor-background));
    border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    border-radius: 4px;
    padding: 10px 12px;
    min-width: 0;
  }
  .total .value {
    display: block;
    font-size: 1.8em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    line-height: 1.2;
  }
  .total .label {
    color: var(--vscode-descriptionForeground);
  }
  .total .sub {
    display: block;
    color: var(--vscode-descriptionForeground);
    font-size: 0.9em;
    margin-top: 2px;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
    gap: 12px;
    margin-bottom: 12px;
  }
  figure {
    margin: 0;
  }
  .canvas-box {
    position: relative;
    height: 220px;
    min-width: 0;
  }
  .canvas-box canvas {
    display: block;
  }
  .percentiles {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 8px 0 0;
    font-variant-numeric: tabular-nums;
  }
  .empty {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
    margin: 0;
    padding: 8px 0;
  }
  .lists {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
    gap: 12px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
    max-height: 360px;
    overflow-y: auto;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 8px;
    min-width: 0;
  }
  li .title {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  li .meta {
    color: var(--vscode-descriptionForeground);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  li .by {
    flex-basis: 100%;
    color: var(--vscode-descriptionForeground);
    font-size: 0.9em;
    padding-left: 12px;
  }
  button.item {
    font-family: var(--vscode-editor-font-family);
    font-size: 0.9em;
    color: var(--vscode-textLink-foreground);
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
    white-space: nowrap;
  }
  button.item:hover {
    color: var(--vscode-textLink-activeForeground);
    text-decoration: underline;
  }
  button.item:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .more {
    color: var(--vscode-descriptionForeground);
    font-size: 0.9em;
    margin: 6px 0 0;
  }
  .error {
    margin-bottom: 12px;
  }
`;
