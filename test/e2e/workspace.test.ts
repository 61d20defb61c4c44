/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { launchBrowser } from '../helpers/browser.js';
import { openWorkbench, screenshot, seriousA11yViolations } from '../helpers/ui.js';

let browser: Browser;
let core: TestCore;

beforeAll(async () => {
  [browser, core] = await Promise.all([launchBrowser(), startTestCore()]);
  await core.api('POST', '/api/hooks', {
    url: 'http://localhost:9/hook',
    name: 'ui-hook',
    secret: 'whsec_dWlzZWNyZXR1aXNlY3JldHVpc2VjcmV0',
  });
});
afterAll(async () => {
  await browser?.close();
  await core?.dispose();
});

const workspaceFile = (inboxes: unknown[]) => ({
  name: 'hookbench-workspace.json',
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ hookbench: 'workspace', version: 1, inboxes, hooks: [], eventTypes: [] })),
});

describe('the Settings view’s workspace panel', () => {
  it('exports the workspace as a download, with secrets only when asked', async () => {
    const { context, page, errors } = await openWorkbench(browser, core, { view: 'settings' });
    const panel = page.getByRole('region', { name: 'Workspace' });
    const exportFile = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Export workspace' }).click()]);
      expect(download.suggestedFilename()).toBe('hookbench-workspace.json');
      return JSON.parse(await readFile((await download.path())!, 'utf8'));
    };
    const plain = await exportFile();
    expect(plain.hooks[0]).toMatchObject({ name: 'ui-hook' });
    expect(plain.hooks[0].secret).toBeUndefined();
    await panel.getByLabel('Include secrets').check();
    expect((await exportFile()).hooks[0].secret).toBe('whsec_dWlzZWNyZXR1aXNlY3JldHVpc2VjcmV0');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a file, says what changed, and names the first problem of a bad one', async () => {
    const { context, page, errors } = await openWorkbench(browser, core, { view: 'settings' });
    const panel = page.getByRole('region', { name: 'Workspace' });
    await panel.getByLabel('Import workspace').setInputFiles(workspaceFile([{ slug: 'from-ui', response: { status: 204 } }]));
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('inboxes: 1 created');
    const { body } = await core.api('GET', '/api/inboxes');
    expect(body.items.find((inbox: { slug: string }) => inbox.slug === 'from-ui')).toMatchObject({ response: { status: 204 } });

    await panel.getByLabel('Import workspace').setInputFiles(workspaceFile([{ slug: 'not a slug' }]));
    await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/^inboxes\/0\/slug: /);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-workspace');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors.filter((error) => !error.includes('400'))).toEqual([]);
    await context.close();
  });
});
