/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { request } from 'undici';
import type { Delivery } from '../../electron/shared/hooks.js';
import type { HookStats, InboxStats, OverviewStats } from '../../electron/shared/stats.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { launchBrowser } from '../helpers/browser.js';
import { openWorkbench, screenshot, seriousA11yViolations } from '../helpers/ui.js';

let core: TestCore;
let browser: Browser;
let inboxA: string;
let hookId: string;

async function send(slug: string, method: string, count = 1): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const response = await request(`${core.ingressUrl}/in/${slug}`, {
      method: method as 'POST',
      body: method === 'GET' ? undefined : '{}',
    });
    await response.body.dump();
  }
}

async function createInbox(slug: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, ...extra });
  expect(status).toBe(201);
  return body.id;
}

beforeAll(async () => {
  core = await startTestCore();
  browser = await launchBrowser();
  inboxA = await createInbox('charts-a');
  await createInbox('charts-b');
  await send('charts-a', 'POST', 5);
  await send('charts-a', 'GET', 2);
  await send('charts-b', 'PUT', 3);
  // Every other attempt fails; no retries, so each delivery ends with its first attempt.
  await createInbox('charts-target', { script: { steps: [{ status: 200 }, { status: 500 }], then: 'repeat' } });
  const { body: hook } = await core.api('POST', '/api/hooks', {
    url: `${core.ingressUrl}/in/charts-target`,
    name: 'charts hook',
    retry: { preset: 'none' },
  });
  hookId = hook.id;
  for (let index = 0; index < 6; index += 1) {
    const { body: fired } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hookId] });
    const id = fired.deliveries[0].id as string;
    for (let tries = 0; tries < 200; tries += 1) {
      const { body: delivery } = await core.api<Delivery>('GET', `/api/deliveries/${id}`);
      if (delivery.status === 'succeeded' || delivery.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
afterAll(async () => {
  await browser?.close();
  await core?.dispose();
});

/** The rows of a chart's data table: its first column, then each count column by heading. */
async function chartTable(page: Page, caption: string): Promise<{ labels: string[]; columns: Record<string, number[]> }> {
  const table = page.getByRole('table', { name: `${caption}: data` });
  await table.waitFor({ state: 'attached' });
  return table.evaluate((element: HTMLTableElement) => {
    const headings = Array.from(element.tHead!.rows[0]!.cells).map((cell) => cell.textContent ?? '');
    const rows = Array.from(element.tBodies[0]!.rows).map((row) => Array.from(row.cells).map((cell) => cell.textContent ?? ''));
    const columns: Record<string, number[]> = {};
    headings.slice(1).forEach((heading, index) => (columns[heading] = rows.map((row) => Number(row[index + 1]))));
    return { labels: rows.map((row) => row[0]!), columns };
  });
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const get = async <T>(path: string) => (await core.api<T>('GET', path)).body;

describe('charts', () => {
  it("plots an inbox's captures, methods and statuses as the API counts them, and follows new ones live", async () => {
    const { context, page, errors } = await openWorkbench(browser, core);
    await page.getByRole('option', { name: /charts-a/ }).click();
    await page.getByRole('heading', { name: 'charts-a' }).waitFor();
    await page.getByRole('tab', { name: 'Charts' }).click();

    const captures = await chartTable(page, 'Captures per minute, last hour');
    const api = await get<InboxStats>(`/api/inboxes/${inboxA}/stats?range=hour`);
    expect(captures.labels).toHaveLength(60);
    expect(sum(captures.columns['Captures']!)).toBe(api.total);
    expect(api.total).toBe(7);
    const methods = await chartTable(page, 'By method');
    expect(Object.fromEntries(methods.labels.map((label, index) => [label, methods.columns['captures']![index]]))).toEqual(api.methods);
    const statuses = await chartTable(page, 'By status answered');
    expect(Object.fromEntries(statuses.labels.map((label, index) => [label, statuses.columns['captures']![index]]))).toEqual(api.statuses);
    await expect.poll(() => page.getByRole('img', { name: /Captures per minute, last hour: 7 captures/ }).count()).toBe(1);
    await screenshot(page, 'charts-inbox-light');

    // Live: more requests show up in the plotted counts without a reload.
    await send('charts-a', 'DELETE', 3);
    await expect.poll(async () => sum((await chartTable(page, 'Captures per minute, last hour')).columns['Captures']!)).toBe(10);
    await expect
      .poll(async () => {
        const table = await chartTable(page, 'By method');
        return table.columns['captures']![table.labels.indexOf('DELETE')];
      })
      .toBe(3);
    expect((await get<InboxStats>(`/api/inboxes/${inboxA}/stats?range=hour`)).total).toBe(10);

    // The other range: a day by hour, the same captures.
    await page.getByRole('radio', { name: 'Last day, by hour' }).check();
    const day = await chartTable(page, 'Captures per hour, last day');
    expect(day.labels).toHaveLength(24);
    expect(sum(day.columns['Captures']!)).toBe(10);

    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("plots a hook's outcomes, latency and attempts as the API counts them (dark)", async () => {
    const { context, page, errors } = await openWorkbench(browser, core, { colorScheme: 'dark', view: 'hooks' });
    await page.getByRole('button', { name: 'Edit charts hook' }).click();
    const outcomes = await chartTable(page, 'Deliveries per minute, last hour, by outcome');
    const api = await get<HookStats>(`/api/hooks/${hookId}/stats?range=hour`);
    expect(api.total).toBe(6);
    expect(sum(outcomes.columns['Succeeded']!)).toBe(sum(api.outcomes.succeeded));
    expect(sum(outcomes.columns['Failed']!)).toBe(sum(api.outcomes.failed));
    expect(sum(outcomes.columns['Retrying']!)).toBe(0);
    expect([sum(api.outcomes.succeeded), sum(api.outcomes.failed)]).toEqual([3, 3]);
    const latency = await chartTable(page, 'Attempt latency');
    expect(sum(latency.columns['attempts']!)).toBe(api.latency.count);
    const attempts = await chartTable(page, 'Attempts per delivery');
    expect(attempts.labels.map((label, index) => ({ attempts: Number(label), count: attempts.columns['deliveries']![index] }))).toEqual(
      api.attemptsPerDelivery,
    );
    await expect.poll(() => page.getByRole('img', { name: /Attempt latency: 6 attempts .*p50/ }).count()).toBe(1);
    await page.getByRole('img', { name: /Deliveries per minute/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'charts-hook-dark');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows every inbox and hook in the overview (${colorScheme})`, async () => {
      const { context, page, errors } = await openWorkbench(browser, core, { colorScheme, view: 'overview' });
      const api = await get<OverviewStats>('/api/stats?range=hour');
      const all = await chartTable(page, 'Captures per minute, last hour, all inboxes');
      expect(sum(all.columns['Captures']!)).toBe(sum(api.captures));
      const perInbox = await chartTable(page, 'Captures per inbox');
      expect(perInbox.labels.map((label, index) => [label, perInbox.columns['captures']![index]])).toEqual(
        api.inboxes.map((inbox) => [inbox.name, inbox.total]),
      );
      const deliveries = await chartTable(page, 'Deliveries per minute, last hour, all hooks');
      expect(sum(deliveries.columns['Succeeded']!)).toBe(sum(api.deliveries.succeeded));
      expect(sum(deliveries.columns['Failed']!)).toBe(sum(api.deliveries.failed));
      const failed = await chartTable(page, 'Failed deliveries per hook');
      expect(failed.labels.map((label, index) => [label, failed.columns['failed']![index]])).toEqual(
        api.hooks.map((hook) => [hook.name, hook.failed]),
      );
      await screenshot(page, `overview-${colorScheme}`);

      await send('charts-b', 'POST', 2);
      const expected = sum(api.captures) + 2;
      await expect
        .poll(async () => sum((await chartTable(page, 'Captures per minute, last hour, all inboxes')).columns['Captures']!))
        .toBe(expected);
      expect(sum((await get<OverviewStats>('/api/stats?range=hour')).captures)).toBe(expected);
      expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
