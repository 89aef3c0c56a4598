// Attaching images to the edited item: a paste of a clipboard image anywhere in the page, or a drop
// of image files (the Attachments section is highlighted meanwhile); each is sent to the host.
import { MAX_PASTED_IMAGE_BYTES, PASTE_IMAGE_TYPES, PasteImage } from '../../src/core/protocol';
import { dragsImage, filesOf, isTextTarget, readBase64 } from '../shared/clipboard-files';
import { host } from '../shared/host';
import type { EditorApp } from './editor-app';

export class ImageAttachController {
  constructor(private readonly app: EditorApp) {
    window.addEventListener('paste', (e) => this.onPaste(e));
    // Image drags are claimed on the document, before VS Code's own listener on the window: that
    // one hands a file drag to the workbench (open the file) unless the page prevented it. Other
    // file drags still go to the workbench.
    const claim = (e: DragEvent) => {
      if (!this.app.state?.item || !dragsImage(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      this.app.dropping = true;
    };
    document.addEventListener('dragenter', claim);
    document.addEventListener('dragover', claim);
    document.addEventListener('dragleave', (e) => {
      if (!e.relatedTarget) this.app.dropping = false;
    });
    document.addEventListener('drop', (e) => this.onDrop(e));
  }

  /**
   * Ctrl/Cmd+V anywhere in the page attaches a clipboard image (a screenshot, say). A paste of text
   * into a text field stays a normal text paste, even when the clipboard also holds an image.
   */
  private onPaste(e: ClipboardEvent): void {
    if (!this.app.state?.item || !this.app.fields) return;
    const images = filesOf(e.clipboardData).filter((f) => f.type.startsWith('image/'));
    if (!images.length) return;
    if (isTextTarget(e) && (e.clipboardData?.getData('text/plain') ?? '') !== '') return;
    e.preventDefault();
    // A clipboard image's own name ("image.png") says nothing: the host names it pasted-image-<time>.
    void this.attachImages(images, false);
  }

  /** A drop of image files anywhere in the page (the Attachments section is highlighted) attaches them. */
  private onDrop(e: DragEvent): void {
    this.app.dropping = false;
    if (!this.app.state?.item || !dragsImage(e)) return;
    e.preventDefault();
    void this.attachImages(filesOf(e.dataTransfer), true);
  }

  /** Sends each image to the host (one at a time); the new state then shows the thumbnails. */
  private async attachImages(files: File[], keepNames: boolean): Promise<void> {
    const id = this.app.state?.item?.id;
    if (!id) return;
    let failed = false;
    const fail = (message: string) => {
      this.app.error = message;
      failed = true;
    };
    for (const file of files) {
      const mime = PASTE_IMAGE_TYPES.find((m) => m === file.type);
      if (!mime) {
        fail(this.app.t('imageType'));
        continue;
      }
      if (file.size > MAX_PASTED_IMAGE_BYTES) {
        fail(this.app.t('imageTooBig'));
        continue;
      }
      let base64: string;
      try {
        base64 = await readBase64(file);
      } catch {
        base64 = '';
      }
      if (!base64) {
        fail(this.app.t('imageUnreadable'));
        continue;
      }
      const name = keepNames ? file.name.replace(/[/\\\p{Cc}]/gu, '_').slice(0, 200) : '';
      try {
        await host.request(PasteImage, { id, mime, base64, ...(name ? { name } : {}) });
        if (!failed) this.app.error = undefined;
        this.app.showNotice(this.app.t('imageAttached'));
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
    }
  }
}
