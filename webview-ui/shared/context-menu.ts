// Lets VS Code's webview context menu see `data-vscode-context` set inside shadow roots.
// VS Code's own `contextmenu` listener (on the page's window, bubble phase) starts from
// `event.target` and walks `closest('[data-vscode-context]')` through the light DOM only; for a
// click inside a lit component the target is retargeted to the component's host, so a card's
// context was never found and the menu showed only Cut / Copy / Paste. This capture-phase
// listener runs first, merges the contexts along the composed path (nearest wins, as VS Code
// merges them) and puts the result on <body>, where VS Code's walk finds it; it is removed again
// right after the event.

/** Merged context of the elements under the pointer, nearest first; undefined when there is none. */
export function composedContext(path: readonly EventTarget[]): Record<string, unknown> | undefined {
  let context: Record<string, unknown> | undefined;
  for (const t of path) {
    if (!(t instanceof HTMLElement) || t === document.body) continue;
    const raw = t.dataset.vscodeContext;
    if (!raw) continue;
    try {
      context = { ...(JSON.parse(raw) as Record<string, unknown>), ...context };
    } catch {
      // VS Code ignores an unreadable context too.
    }
  }
  return context;
}

let installed = false;

/** Installs the bridge once per page. */
export function installShadowContextMenu(): void {
  if (installed) return;
  installed = true;
  window.addEventListener(
    'contextmenu',
    (e) => {
      const context = composedContext(e.composedPath());
      if (!context) {
        delete document.body.dataset.vscodeContext;
        return;
      }
      document.body.dataset.vscodeContext = JSON.stringify(context);
      // Native events run microtasks between listeners, so only a task clears it after VS Code read it.
      setTimeout(() => {
        delete document.body.dataset.vscodeContext;
      }, 0);
    },
    { capture: true },
  );
}
