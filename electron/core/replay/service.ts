import type { Attempt } from '../../shared/hooks.js';
import type { ReplayResult, Snippets } from '../../shared/snippets.js';
import type { Dispatcher } from '../dispatcher/dispatcher.js';
import { httpUrl, type TargetPolicy } from '../dispatcher/policy.js';
import { HttpError } from '../errors.js';
import type { InboxService } from '../inboxes/service.js';
import type { StoredCapture } from '../store/captures.js';
import { forwardedHeaders } from '../snippets/headers.js';
import { snippetsFor } from '../snippets/index.js';
import { captureUrl } from '../snippets/target.js';
import { ReplaySender } from './sender.js';

const REPLAY_TIMEOUT_MS = 30_000;

/** "Copy as" commands for captures and attempts, and sending a capture again. */
export class ReplayService {
  private readonly sender: ReplaySender;

  constructor(
    private readonly inboxes: InboxService,
    private readonly dispatcher: Dispatcher,
    private readonly policy: TargetPolicy,
  ) {
    this.sender = new ReplaySender(policy);
  }

  async captureSnippets(captureId: string, target?: string): Promise<Snippets> {
    const { record, body } = await this.inboxes.storedCapture(captureId);
    const url = this.captureTarget(record, target ?? this.inboxes.get(record.inboxId).url, 'target', false);
    return snippetsFor(
      { method: record.method, url, headers: record.headers, body, bodyFileName: `capture-${captureId}.bin`, truncated: record.truncated },
      `/api/requests/${captureId}/body`,
    );
  }

  async attemptSnippets(deliveryId: string, n: number, target?: string): Promise<Snippets> {
    const attempt = await this.attempt(deliveryId, n);
    const url = target === undefined ? attempt.request.url : httpUrl(target, 'target').href;
    return snippetsFor(
      { ...attempt.request, url, body: Buffer.from(attempt.request.body), bodyFileName: `attempt-${deliveryId}-${n}.bin` },
      `/api/deliveries/${deliveryId}/attempts/${n}/body`,
    );
  }

  async attemptBody(deliveryId: string, n: number): Promise<{ contentType: string | null; body: Buffer }> {
    const { request } = await this.attempt(deliveryId, n);
    const contentType = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null;
    return { contentType, body: Buffer.from(request.body) };
  }

  /** Sends a capture again: same method, headers (less hop-by-hop, host, length) and body bytes. */
  async replay(captureId: string, target: string): Promise<ReplayResult> {
    const { record, body } = await this.inboxes.storedCapture(captureId);
    if (record.truncated) {
      throw new HttpError(
        409,
        'capture_truncated',
        'This capture was cut at the body limit, so its original body is gone; a replay would send different bytes.',
      );
    }
    const url = this.captureTarget(record, target, 'url', true);
    const outgoing = { method: record.method, url, headers: forwardedHeaders(record.headers).kept, body };
    return { method: record.method, url, ...(await this.sender.send(outgoing, REPLAY_TIMEOUT_MS)) };
  }

  close(): Promise<void> {
    return this.sender.close();
  }

  private captureTarget(record: StoredCapture, target: string, field: string, enforcePolicy: boolean): string {
    const slug = this.inboxes.get(record.inboxId).slug;
    // A replay goes out, so the target policy decides; a snippet is only text.
    const base = enforcePolicy ? this.policy.checkUrl(target, field) : httpUrl(target, field);
    return captureUrl(base, record.path, record.search, slug);
  }

  private async attempt(deliveryId: string, n: number): Promise<Attempt> {
    const delivery = await this.dispatcher.get(deliveryId);
    const attempt = delivery.attempts.find((candidate) => candidate.n === n);
    if (!attempt) {
      throw new HttpError(404, 'attempt_not_found', `Delivery "${deliveryId}" has no attempt ${n}; it has ${delivery.attempts.length}.`);
    }
    return attempt;
  }
}
