// A forecast kept up to date for the places that show one all the time (the dates on the board's
// cards, the status bar): computed in the engine's worker on first use, cached per backlog, and
// recomputed a moment after the backlog changes (a burst of drops is one recompute). Never on the
// path of a first paint: callers show what they have and update when `onDidUpdate` fires.
import type { BacklogService } from '../core/backlog/service';
import { Emitter } from '../core/util/emitter';
import { CancelledError } from '../core/forecast/simulate';

interface Entry<T> {
  version: number;
  value: Promise<T>;
}

export class LiveForecast<T> {
  private readonly cache = new Map<string, Entry<T>>();
  private readonly versions = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly updates = new Emitter<string>();
  private readonly sub: { dispose(): void };
  /** Fires with a backlog's id when its forecast was recomputed after a change. */
  readonly onDidUpdate = this.updates.event;

  constructor(
    service: BacklogService,
    private readonly compute: (backlogId: string) => Promise<T>,
    private readonly debounceMs = 400,
  ) {
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items' || e.kind === 'workflow') this.invalidate(e.backlogId);
      else if (e.kind === 'backlogs') for (const id of [...this.cache.keys()]) this.invalidate(id);
    });
  }

  /** The forecast for a backlog: the cached one if nothing changed since, else a new run. */
  get(backlogId: string): Promise<T> {
    const version = this.versions.get(backlogId) ?? 0;
    const hit = this.cache.get(backlogId);
    if (hit && hit.version === version) return hit.value;
    const entry: Entry<T> = { version, value: Promise.resolve(undefined as T) };
    entry.value = this.compute(backlogId).catch((err: unknown) => {
      // A newer run on the same channel replaced this one: its answer is the one wanted.
      const latest = this.cache.get(backlogId);
      if (err instanceof CancelledError && latest && latest !== entry) return latest.value;
      // A failed run is not kept: the next call tries again.
      if (latest === entry) this.cache.delete(backlogId);
      throw err;
    });
    this.cache.set(backlogId, entry);
    return entry.value;
  }

  /** Recomputes every cached forecast (what they are computed from changed, e.g. a setting). */
  refreshAll(): void {
    for (const id of [...this.cache.keys()]) this.invalidate(id);
  }

  private invalidate(backlogId: string): void {
    this.versions.set(backlogId, (this.versions.get(backlogId) ?? 0) + 1);
    if (!this.cache.has(backlogId)) return;
    const timer = this.timers.get(backlogId);
    if (timer) clearTimeout(timer);
    this.timers.set(
      backlogId,
      setTimeout(() => {
        this.timers.delete(backlogId);
        this.get(backlogId).then(
          () => this.updates.fire(backlogId),
          () => this.updates.fire(backlogId),
        );
      }, this.debounceMs),
    );
  }

  dispose(): void {
    this.sub.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.updates.dispose();
  }
}
