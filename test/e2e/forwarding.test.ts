/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { launchBrowser } from '../helpers/browser.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openWorkbench, screenshot, seriousA11yViolations } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;
let sink: Sink;

beforeAll(async () => {
  core = await startTestCore();
  browser = await launchBrowser();
  sink = await startSink(() => ({ status: 202 }));
});
afterAll(async () => {
  await browser?.close();
  await core?.dispose();
  await sink?.close();
});

describe('forwarding rules in the Inboxes view', () => {
  it('saves a forward URL from the settings and shows each capture’s forward result', async () => {
    const { context, page, errors } = await openWorkbench(browser, core);
    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Inbox settings' });
    await form.getByRole('button', { name: 'Add a forward URL' }).click();
    const url = form.getByLabel('Forward URL 1');
    await url.fill('http://169.254.169.254/latest');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('metadata');
    expect(await url.getAttribute('aria-invalid')).toBe('true');

    await url.fill(`${sink.url}/hooks`);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });

    const response = await request(`${core.ingressUrl}/in/default/orders?id=7`, { method: 'POST', body: '{"id":7}' });
    await response.body.dump();
    await sink.received(1);
    expect(sink.requests[0]).toMatchObject({ url: '/hooks/orders?id=7', body: '{"id":7}' });

    await page.getByRole('listbox', { name: 'Requests captured by Default inbox' }).getByRole('option').first().click();
    const forwards = page.getByRole('region', { name: 'Forwards' });
    await expect.poll(() => forwards.textContent()).toContain('202');
    expect(await forwards.textContent()).toContain(`${sink.url}/hooks/orders?id=7`);
    await screenshot(page, 'forwarding-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    // The refused save is the one failed request the browser reports.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await context.close();

    const dark = await openWorkbench(browser, core, { colorScheme: 'dark' });
    await dark.page.getByRole('listbox', { name: 'Requests captured by Default inbox' }).getByRole('option').first().click();
    await expect.poll(() => dark.page.getByRole('region', { name: 'Forwards' }).textContent()).toContain('202');
    await dark.page.getByRole('button', { name: 'Settings' }).click();
    await screenshot(dark.page, 'forwarding-dark');
    expect(JSON.stringify(await seriousA11yViolations(dark.page))).toBe('[]');
    await dark.context.close();
  });
});
