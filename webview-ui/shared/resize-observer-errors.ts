// Chromium reports a ResizeObserver callback whose layout change needs one more frame (virtualised
// lists, text fields) as an "error" event; nothing failed, so a view can choose not to report it.

/** Stops the harmless "ResizeObserver loop" error events from reaching the page's error handlers. */
export function ignoreResizeObserverLoopErrors(): void {
  window.addEventListener(
    'error',
    (e) => {
      if (/^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/.test(e.message)) {
        e.stopImmediatePropagation();
        e.preventDefault();
      }
    },
    { capture: true },
  );
}
