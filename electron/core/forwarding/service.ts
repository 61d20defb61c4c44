import type { ForwardErrorKind, ForwardResult } from '../../shared/forwarding.js';
import type { CaptureSummary, ForwardRule } from '../../shared/schemas.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import type { EventBus } from '../events.js';
import type { InboxService } from '../inboxes/service.js';
import { ReplaySender } from '../replay/sender.js';
import { forwardedHeaders } from '../snippets/headers.js';
import { captureUrl } from '../snippets/target.js';
import { leadsBack } from './loop.js';
import { SerialQueue } from './queue.js';

/** A forward that gets no complete answer within this long fails, and the next one goes. */
const FORWARD_TIMEOUT_MS = 10_000;
/** Captures whose results are kept per inbox; the oldest go first. */
const RESULTS_PER_INBOX = 10_000;
/** Forwards waiting for one URL; beyond it a capture is recorded as not sent rather than held in memory. */
const MAX_WAITING = 10_000;

/**
 * Relays every new capture of an inbox to each of its enabled forwarding rules, byte for byte,
 * like a replay. Each rule has its own serial queue, so a rule receives captures in the order
 * they were stored and a slow or dead target only holds up its own rule. Results live in memory
 * (bounded per inbox): forwards are not retried and not kept across restarts.
 */
export class ForwardingService {
  private readonly sender: ReplaySender;
  /** By inbox id, then rule URL. */
  private readonly queues = new Map<string, Map<string, SerialQueue>>();
  /** By inbox id, then capture id (insertion order = capture order, so the first key is the oldest). */
  private readonly results = new Map<string, Map<string, ForwardResult[]>>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly inboxes: InboxService,
    private readonly bus: EventBus,
    policy: TargetPolicy,
    private readonly ingressPort: () => number,
  ) {
    this.sender = new ReplaySender(policy);
    this.unsubscribe = bus.subscribe(
      (event) => {
        if (event.type === 'request.captured') this.captured(event.data);
        else if (event.type === 'inbox.changed' && (event.data.change === 'deleted' || event.data.change === 'cleared')) {
          this.results.delete(event.data.inbox.id);
        }
      },
      ['request.captured', 'inbox.changed'],
    );
  }

  /** What became of a capture's forwards so far, in the order they finished. */
  forwardsOf(captureId: string): ForwardResult[] | undefined {
    for (const byCapture of this.results.values()) {
      const found = byCapture.get(captureId);
      if (found) return found;
    }
    return undefined;
  }

  /** Stops taking captures, drops what waits, and ends the forwards under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await this.sender.close();
    await Promise.all([...this.queues.values()].flatMap((byUrl) => [...byUrl.values()].map((queue) => queue.idle())));
  }

  private captured(summary: CaptureSummary): void {
    if (this.closed) return;
    // The rules as they are when the capture is stored; a rule changed later applies to later captures.
    const rules = this.rulesOf(summary.inboxId)?.filter((rule) => rule.enabled) ?? [];
    for (const rule of rules) {
      const queue = this.queueFor(summary.inboxId, rule.url);
      if (queue.size >= MAX_WAITING) {
        this.record(summary, rule, rule.url, 0, {
          error: { kind: 'overflow', message: `${MAX_WAITING} forwards were already waiting for ${rule.url}; this capture was not sent.` },
        });
        continue;
      }
      queue.push(
        () => this.forward(summary, rule),
        () => this.dropQueueIfIdle(summary.inboxId, rule.url, queue),
      );
    }
  }

  private async forward(summary: CaptureSummary, rule: ForwardRule): Promise<void> {
    if (this.closed) return;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const slug = this.slugOf(summary.inboxId);
    if (slug === undefined) return; // the inbox was deleted meanwhile: nothing left to show results on
    let stored: Awaited<ReturnType<InboxService['storedCapture']>>;
    try {
      stored = await this.inboxes.storedCapture(summary.id);
    } catch {
      // Retention or a clear removed it while earlier forwards were still under way.
      return this.failed(summary, rule, rule.url, elapsed(), 'gone', 'The capture was removed before its turn came.');
    }
    const { record, body } = stored;
    const url = captureUrl(new URL(rule.url), record.path, record.search, slug);
    if (record.truncated) {
      const message = 'The capture was cut at the body limit, so it was not sent: the bytes would differ.';
      return this.failed(summary, rule, url, elapsed(), 'truncated', message);
    }
    if (leadsBack(slug, url, this.ingressPort(), (other) => this.rulesBySlug(other))) {
      const message = `${url} leads back to inbox "${slug}", which would forward it again without end.`;
      return this.failed(summary, rule, url, elapsed(), 'loop', message);
    }
    const outgoing = { method: record.method, url, headers: forwardedHeaders(record.headers).kept, body };
    const result = await this.sender.send(outgoing, FORWARD_TIMEOUT_MS);
    if (this.closed) return; // ended by shutdown, not by the target
    const status = result.response?.status;
    this.record(summary, rule, url, result.durationMs, {
      ...(status === undefined ? {} : { status }),
      ...(result.error ? { error: result.error } : {}),
    });
  }

  private failed(
    summary: CaptureSummary,
    rule: ForwardRule,
    url: string,
    durationMs: number,
    kind: ForwardErrorKind,
    message: string,
  ): void {
    this.record(summary, rule, url, durationMs, { error: { kind, message } });
  }

  private record(
    summary: CaptureSummary,
    rule: ForwardRule,
    url: string,
    durationMs: number,
    outcome: Pick<ForwardResult, 'status' | 'error'>,
  ): void {
    if (this.closed || this.slugOf(summary.inboxId) === undefined) return;
    const forward: ForwardResult = { ruleUrl: rule.url, url, ...outcome, durationMs, at: new Date().toISOString() };
    let byCapture = this.results.get(summary.inboxId);
    if (!byCapture) this.results.set(summary.inboxId, (byCapture = new Map()));
    const list = byCapture.get(summary.id);
    if (list) list.push(forward);
    else byCapture.set(summary.id, [forward]);
    if (byCapture.size > RESULTS_PER_INBOX) byCapture.delete(byCapture.keys().next().value!);
    this.bus.emit({ type: 'capture.forwarded', data: { captureId: summary.id, inboxId: summary.inboxId, forward } });
  }

  private queueFor(inboxId: string, url: string): SerialQueue {
    let byUrl = this.queues.get(inboxId);
    if (!byUrl) this.queues.set(inboxId, (byUrl = new Map()));
    let queue = byUrl.get(url);
    if (!queue) byUrl.set(url, (queue = new SerialQueue()));
    return queue;
  }

  /** A queue that ran dry is dropped, so rules removed long ago leave nothing behind. */
  private dropQueueIfIdle(inboxId: string, url: string, queue: SerialQueue): void {
    const byUrl = this.queues.get(inboxId);
    if (byUrl?.get(url) !== queue || queue.size > 0) return;
    byUrl.delete(url);
    if (byUrl.size === 0) this.queues.delete(inboxId);
  }

  private rulesOf(inboxId: string): readonly ForwardRule[] | undefined {
    const slug = this.slugOf(inboxId);
    return slug === undefined ? undefined : this.inboxes.resolveSlug(slug)?.forward;
  }

  private rulesBySlug(slug: string): readonly ForwardRule[] | undefined {
    return this.inboxes.resolveSlug(slug)?.forward;
  }

  private slugOf(inboxId: string): string | undefined {
    try {
      return this.inboxes.get(inboxId).slug;
    } catch {
      return undefined;
    }
  }
}
