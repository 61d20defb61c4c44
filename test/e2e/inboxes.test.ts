/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

async function send(path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await request(`${core.ingressUrl}${path}`, { method: 'POST', body, headers });
  await response.body.dump();
}

describe('the Inboxes view', () => {
  it('shows a request the moment it arrives, and every part of it', async () => {
    const { context, page, errors } = await openWorkbench(browser, core);
    const list = page.getByRole('listbox', { name: 'Requests captured by Default inbox' });
    await page.getByText('Waiting for the first request').waitFor();
    await send('/in/default/orders?id=42&id=43', JSON.stringify({ order: { id: 42, items: ['book'] } }), {
      'content-type': 'application/json',
      'x-trace': 'a',
      // UTF-8 bytes in a header value (HTTP reads them one character per byte), and a Latin-1 one.
      'x-utf8': Buffer.from('café ✓', 'utf8').toString('latin1'),
      'x-latin1': 'caf\u00e9',
    });
    const row = list.getByRole('option').first();
    await expect.poll(() => row.textContent()).toContain('/orders');
    // The list is the inbox's: a row shows the path after /in/default (the whole one on hover).
    expect(await row.locator('.path').getAttribute('title')).toBe('/in/default/orders');
    expect(await row.textContent()).not.toContain('/in/default');
    await row.click();
    await page.getByRole('tab', { name: 'Headers' }).click();
    const headers = page.getByRole('table', { name: 'Request headers, as received' });
    await expect.poll(() => headers.textContent()).toContain('x-trace');
    expect(await headers.getByRole('row', { name: /x-utf8/ }).textContent()).toBe('x-utf8café ✓');
    expect(await headers.getByRole('row', { name: /x-latin1/ }).textContent()).toBe('x-latin1café');
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('table', { name: 'Query parameters' });
    await expect.poll(async () => (await query.textContent())?.match(/id/g)?.length).toBe(2);
    await page.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(() => page.getByLabel('Body as JSON').textContent()).toContain('"items"');
    await screenshot(page, 'inboxes-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps new arrivals from moving the rows the user is reading, and filters on the server', async () => {
    const { context, page } = await openWorkbench(browser, core);
    await page.getByLabel('New inbox').fill('scrolling');
    await page.getByRole('button', { name: 'Create inbox' }).click();
    await page.getByRole('heading', { name: 'scrolling' }).waitFor();
    // Newest first, where the list will have it after a reload too.
    expect(await page.getByRole('listbox', { name: 'Inboxes' }).getByRole('option').first().textContent()).toMatch(/^scrolling/);
    for (let index = 0; index < 60; index += 1) await send(`/in/scrolling/n${index}`, `body ${index}`);
    const list = page.getByRole('listbox', { name: 'Requests captured by scrolling' });
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain('/n59');
    await list.evaluate((element) => (element.scrollTop = 300));
    const anchored = await list.evaluate(
      (element) =>
        document
          .elementFromPoint(element.getBoundingClientRect().left + 100, element.getBoundingClientRect().top + 5)
          ?.closest('[role=option]')?.textContent,
    );
    await send('/in/scrolling/late', 'late');
    await expect.poll(() => page.getByRole('option', { name: /\/late/ }).count()).toBe(1);
    const after = await list.evaluate(
      (element) =>
        document
          .elementFromPoint(element.getBoundingClientRect().left + 100, element.getBoundingClientRect().top + 5)
          ?.closest('[role=option]')?.textContent,
    );
    expect(after).toBe(anchored);

    await page.keyboard.press('/');
    await page.keyboard.type('body 17');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await context.close();
  });

  it('sets a script of answers and shows which step answered each request', async () => {
    const { context, page, errors } = await openWorkbench(browser, core);
    await page.getByLabel('New inbox').fill('scripted-ui');
    await page.getByRole('button', { name: 'Create inbox' }).click();
    await page.getByRole('heading', { name: 'scripted-ui' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Answer with a script').check();
    await page.getByLabel('Script steps').fill('[{"status": 503}, {"status": 201}]');
    await page.getByLabel('After the last step').selectOption('last');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('form', { name: 'Inbox settings' }).waitFor({ state: 'detached' });

    for (let index = 0; index < 3; index += 1) await send('/in/scripted-ui', `try ${index}`);
    const list = page.getByRole('listbox', { name: 'Requests captured by scripted-ui' });
    await expect.poll(() => list.getByRole('option').count()).toBe(3);
    expect(await list.getByRole('option').allTextContents()).toEqual([
      expect.stringContaining('201 (2)'),
      expect.stringContaining('201 (2)'),
      expect.stringContaining('503 (1)'),
    ]);
    await list.getByRole('option').last().click();
    await expect.poll(() => page.getByRole('table', { name: 'Overview' }).textContent()).toContain('503 (step 1)');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows captured HTML and script as text and runs none of it', async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    await send(`/in/default/${encodeURIComponent('<script>window.__pwned=3</script>')}`, hostile, {
      'content-type': 'text/html',
      'x-evil': '<img src=x onerror="window.__pwned=4">',
    });
    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark' });
    const list = page.getByRole('listbox', { name: 'Requests captured by Default inbox' });
    await list.getByRole('option').first().click();
    await page.getByRole('tab', { name: 'Headers' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Request headers, as received' }).textContent()).toContain('onerror');
    await page.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(() => page.getByLabel('Raw body').textContent()).toContain('<script>window.__pwned=2</script>');
    await screenshot(page, 'inboxes-dark');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src=x], script:not([src])').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the inbox list', () => {
  it('moves between inboxes with the arrow keys, Home and End, as a listbox does', async () => {
    for (const slug of ['keys-a', 'keys-b']) expect((await core.api('POST', '/api/inboxes', { slug })).status).toBe(201);
    const { context, page } = await openWorkbench(browser, core);
    const options = page.getByRole('listbox', { name: 'Inboxes' }).getByRole('option');
    const selected = () => page.getByRole('listbox', { name: 'Inboxes' }).getByRole('option', { selected: true }).textContent();
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(3);
    const count = await options.count();
    await options.first().focus();
    await page.keyboard.press('Enter');
    const first = await options.first().textContent();
    await expect.poll(selected).toBe(first);
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(await options.nth(1).textContent());
    await page.keyboard.press('End');
    await expect.poll(selected).toBe(await options.nth(count - 1).textContent());
    await page.keyboard.press('Home');
    await expect.poll(selected).toBe(first);
    // Focus follows, so the next key moves on from there.
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(await options.nth(1).textContent());
    await context.close();
  });
});
