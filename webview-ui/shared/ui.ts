// Pieces every Flowcast page shares: the error banner, loading line and screen-reader-only text,
// and a wrapper that tracks "busy" and shows a failed request's message.
import { css } from 'lit';
import { RpcError } from '../../src/core/protocol';

/** Text for screen readers only (visually hidden): class sr-only. */
export const srOnlyStyles = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

export const sharedStyles = css`
  .error {
    border: 1px solid var(--vscode-inputValidation-errorBorder);
    background: var(--vscode-inputValidation-errorBackground);
    color: var(--vscode-errorForeground, var(--vscode-foreground));
    padding: 6px 8px;
    border-radius: 3px;
    display: flex;
    gap: 8px;
    align-items: flex-start;
  }
  .error span {
    flex: 1;
    overflow-wrap: anywhere;
  }
  .loading {
    display: flex;
    gap: 8px;
    align-items: center;
    color: var(--vscode-descriptionForeground);
  }
  /* A pop-up list of checkboxes (filter chips, column chooser). */
  .popup {
    position: absolute;
    z-index: 10;
    background: var(--vscode-menu-background, var(--vscode-editorWidget-background));
    color: var(--vscode-menu-foreground, var(--vscode-foreground));
    border: 1px solid var(--vscode-menu-border, var(--vscode-widget-border, var(--vscode-contrastBorder, transparent)));
    box-shadow: 0 2px 8px var(--vscode-widget-shadow, transparent);
    padding: 4px 8px;
    display: flex;
    flex-direction: column;
    gap: 2px;
    max-height: 260px;
    overflow-y: auto;
  }
  .popup label {
    display: flex;
    gap: 6px;
    align-items: center;
    white-space: nowrap;
  }
  ${srOnlyStyles}
`;

/** Runs a request; sets `busy` meanwhile and `error` to the failure's message (or clears it). */
export async function tracked<T>(page: { busy: boolean; error: string | undefined }, fn: () => Promise<T>): Promise<T | undefined> {
  page.busy = true;
  try {
    const r = await fn();
    page.error = undefined;
    return r;
  } catch (err) {
    page.error = err instanceof RpcError || err instanceof Error ? err.message : String(err);
    return undefined;
  } finally {
    page.busy = false;
  }
}

/** VS Code's webview context menu (Refine / Find duplicates with AI) receives this with the command. */
export function cardContext(itemId: string): string {
  return JSON.stringify({ webviewSection: 'card', itemId, preventDefaultContextMenuItems: true });
}
