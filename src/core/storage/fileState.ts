import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomicFile';

/**
 * A small key-value file (state.json) next to the backlogs, written atomically on every change.
 * Used for the active backlog: unlike VS Code's workspaceState, which is persisted lazily, it is
 * on disk as soon as update() resolves, so a crash or a closed browser tab cannot lose it.
 */
export class FileState {
  private values: Record<string, string> = {};
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async load(dir: string): Promise<FileState> {
    const state = new FileState(path.join(dir, 'state.json'));
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(state.file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') state.values[k] = v;
      }
    } catch {
      // missing or unreadable: start empty (it only holds preferences)
    }
    return state;
  }

  get(key: string): string | undefined {
    return this.values[key];
  }

  update(key: string, value: string | undefined): Promise<void> {
    if (value === undefined) delete this.values[key];
    else this.values[key] = value;
    const snapshot = JSON.stringify(this.values, null, 2) + '\n';
    const next = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, snapshot);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
