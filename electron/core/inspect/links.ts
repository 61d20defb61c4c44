import type { HeaderPairs } from '../../shared/schemas.js';

/** The header every inbox answer carries (server/ingress/capture.ts). */
export const CAPTURE_ID_HEADER = 'x-hookbench-capture-id';

/** The capture an answer names, if it came from one of Hookbench's inboxes. */
export function captureIdOf(headers: HeaderPairs | undefined): string | undefined {
  const value = headers?.find(([name]) => name.toLowerCase() === CAPTURE_ID_HEADER)?.[1]?.trim();
  return value ? value : undefined;
}

export interface AttemptLink {
  deliveryId: string;
  attempt: number;
}

/**
 * Which delivery attempt made a capture, for captures the webhook-id header cannot point back
 * from (unsigned or provider-shaped deliveries). In memory only: filled as attempts are
 * recorded, so after a restart it knows only attempts made since; bounded so a long session
 * cannot grow it without end (the oldest links go first).
 */
export class CaptureLinks {
  private readonly byCapture = new Map<string, AttemptLink>();

  constructor(private readonly limit = 50_000) {}

  note(captureId: string, link: AttemptLink): void {
    this.byCapture.delete(captureId);
    this.byCapture.set(captureId, link);
    if (this.byCapture.size > this.limit) this.byCapture.delete(this.byCapture.keys().next().value!);
  }

  find(captureId: string): AttemptLink | undefined {
    return this.byCapture.get(captureId);
  }
}
