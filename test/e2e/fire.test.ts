/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

const ACCOUNT = 'a3f1c2d4e5b60718293a4b5c6d7e8f90';

/** Picks a provider, then one of its event types, as a user would. */
async function pick(page: Page, provider: string, type: RegExp): Promise<void> {
  await page.getByLabel('Provider').selectOption({ label: provider });
  await page.getByRole('listbox', { name: 'Event types' }).getByRole('option', { name: type }).click();
}

/** Replaces the payload editor's text. */
async function typePayload(page: Page, text: string): Promise<void> {
  await page.getByLabel('Payload JSON').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

describe('the Fire view', () => {
  it('fires a Kazoo channel_destroy to the subscribed hook and shows its delivery succeed live', async () => {
    const inbox = (await core.api('POST', '/api/inboxes', { slug: 'kazoo-calls' })).body;
    const hook = await core.api('POST', '/api/hooks', {
      name: 'Kazoo calls',
      url: inbox.url,
      provider: 'kazoo',
      format: 'form',
      providerOptions: { accountId: ACCOUNT },
      events: ['channel_destroy'],
    });
    expect(hook.status).toBe(201);

    const { context, page, errors } = await openWorkbench(browser, core, { view: 'fire' });
    await pick(page, 'Kazoo', /\(channel_destroy\)/);
    await page.getByRole('heading', { name: /Channel Destroy|channel_destroy/ }).waitFor();
    await expect.poll(() => page.getByLabel('Payload JSON').textContent()).toContain('hangup_cause');
    await page.getByText('Matches the channel_destroy schema.').waitFor();

    // A fresh sample replaces the text.
    const before = await page.getByLabel('Payload JSON').textContent();
    await page.getByRole('button', { name: 'New sample' }).click();
    await expect.poll(() => page.getByLabel('Payload JSON').textContent()).not.toBe(before);
    await page.getByText('Matches the channel_destroy schema.').waitFor();

    const subscribed = page.getByRole('radio', { name: /Subscribed hooks \(1 enabled Kazoo hook\)/ });
    await expect.poll(() => subscribed.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Fire event' }).click();

    const deliveries = page.getByRole('list', { name: 'Deliveries' });
    await expect.poll(() => deliveries.textContent(), { timeout: 15_000 }).toContain('succeeded');
    expect(await deliveries.textContent()).toContain('HTTP 200');
    expect(await deliveries.textContent()).toContain('Kazoo calls');
    await screenshot(page, 'fire-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    // The capture is form-encoded, in the hook's account: seen through the API…
    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    expect(list.items).toHaveLength(1);
    const { body: capture } = await core.api('GET', `/api/requests/${list.items[0].id}`);
    expect(capture.contentType).toContain('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(capture.body);
    expect(fields.get('hangup_cause')).toBeTruthy();
    expect(fields.get('account_id')).toBe(ACCOUNT);

    // …and in the Inboxes view.
    await page.getByRole('link', { name: 'Inboxes' }).click();
    await page
      .getByRole('listbox', { name: 'Inboxes' })
      .getByRole('option', { name: /kazoo-calls/ })
      .click();
    await page.getByRole('listbox', { name: 'Requests captured by kazoo-calls' }).getByRole('option').first().click();
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.getByRole('button', { name: 'Form' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Form fields' }).textContent()).toContain('hangup_cause');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('marks an invalid payload inline, and sends it anyway on request', async () => {
    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark', view: 'fire' });
    await pick(page, 'Generic', /\(ping\)/);
    await page.getByText('Matches the ping schema.').waitFor();
    // Picking the same type again keeps its check (it once cleared it and never checked again).
    await pick(page, 'Generic', /\(ping\)/);
    await page.getByText('Matches the ping schema.').waitFor({ timeout: 5_000 });

    await typePayload(page, '{"message": ');
    await page.getByText(/Not valid JSON/).waitFor();
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(1);

    await typePayload(page, '{"message": 7}');
    const problems = page.getByRole('list', { name: 'Schema problems' });
    await expect.poll(() => problems.textContent()).toContain('/message');
    expect(await problems.textContent()).toContain('must be string');
    // Inline in the editor too, on the value at fault.
    await expect.poll(() => page.locator('.cm-lintRange-error').first().textContent()).toBe('7');

    await page.getByRole('radio', { name: 'One URL' }).check();
    await expect.poll(() => page.getByLabel('Target URL').inputValue()).toBe(`${core.ingressUrl}/in/default`);
    await page.getByRole('button', { name: 'Fire event' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not match');

    await page.getByLabel(/Send anyway/).check();
    await page.getByRole('button', { name: 'Fire invalid payload' }).click();
    const deliveries = page.getByRole('list', { name: 'Deliveries' });
    await expect.poll(() => deliveries.textContent(), { timeout: 15_000 }).toContain('succeeded');
    const { body: list } = await core.api('GET', `/api/inboxes/${await defaultInbox()}/requests`);
    const { body: sent } = await core.api('GET', `/api/requests/${list.items[0].id}`);
    expect(sent.json).toMatchObject({ data: { message: 7 } });

    // Back to a fresh, valid sample: fired as usual, it replaces the list of deliveries.
    await page.getByLabel(/Send anyway/).uncheck();
    await page.getByRole('button', { name: 'New sample' }).click();
    await page.getByText('Matches the ping schema.').waitFor();
    await page.getByRole('button', { name: 'Fire event' }).click();
    await expect.poll(async () => (await core.api('GET', '/api/events')).body.items.length).toBe(3);
    const { body: events } = await core.api('GET', '/api/events');
    const section = page.getByRole('region', { name: 'Deliveries of the fired event' });
    await expect.poll(() => section.textContent()).toContain(events.items[0].id);
    await expect.poll(() => deliveries.textContent(), { timeout: 15_000 }).toContain('succeeded');
    await screenshot(page, 'fire-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    // The browser logs the refused (400) fire above; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await context.close();
  });
});

async function defaultInbox(): Promise<string> {
  const { body } = await core.api('GET', '/api/inboxes');
  return body.items.find((inbox: { slug: string }) => inbox.slug === 'default').id;
}
