// The styles of the item editor page (<flowcast-editor>): header, form grid, Markdown preview,
// lists and chips, attachments, banners, the AI banner, the proposal diffs and the AI analysis.
import { css } from 'lit';
import { srOnlyStyles } from '../shared/ui';

export const editorStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    padding: 12px 16px 40px;
    max-width: 980px;
  }
  header {
    display: flex;
    gap: 8px;
    align-items: center;
    position: sticky;
    top: 0;
    background: var(--vscode-editor-background);
    padding: 6px 0;
    z-index: 1;
  }
  header .id {
    font-family: var(--vscode-editor-font-family);
    color: var(--vscode-descriptionForeground);
  }
  header .spacer {
    flex: 1;
  }
  .dirty {
    color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
    font-size: 0.9em;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
    gap: 8px 12px;
    margin: 8px 0 12px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 3px;
    font-size: 0.9em;
    color: var(--vscode-descriptionForeground);
  }
  .grid vscode-textfield,
  .grid select {
    width: 100%;
    box-sizing: border-box;
  }
  select,
  input.native {
    font: inherit;
    color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
    background: var(--vscode-dropdown-background, var(--vscode-input-background));
    border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
    padding: 3px 4px;
    border-radius: 2px;
  }
  select:focus,
  input.native:focus {
    outline: 1px solid var(--vscode-focusBorder);
  }
  .title-field {
    width: 100%;
  }
  .problem {
    color: var(--vscode-errorForeground);
    font-size: 0.9em;
  }
  section {
    margin: 14px 0;
  }
  section h2 {
    font-size: 1em;
    margin: 0 0 6px;
    display: flex;
    align-items: center;
    gap: 6px;
  }
  section h2 .toggle {
    margin-left: auto;
  }
  vscode-textarea {
    width: 100%;
  }
  .md {
    border: 1px solid var(--vscode-widget-border, transparent);
    border-radius: 3px;
    padding: 4px 10px;
    min-height: 24px;
    overflow-wrap: anywhere;
  }
  .md code,
  .md pre {
    font-family: var(--vscode-editor-font-family);
    background: var(--vscode-textCodeBlock-background);
  }
  .md pre {
    padding: 6px;
    overflow-x: auto;
  }
  .md blockquote {
    border-left: 3px solid var(--vscode-textBlockQuote-border);
    margin: 0;
    padding-left: 8px;
    color: var(--vscode-textBlockQuote-foreground, inherit);
  }
  .md a {
    color: var(--vscode-textLink-foreground);
  }
  .muted {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  ul.rows {
    list-style: none;
    padding: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  ul.rows li {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  ul.rows li vscode-textfield {
    flex: 1;
  }
  .rel-add {
    display: flex;
    gap: 6px;
    margin-top: 6px;
    align-items: center;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    border: 1px solid var(--vscode-badge-background);
    border-radius: 10px;
    padding: 0 2px 0 8px;
  }
  .thumbs {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  figure {
    margin: 0;
    border: 1px solid var(--vscode-widget-border, transparent);
    border-radius: 3px;
    padding: 4px;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 4px;
    max-width: 140px;
  }
  figure img {
    max-width: 128px;
    max-height: 96px;
  }
  figcaption {
    font-size: 0.85em;
    overflow-wrap: anywhere;
    display: flex;
    align-items: center;
    gap: 2px;
  }
  ol.timeline {
    margin: 0;
    padding-left: 18px;
    color: var(--vscode-descriptionForeground);
  }
  .error,
  .stale {
    border: 1px solid var(--vscode-inputValidation-errorBorder);
    background: var(--vscode-inputValidation-errorBackground);
    padding: 6px 8px;
    border-radius: 3px;
    display: flex;
    gap: 8px;
    align-items: center;
    margin: 6px 0;
  }
  .stale {
    border-color: var(--vscode-inputValidation-warningBorder);
    background: var(--vscode-inputValidation-warningBackground);
  }
  .error span,
  .stale span {
    flex: 1;
  }
  .notice {
    border: 1px solid var(--vscode-inputValidation-infoBorder, var(--vscode-focusBorder));
    background: var(--vscode-inputValidation-infoBackground, transparent);
    padding: 6px 8px;
    border-radius: 3px;
    margin: 6px 0;
  }
  #attachments.dropping {
    outline: 2px dashed var(--vscode-focusBorder);
    outline-offset: 4px;
  }
  .hint {
    font-size: 0.9em;
    margin: 6px 0;
  }
  /* The header never wraps: "Unsaved changes" shrinks to an ellipsis (its title has the full
     text) instead of pushing Save onto a second row at narrow widths. */
  header {
    flex-wrap: nowrap;
    min-width: 0;
  }
  header > * {
    flex-shrink: 0;
  }
  header > .dirty {
    flex-shrink: 1;
    min-width: 1em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  header > .spacer {
    flex-shrink: 1;
    min-width: 0;
  }
  /* Narrow editors: the AI buttons keep their icon (and tooltip), so the indicator has room. */
  @container (max-width: 640px) {
    header vscode-button .label {
      display: none;
    }
  }
  .ai-banner {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    border: 1px solid var(--vscode-inputValidation-infoBorder, var(--vscode-focusBorder));
    background: var(--vscode-inputValidation-infoBackground, transparent);
    padding: 8px 10px;
    border-radius: 3px;
    margin: 6px 0 10px;
  }
  .note {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 6px 0 0;
  }
  .proposal {
    border: 1px solid var(--vscode-focusBorder);
    border-radius: 3px;
    padding: 8px 10px;
  }
  .proposal h2 .actions {
    margin-left: auto;
    display: flex;
    gap: 6px;
  }
  .change {
    border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    padding: 8px 0 4px;
  }
  .change-head {
    display: flex;
    gap: 6px;
    align-items: center;
    margin-bottom: 4px;
  }
  .change-head .spacer {
    flex: 1;
  }
  .badge {
    font-size: 0.85em;
    border: 1px solid var(--vscode-inputValidation-warningBorder);
    border-radius: 8px;
    padding: 0 6px;
  }
  .diff-text,
  .pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    border: 1px solid var(--vscode-widget-border, transparent);
    border-radius: 3px;
    padding: 4px 8px;
    max-height: 320px;
    overflow-y: auto;
  }
  /* Insertions are underlined and deletions struck through: not told by colour alone. */
  ins.diff-ins {
    text-decoration: underline;
    background: var(--vscode-diffEditor-insertedTextBackground, rgba(155, 185, 85, 0.2));
  }
  del.diff-del {
    text-decoration: line-through;
    background: var(--vscode-diffEditor-removedTextBackground, rgba(255, 0, 0, 0.2));
  }
  ul.diff-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.diff-list li {
    display: flex;
    gap: 6px;
    padding: 1px 0;
  }
  ul.diff-list .mark {
    width: 1em;
    flex: none;
    font-family: var(--vscode-editor-font-family);
    font-weight: bold;
  }
  ul.diff-list .row-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  details.both {
    margin-top: 4px;
  }
  details.both .cols {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 8px;
  }
  details.both h4 {
    margin: 4px 0;
    font-size: 0.9em;
  }
  ${srOnlyStyles}
  /* The AI analysis: the score badge looks like the board's (sparkle, purple border; dashed when outdated). */
  .ai-analysis {
    border-left: 2px solid var(--vscode-charts-purple, var(--vscode-focusBorder));
    padding: 2px 0 2px 10px;
  }
  .ai-analysis.is-stale {
    border-left-style: dashed;
  }
  .badge.ai {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    line-height: 16px;
    border-color: var(--vscode-charts-purple, var(--vscode-badge-background));
    color: var(--vscode-foreground);
    font-weight: normal;
  }
  .badge.ai.stale {
    border-style: dashed;
    color: var(--vscode-descriptionForeground);
  }
  .badge.outdated {
    font-weight: normal;
    color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
  }
  ul.factors {
    margin: 6px 0;
    padding-left: 18px;
  }
  ul.factors li {
    overflow-wrap: anywhere;
    margin: 2px 0;
  }
  .ai-analysis .meta {
    font-size: 0.9em;
    margin: 6px 0 0;
  }
  .link {
    background: none;
    border: none;
    padding: 0;
    color: var(--vscode-textLink-foreground);
    cursor: pointer;
    font: inherit;
    text-align: left;
  }
`;
