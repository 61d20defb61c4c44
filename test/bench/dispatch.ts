/**
 * Dispatch benchmarks:
 *   1. Sustained deliveries per second to a local bare Fastify sink, every delivery and
 *      attempt persisted (fsync), vs a raw undici Pool posting the same 1 KB body as fast as
 *      it can with the same concurrency (64). Target: >= 0.5.
 *   2. One event fanned out to 1,000 hooks: all delivered in under 1 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { apiClient, type ApiClient } from '../helpers/core.js';
import { bareServer, cpuMs, hookbench, median, stop } from './processes.js';
import { budget, type Figure } from './summary.js';

const CONCURRENCY = 64;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const payload = { message: 'x'.repeat(1024 - 80) };
const body = JSON.stringify({ type: 'ping', timestamp: new Date().toISOString(), data: payload });

/** Raw undici: `total` POSTs of the body, CONCURRENCY at a time. */
async function rawUndici(sinkUrl: string, total: number): Promise<number> {
  const pool = new Pool(sinkUrl, { connections: CONCURRENCY });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next += 1;
        const response = await pool.request({ path: '/sink/raw', method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await response.body.dump();
        if (response.statusCode !== 200) failed += 1;
      }
    }),
  );
  if (failed > 0) throw new Error(`${failed} raw requests were not answered 200`);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return total / seconds;
}

async function createHooks(api: ApiClient, sinkUrl: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, (_, index) =>
        api('POST', '/api/hooks', { url: `${sinkUrl}/sink/${start + index}`, events: ['ping'], retry: { preset: 'none' } }),
      ),
    );
  }
}

/** Waits (bounded polling) until no delivery is pending, i.e. every outcome is stored. */
async function allSettled(api: ApiClient): Promise<void> {
  for (let round = 0; round < 6000; round += 1) {
    const { body: page } = await api('GET', '/api/deliveries?status=pending&limit=1');
    if (page.items.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('deliveries still pending after a minute');
}

/** Requests the sink has answered so far. */
async function sunk(sinkUrl: string): Promise<number> {
  const response = await request(`${sinkUrl}/count`);
  return ((await response.body.json()) as { sunk: number }).sunk;
}

/**
 * Waits until the sink has seen `count` requests, then until every outcome is stored. Polling
 * the sink, not Hookbench, keeps the measurement from loading what it measures.
 */
async function allDelivered(api: ApiClient, sinkUrl: string, count: number): Promise<void> {
  for (let round = 0; round < 6000 && (await sunk(sinkUrl)) < count; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await allSettled(api);
}

/** Fires events at `hooks` hooks (4 producers at once) until `total` deliveries were made; deliveries per second. */
async function sustained(api: ApiClient, sinkUrl: string, total: number, hooks: number): Promise<number> {
  const started = performance.now();
  const before = await sunk(sinkUrl);
  let fired = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (fired < total) {
        fired += hooks;
        const { status } = await api('POST', '/api/events', { provider: 'generic', type: 'ping', payload });
        if (status !== 202) throw new Error(`fire answered ${status}`);
      }
    }),
  );
  await allDelivered(api, sinkUrl, before + fired);
  const seconds = (performance.now() - started) / 1000;
  const { body: failed } = await api('GET', '/api/deliveries?status=failed&limit=1');
  if (failed.items.length > 0) throw new Error(`a delivery failed: ${JSON.stringify(failed.items[0].attempts.at(-1))}`);
  return fired / seconds;
}

export async function benchDispatch(): Promise<Figure[]> {
  const sink = await bareServer();
  const dataDir = await mkdtemp(join(tmpdir(), 'hookbench-bench-'));
  try {
    // The same concurrency as the raw Pool: 64 attempts, 64 connections to the one sink.
    const server = await hookbench(dataDir, ['--concurrency', String(CONCURRENCY), '--per-origin', String(CONCURRENCY)]);
    const api = apiClient(server.controlUrl, server.token);
    await createHooks(api, sink.url, 100);
    const total = Number(process.env['BENCH_DELIVERIES'] ?? 10_000);
    console.log(`dispatch throughput (${ROUNDS} pairs, ${total} deliveries each, 100 hooks, concurrency ${CONCURRENCY}, 1 KB JSON)...`);
    await sustained(api, sink.url, 2_000, 100);
    await rawUndici(sink.url, 2_000);
    const raw: number[] = [];
    const dispatched: number[] = [];
    // CPU per request, in microseconds: what each side costs, whatever else the machine runs.
    const cost = { client: [] as number[], hookbench: [] as number[], sink: [] as number[], sinkDispatched: [] as number[] };
    const benchCpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = { bench: benchCpuMs(), sink: cpuMs(sink.pid) };
      raw.push(await rawUndici(sink.url, total));
      const between = { bench: benchCpuMs(), sink: cpuMs(sink.pid), hookbench: cpuMs(server.child.pid!) };
      dispatched.push(await sustained(api, sink.url, total, 100));
      cost.client.push(((between.bench - before.bench) * 1000) / total);
      cost.sink.push(((between.sink - before.sink) * 1000) / total);
      cost.hookbench.push(((cpuMs(server.child.pid!) - between.hookbench) * 1000) / total);
      cost.sinkDispatched.push(((cpuMs(sink.pid) - between.sink) * 1000) / total);
    }
    const ratios = dispatched.map((rate, round) => rate / raw[round]!);
    const each = (rates: number[]) => rates.map((rate) => rate.toFixed(0)).join(', ');
    console.log(`  raw undici Pool:        ${median(raw).toFixed(0)} req/s (${each(raw)})`);
    console.log(
      `  Hookbench dispatcher:   ${median(dispatched).toFixed(0)} deliveries/s (${each(dispatched)}), each stored before its attempt and after it`,
    );
    console.log(`  ratio per pair:         ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}`);
    console.log(`  ratio (median):         ${median(ratios).toFixed(2)} (target >= 0.5)`);
    console.log(
      `  CPU per request:        raw undici client ${median(cost.client).toFixed(0)} µs, Hookbench ${median(cost.hookbench).toFixed(0)} µs (store, sign, send, record), sink ${median(cost.sink).toFixed(0)} µs (raw) and ${median(cost.sinkDispatched).toFixed(0)} µs (Hookbench's)`,
    );
    await stop(server);

    const fanOutDir = await mkdtemp(join(tmpdir(), 'hookbench-bench-'));
    const fanOutServer = await hookbench(fanOutDir, ['--concurrency', String(CONCURRENCY), '--per-origin', String(CONCURRENCY)]);
    const fanOutApi = apiClient(fanOutServer.controlUrl, fanOutServer.token);
    await createHooks(fanOutApi, sink.url, 1000);
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = await sunk(sink.url);
      const started = performance.now();
      const { body: fired } = await fanOutApi('POST', '/api/events', { provider: 'generic', type: 'ping', payload });
      if (fired.deliveries.length !== 1000) throw new Error(`fan-out made ${fired.deliveries.length} deliveries`);
      await allDelivered(fanOutApi, sink.url, before + 1000);
      times.push(performance.now() - started);
    }
    console.log(
      `  fan-out to 1,000 hooks: ${median(times).toFixed(0)} ms from POST /api/events to every outcome stored (runs: ${times.map((time) => time.toFixed(0)).join(', ')}; target < 1000)`,
    );
    await stop(fanOutServer);
    await rm(fanOutDir, { recursive: true, force: true });
    const ratio = median(ratios);
    const cpu = { client: median(cost.client), hookbench: median(cost.hookbench) };
    return [
      {
        measure: 'sustained dispatch (1 KB, 100 hooks, concurrency 64, every delivery and outcome stored)',
        value: `${median(dispatched).toFixed(0)} deliveries/s`,
        baseline: `raw undici Pool ${median(raw).toFixed(0)} req/s`,
        ratio,
        ratioOf: 'baseline',
        target: '≥ 0.5',
        met: ratio >= 0.5,
      },
      {
        measure: 'CPU per request (dispatch above)',
        value: `${cpu.hookbench.toFixed(0)} µs`,
        baseline: `raw undici client ${cpu.client.toFixed(0)} µs (sink ${median(cost.sink).toFixed(0)} µs)`,
        ratio: cpu.hookbench / cpu.client,
        ratioOf: 'baseline',
        target: 'reported',
      },
      budget('fan-out: one event to 1,000 hooks, to every outcome stored', median(times), 'ms', 1000),
    ];
  } finally {
    sink.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
