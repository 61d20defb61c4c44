import { useState } from 'react';
import { ApiError } from '../../api/client.js';
import { FORWARD_MAX_RULES, type ForwardRule, type Inbox, type InboxPatch } from '../../../../electron/shared/schemas.js';

/** The "Forward to" part of the inbox settings form: its state, and what to send for it. */
export function useForwardFields(inbox: Inbox) {
  const [rules, setRules] = useState<ForwardRule[]>(inbox.forward ?? []);
  /**
   * `forward` for the PATCH; no rules clears them. A blank URL throws an ApiError naming its field,
   * as the server would, so the message lands beside that rule.
   */
  const patch = (): Pick<InboxPatch, 'forward'> => {
    const trimmed = rules.map((rule) => ({ ...rule, url: rule.url.trim() }));
    const blank = trimmed.findIndex((rule) => rule.url === '');
    if (blank >= 0) throw new ApiError(0, 'invalid_url', 'Enter a URL to forward to, or remove this rule.', `forward.${blank}.url`);
    if (trimmed.length === 0) return inbox.forward ? { forward: null } : {};
    return { forward: trimmed };
  };
  return { rules, setRules, patch };
}

/**
 * Where every new capture is relayed, byte for byte (as smee or `stripe listen` do): one URL per
 * rule, each switchable on and off. `problem(field)` is the server's message for `forward.<n>.url`.
 */
export function ForwardFields({
  fields,
  problem,
}: {
  fields: ReturnType<typeof useForwardFields>;
  problem: (field: string) => string | null;
}) {
  const { rules, setRules } = fields;
  const change = (index: number, next: Partial<ForwardRule>) =>
    setRules(rules.map((rule, at) => (at === index ? { ...rule, ...next } : rule)));
  return (
    <fieldset className="wide forward-fields">
      <legend>Forward to</legend>
      <p id="inbox-forward-hint" className="muted">
        Each new request is sent on to these URLs as received, in order; its sub-path and query follow the URL. A forward is sent once and
        not retried.
      </p>
      {rules.map((rule, index) => {
        const message = problem(`forward.${index}.url`);
        return (
          <div className="row forward-rule" key={index}>
            <input
              aria-label={`Forward URL ${index + 1}`}
              type="url"
              placeholder="http://localhost:3000/webhooks"
              value={rule.url}
              aria-invalid={message !== null || undefined}
              aria-describedby="inbox-forward-hint"
              onChange={(event) => change(index, { url: event.target.value })}
            />
            <label>
              <input
                type="checkbox"
                aria-label={`Forward ${index + 1} on`}
                checked={rule.enabled}
                onChange={(event) => change(index, { enabled: event.target.checked })}
              />{' '}
              on
            </label>
            <button
              type="button"
              className="button"
              aria-label={`Remove forward ${index + 1}`}
              onClick={() => setRules(rules.filter((_, at) => at !== index))}
            >
              Remove
            </button>
            {message && (
              <span className="field-error" role="alert">
                {message}
              </span>
            )}
          </div>
        );
      })}
      {rules.length < FORWARD_MAX_RULES && (
        <button type="button" className="button" onClick={() => setRules([...rules, { url: '', enabled: true }])}>
          Add a forward URL
        </button>
      )}
    </fieldset>
  );
}
