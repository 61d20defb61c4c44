import type { Attempt, Delivery, Hook } from '../../shared/hooks.js';
import { detectScheme, type VerifyRequest, type VerifyResult } from '../../shared/signatures.js';
import { HttpError } from '../errors.js';
import type { InboxService } from '../inboxes/service.js';
import { headerLookup, type SecretCandidate } from './types.js';
import { verifySignature } from './verify.js';

export interface SignatureDeps {
  inboxes: Pick<InboxService, 'storedCapture'>;
  hooks: { find(id: string): Hook | undefined };
  deliveries: {
    get(id: string): Promise<Delivery>;
    /** Resolves once the attempts under way of the deliveries picked are recorded (or after a short wait). */
    attemptsRecorded(which: (delivery: { id: string }) => boolean): Promise<void>;
  };
}

/**
 * Verifies a capture's signature. The secret is the typed one and/or a hook's (current, then
 * previous ones in rotation); with neither, the hook that delivered it when Hookbench sent it.
 * The body that was signed is the pasted original, else the delivery attempt's own request body.
 */
export async function verifyCapture(deps: SignatureDeps, captureId: string, request: VerifyRequest): Promise<VerifyResult> {
  const { record, body } = await deps.inboxes.storedCapture(captureId);
  const scheme = request.scheme ?? detectScheme(record.headers);
  const originalBody = request.originalBody === undefined ? undefined : decodeBase64(request.originalBody);
  const sent = scheme === 'standard-webhooks' ? await sentBy(deps, record.headers) : undefined;

  const candidates: SecretCandidate[] = [];
  if (request.secret !== undefined) candidates.push({ label: 'the typed secret', secret: request.secret });
  const hookId = request.hookId ?? (request.secret === undefined ? (sent?.delivery.hookId ?? undefined) : undefined);
  if (hookId !== undefined) {
    const hook = deps.hooks.find(hookId);
    if (!hook && request.hookId !== undefined) {
      throw new HttpError(404, 'hook_not_found', `No hook with id "${hookId}". List them with GET /api/hooks.`, 'hookId');
    }
    const secrets = hook ? hookSecrets(hook) : [];
    if (secrets.length === 0 && request.hookId !== undefined && request.secret === undefined && scheme !== 'none') {
      throw new HttpError(
        400,
        'hook_has_no_secret',
        `Hook "${hook?.name ?? hookId}" has no secret to verify with: type the secret instead.`,
        'hookId',
      );
    }
    candidates.push(...secrets);
  }
  if (candidates.length === 0 && scheme !== 'none') {
    throw new HttpError(
      400,
      'secret_required',
      'Give the secret to verify with: "secret" (typed) or "hookId" (a hook\'s own secrets).',
      'secret',
    );
  }

  const result = verifySignature({
    scheme,
    headers: record.headers,
    body,
    candidates,
    originalBody: originalBody ?? (sent ? Buffer.from(sent.attempt.request.body, 'utf8') : undefined),
    receivedAtMs: Date.parse(record.receivedAt),
    truncated: record.truncated,
  });
  if (hookId !== undefined) result.details.hookId = hookId;
  if (originalBody) result.details.originalSource = 'pasted';
  else if (sent) Object.assign(result.details, { originalSource: 'delivery', deliveryId: sent.delivery.id, attempt: sent.attempt.n });
  return result;
}

/** A hook's current secret, then the previous ones still listed for a rotation. */
function hookSecrets(hook: Hook): SecretCandidate[] {
  const name = `hook "${hook.name}"`;
  return [
    ...(hook.secret ? [{ label: `${name} (current secret)`, secret: hook.secret }] : []),
    ...hook.previousSecrets.map((old, index) => ({
      label: `${name} (previous secret${hook.previousSecrets.length > 1 ? ` ${index + 1}` : ''}, in rotation until ${old.expiresAt})`,
      secret: old.secret,
    })),
  ];
}

/** The Hookbench delivery attempt a capture came from: its webhook-id is the delivery id, its timestamp the attempt's. */
async function sentBy(deps: SignatureDeps, headers: [string, string][]): Promise<{ delivery: Delivery; attempt: Attempt } | undefined> {
  const header = headerLookup(headers);
  const id = header('webhook-id');
  if (!id || id.length > 64) return undefined;
  const timestamp = header('webhook-timestamp');
  const sameTimestamp = (attempt: Attempt) =>
    attempt.request.headers.some(([name, value]) => name.toLowerCase() === 'webhook-timestamp' && value === timestamp);
  let delivery = await deps.deliveries.get(id).catch(() => undefined);
  if (delivery && !delivery.attempts.some(sameTimestamp)) {
    // Just captured: the attempt that sent it may not have its answer back yet.
    await deps.deliveries.attemptsRecorded((candidate) => candidate.id === id);
    delivery = await deps.deliveries.get(id).catch(() => undefined);
  }
  if (!delivery || delivery.attempts.length === 0) return undefined;
  const attempt = delivery.attempts.find(sameTimestamp) ?? delivery.attempts.at(-1)!;
  return { delivery, attempt };
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new HttpError(400, 'invalid_request', 'originalBody must be the signed body encoded as base64.', 'originalBody');
  }
  return Buffer.from(compact, 'base64');
}
