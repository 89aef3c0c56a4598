// The backlogs of one workspace: one <id>.db file each, plus a small manifest with their names.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import * as z from 'zod/mini';
import '../protocol/zod';
import { FlowcastError } from '../util/errors';
import { writeFileAtomic } from './atomicFile';
import { BacklogDatabase, type OpenOptions } from './database';

export interface BacklogInfo {
  id: string;
  name: string;
  createdAt: string;
}

const ManifestSchema = z.object({
  version: z.literal(1),
  backlogs: z.array(z.object({ id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)), name: z.string().check(z.minLength(1), z.maxLength(200)), createdAt: z.string() })),
});
type Manifest = z.infer<typeof ManifestSchema>;

const MANIFEST = 'backlogs.json';
export const MAX_NAME_LENGTH = 80;

/** Trims and checks a backlog name; throws a user-facing error when it is unusable. */
export function validateBacklogName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw new FlowcastError('backlog_name_invalid', 'A backlog name cannot be empty.');
  if (name.length > MAX_NAME_LENGTH) throw new FlowcastError('backlog_name_invalid', `A backlog name can have at most ${MAX_NAME_LENGTH} characters.`, { max: MAX_NAME_LENGTH });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new FlowcastError('backlog_name_invalid', 'A backlog name cannot contain control characters.');
  return name;
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'backlog';
}

export interface RegistryOptions extends Omit<OpenOptions, 'file' | 'SQL'> {
  dir: string;
  loadSql: () => Promise<SqlJsStatic>;
}

export class BacklogRegistry {
  private readonly open = new Map<string, Promise<BacklogDatabase>>();
  /** Closes in progress: a new handle on the same file waits for them (no stale reads). */
  private readonly closing = new Map<string, Promise<void>>();
  private manifestCache: Manifest | undefined;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: RegistryOptions) {}

  get dir(): string {
    return this.opts.dir;
  }

  fileOf(id: string): string {
    return path.join(this.opts.dir, `${id}.db`);
  }

  /** Serialises changes to the manifest. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  async list(): Promise<BacklogInfo[]> {
    return this.exclusive(async () => (await this.readManifest()).backlogs.map((b) => ({ ...b })));
  }

  async get(id: string): Promise<BacklogInfo> {
    const found = (await this.list()).find((b) => b.id === id);
    if (!found) throw new FlowcastError('backlog_not_found', `There is no backlog "${id}".`, { id });
    return found;
  }

  async create(rawName: string, now = new Date()): Promise<BacklogInfo> {
    const name = validateBacklogName(rawName);
    const info = await this.exclusive(async () => {
      const manifest = await this.readManifest();
      if (manifest.backlogs.some((b) => b.name.toLowerCase() === name.toLowerCase())) {
        throw new FlowcastError('backlog_name_taken', `A backlog named "${name}" already exists.`, { name });
      }
      const base = slugify(name);
      let id = base;
      for (let i = 2; manifest.backlogs.some((b) => b.id === id) || (await exists(this.fileOf(id))); i++) id = `${base}-${i}`;
      const entry = { id, name, createdAt: now.toISOString() };
      // Create the database file first: a manifest entry always has a file behind it.
      const db = await this.openFile(id);
      db.write((c) => {
        c.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['name', name]);
        c.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['created_at', entry.createdAt]);
      });
      await db.flush();
      manifest.backlogs.push(entry);
      await this.writeManifest(manifest);
      return entry;
    });
    return { ...info };
  }

  async rename(id: string, rawName: string): Promise<BacklogInfo> {
    const name = validateBacklogName(rawName);
    return this.exclusive(async () => {
      const manifest = await this.readManifest();
      const entry = manifest.backlogs.find((b) => b.id === id);
      if (!entry) throw new FlowcastError('backlog_not_found', `There is no backlog "${id}".`, { id });
      if (manifest.backlogs.some((b) => b.id !== id && b.name.toLowerCase() === name.toLowerCase())) {
        throw new FlowcastError('backlog_name_taken', `A backlog named "${name}" already exists.`, { name });
      }
      const db = await this.openDatabase(id, false);
      db.write((c) => c.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['name', name]));
      entry.name = name;
      await this.writeManifest(manifest);
      return { ...entry };
    });
  }

  /** Removes a backlog from the list; its file is kept in trash/ so it can be recovered by hand. */
  async delete(id: string, now = new Date()): Promise<{ trashedTo: string }> {
    return this.exclusive(async () => {
      const manifest = await this.readManifest();
      const idx = manifest.backlogs.findIndex((b) => b.id === id);
      if (idx < 0) throw new FlowcastError('backlog_not_found', `There is no backlog "${id}".`, { id });
      await this.closeHandle(id, true);
      const trash = path.join(this.opts.dir, 'trash');
      await fs.mkdir(trash, { recursive: true });
      const trashedTo = path.join(trash, `${id}.deleted-${now.toISOString().replace(/[:.]/g, '-')}.db`);
      if (await exists(this.fileOf(id))) await fs.rename(this.fileOf(id), trashedTo);
      manifest.backlogs.splice(idx, 1);
      await this.writeManifest(manifest);
      return { trashedTo };
    });
  }

  /** The open database of a backlog (opened once, then shared). */
  async openDatabase(id: string, check = true): Promise<BacklogDatabase> {
    if (check && !(await this.list()).some((b) => b.id === id)) throw new FlowcastError('backlog_not_found', `There is no backlog "${id}".`, { id });
    return this.openFile(id);
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }

  private openFile(id: string): Promise<BacklogDatabase> {
    let p = this.open.get(id);
    if (!p) {
      p = (async () => {
        await this.closing.get(id);
        const SQL = await this.opts.loadSql();
        return BacklogDatabase.open({ ...this.opts, SQL, file: this.fileOf(id) });
      })();
      this.open.set(id, p);
      p.catch(() => {
        if (this.open.get(id) === p) this.open.delete(id);
      });
    }
    return p;
  }

  async flushAll(): Promise<void> {
    const dbs = await Promise.all([...this.open.values()].map((p) => p.catch(() => undefined)));
    const results = await Promise.allSettled(dbs.filter((d) => d !== undefined).map((d) => d.flush()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed).reason;
  }

  /**
   * Closes the open handle of a backlog (flushing it). Until that is done, opening the same
   * backlog again waits, so a new handle never reads the file before the final write.
   */
  private closeHandle(id: string, discardOnError = false): Promise<void> {
    const p = this.open.get(id);
    if (!p) return this.closing.get(id) ?? Promise.resolve();
    this.open.delete(id);
    const closing = (async () => {
      const db = await p.catch(() => undefined);
      if (!db) return;
      try {
        await db.close();
      } catch (err) {
        if (!discardOnError) throw err;
        db.discard();
      }
    })();
    const settled = closing.catch(() => undefined);
    this.closing.set(id, settled);
    void settled.then(() => {
      if (this.closing.get(id) === settled) this.closing.delete(id);
    });
    return closing;
  }

  /** Flushes and closes every open database (deactivate). */
  async closeAll(): Promise<void> {
    const results = await Promise.allSettled([...this.open.keys()].map((id) => this.closeHandle(id)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Closes one backlog (flushing it) so the next use reads it from disk again. */
  async reopen(id: string): Promise<BacklogDatabase> {
    await this.closeHandle(id);
    return this.openDatabase(id);
  }

  /** Reads backlogs.json; an unreadable one is kept aside and rebuilt from the .db files. */
  private async loadManifestFile(): Promise<{ manifest: Manifest; dirty: boolean }> {
    const file = path.join(this.opts.dir, MANIFEST);
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
      if (!parsed.success) throw new Error('unexpected shape');
      return { manifest: parsed.data, dirty: false };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: { version: 1, backlogs: [] }, dirty: false };
      await fs.rename(file, path.join(this.opts.dir, `backlogs.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)).catch(() => undefined);
      return { manifest: { version: 1, backlogs: [] }, dirty: true };
    }
  }

  private async readManifest(): Promise<Manifest> {
    await fs.mkdir(this.opts.dir, { recursive: true });
    const loaded = this.manifestCache ? { manifest: this.manifestCache, dirty: false } : await this.loadManifestFile();
    const manifest = loaded.manifest;
    let dirty = loaded.dirty;
    // The .db files are the truth: drop entries without a file, adopt files without an entry.
    const files = (await fs.readdir(this.opts.dir)).filter((n) => /^[a-z0-9][a-z0-9-]{0,63}\.db$/.test(n)).map((n) => n.slice(0, -3));
    const before = manifest.backlogs.length;
    manifest.backlogs = manifest.backlogs.filter((b) => files.includes(b.id) || this.open.has(b.id));
    if (manifest.backlogs.length !== before) dirty = true;
    for (const id of files) {
      if (!manifest.backlogs.some((b) => b.id === id)) {
        const stat = await fs.stat(this.fileOf(id));
        manifest.backlogs.push({ id, name: uniqueName(id, manifest), createdAt: stat.birthtime.toISOString() });
        dirty = true;
      }
    }
    this.manifestCache = manifest;
    if (dirty) await this.writeManifest(manifest);
    return manifest;
  }

  private async writeManifest(manifest: Manifest): Promise<void> {
    this.manifestCache = manifest;
    await writeFileAtomic(path.join(this.opts.dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  }
}

function uniqueName(base: string, manifest: Manifest): string {
  let name = base;
  for (let i = 2; manifest.backlogs.some((b) => b.name.toLowerCase() === name.toLowerCase()); i++) name = `${base} (${i})`;
  return name;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
