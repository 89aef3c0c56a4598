// The review page's styles: sticky header, selection toolbar, the proposal rows with their inline
// fields and details, custom checkboxes, warnings and notices.
import { css } from 'lit';

export const reviewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px 16px 24px;
    max-width: 1200px;
    box-sizing: border-box;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--vscode-editor-background);
    padding: 6px 0;
    border-bottom: 1px solid var(--vscode-widget-border, transparent);
  }
  header h1 {
    font-size: 1.1em;
    font-weight: 600;
    margin: 0;
  }
  header .into {
    color: var(--vscode-descriptionForeground);
  }
  .spacer {
    flex: 1;
  }
  .progress {
    display: flex;
    flex-direction: column;
    gap: 4px;
    color: var(--vscode-descriptionForeground);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 4px 6px;
    border-radius: 3px;
    background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background));
    border: 1px solid var(--vscode-widget-border, transparent);
  }
  .toolbar label {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .toolbar .count {
    font-weight: 600;
  }
  select,
  input.text,
  textarea {
    font: inherit;
    color: var(--vscode-input-foreground, var(--vscode-foreground));
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
    border-radius: 2px;
    padding: 3px 5px;
    box-sizing: border-box;
  }
  .toolbar select {
    max-width: none;
  }
  select {
    color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
    background: var(--vscode-dropdown-background, var(--vscode-input-background));
    border-color: var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
    padding: 2px 4px;
    max-width: 170px;
  }
  select:focus,
  input.text:focus,
  textarea:focus,
  li.row:focus-visible,
  input.check:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  input.text[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--vscode-inputValidation-errorBorder);
  }
  input.check {
    appearance: none;
    width: 16px;
    height: 16px;
    margin: 0;
    flex: none;
    border: 1px solid var(--vscode-checkbox-border, var(--vscode-input-border, var(--vscode-foreground)));
    background: var(--vscode-checkbox-background, var(--vscode-input-background));
    border-radius: 3px;
    position: relative;
    cursor: pointer;
  }
  input.check:checked::after,
  input.check:indeterminate::after {
    content: '';
    position: absolute;
    left: 5px;
    top: 1px;
    width: 4px;
    height: 9px;
    border: solid var(--vscode-checkbox-foreground, var(--vscode-foreground));
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }
  input.check:indeterminate::after {
    left: 3px;
    top: 6px;
    width: 8px;
    height: 0;
    border-width: 0 0 2px 0;
    transform: none;
  }
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  li.row {
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    border-radius: 4px;
    padding: 6px 8px;
    display: flex;
    flex-direction: column;
    gap: 6px;
    background: var(--vscode-editor-background);
  }
  li.row.selected {
    border-color: var(--vscode-focusBorder);
  }
  li.row:not(.selected) .line > :not(.check):not(vscode-toolbar-button) {
    opacity: 0.65;
  }
  li.row.invalid {
    border-color: var(--vscode-inputValidation-errorBorder);
  }
  .line {
    display: flex;
    align-items: center;
    gap: 6px;
    flex-wrap: wrap;
  }
  .line .num {
    color: var(--vscode-descriptionForeground);
    font-variant-numeric: tabular-nums;
    min-width: 2.2em;
    text-align: right;
  }
  .line input.title {
    flex: 1 1 260px;
    min-width: 160px;
  }
  .badge {
    font-size: 0.85em;
    padding: 0 6px;
    border-radius: 8px;
    background: var(--vscode-badge-background);
    color: var(--vscode-badge-foreground);
  }
  .problem {
    color: var(--vscode-errorForeground);
    font-size: 0.92em;
    margin: 0 0 0 calc(16px + 2.2em + 12px);
  }
  ul.warnings {
    margin: 0 0 0 calc(16px + 2.2em + 12px);
    padding: 0;
    list-style: none;
    font-size: 0.92em;
    color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
  }
  ul.warnings li::before {
    content: '⚠ ';
  }
  .details {
    margin-left: calc(16px + 2.2em + 12px);
    display: grid;
    gap: 8px;
  }
  .details label {
    display: flex;
    flex-direction: column;
    gap: 3px;
    font-size: 0.92em;
    color: var(--vscode-descriptionForeground);
  }
  .details textarea {
    width: 100%;
    resize: vertical;
    min-height: 3.5em;
  }
  .details h3 {
    font-size: 0.92em;
    font-weight: 600;
    margin: 0;
    color: var(--vscode-descriptionForeground);
  }
  .details .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
  }
  .details .fields label {
    flex: 2 1 180px;
  }
  .details .fields label.short {
    flex: 0 1 90px;
  }
  .details .fields label.wide {
    flex: 3 1 240px;
  }
  .details .lists {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
    gap: 10px 16px;
    align-items: start;
  }
  section.list {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  section.list vscode-button.add {
    align-self: flex-start;
  }
  ul.entries {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 3px;
  }
  ul.entries li {
    display: flex;
    gap: 4px;
    align-items: center;
  }
  ul.entries input.text {
    flex: 1;
    min-width: 0;
  }
  blockquote.source {
    margin: 0;
    padding: 4px 10px;
    border-left: 3px solid var(--vscode-textBlockQuote-border);
    background: var(--vscode-textBlockQuote-background, transparent);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-height: 16em;
    overflow-y: auto;
  }
  .muted {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  .notice {
    border: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-focusBorder));
    background: var(--vscode-inputValidation-warningBackground, transparent);
    padding: 6px 8px;
    border-radius: 3px;
  }
`;
