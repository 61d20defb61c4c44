/** One Server-Sent Event as /api/stream writes it: an `event:` line and one `data:` line of JSON. */
export interface SseEvent {
  type: string;
  data: unknown;
}

/**
 * Reads /api/stream's events out of text as it arrives in chunks (a chunk may end half way
 * through an event; the rest waits for the next one). For clients without EventSource: the CLI
 * and the tests.
 */
export class SseReader {
  private buffer = '';

  /** The events completed by this chunk, in order. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (type && data !== undefined) events.push({ type, data: JSON.parse(data) as unknown });
    }
    return events;
  }
}
