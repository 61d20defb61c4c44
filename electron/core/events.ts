import type { StreamEvent } from '../shared/schemas.js';

type Listener = (event: StreamEvent) => void;
type EventKind = StreamEvent['type'];

/** What changed in the core, for the SSE stream, forwarding and waiting tests. */
export class EventBus {
  /** Each listener with the kinds of event it wants; undefined wants them all (the stream). */
  private readonly listeners = new Map<Listener, readonly EventKind[] | undefined>();

  emit(event: StreamEvent): void {
    for (const [listener, kinds] of this.listeners) if (!kinds || kinds.includes(event.type)) listener(event);
  }

  subscribe(listener: Listener, kinds?: readonly EventKind[]): () => void {
    this.listeners.set(listener, kinds);
    return () => this.listeners.delete(listener);
  }

  /** Whether anyone listens for this kind: producers skip building events nobody reads. */
  wants(kind: EventKind): boolean {
    for (const kinds of this.listeners.values()) if (!kinds || kinds.includes(kind)) return true;
    return false;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
