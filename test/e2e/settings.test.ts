/// <reference lib="dom" />
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { apiClient, startTestCore, type TestCore } from '../helpers/core.js';
import { launchBrowser } from '../helpers/browser.js';
import { openWorkbench, screenshot, seriousA11yViolations } from '../helpers/ui.js';

let browser: Browser;
const dirs: string[] = [];
const cores: TestCore[] = [];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hookbench-settings-'));
  dirs.push(dir);
  return dir;
}

async function core(options: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  const started = await startTestCore({ dataDir: await dataDir(), ...options });
  cores.push(started);
  return started;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const started of cores) await started.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** What an emulated provider API answers to a token. */
async function kazooStatus(emulatorUrl: string, token: string): Promise<number> {
  const response = await request(`${emulatorUrl}/v2/accounts/${'ab12'.repeat(8)}/webhooks`, { headers: { 'x-auth-token': token } });
  await response.body.dump();
  return response.statusCode;
}

describe('the Settings view', () => {
  it('shows where the core listens, its data folder, its limits and storage warnings', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'state.json'), 'garbage'); // a damaged file, moved aside at start
    const started = await core({ dataDir: dir, limits: { bodyLimit: 64 * 1024 } });
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, errors } = await openWorkbench(browser, started, { colorScheme, view: 'settings' });
      await expect.poll(() => page.getByLabel('Control URL', { exact: true }).textContent()).toBe(started.controlUrl);
      expect(await page.getByLabel('Ingress URL', { exact: true }).textContent()).toBe(started.ingressUrl);
      expect(await page.getByLabel('Data folder', { exact: true }).textContent()).toBe(started.dataDir);
      const bodyLimit = page.getByRole('table', { name: 'Start options' }).getByRole('row', { name: /Largest body captured/ });
      expect(await bodyLimit.textContent()).toContain('64 KB');
      expect(await bodyLimit.textContent()).toContain('--body-limit');
      const warnings = page.getByRole('region', { name: /stored file needed attention/ });
      expect(await warnings.textContent()).toContain('state.json');
      expect(await page.getByLabel('Version', { exact: true }).textContent()).toMatch(/^\d+\.\d+\.\d+/);
      await screenshot(page, `settings-${colorScheme}`);
      expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("edits an emulator's accepted tokens, and the emulator refuses other tokens", async () => {
    const started = await core();
    const { context, page } = await openWorkbench(browser, started, { view: 'settings' });
    const kazoo = page.getByRole('article', { name: 'Kazoo' });
    const emulatorUrl = (await kazoo.getByLabel('Kazoo emulator URL').textContent())!;
    expect(emulatorUrl).toBe(`${started.ingressUrl}/p/kazoo`);
    await kazoo.getByText('Any non-empty token is accepted.').waitFor();
    expect(await kazooStatus(emulatorUrl, 'anything')).not.toBe(401);

    await kazoo.getByLabel('New Kazoo token').fill('the-right-token');
    await kazoo.getByLabel('New Kazoo token').press('Enter');
    const tokens = kazoo.getByRole('list', { name: 'Tokens the Kazoo emulator accepts' });
    await expect.poll(() => tokens.textContent()).toContain('the-right-token');
    expect(await kazoo.getByLabel('New Kazoo token').inputValue()).toBe('');
    expect(await kazooStatus(emulatorUrl, 'anything')).toBe(401);
    expect(await kazooStatus(emulatorUrl, 'the-right-token')).toBe(200);

    // A duplicate is told, not sent.
    await kazoo.getByLabel('New Kazoo token').fill('the-right-token');
    await kazoo.getByRole('button', { name: 'Add token' }).click();
    await expect.poll(() => kazoo.getByRole('alert').textContent()).toContain('listed already');

    await kazoo.getByRole('button', { name: 'Remove token the-right-token' }).click();
    await kazoo.getByText('Any non-empty token is accepted.').waitFor();
    expect(await kazooStatus(emulatorUrl, 'anything')).not.toBe(401);
    await context.close();
  });

  it('rotates the access token: the old one is refused, this window stays signed in, another is signed out', async () => {
    const started = await core();
    const other = await openWorkbench(browser, started);
    const { context, page, errors } = await openWorkbench(browser, started, { view: 'settings' });
    await page.getByRole('button', { name: 'Rotate token…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the access token?' });
    expect(await dialog.textContent()).toContain('scripts');
    // Escape cancels: nothing rotated.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await started.api('GET', '/api/health')).status).toBe(200);

    await page.getByRole('button', { name: 'Rotate token…' }).click();
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    const address = page.getByLabel('New sign-in address');
    await expect.poll(() => address.textContent()).toMatch(new RegExp(`^${started.controlUrl}/\\?token=`));
    const token = decodeURIComponent(new URL((await address.textContent())!).searchParams.get('token')!);
    expect(token).not.toBe(started.token);
    expect((await started.api('GET', '/api/health')).status).toBe(401);
    expect((await apiClient(started.controlUrl, token)('GET', '/api/health')).status).toBe(200);

    // This window: still signed in, live, and after a reload too.
    const send = () => request(`${started.ingressUrl}/in/default/after-rotation`, { method: 'POST', body: 'x' }).then((r) => r.body.dump());
    await page.getByRole('link', { name: 'Inboxes' }).click();
    await send();
    await page.getByRole('option', { name: /after-rotation/ }).waitFor();
    await page.reload();
    await page.getByRole('option', { name: /after-rotation/ }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);

    // The other window's session used the old token: it is told, not left silently stale.
    await expect.poll(() => other.page.getByRole('alert').textContent()).toContain('no longer signed in');
    await other.context.close();
    await context.close();
  });

  it('offers desktop notifications only inside the desktop app, through its bridge', async () => {
    const started = await core();
    const browserOnly = await openWorkbench(browser, started, { view: 'settings' });
    await browserOnly.page.getByRole('heading', { name: 'About Hookbench' }).waitFor();
    expect(await browserOnly.page.getByRole('heading', { name: 'Desktop' }).count()).toBe(0);
    await browserOnly.context.close();

    // The same page with a stand-in for the preload's bridge, as the desktop window has it.
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const calls: boolean[] = [];
      let enabled = false;
      Object.assign(window, {
        bridgeCalls: calls,
        hookbench: {
          appVersion: async () => '0.0.0-test',
          notificationsEnabled: async () => enabled,
          setNotifications: async (wanted: boolean) => {
            calls.push(wanted);
            enabled = wanted;
            return enabled;
          },
          revealDataFolder: async () => {},
          openExternal: async () => {},
        },
      });
    });
    const page = await context.newPage();
    await page.goto(`${started.controlUrl}/?token=${encodeURIComponent(started.token)}`);
    await page.goto(`${started.controlUrl}/#/settings`);
    const toggle = page.getByRole('checkbox', { name: /Notify me of each captured request/ });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(() => page.evaluate(() => (window as unknown as { bridgeCalls: boolean[] }).bridgeCalls)).toEqual([true]);
    expect(await page.getByRole('button', { name: 'Show in folder' }).count()).toBeGreaterThan(0);
    await context.close();
  });

  it('refuses to rotate a token that comes from the environment, and says why', async () => {
    const started = await core({ token: 'a-token-given-by-the-environment-42' });
    const { context, page } = await openWorkbench(browser, started, { view: 'settings' });
    await page.getByRole('region', { name: 'Access token' }).getByText('HOOKBENCH_TOKEN').waitFor();
    expect(await page.getByRole('button', { name: 'Rotate token…' }).count()).toBe(0);
    await context.close();
  });
});

describe('the connection banner', () => {
  it('appears when the core stops and goes by itself when it is back on the same ports', async () => {
    const dir = await dataDir();
    const first = await startTestCore({ dataDir: dir });
    const { context, page } = await openWorkbench(browser, first, { view: 'settings' });
    await expect.poll(() => page.getByLabel('Control URL', { exact: true }).textContent()).toBe(first.controlUrl);
    await first.close();
    const banner = page.getByRole('alert').filter({ hasText: 'Reconnecting by itself' });
    await banner.waitFor();

    const second = await core({
      dataDir: dir,
      controlPort: Number(new URL(first.controlUrl).port),
      ingressPort: Number(new URL(first.ingressUrl).port),
    });
    await banner.waitFor({ state: 'detached' });
    // The view was read again: still signed in (same data folder, same token) and live.
    await request(`${second.ingressUrl}/in/default/back-again`, { method: 'POST', body: 'x' }).then((r) => r.body.dump());
    await page.getByRole('link', { name: 'Inboxes' }).click();
    await page.getByRole('option', { name: /back-again/ }).waitFor();
    await context.close();
  });
});
