/** A tiny event emitter for the core (vscode.EventEmitter is not available here). */
export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // a failing listener must not stop the others
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
