import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';

/** Named inbox secrets: read by templates, never shown unless asked for. */

let core: TestCore;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

const SECRET = 'sig-key-7c1f0e2b9a';
const hmacHex = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex');

/** A templated answer that signs the body with the `signing` secret. */
const signing = { templated: true, headers: { 'x-signature': '{{ request.body | hmac_sha256_hex: secrets.signing }}' }, body: 'signed' };

async function createInbox(slug: string, settings: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, ...settings });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

async function send(url: string, body: string) {
  const response = await request(url, { method: 'POST', body });
  const text = await response.body.text();
  const { body: capture } = await core.api('GET', `/api/requests/${response.headers['x-hookbench-capture-id'] as string}`);
  return { status: response.statusCode, signature: response.headers['x-signature'], text, capture };
}

/** Everything the API shows of an inbox, as text: a secret's value must appear nowhere in it. */
async function shown(id: string) {
  const one = await core.api('GET', `/api/inboxes/${id}`);
  const all = await core.api('GET', '/api/inboxes?limit=1000');
  const file = await core.api('GET', '/api/workspace');
  return { inbox: one.body, text: JSON.stringify([one.body, all.body, file.body]) };
}

describe('inbox secrets', () => {
  it('are read by templates, shown only as {set}, and revealed on request', async () => {
    const inbox = await createInbox('sec-basic', { secrets: { signing: SECRET }, response: signing });
    expect(inbox.secrets).toEqual({ signing: { set: true } });
    expect(JSON.stringify(inbox)).not.toContain(SECRET);

    const answer = await send(inbox.url, 'hello');
    expect([answer.status, answer.text]).toEqual([200, 'signed']);
    expect(answer.signature).toBe(hmacHex(SECRET, 'hello'));

    const { inbox: read, text } = await shown(inbox.id);
    expect(read.secrets).toEqual({ signing: { set: true } });
    expect(text).not.toContain(SECRET);

    const revealed = await core.api('GET', `/api/inboxes/${inbox.id}/secrets/signing`);
    expect([revealed.status, revealed.body]).toEqual([200, { name: 'signing', value: SECRET }]);
    const unknown = await core.api('GET', `/api/inboxes/${inbox.id}/secrets/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('no secret "nope"');
  });

  it('survive a PATCH that sends the inbox back as it was read, and change only as asked', async () => {
    const inbox = await createInbox('sec-patch', { secrets: { signing: SECRET, spare: 'x-spare' }, response: signing });
    // The whole inbox as read, masked secrets included, sent back with a new name.
    const { body: sentBack } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, {
      name: 'Renamed',
      response: inbox.response,
      rules: inbox.rules,
      secrets: inbox.secrets,
    });
    expect(sentBack.secrets).toEqual({ signing: { set: true }, spare: { set: true } });
    expect((await send(inbox.url, 'a')).signature).toBe(hmacHex(SECRET, 'a'));

    // A value replaces one, null removes one, names left out stay.
    const { body: changed } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: { signing: 'rotated', spare: null } });
    expect(changed.secrets).toEqual({ signing: { set: true } });
    expect((await send(inbox.url, 'b')).signature).toBe(hmacHex('rotated', 'b'));

    const { body: added } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: { other: 'o' } });
    expect(Object.keys(added.secrets)).toEqual(['signing', 'other']);
  });

  it('are refused at save when a template names one the inbox lacks, or reads them all', async () => {
    const missing = await core.api('POST', '/api/inboxes', {
      slug: 'sec-missing',
      rules: [{ match: { path: '/x' }, response: { templated: true, body: '{{ secrets.signing }}' } }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid_template', field: 'rules.0.response.body' });
    expect(missing.body.error.message).toContain('no secret "signing"');

    const inbox = await createInbox('sec-refused', { secrets: { signing: SECRET }, response: signing });
    for (const body of ['{{ secrets | json }}', '{% for pair in secrets %}{{ pair }}{% endfor %}', '{{ secrets[request.query.name] }}']) {
      const { status, body: error } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { response: { body } });
      expect(status, body).toBe(400);
      expect(error.error).toMatchObject({ code: 'invalid_template', field: 'response.body' });
    }
    // Removing a secret a template reads is refused too, naming where it is read.
    const removed = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: { signing: null } });
    expect(removed.body.error).toMatchObject({ code: 'invalid_template', field: 'response.headers.x-signature' });
    expect((await send(inbox.url, 'still')).signature).toBe(hmacHex(SECRET, 'still'));

    const badName = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: { 'not-an-identifier': 'v' } });
    expect(badName.status).toBe(400);
    const tooLong = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: { big: 'é'.repeat(2049) } });
    expect(tooLong.body.error).toMatchObject({ code: 'secret_too_large', field: 'secrets.big' });
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`s${index}`, 'v']));
    const tooMany = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { secrets: many });
    expect(tooMany.body.error).toMatchObject({ code: 'too_many_secrets', field: 'secrets' });
  });

  it('never echo a value in a template error', async () => {
    const inbox = await createInbox('sec-redact', {
      secrets: { code: 'not-a-status-9f3e' },
      response: { templated: true, statusTemplate: '{{ secrets.code }}', body: '' },
    });
    const answer = await send(inbox.url, '');
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('rendered \\"[secret]\\"');
    expect(answer.text).not.toContain('not-a-status-9f3e');
    expect(answer.capture.answerError).not.toContain('not-a-status-9f3e');
  });
});

describe('inbox secrets in the workspace file', () => {
  it('are exported by name only, with values only on request, and imported into another Hookbench', async () => {
    await createInbox('sec-ws', { secrets: { signing: SECRET }, response: signing });
    const plain = (await core.api('GET', '/api/workspace')).body;
    expect(JSON.stringify(plain)).not.toContain(SECRET);
    expect(plain.inboxes.find((inbox: { slug: string }) => inbox.slug === 'sec-ws').secrets).toEqual({ signing: { set: true } });
    const full = (await core.api('GET', '/api/workspace?secrets=true')).body;
    expect(full.inboxes.find((inbox: { slug: string }) => inbox.slug === 'sec-ws').secrets).toEqual({ signing: SECRET });

    const other = await startTestCore();
    try {
      // Without values: the inbox is made, its secret named and reported missing; its answer says what to do.
      const first = await other.api('POST', '/api/workspace', plain);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.missingSecrets).toContainEqual({ inbox: 'sec-ws', secret: 'signing' });
      const { body: list } = await other.api('GET', '/api/inboxes?limit=1000');
      const copy = list.items.find((inbox: { slug: string }) => inbox.slug === 'sec-ws');
      expect(copy.secrets).toEqual({ signing: { set: false } });
      const unset = await request(copy.url, { method: 'POST', body: 'x' });
      expect(unset.statusCode).toBe(500);
      expect(await unset.body.text()).toContain('secrets.signing has no value yet');

      // With values: the secret is set, and the inbox signs as the source does.
      const second = await other.api('POST', '/api/workspace', full);
      expect(second.body.inboxes.updated).toContain('sec-ws');
      expect(second.body.missingSecrets).toEqual([]);
      const signed = await request(copy.url, { method: 'POST', body: 'x' });
      expect(signed.headers['x-signature']).toBe(hmacHex(SECRET, 'x'));
      await signed.body.dump();

      // Without values again: existing values of the same names are kept, and nothing changes.
      const third = await other.api('POST', '/api/workspace', plain);
      expect(third.body.inboxes.unchanged).toContain('sec-ws');
      expect(third.body.missingSecrets).toEqual([]);
      expect((await other.api('GET', `/api/inboxes/${copy.id}/secrets/signing`)).body.value).toBe(SECRET);

      // A file that no longer names the secret (nor reads it) removes it.
      const entry = plain.inboxes.find((inbox: { slug: string }) => inbox.slug === 'sec-ws');
      delete entry.secrets;
      entry.response = { ...entry.response, templated: false, headers: {} };
      const fourth = await other.api('POST', '/api/workspace', plain);
      expect(fourth.body.inboxes.updated).toContain('sec-ws');
      expect((await other.api('GET', `/api/inboxes/${copy.id}`)).body.secrets).toBeUndefined();
    } finally {
      await other.dispose();
    }
  });
});

describe('a secret in a template', () => {
  const LONG = `k-${'A'.repeat(148)}`;

  async function answer(slug: string, template: { body?: string; statusTemplate?: string }, query = '') {
    const inbox = await createInbox(slug, {
      secrets: { tok: LONG },
      response: { templated: true, headers: { 'content-type': 'text/plain' }, body: '', ...template },
    });
    const response = await request(`${inbox.url}${query}`, { method: 'POST', body: 'x' });
    const text = await response.body.text();
    const { body: capture } = await core.api('GET', `/api/requests/${response.headers['x-hookbench-capture-id'] as string}`);
    return { status: response.statusCode, text, capture: JSON.stringify(capture) };
  }

  it('signs with its value but is never written out, however a template reaches it', async () => {
    const ways = [
      '{{ secrets.tok }}',
      '{{ secrets.tok | append: "" | upcase }} {{ secrets.tok | json }} {{ secrets.tok | size }} {{ secrets.tok | slice: 0, 5 }}',
      // The name taken from the request: found by review, it once echoed the value.
      '{{ [request.query.k][request.query.n] }}',
      '{% assign s = "secrets" %}{{ [s].tok }}',
    ];
    for (const [index, body] of ways.entries()) {
      const { status, text, capture } = await answer(`sec-out-${index}`, { body }, '?k=secrets&n=tok');
      expect(status, body).toBe(200);
      expect(text, body).not.toContain(LONG.slice(0, 12));
      expect(text, body).toContain('[secret]');
      expect(capture).not.toContain(LONG.slice(0, 12));
    }
    const signed = await answer('sec-out-hmac', { body: '{{ "m" | hmac_sha256_hex: secrets.tok }}' });
    expect(signed.text).toBe(hmacHex(LONG, 'm'));
  });

  it('is not quoted by the error of a status template that renders it', async () => {
    const { status, text, capture } = await answer('sec-status', { body: 'x', statusTemplate: '{{ secrets.tok }}' });
    expect(status).toBe(500);
    expect(text).toContain('template_error');
    for (const output of [text, capture]) expect(output).not.toContain(LONG.slice(0, 12));
  });
});
