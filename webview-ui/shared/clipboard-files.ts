// Files from a paste or a drag and drop, read in the page: which files an event carries, whether a
// drag carries an image, whether a paste lands in a text field, and a file's bytes as base64.

/** The files of a paste or a drop (from `files`, or from `items` when a browser fills only those). */
export function filesOf(dt: DataTransfer | null | undefined): File[] {
  if (!dt) return [];
  if (dt.files.length) return [...dt.files];
  return [...dt.items].filter((i) => i.kind === 'file').flatMap((i) => i.getAsFile() ?? []);
}

/** True when a drag carries at least one image file (its type is known during the drag). */
export function dragsImage(e: DragEvent): boolean {
  return [...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file' && i.type.startsWith('image/'));
}

/** True when a paste lands in something that takes text (an input, a textarea, an editable element). */
export function isTextTarget(e: Event): boolean {
  const t = e.composedPath()[0];
  if (t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'color', 'range'].includes(t.type);
  if (t instanceof HTMLElement) return t.isContentEditable || t.tagName === 'VSCODE-TEXTFIELD' || t.tagName === 'VSCODE-TEXTAREA';
  return false;
}

/** The file's bytes as base64, read locally (no network). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = typeof r.result === 'string' ? r.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('unreadable'));
    r.readAsDataURL(file);
  });
}
