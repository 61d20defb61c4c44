import type { Capture, Inbox, InboxPatch, WaitResult } from '../shared/schemas.js';
import type { ControlClient } from './client.js';
import { WaitTimeoutError } from './errors.js';
import { matches, type Match } from './match.js';

export interface WaitForOptions {
  /** How many matching captures to wait for (default 1). */
  count?: number;
  /** A predicate, or a partial `{ method, path, query, headers, json, body }`. */
  match?: Match;
  /** Default 10 000. */
  timeoutMs?: number;
  /** Only captures newer than this capture id count (default: every capture since the inbox was made). */
  after?: string;
}

/** The long-poll answers at most this late, so a long wait is a few calls and never meets an HTTP timeout. */
const POLL_MS = 60_000;

/** An inbox made for a test: send to `url`, then `waitFor` what arrived. */
export class TestInbox {
  constructor(
    private readonly client: ControlClient,
    private record: Inbox,
    private readonly closing: AbortSignal,
  ) {}

  get id(): string {
    return this.record.id;
  }
  get slug(): string {
    return this.record.slug;
  }
  /** Where the code under test should send: http://127.0.0.1:<ingress>/in/<slug> (any sub-path too). */
  get url(): string {
    return this.record.url;
  }
  /** The inbox as the control API last answered it. */
  get inbox(): Inbox {
    return this.record;
  }

  /** Changes how the inbox answers (status, headers, body, delay) or its name. */
  async update(patch: InboxPatch): Promise<Inbox> {
    this.record = await this.client.request<Inbox>('PATCH', `/api/inboxes/${this.id}`, { body: patch });
    return this.record;
  }

  /**
   * Resolves with the first `count` captures that match, oldest first. Captures that arrived
   * before the call count too, so there is no race with the code under test. Throws
   * WaitTimeoutError listing what did arrive and the nearest miss.
   */
  async waitFor(options: WaitForOptions = {}): Promise<Capture[]> {
    const { count = 1, match, timeoutMs = 10_000 } = options;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`waitFor: count must be a whole number of at least 1 (got ${count}).`);
    const deadline = Date.now() + timeoutMs;
    const arrived: Capture[] = [];
    const matched: Capture[] = [];
    let after = options.after ?? '';
    for (;;) {
      const remaining = Math.max(0, deadline - Date.now());
      // Ask for as many as are still missing: each arrival might be a match.
      const result = await this.client.request<WaitResult>('GET', `/api/inboxes/${this.id}/requests/wait`, {
        query: { count: Math.min(count - matched.length, 1000), timeoutMs: Math.min(remaining, POLL_MS), after },
        signal: this.closing,
      });
      for (const capture of result.items) {
        arrived.push(capture);
        after = capture.id;
        if (matches(capture, match)) matched.push(capture);
        if (matched.length === count) return matched;
      }
      if (Date.now() >= deadline) {
        throw new WaitTimeoutError({ inbox: { slug: this.slug, url: this.url }, count, match, timeoutMs, arrived, matched });
      }
    }
  }
}
