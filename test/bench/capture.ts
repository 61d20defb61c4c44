/**
 * Capture benchmarks:
 *   1. Capture throughput, acknowledged only once fsynced, vs a bare Fastify route, same 1 KB
 *      JSON POST, autocannon with 50 connections. Target: >= 0.5, p99 < 50 ms. The two run
 *      in alternating pairs; the ratio is taken per pair and the median reported, since this
 *      shared machine's speed drifts by a third between minutes.
 *   2. With 100,000 captures stored: cold start to ready (< 1 s), RSS (< 300 MB), first page
 *      of the capture list (< 50 ms).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { request } from 'undici';
import { apiClient } from '../helpers/core.js';
import { bareServer, hookbench as startHookbench, median, stop } from './processes.js';
import { budget, type Figure } from './summary.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 6);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const STORED = Number(process.env['BENCH_STORED'] ?? 100_000);
const body = JSON.stringify({ event: 'bench', data: 'x'.repeat(1024 - 35) });

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 50,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function throughput(dataDir: string) {
  const bare: Load[] = [];
  const captured: Load[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const baseline = await bareServer();
    await load(`${baseline.url}/in/default`, 2);
    bare.push(await load(`${baseline.url}/in/default`, SECONDS));
    baseline.stop();

    const hookbench = await startHookbench(dataDir);
    const url = `${hookbench.ingressUrl}/in/default`;
    await load(url, 2);
    captured.push(await load(url, SECONDS));
    await stop(hookbench);
  }
  return { bare, captured };
}

async function coldStart(dataDir: string) {
  // Fill the default inbox with STORED captures through the real ingress.
  const filler = await startHookbench(dataDir);
  await autocannon({
    url: `${filler.ingressUrl}/in/default`,
    method: 'POST',
    connections: 50,
    amount: STORED,
    body,
    headers: { 'content-type': 'application/json' },
  });
  await stop(filler);

  const started = performance.now();
  const server = await startHookbench(dataDir);
  const api = apiClient(server.controlUrl, server.token);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await api('GET', '/api/health').catch(() => ({ status: 0 }))).status === 200) break;
  }
  const readyMs = performance.now() - started;
  const { body: inboxes } = await api('GET', '/api/inboxes');
  const inbox = inboxes.items.find((item: { slug: string }) => item.slug === 'default');
  const pageStarted = performance.now();
  const page = await request(`${server.controlUrl}/api/inboxes/${inbox.id}/requests?limit=50`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  await page.body.json();
  const firstPageMs = performance.now() - pageStarted;
  const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  await stop(server);
  return { stored: inbox.requestCount as number, readyMs, firstPageMs, rssMb };
}

export async function benchCapture(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hookbench-bench-'));
  try {
    console.log(`capture throughput (${ROUNDS} rounds x ${SECONDS} s, 50 connections, 1 KB JSON POST)...`);
    const { bare, captured } = await throughput(dataDir);
    const ratios = captured.map((run, round) => run.rps / bare[round]!.rps);
    const failures = captured.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
    const rps = (runs: Load[]) => median(runs.map((run) => run.rps)).toFixed(0);
    const p99 = (runs: Load[]) => median(runs.map((run) => run.p99));
    console.log(`  bare Fastify:           ${rps(bare)} req/s, p99 ${p99(bare)} ms`);
    console.log(`  Hookbench capture:      ${rps(captured)} req/s, p99 ${p99(captured)} ms (${failures} failed)`);
    console.log(`  ratio per pair:         ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}`);
    console.log(`  ratio (median):         ${median(ratios).toFixed(2)} (target >= 0.5)`);

    await rm(dataDir, { recursive: true, force: true });
    console.log(`cold start with ${STORED} captures stored...`);
    const cold = await coldStart(dataDir);
    console.log(`  captures stored:        ${cold.stored}`);
    console.log(`  start to ready:         ${cold.readyMs.toFixed(0)} ms (target < 1000; includes Node's own start)`);
    console.log(`  RSS:                    ${cold.rssMb.toFixed(0)} MB (target < 300)`);
    console.log(`  first page of list:     ${cold.firstPageMs.toFixed(1)} ms (target < 50)`);
    const ratio = median(ratios);
    return [
      {
        measure: 'capture throughput (1 KB JSON POST, 50 connections, stored before the answer)',
        value: `${rps(captured)} req/s, p99 ${p99(captured)} ms (${failures} failed)`,
        baseline: `bare Fastify ${rps(bare)} req/s, p99 ${p99(bare)} ms`,
        ratio,
        ratioOf: 'baseline',
        target: '≥ 0.5, p99 < 50 ms',
        met: ratio >= 0.5 && p99(captured) < 50 && failures === 0,
      },
      budget(`cold start to ready, ${cold.stored} captures stored`, cold.readyMs, 'ms', 1000),
      budget(`RSS after that start`, cold.rssMb, 'MB', 300),
      budget('first page (50) of the capture list', cold.firstPageMs, 'ms', 50),
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
