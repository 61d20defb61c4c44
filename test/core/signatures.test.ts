import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_' + Buffer.from('another secret of 24 bytes!!').toString('base64');
const BODY = '{"type":"order.paid","data":{"id":"ord_1","amount":1250}}';

/** Sends a request to the default inbox, as a sender would, and returns the capture's id. */
async function send(headers: Record<string, string>, body: string = BODY): Promise<string> {
  const response = await request(`${core.ingressUrl}/in/default`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.body.dump();
  return response.headers['x-hookbench-capture-id'] as string;
}

const verify = (id: string, input: Record<string, unknown>) => core.api('POST', `/api/requests/${id}/verify`, input);

/** Signs as the official Standard Webhooks library does. */
function standard(secret: string, body: string = BODY, at = new Date(), id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W') {
  const signature = new Webhook(secret).sign(id, at, body);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

/** GitHub's documented recipe: HMAC-SHA256 of the raw body with the secret's UTF-8 bytes, hex. */
const githubSignature = (secret: string, body: string = BODY) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Stripe's documented recipe: HMAC-SHA256 of `${t}.${body}` with the secret as text, hex. */
function stripeHeader(secret: string, body: string = BODY, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

describe('signature debugger: success for each scheme', () => {
  it('verifies Standard Webhooks and detects the scheme', async () => {
    const id = await send(standard(SECRET));
    const { status, body } = await verify(id, { secret: SECRET });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scheme: 'standard-webhooks',
      valid: true,
      details: { matchedSecret: 'the typed secret', matchedSignature: 1 },
    });
    expect(body.message).toContain('matches the typed secret');
  });

  it('says which of several space-separated signatures matched', async () => {
    const headers = standard(SECRET);
    headers['webhook-signature'] = `${standard(OTHER)['webhook-signature']} ${headers['webhook-signature']}`;
    const { body } = await verify(await send(headers), { secret: SECRET });
    expect(body).toMatchObject({ valid: true, details: { matchedSignature: 2, signatureCount: 2 } });
  });

  it('verifies GitHub', async () => {
    const id = await send({ 'x-github-event': 'push', 'x-hub-signature-256': githubSignature("It's a Secret to Everybody") });
    const { body } = await verify(id, { secret: "It's a Secret to Everybody" });
    expect(body).toMatchObject({ scheme: 'github', valid: true });
  });

  it('verifies Stripe', async () => {
    const id = await send({ 'stripe-signature': stripeHeader(SECRET) });
    const { body } = await verify(id, { secret: SECRET });
    expect(body).toMatchObject({ scheme: 'stripe', valid: true, details: { toleranceSeconds: 300 } });
  });

  it('verifies Codewars', async () => {
    const id = await send({ 'user-agent': 'Codewars Hookbot', 'x-webhook-event': 'user', 'x-webhook-secret': 'hunter2' });
    const { body } = await verify(id, { secret: 'hunter2' });
    expect(body).toMatchObject({ scheme: 'codewars', valid: true, details: { matchedSecret: 'the typed secret' } });
  });

  it('says there is nothing to verify on an unsigned request', async () => {
    const { body } = await verify(await send({}), {});
    expect(body).toMatchObject({ scheme: 'none', valid: false, reason: 'not_signed' });
    expect(body.message).toContain('Nothing to verify');
  });
});

describe('signature debugger: each failure cause', () => {
  it('body_changed: shows the first differing byte and blames pretty-printing', async () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const id = await send(standard(SECRET), pretty);
    const { body } = await verify(id, { secret: SECRET, originalBody: Buffer.from(BODY).toString('base64') });
    expect(body).toMatchObject({ valid: false, reason: 'body_changed', details: { originalSource: 'pasted' } });
    expect(body.details.bodyDiff).toMatchObject({ offset: 1, cause: 'whitespace' });
    expect(body.details.bodyDiff.captured.text).toContain('\\n');
    expect(body.details.originalMatchedSecret).toBe('the typed secret');
    expect(body.message).toContain('pretty-printed');
  });

  it('timestamp_outside_tolerance: gives the age', async () => {
    const id = await send(standard(SECRET, BODY, new Date(Date.now() - 10 * 60_000)));
    const { body } = await verify(id, { secret: SECRET });
    expect(body).toMatchObject({ valid: false, reason: 'timestamp_outside_tolerance', details: { toleranceSeconds: 300 } });
    expect(body.details.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(body.message).toMatch(/10 min \d+ s old/);
  });

  it('wrong_secret: a well-formed signature no secret matches', async () => {
    const id = await send({ 'x-hub-signature-256': githubSignature('the sender secret') });
    const { body } = await verify(id, { secret: 'not the sender secret' });
    expect(body).toMatchObject({ scheme: 'github', valid: false, reason: 'wrong_secret', details: { secretsTried: ['the typed secret'] } });
    expect(body.message).toMatch(/^Wrong secret/);
  });

  it('wrong_encoding: a hex digest in a Standard Webhooks header', async () => {
    const headers = standard(SECRET);
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${BODY}`;
    headers['webhook-signature'] = `v1,${createHmac('sha256', key).update(content).digest('hex')}`;
    const { body } = await verify(await send(headers), { secret: SECRET });
    expect(body).toMatchObject({
      valid: false,
      reason: 'wrong_encoding',
      details: { encoding: { sent: 'a hex digest', expected: 'a base64 digest' } },
    });
  });

  it('missing_header: names the header', async () => {
    const { ['webhook-signature']: _dropped, ...headers } = standard(SECRET);
    const { body } = await verify(await send(headers), { secret: SECRET });
    expect(body).toMatchObject({
      scheme: 'standard-webhooks',
      valid: false,
      reason: 'missing_header',
      details: { header: 'webhook-signature' },
    });
    const overridden = await verify(await send(standard(SECRET)), { secret: SECRET, scheme: 'github' });
    expect(overridden.body).toMatchObject({ scheme: 'github', reason: 'missing_header', details: { header: 'X-Hub-Signature-256' } });
  });

  it('malformed_header: a Stripe-Signature without its timestamp', async () => {
    const id = await send({ 'stripe-signature': stripeHeader(SECRET).replace(/^t=\d+,/, '') });
    const { body } = await verify(id, { secret: SECRET });
    expect(body).toMatchObject({ scheme: 'stripe', valid: false, reason: 'malformed_header', details: { header: 'Stripe-Signature' } });
    expect(body.message).toContain('t=<seconds');
  });
});

describe('signature debugger: hooks', () => {
  it('tries a hook’s previous secrets during a rotation and says which matched', async () => {
    const { body: hook } = await core.api('POST', '/api/hooks', { url: `${core.ingressUrl}/in/default`, name: 'Orders', secret: SECRET });
    const { body: rotated } = await core.api('POST', `/api/hooks/${hook.id}/rotate-secret`, { overlapMs: 3_600_000 });
    expect(rotated.secret).not.toBe(SECRET);
    const { body } = await verify(await send(standard(SECRET)), { hookId: hook.id });
    expect(body).toMatchObject({ valid: true, details: { hookId: hook.id } });
    expect(body.details.matchedSecret).toContain('hook "Orders" (previous secret, in rotation until');
    const current = await verify(await send(standard(rotated.secret)), { hookId: hook.id });
    expect(current.body.details.matchedSecret).toBe('hook "Orders" (current secret)');
    await core.api('DELETE', `/api/hooks/${hook.id}`);
  });

  it('verifies a Hookbench delivery with the hook that sent it, against the attempt log', async () => {
    const inbox = (await core.api('POST', '/api/inboxes', { slug: 'delivered' })).body;
    const { body: hook } = await core.api('POST', '/api/hooks', { url: inbox.url, name: 'Delivered' });
    const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const waited = await core.api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=1&timeoutMs=30000&after=0`);
    const { body } = await verify(waited.body.items[0].id, {});
    expect(body).toMatchObject({
      scheme: 'standard-webhooks',
      valid: true,
      details: { hookId: hook.id, deliveryId: fired.body.deliveries[0].id, originalSource: 'delivery', attempt: 1 },
    });
    await core.api('DELETE', `/api/hooks/${hook.id}`);
  });
});

describe('a capture whose attempt is still under way', () => {
  it('is traced to its delivery and verified once the attempt is recorded', async () => {
    const inbox = (await core.api('POST', '/api/inboxes', { slug: 'slow-answer' })).body;
    // The capture is stored when the request arrives; the inbox answers 400 ms later.
    expect((await core.api('PATCH', `/api/inboxes/${inbox.id}`, { script: { steps: [{ delayMs: 400 }] } })).status).toBe(200);
    const { body: hook } = await core.api('POST', '/api/hooks', { url: inbox.url, name: 'Slow answer' });
    const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const deliveryId = fired.body.deliveries[0].id;
    const waited = await core.api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=1&timeoutMs=30000&after=0`);
    const captureId = waited.body.items[0].id;
    const [verified, links] = await Promise.all([verify(captureId, {}), core.api('GET', `/api/requests/${captureId}/links`)]);
    expect(verified.body).toMatchObject({ valid: true, details: { hookId: hook.id, deliveryId, originalSource: 'delivery', attempt: 1 } });
    expect(links.body.delivery).toMatchObject({ deliveryId, attempt: 1, hookId: hook.id });
    await core.api('DELETE', `/api/hooks/${hook.id}`);
  });
});

describe('signature debugger: validation', () => {
  it('names the field it blames', async () => {
    const id = await send(standard(SECRET));
    expect((await verify(id, {})).body.error).toMatchObject({ code: 'secret_required', field: 'secret' });
    expect((await verify(id, { scheme: 'hmac' })).body.error.field).toBe('scheme');
    expect((await verify(id, { secret: SECRET, originalBody: 'not base64!' })).body.error.field).toBe('originalBody');
    const unknown = await verify(id, { hookId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('hookId');
    expect((await verify('missing', { secret: SECRET })).status).toBe(404);
  });
});
