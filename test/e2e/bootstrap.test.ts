/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestCore } from '../helpers/core.js';
import { startWorkbench, stopWorkbench } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;

beforeAll(async () => ({ core, browser } = await startWorkbench()));
afterAll(() => stopWorkbench(core, browser));

describe('in a real browser', () => {
  it('opens the printed address, drops the token from the URL and keeps an HttpOnly session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${core.controlUrl}/?token=${encodeURIComponent(core.token)}`);
    expect(page.url()).toBe(`${core.controlUrl}/`);
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'hookbench_session', httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const answer = await page.evaluate(async () => (await fetch('/api/inboxes')).status);
    expect(answer).toBe(200);
    await context.close();
  });

  it('lets no other origin on this machine read or change the control API, even with the session cookie', async () => {
    const { body: trap } = await core.api('POST', '/api/inboxes', {
      slug: 'hostile',
      response: { status: 200, headers: { 'content-type': 'text/html' }, body: hostilePage(core.controlUrl), delayMs: 0 },
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    // Sign in first, so the browser holds the session cookie (same site: only the port differs).
    await page.goto(`${core.controlUrl}/?token=${encodeURIComponent(core.token)}`);
    await page.goto(trap.url);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^done/);
    expect(await page.title()).toBe('done read=blocked write=sent');
    const { body: inboxes } = await core.api('GET', '/api/inboxes');
    expect(inboxes.items.map((inbox: { slug: string }) => inbox.slug)).not.toContain('pwned');
    await context.close();
  });
});

/** A page served from the ingress origin that tries to read and to write the control API. */
function hostilePage(controlUrl: string): string {
  return `<!doctype html><title>loading</title><script>
(async () => {
  let read = 'leaked';
  try { await (await fetch('${controlUrl}/api/inboxes', { credentials: 'include' })).json(); } catch { read = 'blocked'; }
  let write = 'sent';
  try {
    await fetch('${controlUrl}/api/inboxes', { method: 'POST', mode: 'no-cors', credentials: 'include',
      headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ slug: 'pwned' }) });
  } catch { write = 'failed'; }
  document.title = 'done read=' + read + ' write=' + write;
})();
</script>`;
}
