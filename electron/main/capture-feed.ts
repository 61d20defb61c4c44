import type { CaptureSummary } from '../shared/schemas.js';

/** One Server-Sent Event: its name and its data lines joined. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Splits an SSE byte stream into events (the WHATWG format: `event:`/`data:` lines, a blank
 * line ends an event, `:` lines are comments). Chunks may split lines anywhere.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    const events: SseEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) events.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return events;
  }
}

export interface CaptureFeedOptions {
  controlUrl: string;
  /** Read at every (re)connection: the token can be rotated while the app runs. */
  token: () => string;
  onCapture: (capture: CaptureSummary) => void;
  /** Called each time the stream is (re)opened: captures from then on will be heard. */
  onOpen?: () => void;
  onError?: (error: Error) => void;
  fetch?: typeof fetch;
  retryMs?: number;
}

/**
 * Follows the control API's event stream for `request.captured`, the same stream the UI reads,
 * and reconnects after a drop. The shell gets no private channel into the core.
 */
export function followCaptures(options: CaptureFeedOptions): { stop(): void } {
  const doFetch = options.fetch ?? fetch;
  const retryMs = options.retryMs ?? 2000;
  const abort = new AbortController();

  const readOnce = async () => {
    const response = await doFetch(`${options.controlUrl}/api/stream`, {
      headers: { authorization: `Bearer ${options.token()}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
    options.onOpen?.();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const { event, data } of parser.feed(decoder.decode(chunk.value, { stream: true }))) {
        if (event === 'request.captured') options.onCapture(JSON.parse(data) as CaptureSummary);
      }
    }
  };

  void (async () => {
    while (!abort.signal.aborted) {
      await readOnce().catch((error: unknown) => {
        if (!abort.signal.aborted) options.onError?.(error as Error);
      });
      if (!abort.signal.aborted) await delay(retryMs, abort.signal);
    }
  })();
  return { stop: () => abort.abort() };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
