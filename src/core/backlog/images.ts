// Pasted/dropped images: what the host checks before it stores bytes sent by a webview.
// Pure functions (no Node, no VS Code): the declared type must match the file's first bytes,
// the base64 text must be canonical, and names are safe file names with the type's extension.

/** The first bytes of each accepted image type (null: any byte). */
const SIGNATURES: Record<string, { label: string; ext: string; parts: { at: number; bytes: (number | null)[] }[] }> = {
  'image/png': { label: 'PNG', ext: '.png', parts: [{ at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }] },
  'image/jpeg': { label: 'JPEG', ext: '.jpg', parts: [{ at: 0, bytes: [0xff, 0xd8, 0xff] }] },
  'image/gif': { label: 'GIF', ext: '.gif', parts: [{ at: 0, bytes: [0x47, 0x49, 0x46, 0x38] }] },
  // RIFF <4-byte size> WEBP
  'image/webp': { label: 'WebP', ext: '.webp', parts: [{ at: 0, bytes: [0x52, 0x49, 0x46, 0x46] }, { at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }] },
};

/** The image types this module can check (the protocol's list must be a subset). */
export const CHECKED_IMAGE_TYPES: readonly string[] = Object.keys(SIGNATURES);

/** A short name of the type for messages ("PNG"), or the MIME type itself when unknown. */
export function imageTypeLabel(mime: string): string {
  return SIGNATURES[mime]?.label ?? mime;
}

/** True when the bytes start like a file of the declared type (false for unknown types). */
export function matchesImageType(bytes: Uint8Array, mime: string): boolean {
  const sig = SIGNATURES[mime];
  if (!sig) return false;
  return sig.parts.every((p) => p.at + p.bytes.length <= bytes.length && p.bytes.every((b, i) => b === null || bytes[p.at + i] === b));
}

/** The type the bytes actually have, judged by their first bytes (undefined: none of the accepted ones). */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return CHECKED_IMAGE_TYPES.find((m) => matchesImageType(bytes, m));
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUES[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes standard base64 (RFC 4648, with padding, no whitespace). Returns undefined for anything
 * else (wrong length, stray characters, misplaced padding), instead of silently skipping bad input.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      let v: number;
      if (c === 61 /* = */ && last && j >= 4 - pad) v = 0;
      else v = c < 128 ? B64_VALUES[c] : -1;
      if (v < 0) return undefined;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** The extension of an accepted image type (".png"; ".bin" when unknown). */
export function imageExtension(mime: string): string {
  return SIGNATURES[mime]?.ext ?? '.bin';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** pasted-image-YYYYMMDD-HHMMSS.<ext>, in local time. */
export function pastedImageName(mime: string, at: Date): string {
  const d = `${at.getFullYear()}${pad2(at.getMonth() + 1)}${pad2(at.getDate())}`;
  const t = `${pad2(at.getHours())}${pad2(at.getMinutes())}${pad2(at.getSeconds())}`;
  return `pasted-image-${d}-${t}${imageExtension(mime)}`;
}

/**
 * A safe file name for an image: no folders, no control or reserved characters, at most 80
 * characters before the extension, and always the extension of its real type ("shot.exe" -> "shot.png").
 * Falls back to the pasted-image name when nothing usable is left.
 */
export function imageFileName(given: string | undefined, mime: string, at: Date): string {
  const last = (given ?? '').split(/[\\/]/).pop() ?? '';
  const stem = last
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^[.\s_]+|[.\s]+$/g, '')
    .slice(0, 80);
  return stem ? `${stem}${imageExtension(mime)}` : pastedImageName(mime, at);
}
