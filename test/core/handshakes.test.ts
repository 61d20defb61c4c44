import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';

/**
 * Each preset against its provider's handshake, sent the way the provider's docs show it and
 * checked the way the provider checks the answer. The docs each request follows are named above it.
 */

let core: TestCore;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

const hmacHex = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex');

async function inboxWithPresets(slug: string, presets: { preset: string; params?: Record<string, string> }[]) {
  const { body: inbox } = await core.api('POST', '/api/inboxes', { slug });
  for (const preset of presets) {
    const { status, body } = await core.api('POST', `/api/inboxes/${inbox.id}/handshakes`, preset);
    expect(status, JSON.stringify(body)).toBe(200);
  }
  return (await core.api('GET', `/api/inboxes/${inbox.id}`)).body;
}

async function send(url: string, init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }) {
  const response = await request(url, init);
  const text = await response.body.text();
  const { body: capture } = await core.api('GET', `/api/requests/${response.headers['x-hookbench-capture-id'] as string}`);
  return { status: response.statusCode, contentType: String(response.headers['content-type']), headers: response.headers, text, capture };
}

const ZOOM_SECRET = 'Zm9vYmFyLXNlY3JldC10b2tlbg';

// https://api.slack.com/events/url_verification (and https://api.slack.com/authentication/verifying-requests-from-slack
// for the signature headers every Slack request carries).
function slackVerification(url: string) {
  const body = JSON.stringify({
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    type: 'url_verification',
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return send(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${hmacHex('slack-signing-secret', `v0:${timestamp}:${body}`)}`,
    },
    body,
  });
}

// https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notification-endpoint-validation:
// POST {notificationUrl}?validationToken={opaqueTokenCreatedByMicrosoftGraph}, Content-Type: text/plain; charset=utf-8.
const GRAPH_TOKEN = 'Validation: Testing client application reachability for subscription Request-Id: 522a8e7e-096a-494c-aaf1-ac0dcfca45b7';
function graphValidation(url: string) {
  const encoded =
    'Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+522a8e7e-096a-494c-aaf1-ac0dcfca45b7';
  return send(`${url}?validationToken=${encoded}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' });
}

// https://www.dropbox.com/developers/reference/webhooks: GET https://www.example.com/dropbox-webhook?challenge=abc123
function dropboxVerification(url: string) {
  return send(`${url}?challenge=abc123`, { method: 'GET' });
}

// https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request, signed as in
// #verifying-the-event-message: HMAC-SHA256(secret, message id + timestamp + body), "sha256=" + hex.
function twitchChallenge(url: string) {
  const id = 'e76c6bd4-55c9-4987-8304-da1588d8988b';
  const timestamp = '2019-11-16T10:11:12.634234626Z';
  const body = JSON.stringify({
    challenge: 'pogchamp-kappa-360noscope-vohiyo',
    subscription: {
      id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
      status: 'webhook_callback_verification_pending',
      type: 'channel.follow',
      version: '2',
      cost: 1,
      condition: { broadcaster_user_id: '12826', moderator_user_id: '12826' },
      transport: { method: 'webhook', callback: 'https://example.com/webhooks/callback' },
      created_at: '2019-11-16T10:11:12.634234626Z',
    },
  });
  return send(url, {
    method: 'POST',
    headers: {
      'Twitch-Eventsub-Message-Id': id,
      'Twitch-Eventsub-Message-Retry': '0',
      'Twitch-Eventsub-Message-Type': 'webhook_callback_verification',
      'Twitch-Eventsub-Message-Signature': `sha256=${hmacHex('twitch-subscription-secret', id + timestamp + body)}`,
      'Twitch-Eventsub-Message-Timestamp': timestamp,
      'Twitch-Eventsub-Subscription-Type': 'channel.follow',
      'Twitch-Eventsub-Subscription-Version': '2',
      'Content-Type': 'application/json',
    },
    body,
  });
}

// https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint, signed as in #verify-webhook-events:
// x-zm-signature = "v0=" + hex HMAC-SHA256(secret token, "v0:{x-zm-request-timestamp}:{body}").
function zoomValidation(url: string) {
  const body = JSON.stringify({
    payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
    event_ts: 1654503849680,
    event: 'endpoint.url_validation',
  });
  const timestamp = '1654503849680';
  return send(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Zoom Marketplace/1.0a',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': `v0=${hmacHex(ZOOM_SECRET, `v0:${timestamp}:${body}`)}`,
    },
    body,
  });
}

/** An ordinary event: what the provider sends once the endpoint is verified. */
function normalEvent(url: string, event: unknown) {
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
}

describe('handshake presets', () => {
  it('lists the five presets with their parameters', async () => {
    const { body } = await core.api('GET', '/api/handshakes');
    expect(body.items.map((preset: { id: string }) => preset.id)).toEqual(['slack', 'microsoft-graph', 'dropbox', 'twitch', 'zoom']);
    const zoom = body.items.find((preset: { id: string }) => preset.id === 'zoom');
    expect(zoom.parameters).toEqual([expect.objectContaining({ name: 'secretToken', secret: true })]);
    expect(zoom.docs).toMatch(/^https:\/\/developers\.zoom\.us\//);
  });

  it('Slack: answers url_verification with the challenge in plain text; events still get 200', async () => {
    const inbox = await inboxWithPresets('hs-slack', [{ preset: 'slack' }]);
    const answer = await slackVerification(inbox.url);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(answer.capture.rule).toBe(inbox.rules[0].id);
    expect(inbox.rules[0]).toMatchObject({ name: 'Slack URL verification', preset: 'slack' });
    const event = await normalEvent(inbox.url, { type: 'event_callback', event: { type: 'app_mention' } });
    expect([event.status, event.capture.rule]).toEqual([200, undefined]);
  });

  it('Microsoft Graph: answers ?validationToken= with the decoded token as text/plain', async () => {
    const inbox = await inboxWithPresets('hs-graph', [{ preset: 'microsoft-graph' }]);
    const answer = await graphValidation(inbox.url);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe(GRAPH_TOKEN);
    const event = await normalEvent(inbox.url, { value: [{ subscriptionId: 's', changeType: 'created', clientState: 'x' }] });
    expect(event.status).toBe(200);
  });

  it('Dropbox: echoes GET ?challenge= as text/plain with nosniff', async () => {
    const inbox = await inboxWithPresets('hs-dropbox', [{ preset: 'dropbox' }]);
    const answer = await dropboxVerification(inbox.url);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.text).toBe('abc123');
    const event = await normalEvent(inbox.url, { list_folder: { accounts: ['dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc'] } });
    expect(event.status).toBe(200);
  });

  it('Twitch: answers webhook_callback_verification with the raw challenge as text/plain', async () => {
    const inbox = await inboxWithPresets('hs-twitch', [{ preset: 'twitch' }]);
    const answer = await twitchChallenge(inbox.url);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe('pogchamp-kappa-360noscope-vohiyo');
    const event = await normalEvent(inbox.url, { subscription: { type: 'channel.follow' }, event: { user_id: '1' } });
    expect(event.status).toBe(200);
  });

  it("Zoom: answers plainToken and its HMAC-SHA256 under the app's secret token, as Zoom checks it", async () => {
    const inbox = await inboxWithPresets('hs-zoom', [{ preset: 'zoom', params: { secretToken: ZOOM_SECRET } }]);
    // The token is an inbox secret the rule reads by name: the inbox never shows it.
    expect(inbox.secrets).toEqual({ zoomSecretToken: { set: true } });
    expect(inbox.rules[0].response.body).toContain('hmac_sha256_hex: secrets.zoomSecretToken');
    expect(JSON.stringify(inbox)).not.toContain(ZOOM_SECRET);
    const answer = await zoomValidation(inbox.url);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    const { plainToken, encryptedToken } = JSON.parse(answer.text);
    expect(plainToken).toBe('qgg8vlvZRS6UYooatFL8Aw');
    expect(encryptedToken).toBe(hmacHex(ZOOM_SECRET, plainToken));
    const event = await normalEvent(inbox.url, { event: 'meeting.started', payload: { object: { id: '1' } } });
    expect(event.status).toBe(200);
  });

  it('leaves a Zoom validation without a plainToken to the inbox’s own answer (it once answered broken JSON)', async () => {
    const inbox = await inboxWithPresets('hs-zoom-odd', [{ preset: 'zoom', params: { secretToken: ZOOM_SECRET } }]);
    const odd = await normalEvent(inbox.url, { event: 'endpoint.url_validation', payload: {} });
    expect([odd.status, odd.text]).toEqual([200, '{"ok":true}']);
  });

  it('stores a request whose JSON is nested 200,000 deep under a rule’s path (it once answered 503 and lost it)', async () => {
    const inbox = await inboxWithPresets('hs-deep', [{ preset: 'slack' }]);
    const deep = `{"type":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const answer = await send(inbox.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect([answer.status, answer.text]).toEqual([200, '{"ok":true}']);
    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    expect(list.items).toHaveLength(1);
  });

  it('passes all five handshakes on one inbox, and ordinary events still get its 200', async () => {
    const inbox = await inboxWithPresets('hs-all', [
      { preset: 'slack' },
      { preset: 'microsoft-graph' },
      { preset: 'dropbox' },
      { preset: 'twitch' },
      { preset: 'zoom', params: { secretToken: ZOOM_SECRET } },
    ]);
    // Each preset goes on top.
    expect(inbox.rules.map((rule: { preset: string }) => rule.preset)).toEqual(['zoom', 'twitch', 'dropbox', 'microsoft-graph', 'slack']);
    expect((await slackVerification(inbox.url)).text).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect((await graphValidation(inbox.url)).text).toBe(GRAPH_TOKEN);
    expect((await dropboxVerification(inbox.url)).text).toBe('abc123');
    expect((await twitchChallenge(inbox.url)).text).toBe('pogchamp-kappa-360noscope-vohiyo');
    expect(JSON.parse((await zoomValidation(inbox.url)).text).encryptedToken).toBe(hmacHex(ZOOM_SECRET, 'qgg8vlvZRS6UYooatFL8Aw'));
    const event = await normalEvent(inbox.url, { type: 'event_callback' });
    expect([event.status, event.text]).toEqual([200, '{"ok":true}']);
  });

  it('replaces an earlier copy of the same preset, and refuses what it cannot apply', async () => {
    const inbox = await inboxWithPresets('hs-again', [{ preset: 'zoom', params: { secretToken: 'first' } }, { preset: 'slack' }]);
    const { body: updated } = await core.api('POST', `/api/inboxes/${inbox.id}/handshakes`, {
      preset: 'zoom',
      params: { secretToken: 'a "quoted" }} secret' },
    });
    expect(updated.rules.map((rule: { preset: string }) => rule.preset)).toEqual(['zoom', 'slack']);
    expect(updated.secrets).toEqual({ zoomSecretToken: { set: true } });
    // Any characters survive into the template as data.
    expect(JSON.parse((await zoomValidation(inbox.url)).text).encryptedToken).toBe(
      hmacHex('a "quoted" }} secret', 'qgg8vlvZRS6UYooatFL8Aw'),
    );

    const missing = await core.api('POST', `/api/inboxes/${inbox.id}/handshakes`, { preset: 'zoom' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'missing_parameter', field: 'params.secretToken' });
    const unknown = await core.api('POST', `/api/inboxes/${inbox.id}/handshakes`, { preset: 'github' });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_preset', field: 'preset' });
    expect((await core.api('POST', '/api/inboxes/inb_nope/handshakes', { preset: 'slack' })).status).toBe(404);
  });
});
