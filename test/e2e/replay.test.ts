/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { request } from 'undici';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

const BODY = `{"it's": "$HOME \`id\`", "text": "é ✓"}`;

async function send(path: string, body: string | Buffer, headers: Record<string, string>): Promise<void> {
  const response = await request(`${core.ingressUrl}${path}`, { method: 'POST', body, headers });
  await response.body.dump();
}

function detail(page: Page) {
  return page.getByRole('region', { name: 'Request detail' });
}

async function openNewestCapture(page: Page, path: string): Promise<void> {
  const row = page.getByRole('listbox', { name: 'Requests captured by Default inbox' }).getByRole('option').first();
  await expect.poll(() => row.textContent()).toContain(path);
  await row.click();
}

describe('Copy as and Replay', () => {
  it('shows a capture as commands and replays it into another inbox', async () => {
    const other = await core.api('POST', '/api/inboxes', { slug: 'replayed' });
    await send('/in/default/orders?id=42', BODY, { 'content-type': 'application/json', 'x-trace': 'a' });
    const { context, page, errors } = await openWorkbench(browser, core);
    await openNewestCapture(page, '/orders');

    await detail(page).getByRole('tab', { name: 'Copy as' }).click();
    const curl = detail(page).getByLabel('cURL command');
    await expect.poll(() => curl.textContent()).toContain(`--data-binary '{"it'\\''s": "$HOME \`id\`", "text": "é ✓"}'`);
    const command = (await curl.textContent())!;
    expect(command).toContain(`curl -X POST '${core.ingressUrl}/in/default/orders?id=42'`);
    expect(command).toContain(`-H 'x-trace: a'`);
    expect(command).toMatch(/^# host and content-length: set by curl itself/);
    await detail(page).getByRole('button', { name: 'HTTPie' }).click();
    await expect.poll(() => detail(page).getByLabel('HTTPie command').textContent()).toContain('http --ignore-stdin');
    await detail(page).getByRole('button', { name: 'fetch (JS)' }).click();
    await expect.poll(() => detail(page).getByLabel('fetch (JS) command').textContent()).toContain('await fetch(');
    await screenshot(page, 'copy-as-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    await detail(page).getByRole('tab', { name: 'Replay…' }).click();
    const target = detail(page).getByLabel('Send to');
    expect(await target.inputValue()).toBe(`${core.ingressUrl}/in/default`);
    await target.fill(other.body.url);
    await detail(page).getByRole('button', { name: 'Replay', exact: true }).click();
    const result = detail(page).getByRole('region', { name: 'Replay result' });
    await expect.poll(() => result.textContent()).toContain('Answered 200 OK');
    await expect.poll(() => result.textContent()).toContain(`${other.body.url}/orders?id=42`);
    // The replayed request arrived in the other inbox, body unchanged.
    const arrived = await core.api('GET', `/api/inboxes/${other.body.id}/requests/wait?count=1&after=0&timeoutMs=30000`);
    expect(arrived.body.items[0]).toMatchObject({ method: 'POST', path: '/in/replayed/orders', body: BODY });
    await screenshot(page, 'replay-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers a binary body as a file, and says why a replay target is refused (dark)', async () => {
    await send('/in/default/upload', Buffer.from([0, 1, 2, 255]), { 'content-type': 'application/octet-stream' });
    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark' });
    await openNewestCapture(page, '/upload');
    await detail(page).getByRole('tab', { name: 'Copy as' }).click();
    await expect.poll(() => detail(page).getByLabel('cURL command').textContent()).toMatch(/--data-binary @capture-\w+\.bin/);
    const link = detail(page).getByRole('link', { name: /^capture-\w+\.bin$/ });
    expect(await link.getAttribute('href')).toMatch(/^\/api\/requests\/\w+\/body$/);
    await screenshot(page, 'copy-as-dark');

    await detail(page).getByRole('tab', { name: 'Replay…' }).click();
    await detail(page).getByLabel('Send to').fill('http://169.254.169.254/latest');
    await detail(page).getByRole('button', { name: 'Replay', exact: true }).click();
    await expect.poll(() => detail(page).getByRole('alert').textContent()).toContain('metadata');
    expect(await detail(page).getByLabel('Send to').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'replay-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    // The browser logs the refused replay's 400 itself; nothing else went wrong.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });

  it('shows a delivery attempt as a cURL command', async () => {
    const inbox = await core.api('POST', '/api/inboxes', { slug: 'attempts' });
    const hook = await core.api('POST', '/api/hooks', { name: 'curl-me', url: inbox.body.url, events: ['ping'] });
    const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.body.id] });
    const deliveryId = fired.body.deliveries[0].id;
    await expect.poll(async () => (await core.api('GET', `/api/deliveries/${deliveryId}`)).body.status).toBe('succeeded');

    const { context, page, errors } = await openWorkbench(browser, core, { view: 'deliveries' });
    await page
      .getByRole('listbox', { name: 'Deliveries, newest first' })
      .getByRole('option', { name: /curl-me/ })
      .click();
    const delivery = page.getByRole('region', { name: 'Delivery detail' });
    await delivery.getByRole('button', { name: 'Copy as cURL' }).click();
    const command = delivery.getByLabel('Attempt 1 as a cURL command');
    await expect.poll(() => command.textContent()).toContain(`-H 'webhook-id: ${deliveryId}'`);
    expect(await command.textContent()).toContain(`curl -X POST ${inbox.body.url}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
