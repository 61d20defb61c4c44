/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

async function newInbox(slug: string, status = 200): Promise<{ id: string; url: string }> {
  const { body } = await core.api('POST', '/api/inboxes', { slug, response: { status } });
  return body;
}

/** Confirms every window.confirm the page asks (delete, rotate), like a user clicking OK. */
function acceptDialogs(page: Page): void {
  page.on('dialog', (dialog) => void dialog.accept());
}

describe('the Hooks view', () => {
  it('creates a Codewars hook whose ping reaches an inbox with the Codewars headers', async () => {
    const inbox = await newInbox('codewars-receiver');
    const { context, page, errors } = await openWorkbench(browser, core, { view: 'hooks' });
    await page.getByText('No hook yet').waitFor();
    await page.getByRole('button', { name: 'New hook' }).click();
    const editor = page.getByRole('form', { name: 'Hook editor' });
    await editor.getByLabel('Provider').selectOption({ label: 'Codewars' });

    // The server's objection appears beside the URL field.
    const url = editor.getByLabel('URL');
    await url.fill('not a url');
    await editor.getByRole('button', { name: 'Create hook' }).click();
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => editor.locator('#hook-url-error').textContent()).toContain('is not a valid URL');

    await url.fill(inbox.url);
    await editor.getByLabel('Name', { exact: true }).fill('Codewars kata feed');
    await editor.getByRole('button', { name: 'Create hook' }).click();
    await editor.getByRole('heading', { name: 'Edit Codewars kata feed' }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBeNull();

    // Saving a Codewars hook sends it the webhook.updated ping; the table shows how it went.
    const row = page.getByRole('table', { name: 'Hooks' }).getByRole('row', { name: /Codewars kata feed/ });
    await expect.poll(() => row.textContent()).toContain('Enabled');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Delivered · HTTP 200');

    // The capture, as the receiver got it (checked through the API and in the Inboxes view).
    const { body: captures } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    const { body: capture } = await core.api('GET', `/api/requests/${captures.items[0].id}`);
    const headers = new Map((capture.headers as [string, string][]).map(([name, value]) => [name.toLowerCase(), value]));
    expect(headers.get('user-agent')).toBe('Codewars Hookbot');
    expect(headers.get('x-webhook-event')).toBe('webhook');

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Inboxes' }).click();
    await page
      .getByRole('listbox', { name: 'Inboxes' })
      .getByRole('option', { name: /codewars-receiver/ })
      .click();
    await page.getByRole('listbox', { name: 'Requests captured by codewars-receiver' }).getByRole('option').first().click();
    await page.getByRole('tab', { name: 'Headers' }).click();
    const received = page.getByRole('table', { name: 'Request headers, as received' });
    await expect.poll(() => received.textContent()).toContain('Codewars Hookbot');
    expect(await received.textContent()).toMatch(/x-webhook-event\s*webhook/i);

    // Back to the hooks: the table with the editor open, for reviewers.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Hooks' }).click();
    await page.getByRole('button', { name: 'Edit Codewars kata feed' }).click();
    await page.getByRole('form', { name: 'Hook editor' }).waitFor();
    await screenshot(page, 'hooks-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    // The one error is the browser logging the 400 the invalid URL was meant to get.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await context.close();
  });

  it('rotates a secret, shows provider fields and their errors, auto-disabled hooks, and deletes', async () => {
    const receiver = await newInbox('signed-receiver');
    const broken = await newInbox('broken-receiver', 500);
    const { body: signed } = await core.api('POST', '/api/hooks', { url: receiver.url, name: 'Signed generic' });
    const { body: failing } = await core.api('POST', '/api/hooks', {
      url: broken.url,
      name: 'Flaky receiver',
      retry: { preset: 'none' },
      autoDisableAfter: 1,
    });
    const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [failing.id] });
    expect(fired.status).toBe(202);

    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark', view: 'hooks' });
    acceptDialogs(page);
    const table = page.getByRole('table', { name: 'Hooks' });
    const flaky = table.getByRole('row', { name: /Flaky receiver/ });
    await expect.poll(() => flaky.textContent(), { timeout: 15_000 }).toContain('Auto-disabled: 1 failed attempts in a row');
    await expect.poll(() => flaky.textContent()).toContain('Failed · HTTP 500');

    // Rotate: the field shows the new secret, and the old one keeps signing for a while.
    await table.getByRole('button', { name: 'Edit Signed generic' }).click();
    const editor = page.getByRole('form', { name: 'Hook editor' });
    const secret = editor.getByLabel('Secret', { exact: true });
    expect(await secret.getAttribute('type')).toBe('password');
    await editor.getByRole('button', { name: 'Reveal' }).click();
    expect(await secret.getAttribute('type')).toBe('text');
    expect(await secret.inputValue()).toBe(signed.secret);
    await editor.getByRole('button', { name: 'Rotate' }).click();
    await expect.poll(() => secret.inputValue()).not.toBe(signed.secret);
    const { body: rotated } = await core.api('GET', `/api/hooks/${signed.id}`);
    expect(await secret.inputValue()).toBe(rotated.secret);
    expect(rotated.previousSecrets.map((old: { secret: string }) => old.secret)).toEqual([signed.secret]);
    await editor.getByText('The previous secret signs').waitFor();

    // A Khan hook needs its game: the server's complaint lands on that field.
    await page.getByRole('button', { name: 'New hook' }).click();
    await editor.getByRole('heading', { name: 'New hook' }).waitFor();
    await editor.getByLabel('Provider').selectOption({ label: 'Khan' });
    await editor.getByLabel('URL').fill(receiver.url);
    const game = editor.getByLabel(/^Game/);
    expect(await game.getAttribute('aria-required')).toBe('true');
    await editor.getByRole('button', { name: 'Create hook' }).click();
    await expect.poll(() => game.getAttribute('aria-invalid')).toBe('true');
    await editor.locator('#hook-option-gameID-error').waitFor();
    await game.fill('my-game');
    await editor.getByRole('checkbox', { name: /All events/ }).uncheck();
    await editor.getByRole('checkbox', { name: /ClanCreated/ }).check();
    await editor.getByRole('button', { name: 'Create hook' }).click();
    await editor.getByRole('heading', { name: /^Edit / }).waitFor();
    const { body: hooks } = await core.api('GET', '/api/hooks');
    const khan = hooks.items.find((hook: { provider: string }) => hook.provider === 'khan');
    expect(khan.providerOptions).toEqual({ gameID: 'my-game' });
    expect(khan.events).toEqual(['ClanCreated']);

    // The table with its statuses at the top, the editor below it.
    await page.locator('.view.hooks').evaluate((view) => (view.scrollTop = 0));
    await screenshot(page, 'hooks-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    // Delete, after confirming.
    const rows = await table.getByRole('row').count();
    await editor.getByRole('button', { name: 'Delete hook' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(rows - 1);
    expect(await editor.count()).toBe(0);
    expect((await core.api('GET', `/api/hooks/${khan.id}`)).status).toBe(404);
    // The one error is the browser logging the 400 the missing game was meant to get.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await context.close();
  });
});
