/// <reference lib="dom" />
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { request } from 'undici';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

const SECRET = 'zoom-secret-token-for-ui';

/** Zoom's endpoint.url_validation request, as its docs show it. */
async function zoomValidation(url: string) {
  const body = JSON.stringify({
    payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
    event_ts: 1654503849680,
    event: 'endpoint.url_validation',
  });
  const timestamp = String(Date.now());
  const response = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
    },
    body,
  });
  return { status: response.statusCode, body: (await response.body.json()) as { plainToken: string; encryptedToken: string } };
}

/** Everything the page shows as text or holds in a field. */
const pageText = (page: Page) =>
  page.evaluate(() => {
    const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'));
    return [document.body.innerText, ...fields.map((field) => field.value)].join('\n');
  });

async function openInboxSettings(page: Page, name: string) {
  await page.getByRole('listbox', { name: 'Inboxes' }).getByRole('option', { name }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  return page.getByRole('form', { name: 'Inbox settings' });
}

describe('answers in the workbench', () => {
  it('applies the Zoom preset, adds a templated rule by hand, and shows a bad template at its field', async () => {
    const { context, page, errors } = await openWorkbench(browser, core);
    await page.getByLabel('New inbox').fill('answers-ui');
    await page.getByRole('button', { name: 'Create inbox' }).click();
    await page.getByRole('heading', { name: 'answers-ui' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Inbox settings' });

    // The Zoom preset asks for the secret token, then adds its rule at once.
    await form.getByText('Handshake presets').click();
    await form.getByRole('button', { name: 'Zoom', exact: true }).click();
    await form.getByLabel('Secret token').fill(SECRET);
    await form.getByRole('button', { name: 'Add Zoom rule' }).click();
    await form.getByRole('status').filter({ hasText: 'Added the Zoom rule at the top.' }).waitFor();
    const rules = form.getByRole('list', { name: 'Rules, in the order they are checked' });
    await expect.poll(() => rules.textContent()).toContain('Zoom URL validation');

    const { body: inboxes } = await core.api('GET', '/api/inboxes');
    const inbox = inboxes.items.find((candidate: { slug: string }) => candidate.slug === 'answers-ui');
    const validation = await zoomValidation(inbox.url);
    expect(validation.status).toBe(200);
    expect(validation.body.encryptedToken).toBe(createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'));

    // The token became the inbox secret the rule reads: listed by name, its value shown only when revealed.
    const secrets = form.getByRole('list', { name: 'Secrets' });
    await expect.poll(() => secrets.textContent()).toContain('zoomSecretToken');
    await form.getByRole('button', { name: 'Edit Zoom URL validation' }).click();
    await expect.poll(() => pageText(page)).toContain('secrets.zoomSecretToken');
    expect(await pageText(page)).not.toContain(SECRET);
    await form.getByRole('button', { name: 'Reveal zoomSecretToken' }).click();
    expect(await form.getByLabel('Value of zoomSecretToken').inputValue()).toBe(SECRET);
    await secrets.scrollIntoViewIfNeeded();
    await screenshot(page, 'answers-secrets');
    await form.getByRole('button', { name: 'Hide zoomSecretToken' }).click();
    await form.getByRole('button', { name: 'Edit Zoom URL validation' }).click();
    expect(await pageText(page)).not.toContain(SECRET);

    // A secret added by hand, saved with a rule that signs with it.
    const adding = form.getByRole('group', { name: 'Add a secret' });
    await adding.getByLabel('Secret name').fill('echoKey');
    await adding.getByLabel('Secret value').fill('echo-key-value');
    await adding.getByRole('button', { name: 'Add secret' }).click();
    await expect
      .poll(() => secrets.getByRole('listitem').filter({ hasText: 'echoKey' }).textContent())
      .toContain('new, saved with the form');

    // A rule by hand: POST /echo answers the query's msg, upper-cased.
    await form.getByRole('button', { name: 'Add a rule' }).click();
    const editor = form.getByRole('group', { name: 'Edit rule Rule 2' });
    await editor.getByLabel('Rule name').fill('Echo');
    const echo = form.getByRole('group', { name: 'Edit rule Echo' });
    await echo.getByLabel('Methods').fill('POST');
    await echo.getByLabel('Path').fill('/echo');
    await echo.getByLabel('Template').check();
    await echo
      .getByLabel('Body', { exact: true })
      .fill('{{ request.query.msg | upcase }} {{ request.query.msg | hmac_sha256_hex: secrets.echoKey }}');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const echoed = await request(`${inbox.url}/echo?msg=hello`, { method: 'POST', body: '' });
    expect(await echoed.body.text()).toBe(`HELLO ${createHmac('sha256', 'echo-key-value').update('hello').digest('hex')}`);
    const { body: saved } = await core.api('GET', `/api/inboxes/${inbox.id}`);
    expect(saved.secrets).toEqual({ zoomSecretToken: { set: true }, echoKey: { set: true } });

    // The capture says which rule answered it.
    const list = page.getByRole('listbox', { name: 'Requests captured by answers-ui' });
    await expect.poll(() => list.getByRole('option').count()).toBe(2);
    await list.getByRole('option', { name: /rule: Zoom URL validation/ }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Overview' }).textContent()).toContain('Answered by ruleZoom URL validation');

    // A template that does not parse: the API's message at the rule's body.
    const again = await openInboxSettings(page, 'answers-ui');
    await again.getByRole('button', { name: 'Edit Echo' }).click();
    const body = again.getByRole('group', { name: 'Edit rule Echo' }).getByLabel('Body', { exact: true });
    await body.fill('{{ request.query.msg | shout }}');
    await again.getByRole('button', { name: 'Save' }).click();
    const message = again.getByRole('group', { name: 'Edit rule Echo' }).getByRole('alert');
    await expect.poll(() => message.textContent()).toContain('rules.1.response.body: undefined filter: shout');
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'answers-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    // The refused save is the one failed request.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });

  it('shows rules, the template reference and a template error in the dark theme', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', {
      slug: 'answers-dark',
      response: { templated: true, body: '{{ request.body | hmac_sha256_hex }}' },
      secrets: { partnerKey: 'dark-partner-key' },
      rules: [{ name: 'Ping', match: { method: ['GET'], query: [{ name: 'ping', present: true }] }, response: { body: 'pong' } }],
    });
    await (await request(`${inbox.url}?ping=1`)).body.dump();
    const failed = await request(inbox.url, { method: 'POST', body: 'x' });
    expect(failed.statusCode).toBe(500);
    await failed.body.dump();

    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark' });
    await page.getByRole('listbox', { name: 'Inboxes' }).getByRole('option', { name: 'answers-dark' }).click();
    const list = page.getByRole('listbox', { name: 'Requests captured by answers-dark' });
    await expect.poll(() => list.getByRole('option').count()).toBe(2);
    expect(await list.getByRole('option', { name: /rule: Ping/ }).count()).toBe(1);
    await list.getByRole('option', { name: /template error/ }).click();
    await expect.poll(() => page.getByRole('note').first().textContent()).toContain('response.body: hmac_sha256 needs a secret');

    const form = await openInboxSettings(page, 'answers-dark');
    await form.getByRole('group', { name: 'Answer' }).getByText('Template reference').click();
    await form.getByRole('button', { name: 'Edit Ping' }).click();
    await form.getByRole('group', { name: 'Edit rule Ping' }).waitFor();
    expect(await form.getByRole('list', { name: 'Secrets' }).textContent()).toContain('partnerKey');
    expect(await pageText(page)).not.toContain('dark-partner-key');
    await screenshot(page, 'answers-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });
});
