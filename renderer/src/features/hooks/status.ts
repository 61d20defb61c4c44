import type { Delivery, Hook } from '../../../../electron/shared/hooks.js';
import { formatTime } from '../../components/format.js';

/** The reason the service records when the owner turns a hook off (anything else was automatic). */
const BY_USER = 'disabled by the user';

export interface HookStatus {
  kind: 'enabled' | 'disabled' | 'auto-disabled';
  label: string;
}

export function statusOf(hook: Hook): HookStatus {
  if (hook.enabled) return { kind: 'enabled', label: 'Enabled' };
  if (!hook.disabledReason || hook.disabledReason === BY_USER) return { kind: 'disabled', label: 'Disabled' };
  return { kind: 'auto-disabled', label: `Auto-disabled: ${hook.disabledReason}` };
}

/** A delivery in a few words: how it ended (or stands), what answered, when. */
export function deliverySummary(delivery: Delivery): { kind: string; text: string } {
  const attempt = delivery.attempts.at(-1);
  const answer = attempt?.response ? `HTTP ${attempt.response.status}` : attempt?.error ? attempt.error.kind : '';
  const when = formatTime(attempt?.startedAt ?? delivery.updatedAt);
  const tries = delivery.attempts.length > 1 ? `, ${delivery.attempts.length} attempts` : '';
  const label: Record<Delivery['status'], string> = {
    pending: delivery.attempts.length > 0 ? 'Retrying' : 'Pending',
    sending: 'Sending',
    succeeded: 'Delivered',
    failed: 'Failed',
    cancelled: 'Cancelled',
  };
  return { kind: delivery.status, text: [label[delivery.status], answer].filter(Boolean).join(' · ') + `${tries} · ${when}` };
}
