import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSender, type Sender } from '../../electron/core/dispatcher/http-client.js';
import { createTargetPolicy } from '../../electron/core/dispatcher/policy.js';
import { BodyTable } from '../../electron/core/dispatcher/send-protocol.js';
import { ThreadedSender } from '../../electron/core/dispatcher/threaded-sender.js';
import { silentLogger } from '../../electron/core/log.js';
import { startTestCore } from '../helpers/core.js';
import { openStream, settled } from '../helpers/stream.js';
import { startSink, type Sink } from '../helpers/sink.js';

const sinks: Sink[] = [];
const senders: Sender[] = [];

afterEach(async () => {
  await Promise.all(senders.splice(0).map((sender) => sender.destroy()));
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

async function sink(answer?: Parameters<typeof startSink>[0]): Promise<Sink> {
  const started = await startSink(answer);
  sinks.push(started);
  return started;
}

const logged: string[] = [];
const log = { ...silentLogger, error: (message: string) => void logged.push(message) };

function threaded(concurrency: number, controlPort = 1, maxQueuedMs?: number): ThreadedSender {
  const settings = { concurrency, connectionsPerOrigin: concurrency, ...(maxQueuedMs ? { maxQueuedMs } : {}) };
  const sender = ThreadedSender.start(
    createTargetPolicy(() => controlPort),
    settings,
    () => controlPort,
    log,
  );
  expect(sender).toBeInstanceOf(ThreadedSender);
  senders.push(sender);
  return sender as ThreadedSender;
}

/** The sending thread itself, to stop it the way a crash would. */
const threadOf = (sender: ThreadedSender) => (sender as unknown as { worker: Worker }).worker;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the sending thread', () => {
  it('sends exactly what it is given and answers as the in-thread sender does', async () => {
    const receiver = await sink(() => ({ status: 201, headers: { 'x-answer': 'yes' }, body: '{"ok":true}' }));
    const outgoing = {
      method: 'PUT',
      url: `${receiver.url}/hooks?x=1`,
      headers: [
        ['content-type', 'application/json'],
        ['x-twice', 'a'],
        ['x-twice', 'b'],
      ] as [string, string][],
      body: '{"snow":"❄"}',
    };
    const viaThread = await threaded(4).send(outgoing, 2000);
    const inThread = new HttpSender(
      createTargetPolicy(() => 1),
      4,
    );
    senders.push(inThread);
    const direct = await inThread.send(outgoing, 2000);

    for (const request of receiver.requests) {
      expect(request).toMatchObject({ method: 'PUT', url: '/hooks?x=1', body: '{"snow":"❄"}' });
      expect(request.headers['x-twice']).toBe('a, b');
    }
    expect(receiver.requests).toHaveLength(2);
    expect(viaThread).toMatchObject({ response: { status: 201, body: '{"ok":true}', truncated: false } });
    expect(viaThread && 'response' in viaThread && viaThread.response.headers).toContainEqual(['x-answer', 'yes']);
    // Alike but for the time taken and the Date header (the two may straddle a second).
    const comparable = (sent: typeof direct) =>
      sent && 'response' in sent ? { ...sent.response, headers: sent.response.headers.filter(([name]) => name !== 'date') } : sent;
    expect(comparable(viaThread)).toEqual(comparable(direct));
    expect(viaThread!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps to the target policy, the control port included, and classifies errors', async () => {
    const receiver = await sink(() => ({ delayMs: Infinity }));
    const sender = threaded(4, receiver.port);
    const results = await Promise.all([
      sender.send({ method: 'POST', url: `http://127.0.0.1:${receiver.port}/x`, headers: [], body: '{}' }, 2000),
      sender.send({ method: 'GET', url: 'http://169.254.169.254/latest', headers: [], body: '' }, 2000),
    ]);
    expect(results.map((result) => result && 'error' in result && result.error.kind)).toEqual(['blocked', 'blocked']);
    expect(receiver.requests).toHaveLength(0);

    const silent = threaded(4);
    const timedOut = await silent.send({ method: 'POST', url: `${receiver.url}/slow`, headers: [], body: '{}' }, 300);
    expect(timedOut).toMatchObject({ error: { kind: 'timeout' } });
    expect(timedOut!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('delivers every body intact while the bodies it remembers come and go', async () => {
    const receiver = await sink((request) => ({ body: sha256(request.body) }));
    const sender = threaded(8);
    // 40 distinct bodies, each sent three times in shuffled order: far more than the table keeps.
    const bodies = Array.from({ length: 40 }, (_, index) => JSON.stringify({ index, fill: 'x'.repeat(index * 37) }));
    const order = bodies.flatMap((body, index) => [index, (index * 7) % 40, (index * 13) % 40]).map((index) => bodies[index]!);
    const large = 'y'.repeat(70 * 1024);
    const results = await Promise.all(
      [...order, large, large].map((body) => sender.send({ method: 'POST', url: `${receiver.url}/b`, headers: [], body }, 5000)),
    );
    results.forEach((result, index) => {
      const body = [...order, large, large][index]!;
      expect(result).toMatchObject({ response: { status: 200, body: sha256(body) } });
    });
  });

  it('keeps at most `concurrency` attempts on the network and starts the next as one ends', async () => {
    let open = 0;
    let most = 0;
    const receiver = await sink(() => {
      open += 1;
      most = Math.max(most, open);
      setTimeout(() => (open -= 1), 40);
      return { delayMs: 40 };
    });
    const sender = threaded(3);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        sender.send({ method: 'POST', url: `${receiver.url}/${index}`, headers: [], body: '{}' }, 5000),
      ),
    );
    expect(results.every((result) => result && 'response' in result)).toBe(true);
    expect(most).toBe(3);
  });

  it('takes back attempts not started yet, and hands back ones that waited too long', async () => {
    const receiver = await sink((_request, index) => ({ delayMs: index === 0 ? 400 : 0 }));
    const sender = threaded(1, 1, 200);
    const post = (path: string) => ({ method: 'POST', url: `${receiver.url}${path}`, headers: [], body: '{}' });
    const first = post('/first');
    const withdrawn = post('/withdrawn');
    const stale = post('/stale');
    const sends = [first, withdrawn, stale].map((outgoing) => sender.send(outgoing, 5000));
    await receiver.received(1);
    sender.withdraw([withdrawn, first]);
    expect(await sends[1]).toBeUndefined();
    // The one on the network goes on; the other waited 400 ms behind it, past the 200 ms allowed.
    expect(await sends[0]).toMatchObject({ response: { status: 200 } });
    expect(await sends[2]).toBeUndefined();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/first']);
  });

  it('on hold starts nothing more and hands back what waits, while what is on the network finishes', async () => {
    const receiver = await sink(() => ({ delayMs: 200 }));
    const sender = threaded(2);
    const sends = ['/a', '/b', '/c', '/d'].map((path) =>
      sender.send({ method: 'POST', url: `${receiver.url}${path}`, headers: [], body: '{}' }, 5000),
    );
    await receiver.received(2);
    sender.hold();
    const results = await Promise.all(sends);
    expect(results.map((result) => (result ? 'response' in result && result.response.status : 'unsent'))).toEqual([
      200,
      200,
      'unsent',
      'unsent',
    ]);
    expect(await sender.send({ method: 'POST', url: `${receiver.url}/e`, headers: [], body: '{}' }, 1000)).toBeUndefined();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/a', '/b']);
  });

  it('hands back, unsent, what a dying thread had not answered, and sends everything after from this thread', async () => {
    const receiver = await sink((_request, index) => ({ delayMs: index < 2 ? Infinity : 0 }));
    const sender = threaded(2);
    // Two on the network (held by the receiver), two waiting on the thread.
    const handed = ['a', 'b', 'c', 'd'].map((path) =>
      sender.send({ method: 'POST', url: `${receiver.url}/${path}`, headers: [], body: '{}' }, 10_000),
    );
    await receiver.received(2);
    await threadOf(sender).terminate();
    // The dispatcher queues them again and signs them afresh; one that was on the network may reach its receiver twice.
    expect(await Promise.all(handed)).toEqual([undefined, undefined, undefined, undefined]);
    expect(sender.depth).toBe(1);
    const after = await sender.send({ method: 'POST', url: `${receiver.url}/after`, headers: [], body: '{}' }, 2000);
    expect(after).toMatchObject({ response: { status: 200 } });
    expect(receiver.requests.map((request) => request.url)).toEqual(['/a', '/b', '/after']);
  });

  it('on destroy aborts what is on the network and hands back, unsent, what was waiting', async () => {
    const receiver = await sink(() => ({ delayMs: Infinity }));
    const sender = threaded(1);
    const onTheNetwork = sender.send({ method: 'POST', url: `${receiver.url}/a`, headers: [], body: '{}' }, 10_000);
    const waiting = sender.send({ method: 'POST', url: `${receiver.url}/b`, headers: [], body: '{}' }, 10_000);
    await receiver.received(1);
    await sender.destroy();
    expect(await onTheNetwork).toMatchObject({ error: {} });
    expect(await waiting).toBeUndefined();
    expect(await sender.send({ method: 'POST', url: `${receiver.url}/c`, headers: [], body: '{}' }, 1000)).toBeUndefined();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/a']);
  });
});

describe('the in-thread sender', () => {
  it('sends nothing more once holding, nor what was taken back or waited too long for a connection', async () => {
    const receiver = await sink(() => ({ delayMs: 300 }));
    const sender = new HttpSender(
      createTargetPolicy(() => 1),
      1,
      1000,
    );
    senders.push(sender);
    const post = (path: string) => ({ method: 'POST', url: `${receiver.url}${path}`, headers: [], body: '{}' });
    const [a, b, c] = [post('/a'), post('/b'), post('/c')];
    const sends = [a, b, c].map((outgoing) => sender.send(outgoing, 5000));
    await receiver.received(1);
    sender.withdraw([b]);
    expect((await Promise.all(sends)).map((sent) => (sent && 'response' in sent ? sent.response.status : sent))).toEqual([
      200,
      undefined,
      200,
    ]);

    const d = sender.send(post('/d'), 5000);
    const e = sender.send(post('/e'), 5000);
    await receiver.received(3);
    sender.hold();
    expect((await Promise.all([d, e])).map((sent) => (sent && 'response' in sent ? sent.response.status : sent))).toEqual([200, undefined]);
    expect(await sender.send(post('/f'), 5000)).toBeUndefined();

    const impatient = new HttpSender(
      createTargetPolicy(() => 1),
      1,
      100,
    );
    senders.push(impatient);
    // The second waits 300 ms for the one connection, past the 100 ms allowed: handed back unsent.
    expect(await Promise.all([impatient.send(post('/g'), 5000), impatient.send(post('/h'), 5000)])).toMatchObject([
      { response: { status: 200 } },
      undefined,
    ]);
    expect(receiver.requests.map((request) => request.url)).toEqual(['/a', '/c', '/d', '/g']);
  });

  it('on destroy fails what is on the connection and hands back, unsent, what waits for one', async () => {
    const receiver = await sink(() => ({ delayMs: Infinity }));
    const sender = new HttpSender(
      createTargetPolicy(() => 1),
      1,
    );
    senders.push(sender);
    const sends = ['/a', '/b', '/c'].map((path) =>
      sender.send({ method: 'POST', url: `${receiver.url}${path}`, headers: [], body: '{}' }, 10_000),
    );
    await receiver.received(1);
    await sender.destroy();
    const [onTheConnection, ...waiting] = await Promise.all(sends);
    expect(onTheConnection).toMatchObject({ error: {} });
    expect(waiting).toEqual([undefined, undefined]);
    expect(receiver.requests.map((request) => request.url)).toEqual(['/a']);
  });
});

describe('the table of recent bodies', () => {
  it('holds the same ids on both sides, whatever the order of bodies', () => {
    const sending = new BodyTable();
    const receiving = new BodyTable();
    const texts = Array.from({ length: 30 }, (_, index) => `body ${index}`);
    for (let round = 0; round < 500; round += 1) {
      const text = texts[(round * 11 + (round >> 3)) % texts.length]!;
      const [body, keepAs] = sending.reference(text);
      expect(receiving.resolve(body, keepAs)).toBe(text);
    }
  });
});

describe('attempts waiting on the sending thread, through the API', () => {
  it('a cancelled delivery and a disabled hook send nothing more, even what was already queued', async () => {
    // Two attempts at once in all, but one to the receiver: the rest wait their turn on the thread.
    const core = await startTestCore({ dispatch: { concurrency: 2, connectionsPerOrigin: 1 } });
    const stream = await openStream(core);
    try {
      // The first request is held, so the next ones wait on the sending thread behind it.
      const receiver = await sink((_request, index) => ({ delayMs: index === 0 ? 500 : 0 }));
      const hook = (await core.api('POST', '/api/hooks', { url: `${receiver.url}/in`, retry: { preset: 'none' } })).body;
      const fire = async () =>
        (await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] })).body.deliveries[0].id;
      const [first, second, third, fourth] = [await fire(), await fire(), await fire(), await fire()];
      await receiver.received(1);
      // The second, third and fourth wait on the thread for the receiver's one connection.
      expect((await core.api('POST', `/api/deliveries/${second}/cancel`)).body.status).toBe('cancelled');
      expect((await core.api('POST', `/api/deliveries/${fourth}/cancel`)).body.status).toBe('cancelled');
      expect((await core.api('PATCH', `/api/hooks/${hook.id}`, { enabled: false })).status).toBe(200);

      expect((await settled(stream, first)).status).toBe('succeeded');
      for (const id of [second, third, fourth]) {
        const delivery = (await core.api('GET', `/api/deliveries/${id}`)).body;
        expect(delivery.status === 'cancelled' ? delivery : await settled(stream, id)).toMatchObject({ status: 'cancelled', attempts: [] });
      }
      expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([first]);
    } finally {
      stream.close();
      await core.dispose();
    }
  });
});
