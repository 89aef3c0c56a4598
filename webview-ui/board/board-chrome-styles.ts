// The stylesheet of the board's chrome: empty and start panels, help, filter panel and chips, bulk
// bar, notices and errors, and the horizontal-scroll hint.
import { css } from 'lit';

export const boardChromeStyles = css`
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
export const boardControlStyles = css`
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
