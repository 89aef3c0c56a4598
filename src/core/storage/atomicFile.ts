import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old or the new content, never a mix:
 * write a temporary file in the same folder, fsync it, rename it over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (process.platform !== 'win32') {
    try {
      const d = await fs.open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      // some file systems refuse fsync on directories; the rename is still atomic
    }
  }
}

/** Leftover temporary files from a crash mid-write (safe to delete: the target is intact). */
export async function removeStaleTempFiles(dir: string, baseName: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const prefix = `.${baseName}.`;
  // Never this process's own temporary files: another handle may be writing one right now.
  const own = `${prefix}${process.pid}.`;
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp') && !n.startsWith(own)).map((n) => fs.rm(path.join(dir, n), { force: true }).catch(() => undefined)));
}
