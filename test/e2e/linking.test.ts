/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

/** Fires a ping at the hook and waits for its delivery to finish; returns the delivery. */
async function delivered(hookId: string, payload?: unknown) {
  const input = { provider: 'generic', type: 'ping', hookIds: [hookId], ...(payload ? { payload, validate: false } : {}) };
  const { status, body } = await core.api('POST', '/api/events', input);
  expect(status, JSON.stringify(body)).toBe(202);
  const id = body.deliveries[0].id;
  await expect.poll(async () => (await core.api('GET', `/api/deliveries/${id}`)).body.status, { timeout: 15_000 }).toBe('succeeded');
  return (await core.api('GET', `/api/deliveries/${id}`)).body;
}

describe('delivery ↔ capture linking, payload checks and diffs in the workbench', () => {
  it('walks from a delivery to its capture and back, checks it, and compares it', async () => {
    const inbox = await core.api('POST', '/api/inboxes', { slug: 'linked-inbox' });
    const hook = await core.api('POST', '/api/hooks', { name: 'linked-receiver', url: inbox.body.url, events: ['ping'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    await delivered(hook.body.id);
    // A broken payload (message must be a string), sent anyway.
    const broken = await delivered(hook.body.id, { message: 7 });
    const captureId = broken.attempts[0].captureId;
    expect(captureId).toMatch(/\S/);

    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, errors } = await openWorkbench(browser, core, { colorScheme, view: `deliveries?id=${broken.id}` });
      const detail = page.getByRole('region', { name: 'Delivery detail' });
      const timeline = detail.getByRole('list', { name: 'Delivery timeline' });
      await expect.poll(() => timeline.textContent()).toContain('Event fired');
      await expect.poll(() => timeline.textContent()).toContain('Received by the inbox');
      expect(await timeline.textContent()).toContain('Answered 200 OK');

      // The attempt links to its capture: the Inboxes view opens with it selected.
      await detail.getByRole('link', { name: `open capture ${captureId}` }).click();
      const request = page.getByRole('region', { name: 'Request detail' });
      const deliveredBy = request.getByLabel('Delivered by');
      await expect.poll(() => deliveredBy.textContent()).toContain('Delivered by linked-receiver');
      expect(await deliveredBy.textContent()).toContain(`delivery ${broken.id}, attempt 1`);
      const check = request.getByRole('region', { name: 'Payload check' });
      await expect.poll(() => check.textContent()).toContain('Looks like Generic ping — 1 problem');
      expect(await check.getByRole('table').textContent()).toContain('/data/message');

      // Compared with the earlier, valid ping: the body differs at /data/message and /data/nonce.
      const select = request.getByLabel('Compare with…');
      const other = await select.locator('option').nth(1).getAttribute('value');
      await select.selectOption(other!);
      const json = request.getByRole('table', { name: 'JSON body differences' });
      await expect.poll(() => json.textContent()).toContain('/data/message');
      await expect.poll(() => request.getByRole('table', { name: 'Header differences' }).textContent()).toContain('webhook-id');
      await screenshot(page, `linking-${colorScheme}`);
      expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

      // And back to the delivery that made it.
      await deliveredBy.getByRole('link').click();
      await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toContain('linked-receiver');
      await expect.poll(() => page.url()).toContain(broken.id);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
