/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { newInbox } from '../helpers/providers.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

describe('scenarios in the Fire view', () => {
  it('runs a Kazoo call from ring to hang-up with one click, one call_id in every event', async () => {
    const inbox = await newInbox(core, 'kazoo-scenario');
    await core.api('POST', '/api/hooks', {
      url: inbox.url,
      provider: 'kazoo',
      name: 'Kazoo call log',
      format: 'json',
      events: ['*'],
      providerOptions: { accountId: 'ab12'.repeat(8) },
    });
    const { context, page, errors } = await openWorkbench(browser, core, { view: 'fire' });
    await page.getByLabel('Provider').selectOption({ label: 'Kazoo' });
    const panel = page.getByRole('region', { name: 'Scenarios' });
    await panel.getByRole('button', { name: 'Run Kazoo: an answered call' }).click();
    const rows = panel.getByRole('list', { name: 'Deliveries' }).getByRole('listitem');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(4);
    await expect
      .poll(async () => (await rows.allTextContents()).every((text) => text.includes('succeeded')), { timeout: 20_000 })
      .toBe(true);

    const captures = await inbox.next(4);
    const events = captures.map((capture) => capture.json as { hook_event: string; call_id: string });
    expect(events.map((event) => event.hook_event)).toEqual(['channel_create', 'channel_answer', 'channel_bridge', 'channel_destroy']);
    expect(new Set(events.map((event) => event.call_id)).size).toBe(1);
    await screenshot(page, 'scenarios-light');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });
});
