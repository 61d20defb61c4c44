import type { Delivery } from '../shared/hooks.js';
import type { Capture } from '../shared/schemas.js';
import { describeMatch, inboxPath, nearest, type FieldCheck, type Match } from './match.js';

/** The control API answered an error (`{error:{code,message,field?}}`), or could not be reached. */
export class HookbenchApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the control API could not be reached. */
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HookbenchApiError';
  }
}

export interface WaitTimeoutDetails {
  inbox: { slug: string; url: string };
  count: number;
  match: Match | undefined;
  timeoutMs: number;
  /** Every capture that arrived during the wait, oldest first. */
  arrived: Capture[];
  /** Those that matched (fewer than `count`). */
  matched: Capture[];
}

const LISTED = 10;

/** `inbox.waitFor` ran out of time; the message says what did arrive and what came nearest. */
export class WaitTimeoutError extends Error {
  readonly arrived: Capture[];
  readonly matched: Capture[];
  /** The capture matching the most fields of a partial-object match, with every field checked. */
  readonly nearest: { capture: Capture; checks: FieldCheck[] } | undefined;

  constructor(details: WaitTimeoutDetails) {
    const near = details.match && typeof details.match === 'object' ? nearest(details.arrived, details.match) : undefined;
    super(waitTimeoutMessage(details, near));
    this.name = 'WaitTimeoutError';
    this.arrived = details.arrived;
    this.matched = details.matched;
    this.nearest = near;
  }
}

function waitTimeoutMessage(details: WaitTimeoutDetails, near: WaitTimeoutError['nearest']): string {
  const { inbox, count, match, timeoutMs, arrived, matched } = details;
  const what = `${count} capture${count === 1 ? '' : 's'} matching ${describeMatch(match)}`;
  const lines = [`Timed out after ${timeoutMs} ms waiting for ${what} at inbox "${inbox.slug}" (${inbox.url}).`];
  if (arrived.length === 0) {
    lines.push('Nothing arrived. Check that the code under test sends to this inbox URL.');
    return lines.join('\n');
  }
  lines.push(
    `${arrived.length} capture${arrived.length === 1 ? '' : 's'} arrived, ${matched.length} matched${arrived.length > LISTED ? ` (the last ${LISTED} shown)` : ''}:`,
  );
  for (const capture of arrived.slice(-LISTED)) lines.push(`  ${summary(capture)}`);
  if (near) {
    const failed = near.checks.filter((check) => !check.ok);
    lines.push(`Nearest: ${summary(near.capture)}, ${near.checks.length - failed.length} of ${near.checks.length} fields match:`);
    for (const check of near.checks) {
      lines.push(
        check.ok
          ? `  ${check.field}: ok`
          : `  ${check.field}: ${check.actual === 'missing' ? 'missing' : `expected ${check.expected}, got ${check.actual}`}`,
      );
    }
  } else if (typeof match === 'function') {
    lines.push(
      'The predicate returned false for the others; log inside it, or use a partial-object match to get a field-by-field comparison.',
    );
  }
  return lines.join('\n');
}

function summary(capture: Capture): string {
  return `${capture.method} ${inboxPath(capture.path)} (${capture.id}, ${capture.size} bytes)`;
}

/** `waitForDelivery` ran out of time or the delivery ended in another status. */
export class DeliveryWaitError extends Error {
  constructor(
    message: string,
    readonly delivery: Delivery,
  ) {
    super(`${message}\n${describeAttempts(delivery)}`);
    this.name = 'DeliveryWaitError';
  }
}

function describeAttempts(delivery: Delivery): string {
  if (delivery.attempts.length === 0) return `No attempt yet (status ${delivery.status}).`;
  return delivery.attempts
    .map((attempt) => {
      const outcome = attempt.response
        ? `answered ${attempt.response.status}`
        : `${attempt.error?.kind ?? 'error'}: ${attempt.error?.message ?? ''}`;
      return `  attempt ${attempt.n}: ${attempt.request.method} ${attempt.request.url} → ${outcome}`;
    })
    .join('\n');
}
