import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Pool, request } from 'undici';
import { apiClient, type ApiClient } from '../helpers/core.js';
import { serve, type ServeRun } from '../helpers/cli.js';
import { startSink, type Sink } from '../helpers/sink.js';

/**
 * The crash harness: the real CLI (`hookbench serve`, from source) on one data folder, under mixed
 * capture and dispatch load, SIGKILLed at a seeded random moment and restarted, round after round.
 * After each restart it checks that every acknowledged capture is there byte for byte, that every
 * delivery POST /api/events acknowledged exists and ends (succeeded, or failed after its
 * attempts) within a bounded wait, and that every store opened without a repair other than a
 * torn last line.
 */

export interface CrashOptions {
  dataDir: string;
  rounds: number;
  seed: number;
  /** The kill comes this long after the load started: uniform in [min, max] ms. */
  killAfterMs?: [number, number];
  /** Concurrent capture senders. */
  senders?: number;
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  killAfterMs: number;
  capturesAcknowledged: number;
  capturesRefused: number;
  eventsFired: number;
  deliveriesAcknowledged: number;
  restartMs: number;
  settleMs: number;
}

export interface CrashReport {
  seed: number;
  rounds: RoundReport[];
  capturesAcknowledged: number;
  deliveriesAcknowledged: number;
  deliveriesSucceeded: number;
  deliveriesFailed: number;
  tornTailRepairs: number;
  /** Large bodies a kill interrupted mid-write (files the restart must remove). */
  unfinishedBodies: number;
  /** Every broken promise, one line each; empty means the run passed. */
  failures: string[];
}

type HookKind = 'ok' | 'flaky' | 'bad';
const HOOK_KINDS: HookKind[] = ['ok', 'ok', 'flaky', 'flaky', 'bad', 'bad'];
/** Short waits so a failing delivery ends within a second of its first attempt. */
const RETRY_SCHEDULE = [100, 200];
/** How long deliveries may stay pending or sending after a restart: the schedule plus slack for a busy machine. */
const SETTLE_LIMIT_MS = 30_000;

/** mulberry32: a small seeded generator, so a failing round can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function runCrashRounds(options: CrashOptions): Promise<CrashReport> {
  const { dataDir, rounds, seed, killAfterMs = [300, 2500], senders = 8, log = () => {} } = options;
  const random = seededRandom(seed);
  const report: CrashReport = {
    seed,
    rounds: [],
    capturesAcknowledged: 0,
    deliveriesAcknowledged: 0,
    deliveriesSucceeded: 0,
    deliveriesFailed: 0,
    tornTailRepairs: 0,
    unfinishedBodies: 0,
    failures: [],
  };
  const captures = new Map<string, string>();
  const hookKinds = new Map<string, HookKind>();
  // The sink refuses a flaky hook's first attempt of each delivery, and every attempt of a bad hook.
  const flakySeen = new Set<string>();
  const sink = await startSink((incoming) => {
    const id = String(incoming.headers['webhook-id']);
    if (incoming.url.startsWith('/bad/')) return { status: 500 };
    if (incoming.url.startsWith('/flaky/') && !flakySeen.has(id)) {
      flakySeen.add(id);
      return { status: 500 };
    }
    return { status: 200 };
  });

  let server = await serve(dataDir);
  try {
    let api = apiClient(server.controlUrl, server.token);
    for (const [index, kind] of HOOK_KINDS.entries()) {
      const { status, body } = await api('POST', '/api/hooks', {
        url: `${sink.url}/${kind}/${index}`,
        events: ['ping'],
        retry: { schedule: RETRY_SCHEDULE },
        autoDisableAfter: 0,
      });
      if (status !== 201) throw new Error(`creating a hook answered ${status}: ${JSON.stringify(body)}`);
      hookKinds.set(body.id, kind);
    }

    for (let round = 1; round <= rounds; round += 1) {
      const delay = Math.round(killAfterMs[0] + random() * (killAfterMs[1] - killAfterMs[0]));
      const load = await loadUntilKilled(server, api, delay, senders, random);
      for (const [id, digest] of load.captures) captures.set(id, digest);

      report.unfinishedBodies += (await unfinishedBodies(dataDir)).length;
      const restartStarted = Date.now();
      server = await serve(dataDir);
      const restartMs = Date.now() - restartStarted;
      api = apiClient(server.controlUrl, server.token);

      const failures: string[] = [];
      failures.push(...(await checkCaptures(server, load.captures)));
      failures.push(...(await checkNotices(api, report)));
      failures.push(...(await unfinishedBodies(dataDir)).map((file) => `a body interrupted by the kill was left behind: ${file}`));
      const settleStarted = Date.now();
      failures.push(...(await checkDeliveries(api, sink, load.deliveries, hookKinds, report)));
      const settleMs = Date.now() - settleStarted;

      const summary: RoundReport = {
        round,
        killAfterMs: delay,
        capturesAcknowledged: load.captures.size,
        capturesRefused: load.refused,
        eventsFired: load.events,
        deliveriesAcknowledged: load.deliveries.length,
        restartMs,
        settleMs,
      };
      report.rounds.push(summary);
      report.capturesAcknowledged += load.captures.size;
      report.deliveriesAcknowledged += load.deliveries.length;
      report.failures.push(...failures.map((failure) => `round ${round} (seed ${seed}, kill after ${delay} ms): ${failure}`));
      log(
        `round ${round}/${rounds}: killed after ${delay} ms; ${load.captures.size} captures and ${load.deliveries.length} deliveries ` +
          `acknowledged; restart ${restartMs} ms, settled in ${settleMs} ms; ${failures.length ? `FAILED: ${failures.slice(0, 3).join('; ')}` : 'ok'}`,
      );
    }
    // Later crashes must not have harmed what earlier rounds stored.
    const all = await checkCaptures(server, captures);
    report.failures.push(...all.map((failure) => `final check: ${failure}`));
    log(`final check: ${captures.size} acknowledged captures, ${all.length ? `${all.length} problems` : 'all present and byte-identical'}`);
  } finally {
    server.child.kill('SIGTERM');
    const code = await server.exited;
    if (code !== 0) report.failures.push(`the last server exited with ${code} on SIGTERM:\n${server.output().slice(-2000)}`);
    await sink.close();
  }
  return report;
}

interface Load {
  captures: Map<string, string>;
  refused: number;
  events: number;
  deliveries: string[];
}

/** Mixed load against a running server, ended by SIGKILL `delayMs` after it began. */
async function loadUntilKilled(server: ServeRun, api: ApiClient, delayMs: number, senders: number, random: () => number): Promise<Load> {
  const load: Load = { captures: new Map(), refused: 0, events: 0, deliveries: [] };
  const pool = new Pool(server.ingressUrl, { connections: senders, headersTimeout: 30_000, bodyTimeout: 30_000 });
  let killed = false;
  // Bodies drawn up front from the seeded generator: sizes vary from a few bytes to past the
  // 64 KiB limit above which a body gets its own file, so both write paths are crashed.
  const sizes = Array.from({ length: 64 }, () => (random() < 0.05 ? 70_000 + Math.floor(random() * 60_000) : Math.floor(random() * 4000)));

  const sender = async (worker: number): Promise<void> => {
    for (let index = 0; index < 100_000 && !killed; index += 1) {
      const body = randomBytes(sizes[(worker * 7 + index) % sizes.length]!);
      try {
        const response = await pool.request({ path: `/in/default/w${worker}/${index}`, method: 'POST', body });
        await response.body.dump();
        const id = response.headers['x-hookbench-capture-id'];
        if (response.statusCode === 200 && typeof id === 'string') load.captures.set(id, sha256(body));
        else load.refused += 1;
      } catch {
        return; // the server is gone
      }
    }
  };

  const firer = async (): Promise<void> => {
    for (let index = 0; index < 100_000 && !killed; index += 1) {
      try {
        const { status, body } = await api('POST', '/api/events', { provider: 'generic', type: 'ping' });
        if (status !== 202) continue;
        load.events += 1;
        for (const delivery of (body as { deliveries: { id: string }[] }).deliveries) load.deliveries.push(delivery.id);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const kill = new Promise<void>((resolve) =>
    setTimeout(() => {
      killed = true;
      server.child.kill('SIGKILL');
      resolve();
    }, delayMs),
  );
  await Promise.all([kill, firer(), ...Array.from({ length: senders }, (_, worker) => sender(worker))]);
  await server.exited;
  await pool.destroy();
  return load;
}

/** Every acknowledged capture, its body byte for byte (read raw), a few at a time. */
async function checkCaptures(server: ServeRun, captures: Map<string, string>): Promise<string[]> {
  const failures: string[] = [];
  const pending = [...captures];
  const worker = async () => {
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [id, digest] = next;
      const response = await request(`${server.controlUrl}/api/requests/${id}/body`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode !== 200) failures.push(`acknowledged capture ${id} is missing (${response.statusCode})`);
      else if (sha256(bytes) !== digest) failures.push(`acknowledged capture ${id} changed (${bytes.length} bytes)`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failures;
}

/** Only a torn last line (a record half-written when the kill came) may have needed a repair. */
async function checkNotices(api: ApiClient, report: CrashReport): Promise<string[]> {
  const { status, body } = await api('GET', '/api/health');
  if (status !== 200) return [`/api/health answered ${status}`];
  const failures: string[] = [];
  for (const notice of body.storage.notices as { file: string; problem: string; action: string }[]) {
    if (/^1 damaged or incomplete record\(s\)$/.test(notice.problem)) report.tornTailRepairs += 1;
    else failures.push(`storage notice: ${notice.file}: ${notice.problem}; ${notice.action}`);
  }
  return failures;
}

/**
 * Waits (bounded) until no delivery is pending or sending, then checks each acknowledged one:
 * it exists, ok and flaky hooks' deliveries succeeded (and the sink saw them), bad hooks'
 * deliveries failed after all their attempts.
 */
async function checkDeliveries(
  api: ApiClient,
  sink: Sink,
  ids: string[],
  kinds: Map<string, HookKind>,
  report: CrashReport,
): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const pending = await api('GET', '/api/deliveries?status=pending&limit=1');
    const sending = await api('GET', '/api/deliveries?status=sending&limit=1');
    if (pending.body.items.length === 0 && sending.body.items.length === 0) break;
    if (Date.now() - started > SETTLE_LIMIT_MS) {
      const stuck = [...pending.body.items, ...sending.body.items][0];
      return [`deliveries still pending or sending ${SETTLE_LIMIT_MS} ms after the restart, e.g. ${JSON.stringify(stuck).slice(0, 400)}`];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const delivered = new Set(
    sink.requests.filter((incoming) => !incoming.url.startsWith('/bad/')).map((incoming) => String(incoming.headers['webhook-id'])),
  );
  const failures: string[] = [];
  const queue = ids.slice();
  const worker = async () => {
    for (let id = queue.pop(); id; id = queue.pop()) {
      const { status, body } = await api('GET', `/api/deliveries/${id}`);
      if (status !== 200) {
        failures.push(`acknowledged delivery ${id} is missing (${status})`);
        continue;
      }
      const kind = kinds.get(body.hookId);
      const expected = kind === 'bad' ? 'failed' : 'succeeded';
      if (body.status !== expected) failures.push(`delivery ${id} (${kind} hook) ended ${body.status}, expected ${expected}`);
      else if (expected === 'failed' && body.attempts.length < RETRY_SCHEDULE.length + 1)
        failures.push(`delivery ${id} failed after ${body.attempts.length} attempt(s), expected ${RETRY_SCHEDULE.length + 1}`);
      else if (expected === 'succeeded' && !delivered.has(body.id)) failures.push(`delivery ${id} succeeded but the sink never saw it`);
      if (body.status === 'succeeded') report.deliveriesSucceeded += 1;
      if (body.status === 'failed') report.deliveriesFailed += 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failures;
}

/** Large bodies still under their temporary name: only a kill mid-write leaves them. */
async function unfinishedBodies(dataDir: string): Promise<string[]> {
  const files = await readdir(dataDir, { recursive: true });
  return files.filter((file) => /(^|[/\\])incoming-[^/\\]*$/.test(file));
}
