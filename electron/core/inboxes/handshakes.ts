import type { HandshakePreset } from '../../shared/handshakes.js';
import type { InboxPatch } from '../../shared/schemas.js';
import { RULES_MAX, type InboxResponse, type InboxRule, type InboxRuleInput } from '../../shared/answers.js';
import { HttpError } from '../errors.js';

/**
 * Handshake presets: the rules that pass each provider's endpoint verification, as data. Each
 * is an ordinary rule (a match and a templated response) that the user can read and change.
 * A secret parameter is stored as an inbox secret that the rule reads by name, so it never
 * shows in the rule, the inbox's answers or a workspace export without secrets.
 */
interface PresetDefinition extends HandshakePreset {
  rules(params: Record<string, string>): InboxRuleInput[];
  secrets?(params: Record<string, string>): Record<string, string>;
}

/** A templated 200 answer. */
const answer = (headers: Record<string, string>, body: string): Partial<InboxResponse> => ({
  status: 200,
  headers,
  body,
  delayMs: 0,
  templated: true,
});

/** Echoed request text is answered as text the browser must not sniff, so it can never run as a page. */
const plainText = { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' };

const presets: PresetDefinition[] = [
  {
    // https://api.slack.com/events/url_verification — POST, JSON {"token","challenge","type":"url_verification"};
    // answer 200 with the challenge in plain text (text/plain, or form or JSON).
    id: 'slack',
    name: 'Slack',
    description: 'Events API URL verification: answers the url_verification event with its challenge, as plain text.',
    docs: 'https://api.slack.com/events/url_verification',
    parameters: [],
    rules: () => [
      {
        name: 'Slack URL verification',
        match: { method: ['POST'], json: [{ name: 'type', equals: 'url_verification' }] },
        response: answer(plainText, '{{ request.json.challenge }}'),
      },
    ],
  },
  {
    // https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notification-endpoint-validation —
    // POST {notificationUrl}?validationToken={token}; answer within 10 s: 200, Content-Type text/plain, the token
    // URL-decoded (an encoded token fails validation).
    id: 'microsoft-graph',
    name: 'Microsoft Graph',
    description: 'Change notification endpoint validation: answers ?validationToken= with the decoded token, as text/plain.',
    docs: 'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notification-endpoint-validation',
    parameters: [],
    rules: () => [
      {
        name: 'Microsoft Graph validation',
        match: { query: [{ name: 'validationToken', present: true }] },
        response: answer(plainText, '{{ request.query.validationToken }}'),
      },
    ],
  },
  {
    // https://www.dropbox.com/developers/reference/webhooks — GET ?challenge=<random>; echo it back with
    // Content-Type: text/plain and X-Content-Type-Options: nosniff (against reflected XSS).
    id: 'dropbox',
    name: 'Dropbox',
    description: 'Webhook verification request: answers GET ?challenge= by echoing the challenge (text/plain, nosniff).',
    docs: 'https://www.dropbox.com/developers/reference/webhooks',
    parameters: [],
    rules: () => [
      {
        name: 'Dropbox verification',
        match: { method: ['GET'], query: [{ name: 'challenge', present: true }] },
        response: answer(plainText, '{{ request.query.challenge }}'),
      },
    ],
  },
  {
    // https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request — POST with
    // Twitch-Eventsub-Message-Type: webhook_callback_verification and JSON {"challenge", "subscription"}; answer 200
    // with the raw challenge, Content-Type text/plain.
    id: 'twitch',
    name: 'Twitch EventSub',
    description: 'EventSub webhook_callback_verification: answers with the raw challenge, as text/plain.',
    docs: 'https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request',
    parameters: [],
    rules: () => [
      {
        name: 'Twitch EventSub challenge',
        match: {
          method: ['POST'],
          headers: [{ name: 'Twitch-Eventsub-Message-Type', equals: 'webhook_callback_verification' }],
        },
        response: answer(plainText, '{{ request.json.challenge }}'),
      },
    ],
  },
  {
    // https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint — POST JSON
    // {"payload":{"plainToken"},"event_ts","event":"endpoint.url_validation"}; answer 200 JSON {"plainToken",
    // "encryptedToken"}, encryptedToken = hex HMAC-SHA256 of plainToken keyed with the app's secret token.
    id: 'zoom',
    name: 'Zoom',
    description: "endpoint.url_validation: answers plainToken and its HMAC-SHA256 (hex) under the app's secret token, as JSON.",
    docs: 'https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint',
    parameters: [
      {
        name: 'secretToken',
        label: 'Secret token',
        description: "The Secret Token of the Zoom app's event subscription (Features → Access in the Zoom App Marketplace).",
        secret: true,
      },
    ],
    rules: () => [
      {
        name: 'Zoom URL validation',
        // Without a plainToken the request is no validation Zoom sends: it falls through to the
        // inbox's own answer rather than getting broken JSON.
        match: {
          method: ['POST'],
          json: [
            { name: 'event', equals: 'endpoint.url_validation' },
            { name: 'payload.plainToken', present: true },
          ],
        },
        response: answer(
          { 'content-type': 'application/json' },
          '{"plainToken":{{ request.json.payload.plainToken | json }},' +
            '"encryptedToken":{{ request.json.payload.plainToken | hmac_sha256_hex: secrets.zoomSecretToken | json }}}',
        ),
      },
    ],
    secrets: ({ secretToken }) => ({ zoomSecretToken: secretToken! }),
  },
];

/** What GET /api/handshakes lists. */
export function listHandshakes(): HandshakePreset[] {
  return presets.map(({ rules: _rules, ...preset }) => preset);
}

/** The preset's rules (marked with its id) and the secrets they read; 400 naming a missing parameter. */
function handshakeAnswers(presetId: string, params: Record<string, string>): { rules: InboxRuleInput[]; secrets?: Record<string, string> } {
  const preset = presets.find((candidate) => candidate.id === presetId);
  if (!preset) {
    const known = presets.map((candidate) => candidate.id).join(', ');
    throw new HttpError(400, 'unknown_preset', `No handshake preset "${presetId}". The presets are: ${known}.`, 'preset');
  }
  const filled: Record<string, string> = {};
  for (const parameter of preset.parameters) {
    const value = params[parameter.name]?.trim();
    if (!value) {
      throw new HttpError(
        400,
        'missing_parameter',
        `The ${preset.name} preset needs ${parameter.label}: ${parameter.description}`,
        `params.${parameter.name}`,
      );
    }
    filled[parameter.name] = value;
  }
  const rules = preset.rules(filled).map((rule) => ({ ...rule, preset: preset.id }));
  return { rules, ...(preset.secrets ? { secrets: preset.secrets(filled) } : {}) };
}

/**
 * The change that puts the preset's rules at the top of an inbox's rules, replacing the rules
 * the same preset added before, and sets its secrets (applying it again, say with a new secret,
 * leaves one copy and the new secret).
 */
export function withHandshake(
  rules: readonly InboxRule[],
  presetId: string,
  params: Record<string, string>,
): Pick<InboxPatch, 'rules' | 'secrets'> {
  const { rules: added, secrets } = handshakeAnswers(presetId, params);
  const kept = rules.filter((rule) => rule.preset !== presetId);
  if (added.length + kept.length > RULES_MAX) {
    throw new HttpError(400, 'too_many_rules', `An inbox holds at most ${RULES_MAX} rules; delete one before adding this preset.`, 'rules');
  }
  return { rules: [...added, ...kept], ...(secrets ? { secrets } : {}) };
}
