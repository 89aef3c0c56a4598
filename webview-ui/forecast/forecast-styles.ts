// Styles shared by the Forecast page's components: panels, tables, likelihood chips and the
// calendar's colour bands, all from VS Code theme variables (light, dark, high contrast).
import { css } from 'lit';

export const forecastStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  h2 {
    font-size: 0.85em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    font-weight: 600;
    color: var(--vscode-descriptionForeground);
    margin: 0 0 8px;
  }
  .panel {
    background: var(--vscode-sideBar-background, var(--vscode-editor-background));
    border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, var(--vscode-contrastBorder, transparent)));
    border-radius: 4px;
    padding: 10px 12px;
    min-width: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(380px, 1fr));
    gap: 12px;
    margin-bottom: 12px;
  }
  .muted {
    color: var(--vscode-descriptionForeground);
  }
  .empty {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  table.data {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    width: 100%;
  }
  table.data th,
  table.data td {
    text-align: left;
    padding: 3px 8px;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  table.data th {
    font-weight: 600;
    color: var(--vscode-descriptionForeground);
  }
  table.data td.num {
    text-align: right;
  }
  ul.sentences {
    margin: 0 0 12px;
    padding-left: 18px;
    line-height: 1.6;
  }
  .lk {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    white-space: nowrap;
  }
  .lk vscode-icon {
    color: inherit;
  }
  .lk-risky {
    color: var(--vscode-charts-red, #f14c4c);
  }
  .lk-realistic {
    color: var(--vscode-charts-orange, #d18616);
  }
  .lk-confident {
    color: var(--vscode-charts-yellow, #cca700);
  }
  .lk-certain {
    color: var(--vscode-charts-green, #89d185);
  }
  .band-below50 {
    background: color-mix(in srgb, var(--vscode-descriptionForeground) 16%, transparent);
  }
  .band-from50 {
    background: color-mix(in srgb, var(--vscode-charts-red, #f14c4c) 45%, transparent);
  }
  .band-from70 {
    background: color-mix(in srgb, var(--vscode-charts-yellow, #cca700) 50%, transparent);
  }
  .band-from85 {
    background: color-mix(in srgb, var(--vscode-charts-green, #89d185) 35%, transparent);
  }
  .band-from95 {
    background: color-mix(in srgb, var(--vscode-charts-green, #89d185) 80%, transparent);
  }
  button.link {
    font-family: var(--vscode-editor-font-family);
    color: var(--vscode-textLink-foreground);
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  button.link:hover {
    text-decoration: underline;
  }
  :focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  .notice {
    border-left: 3px solid var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow));
    padding: 6px 10px;
    margin: 0 0 12px;
    background: var(--vscode-textBlockQuote-background, transparent);
  }
`;
