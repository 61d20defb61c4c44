/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { defaultInboxId, type TestCore } from '../helpers/core.js';
import { openWorkbench, screenshot, seriousA11yViolations, startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

describe('the Signature tab', () => {
  it('verifies a Hookbench delivery with its hook’s secret, and names a typed wrong secret', async () => {
    const inboxId = await defaultInboxId(core.api);
    const { body: hook } = await core.api('POST', '/api/hooks', { url: `${core.ingressUrl}/in/default`, name: 'Signed' });
    await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const waited = await core.api('GET', `/api/inboxes/${inboxId}/requests/wait?count=1&timeoutMs=30000&after=0`);
    expect(waited.body.items).toHaveLength(1);

    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, errors } = await openWorkbench(browser, core, { colorScheme });
      const list = page.getByRole('listbox', { name: 'Requests captured by Default inbox' });
      await list.getByRole('option').first().click();
      await page.getByRole('tab', { name: 'Signature' }).click();
      await expect.poll(() => page.getByLabel('Scheme').inputValue()).toBe('standard-webhooks');

      await page.getByLabel('Secret from').selectOption({ label: `Hook: Signed (${hook.provider})` });
      await page.getByRole('button', { name: 'Verify' }).click();
      const verdict = page.getByRole('status', { name: 'Verification result' });
      await expect.poll(() => verdict.textContent()).toContain('Valid signature');
      expect(await verdict.textContent()).toContain('hook "Signed" (current secret)');
      await screenshot(page, `signatures-${colorScheme}`);
      expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

      await page.getByLabel('Secret from').selectOption({ label: 'A secret I type' });
      await page.getByLabel('Secret', { exact: true }).fill('whsec_bm90IHRoZSByaWdodCBzZWNyZXQgYXQgYWxs');
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => verdict.textContent()).toContain('Invalid: wrong secret');
      expect(await verdict.textContent()).toContain('the typed secret');
      if (colorScheme === 'light') await screenshot(page, 'signatures-wrong-secret');
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
