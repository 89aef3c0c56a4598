// The local AI usage log: per provider, request count, tokens when reported, latency and errors.
// Never any prompt or answer content. Persisted as JSON (atomic writes) next to the backlogs.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomicFile';
import type { UsageEvent } from './policy';

export interface ProviderUsage {
  provider: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  totalLatencyMs: number;
  lastModel: string;
  lastAt: string;
  /** Error kind -> count. */
  errorKinds: Record<string, number>;
}

export interface UsageEntry extends UsageEvent {
  at: string;
}

interface UsageFile {
  version: 1;
  providers: Record<string, ProviderUsage>;
  recent: UsageEntry[];
}

export const RECENT_USAGE = 100;

export class UsageLog {
  private data: UsageFile = { version: 1, providers: {}, recent: [] };
  private loaded: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly delayMs = 500,
  ) {}

  private load(): Promise<void> {
    this.loaded ??= fs.readFile(this.file, 'utf8').then(
      (text) => {
        const v = JSON.parse(text) as Partial<UsageFile>;
        if (v && v.version === 1 && typeof v.providers === 'object' && Array.isArray(v.recent)) this.data = { version: 1, providers: v.providers ?? {}, recent: v.recent };
      },
      () => undefined, // missing or unreadable: start afresh (it is only statistics)
    ).catch(() => undefined);
    return this.loaded;
  }

  onDidChange(fn: () => void): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  async record(e: UsageEvent): Promise<void> {
    await this.load();
    const p = (this.data.providers[e.provider] ??= { provider: e.provider, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, totalLatencyMs: 0, lastModel: '', lastAt: '', errorKinds: {} });
    const at = this.now().toISOString();
    p.requests++;
    p.totalLatencyMs += Math.max(0, e.latencyMs);
    p.inputTokens += e.inputTokens ?? 0;
    p.outputTokens += e.outputTokens ?? 0;
    p.lastModel = e.model;
    p.lastAt = at;
    if (!e.ok) {
      p.errors++;
      const k = e.errorKind ?? 'error';
      p.errorKinds[k] = (p.errorKinds[k] ?? 0) + 1;
    }
    // Only the fields below are kept: no content can slip in through a wider object.
    const entry: UsageEntry = { at, provider: e.provider, model: e.model, feature: e.feature, ok: e.ok, latencyMs: e.latencyMs, inputTokens: e.inputTokens, outputTokens: e.outputTokens, errorKind: e.errorKind, status: e.status };
    this.data.recent = [entry, ...this.data.recent].slice(0, RECENT_USAGE);
    this.schedule();
    for (const l of this.listeners) l();
  }

  async summary(): Promise<{ providers: ProviderUsage[]; recent: UsageEntry[] }> {
    await this.load();
    return { providers: Object.values(this.data.providers).sort((a, b) => a.provider.localeCompare(b.provider)), recent: [...this.data.recent] };
  }

  async clear(): Promise<void> {
    await this.load();
    this.data = { version: 1, providers: {}, recent: [] };
    this.schedule();
    await this.flush();
    for (const l of this.listeners) l();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = JSON.stringify(this.data);
    this.writing = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, text);
    });
    await this.writing;
  }
}
