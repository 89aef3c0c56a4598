// The editor page's keyboard shortcut: Ctrl/Cmd+S saves (or creates a draft), wherever the focus is,
// instead of VS Code's own Save.

/** Runs `save` on Ctrl/Cmd+S (caught before the page's elements see the key). */
export function onSaveShortcut(save: () => void): void {
  window.addEventListener(
    'keydown',
    (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        save();
      }
    },
    true,
  );
}
