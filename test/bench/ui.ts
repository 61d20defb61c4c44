/// <reference lib="dom" />
/**
 * Workbench UI benchmarks, in Debian's Chromium against the built `hookbench serve`:
 *   1. With 100,000 captures in an inbox: the list shows its first rows in under 1 s from
 *      opening the page, and a filter answers (the list shows only matches) in under 200 ms.
 *   2. 1,000 requests/s arriving for 5 s: no long task over 100 ms on the page, and each request
 *      visible in the list within 250 ms of being sent.
 *   3. The inbox's traffic statistics: the first answer (a scan of 100,000 captures) in under 1 s,
 *      later ones in under 10 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { launchBrowser } from '../helpers/browser.js';
import { hookbench, median, stop } from './processes.js';
import { benchStats } from './stats.js';
import { budget, type Figure } from './summary.js';

const STORED = Number(process.env['BENCH_STORED'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const body = JSON.stringify({ event: 'bench', data: 'x'.repeat(1024 - 35) });

export async function benchUi(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hookbench-bench-'));
  const server = await hookbench(dataDir);
  const browser = await launchBrowser();
  try {
    console.log(`workbench UI (${STORED} captures in the default inbox, Chromium)...`);
    const inbox = `${server.ingressUrl}/in/default`;
    const pool = new Pool(server.ingressUrl, { connections: 8 });
    // A few needles half-way down: the filter must search through 50,000 captures to find them.
    const fill = (amount: number) =>
      autocannon({ url: inbox, method: 'POST', connections: 50, amount, body, headers: { 'content-type': 'application/json' } });
    await fill(STORED / 2);
    for (let index = 0; index < 3; index += 1) {
      await (await pool.request({ method: 'POST', path: `/in/default/needle-${index}`, body })).body.dump();
    }
    await fill(STORED / 2 - 3);
    // Before any page opens the inbox's charts: the first question scans the whole inbox.
    const stats = await benchStats(server.controlUrl, server.token, STORED);

    const opens: number[] = [];
    const filters: number[] = [];
    const serverTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.controlUrl}/?token=${encodeURIComponent(server.token)}`);
      await page.locator('.capture-row').first().waitFor();
      opens.push(performance.now() - started);

      const filter = page.getByLabel('Filter captured requests');
      await filter.focus();
      const typed = performance.now();
      await filter.fill('needle-1');
      await page.waitForFunction(() => {
        const rows = document.querySelectorAll('.capture-row');
        return rows.length === 1 && rows[0]!.textContent!.includes('needle-1');
      });
      filters.push(performance.now() - typed);
      const searches = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('q=needle'))
          .map((entry) => Math.round(entry.duration)),
      );
      serverTimes.push(...searches);
      await context.close();
    }
    console.log(
      `  list open (first rows):  ${median(opens).toFixed(0)} ms (runs: ${opens.map((ms) => ms.toFixed(0)).join(', ')}; target < 1000)`,
    );
    console.log(
      `  filter answers:          ${median(filters).toFixed(0)} ms (runs: ${filters.map((ms) => ms.toFixed(0)).join(', ')}; target < 200; from the keystroke to only the match shown)`,
    );
    console.log(
      `    of which the search:   ${serverTimes.join(', ')} ms (the server: full segments whose trigram filter lacks the needle are skipped, the rest scanned)`,
    );

    const arrived = await arrivals(browser, server.controlUrl, server.token, pool);
    await pool.close();
    return [
      budget(`workbench: open to first rows, ${STORED} captures`, median(opens), 'ms', 1000),
      budget('workbench: filter to the only match, 50,000 deep', median(filters), 'ms', 200),
      ...stats,
      ...arrived,
    ];
  } finally {
    await browser.close();
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** 1,000 requests/s for 5 s while the page watches: long tasks, and send-to-visible latency. */
async function arrivals(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  controlUrl: string,
  token: string,
  pool: Pool,
): Promise<Figure[]> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${controlUrl}/?token=${encodeURIComponent(token)}`);
  await page.locator('.capture-row').first().waitFor();
  // The page notes when each marked path first shows in the list, and every long task.
  await page.evaluate(() => {
    const state = { seen: {} as Record<string, number>, longTasks: [] as number[] };
    (window as unknown as { bench: typeof state }).bench = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    new MutationObserver(() => {
      document.querySelectorAll('.capture-row .path').forEach((row) => {
        const marker = /arrival-(\d+)/.exec(row.textContent ?? '')?.[1];
        if (marker && !(marker in state.seen)) state.seen[marker] = Date.now();
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const RATE = 1000;
  const SECONDS = 5;
  const sentAt: number[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < RATE * SECONDS; index += 1) {
    const due = started + (index * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt[index] = Date.now();
    inFlight.push(pool.request({ method: 'POST', path: `/in/default/arrival-${index}`, body }).then((response) => response.body.dump()));
  }
  await Promise.all(inFlight);
  const achieved = (RATE * SECONDS) / ((performance.now() - started) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { seen, longTasks } = await page.evaluate(
    () => (window as unknown as { bench: { seen: Record<string, number>; longTasks: number[] } }).bench,
  );
  // Only rows at the top of the list are on screen; the newest ones are what a user watches.
  const latencies = Object.entries(seen).map(([index, at]) => at - sentAt[Number(index)]!);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  console.log(`  arrivals at ${achieved.toFixed(0)} req/s for ${SECONDS} s:`);
  console.log(
    `    longest task:          ${Math.max(0, ...longTasks).toFixed(0)} ms (${longTasks.length} over 50 ms; target: none over 100)`,
  );
  console.log(
    `    send to visible:       p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms, max ${p(1).toFixed(0)} ms over ${latencies.length} rows seen (target < 250)`,
  );
  await context.close();
  const longest = Math.max(0, ...longTasks);
  return [
    budget(`workbench: longest task while ${achieved.toFixed(0)} req/s arrive`, longest, 'ms', 100, `${longTasks.length} over 50 ms`),
    budget(
      'workbench: send to visible, slowest row',
      p(1),
      'ms',
      250,
      `p50 ${p(0.5).toFixed(0)}, p99 ${p(0.99).toFixed(0)} over ${latencies.length} rows`,
    ),
  ];
}
