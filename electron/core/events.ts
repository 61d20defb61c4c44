import type { StreamEvent } from '../shared/schemas.js';

type Listener = (event: StreamEvent) => void;

/** What changed in the core, for the SSE stream and for waiting tests. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit(event: StreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
