/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

/** An inbox answering `status`, and a hook to it that waits an hour before its one retry. */
async function failingHook(name: string, status: number): Promise<{ inboxId: string; hookId: string }> {
  const inbox = await core.api('POST', '/api/inboxes', { slug: name });
  expect(inbox.status, JSON.stringify(inbox.body)).toBe(201);
  await core.api('PATCH', `/api/inboxes/${inbox.body.id}`, { response: { status } });
  const hook = await core.api('POST', '/api/hooks', { name, url: inbox.body.url, events: ['ping'], retry: { schedule: [3_600_000] } });
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  return { inboxId: inbox.body.id, hookId: hook.body.id };
}

async function fire(hookId: string): Promise<string> {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hookId] });
  expect(status, JSON.stringify(body)).toBe(202);
  return body.deliveries[0].id;
}

/** Waits until the first attempt failed and the retry is scheduled. */
async function waitingForRetry(deliveryId: string): Promise<void> {
  await expect
    .poll(async () => {
      const { body } = await core.api('GET', `/api/deliveries/${deliveryId}`);
      return `${body.status} ${body.attempts.length}`;
    })
    .toBe('pending 1');
}

function detail(page: Page) {
  return page.getByRole('region', { name: 'Delivery detail' });
}

describe('the Deliveries view', () => {
  let first: { inboxId: string; hookId: string; deliveryId: string };

  it('shows a failing hook’s attempts and retries it, with the next attempt live', async () => {
    const hook = await failingHook('flaky-receiver', 500);
    const deliveryId = await fire(hook.hookId);
    first = { ...hook, deliveryId };
    await waitingForRetry(deliveryId);

    const { context, page, errors } = await openWorkbench(browser, core, { view: 'deliveries' });
    const list = page.getByRole('listbox', { name: 'Deliveries, newest first' });
    const row = list.getByRole('option', { name: /flaky-receiver/ });
    await row.click();
    const attempts = detail(page).getByRole('list', { name: 'Attempts' });
    const attempt1 = attempts.getByRole('button', { name: /Attempt 1/ });
    await expect.poll(() => attempt1.textContent()).toContain('500 Internal Server Error');
    const overview = detail(page).getByRole('table', { name: 'Delivery overview' });
    await expect.poll(() => overview.textContent()).toMatch(/Next attemptin (59|60) min/);
    // The exact request and answer of the attempt: headers, signed body, response status.
    await expect
      .poll(() => detail(page).getByRole('table', { name: 'Attempt 1 request headers' }).textContent())
      .toContain('webhook-signature');
    await expect.poll(() => detail(page).getByLabel('Attempt 1 request body').textContent()).toContain('"type":"ping"');

    await core.api('PATCH', `/api/inboxes/${hook.inboxId}`, { response: { status: 200 } });
    await detail(page).getByRole('button', { name: 'Retry now' }).click();
    const attempt2 = attempts.getByRole('button', { name: /Attempt 2/ });
    await expect.poll(() => attempt2.textContent()).toContain('200 OK');
    await expect.poll(() => detail(page).getByRole('heading', { level: 2 }).textContent()).toContain('Succeeded');
    await expect.poll(() => overview.textContent()).toContain('none: this delivery is finished');
    await expect.poll(() => row.textContent()).toContain('Succeeded');
    // The first attempt is still there to open.
    await attempt1.click();
    await expect.poll(() => attempt1.getAttribute('aria-expanded')).toBe('true');

    await screenshot(page, 'deliveries-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a new delivery live at the top, and cancels it while it waits', async () => {
    const { context, page, errors } = await openWorkbench(browser, core, { view: 'deliveries' });
    const list = page.getByRole('listbox', { name: 'Deliveries, newest first' });
    await list.getByRole('option').first().waitFor();
    const hook = await failingHook('down-receiver', 503);
    const deliveryId = await fire(hook.hookId);
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain('down-receiver');
    await waitingForRetry(deliveryId);

    // Keyboard: the newest row is selected with the arrows, Enter goes to its detail.
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => list.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('delivery-detail-title');

    const attempt1 = detail(page).getByRole('button', { name: /Attempt 1/ });
    await expect.poll(() => attempt1.textContent()).toContain('503 Service Unavailable');
    const cancel = detail(page).getByRole('button', { name: 'Cancel' });
    await cancel.click();
    await expect.poll(() => detail(page).getByRole('heading', { level: 2 }).textContent()).toContain('Cancelled');
    expect(await cancel.isDisabled()).toBe(true);
    const { body } = await core.api('GET', `/api/deliveries/${deliveryId}`);
    expect(body.status).toBe('cancelled');

    // The status filter asks the server: only the cancelled delivery is left.
    await page.getByLabel('Status').selectOption('cancelled');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('status=cancelled');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps every pane and its buttons on screen in the narrowest window (800 px)', async () => {
    const hook = await failingHook('narrow-receiver', 503);
    await waitingForRetry(await fire(hook.hookId));
    const { context, page } = await openWorkbench(browser, core, { view: 'deliveries' });
    await page.setViewportSize({ width: 800, height: 600 });
    await page
      .getByRole('listbox', { name: 'Deliveries, newest first' })
      .getByRole('option', { name: /narrow-receiver/ })
      .click();
    for (const name of ['Retry now', 'Cancel']) {
      const box = await detail(page).getByRole('button', { name }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(800);
    }
    await page.goto(`${core.controlUrl}/#/inboxes`);
    // The third pane starts well inside the window (it began past 1,100 px before).
    const requestDetail = await page.getByRole('region', { name: 'Request detail' }).boundingBox();
    expect(requestDetail!.x).toBeLessThan(600);
    expect(requestDetail!.width).toBeGreaterThan(150);
    await screenshot(page, 'inboxes-800');
    await context.close();
  });

  it('opens from a link carrying a hook filter and a delivery, in the dark theme', async () => {
    const { context, page, errors } = await openWorkbench(browser, core, {
      colorScheme: 'dark',
      view: `deliveries?hookId=${first.hookId}&id=${first.deliveryId}`,
    });
    const list = page.getByRole('listbox', { name: 'Deliveries, newest first' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    expect(await page.getByLabel('Hook').inputValue()).toBe(first.hookId);
    await expect.poll(() => list.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
    const attempts = detail(page).getByRole('list', { name: 'Attempts' });
    await expect.poll(() => attempts.getByRole('button', { name: /^Attempt \d+/ }).count()).toBe(2);
    await attempts.getByRole('button', { name: /Attempt 1/ }).click();
    await detail(page).getByRole('table', { name: 'Attempt 1 response headers' }).waitFor();
    await screenshot(page, 'deliveries-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });
});
