import type { Delivery } from '../../shared/hooks.js';
import type { InboxService } from '../inboxes/service.js';
import { toDelivery, type DeliveryFilter, type DeliveryStore } from '../store/deliveries.js';
import { captureEntry } from './captures.js';
import { deliveryEntries, WITHHELD, type DeliveryHarOptions } from './deliveries.js';
import { harLog } from './log.js';
import type { Har } from './schema.js';

const PAGE = 1000;

/** An inbox's newest `limit` captures (all when undefined) as HAR, oldest first. */
export async function inboxHar(inboxes: InboxService, inboxId: string, ingressUrl: string, limit?: number): Promise<Har> {
  const inbox = inboxes.get(inboxId);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const want = limit === undefined ? PAGE : Math.min(PAGE, limit - ids.length);
    const page = await inboxes.listCaptures(inboxId, { limit: want, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && (limit === undefined || ids.length < limit));
  const entries = [];
  for (const id of ids.reverse()) {
    const { record, body } = await inboxes.storedCapture(id);
    entries.push(captureEntry(record, body, ingressUrl, inbox.slug));
  }
  return harLog(entries, `Requests captured by the Hookbench inbox "${inbox.slug}".`);
}

/** Every attempt of the matching deliveries (the newest `limit` deliveries, all when undefined) as HAR. */
export async function deliveriesHar(
  deliveries: DeliveryStore,
  filter: DeliveryFilter,
  limit: number | undefined,
  options: DeliveryHarOptions,
): Promise<Har> {
  const found: Delivery[] = [];
  let cursor: string | undefined;
  do {
    const want = limit === undefined ? PAGE : Math.min(PAGE, limit - found.length);
    const page = await deliveries.list(filter, want, cursor);
    found.push(...page.items.map(toDelivery));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && (limit === undefined || found.length < limit));
  const withheld = options.secrets
    ? ''
    : ` Credential headers (Authorization, Cookie, X-Webhook-Secret, Set-Cookie) show ${WITHHELD}; export with secrets=true for their values.`;
  return harLog(deliveryEntries(found, options), `Delivery attempts sent by Hookbench: one entry per attempt.${withheld}`);
}
