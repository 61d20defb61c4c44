import { describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/events.js';
import type { HookService } from '../../electron/core/hooks/service.js';
import type { InboxService } from '../../electron/core/inboxes/service.js';
import { silentLogger } from '../../electron/core/log.js';
import { DeliveryTraffic, type DeliveryFacts } from '../../electron/core/stats/hook-traffic.js';
import { StatsService } from '../../electron/core/stats/service.js';
import type { CaptureStore } from '../../electron/core/store/captures.js';
import type { DeliveryStore } from '../../electron/core/store/deliveries.js';
import { notFound } from '../../electron/core/errors.js';
import type { DeliveryStatus } from '../../electron/shared/hooks.js';
import { MINUTE_MS, statsWindow } from '../../electron/shared/stats.js';
import type { StreamEvent } from '../../electron/shared/schemas.js';
import { dispatcherWith, pendingDeliveries } from '../helpers/dispatcher.js';

const DAY_MS = 24 * 60 * MINUTE_MS;
const T0 = Date.UTC(2025, 0, 1, 12);

/** A delivery of hook `h` whose attempts started at these times (1 ms each). */
function delivery(id: string, status: DeliveryStatus, ...startedAt: number[]): DeliveryFacts {
  return { id, hookId: 'h', status, attempts: startedAt.map((at) => ({ startedAt: new Date(at).toISOString(), durationMs: 1 })) };
}

function dayCounts(traffic: DeliveryTraffic, now: number) {
  const { outcomes, latency, attemptsPerDelivery } = traffic.read('h', statsWindow('day', now), now);
  const sum = (series: number[]) => series.reduce((a, b) => a + b, 0);
  return {
    succeeded: sum(outcomes.succeeded),
    failed: sum(outcomes.failed),
    retrying: sum(outcomes.retrying),
    attempts: latency.count,
    attemptsPerDelivery,
  };
}

describe('delivery traffic memory', () => {
  it('remembers where a delivery is counted until the store lets it go, and counts it exactly when it changes a day later', () => {
    const traffic = new DeliveryTraffic();
    traffic.apply(delivery('d1', 'pending', T0), T0);
    traffic.apply(delivery('d1', 'succeeded', T0, T0 + MINUTE_MS), T0 + MINUTE_MS);
    traffic.apply(delivery('d2', 'failed', T0 + 2 * MINUTE_MS), T0 + 2 * MINUTE_MS);
    expect(traffic.remembered).toBe(2);
    expect(dayCounts(traffic, T0 + 2 * MINUTE_MS)).toMatchObject({ succeeded: 1, failed: 1, retrying: 0, attempts: 3 });

    // A day later, the minute d1 was counted in is reused: its counts go with it.
    const later = T0 + DAY_MS + MINUTE_MS;
    traffic.apply(delivery('d3', 'succeeded', later), later);
    expect(dayCounts(traffic, later)).toMatchObject({ succeeded: 1, failed: 0, attempts: 1 });

    // Retried now, d1 is counted once, in the minute of its new attempt; its old attempts are out of the day.
    traffic.apply(delivery('d1', 'failed', T0, T0 + MINUTE_MS, later), later);
    const counts = {
      succeeded: 1,
      failed: 1,
      retrying: 0,
      attempts: 2,
      attemptsPerDelivery: [
        { attempts: 1, count: 1 },
        { attempts: 3, count: 1 },
      ],
    };
    expect(dayCounts(traffic, later)).toMatchObject(counts);
    expect(traffic.remembered).toBe(3);

    // Let go of by the store, they cannot change any more: nothing of them is remembered, and their counts stay.
    for (const id of ['d1', 'd2', 'd3']) traffic.forget(id, 'h');
    expect(traffic.remembered).toBe(0);
    expect(dayCounts(traffic, later)).toMatchObject(counts);
  });

  it('remembers a cancelled delivery, so its attempts are not counted again when it is retried', () => {
    const traffic = new DeliveryTraffic();
    traffic.apply(delivery('d1', 'pending', T0), T0);
    traffic.apply(delivery('d1', 'cancelled', T0), T0);
    expect(dayCounts(traffic, T0)).toMatchObject({ succeeded: 0, retrying: 0, attempts: 1 });
    traffic.apply(delivery('d1', 'succeeded', T0, T0 + 5 * MINUTE_MS), T0 + 5 * MINUTE_MS);
    expect(dayCounts(traffic, T0 + 5 * MINUTE_MS)).toMatchObject({ succeeded: 1, retrying: 0, attempts: 2 });
    expect(traffic.remembered).toBe(1);
  });

  it('forgets everything of a deleted hook', () => {
    const traffic = new DeliveryTraffic();
    traffic.apply(delivery('d1', 'succeeded', T0), T0);
    traffic.forgetHook('h');
    expect(traffic.remembered).toBe(0);
  });
});

describe('delivery statistics while the first count runs', () => {
  it('count the newest state of a delivery saved meanwhile, and forget it afterwards if the store let it go', async () => {
    const hook = { id: 'h' };
    // The scan reads a file that is not there: it ends on a later turn, after the save and the forget.
    const deliveries = {
      newestId: 'dsn_1',
      segmentFiles: ['/nonexistent/hookbench/segment'],
      hookOf: () => 'h',
    } as unknown as DeliveryStore;
    const stats = new StatsService({
      inboxes: {} as InboxService,
      captures: {} as CaptureStore,
      bus: new EventBus(),
      hooks: { get: () => hook, find: () => hook } as unknown as HookService,
      deliveries,
      now: () => T0,
    });
    const answer = stats.hook('h', 'hour');
    stats.deliverySaved(delivery('d1', 'succeeded', T0));
    stats.deliveryForgotten('d1', 'h');
    expect((await answer).total).toBe(1);
    expect(stats.countedDeliveries).toBe(0);
    stats.close();
  });
});

describe('inbox statistics of a deleted inbox', () => {
  it('answer 404 when the inbox is deleted during its first count, and count nothing for it', async () => {
    const bus = new EventBus();
    const inboxIds = new Set(['inb_1']);
    const inboxes = {
      get: (id: string) => {
        if (!inboxIds.has(id)) throw notFound('inbox', id);
        return { id };
      },
    } as unknown as InboxService;
    // The scan reads a file that is not there: it ends on a later turn, after the delete.
    const captures = { newestId: () => 'cap_1', segmentFiles: () => ['/nonexistent/hookbench/segment'] } as unknown as CaptureStore;
    const stats = new StatsService({
      inboxes,
      captures,
      bus,
      hooks: {} as HookService,
      deliveries: {} as DeliveryStore,
      now: () => T0,
    });
    const answer = stats.inbox('inb_1', 'hour');
    inboxIds.delete('inb_1');
    bus.emit({ type: 'inbox.changed', data: { change: 'deleted', inbox: { id: 'inb_1' } } } as unknown as StreamEvent);
    await expect(answer).rejects.toMatchObject({ statusCode: 404 });
    // Nothing counted afterwards: a capture of that id is not counted for anyone.
    stats.captured({ inboxId: 'inb_1', id: 'cap_2', receivedAt: new Date(T0).toISOString(), method: 'POST', responseStatus: 200 } as never);
    await expect(stats.inbox('inb_1', 'hour')).rejects.toMatchObject({ statusCode: 404 });
    stats.close();
  });
});

describe('dispatcher and a failing onSaved', () => {
  it('stores and finishes every delivery, logging the failure once', async () => {
    const errors: string[] = [];
    const saved: string[] = [];
    const dispatcher = dispatcherWith({
      save: async (deliveries) => void saved.push(...deliveries.map((d) => d.status)),
      log: { ...silentLogger, error: (message: string) => void errors.push(message) },
      onSaved: () => {
        throw new RangeError('Map maximum size exceeded');
      },
    });
    const deliveries = pendingDeliveries(['dlv_1', 'dlv_2']);
    dispatcher.enqueue(deliveries);
    await dispatcher.drain();
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['succeeded', 'succeeded']);
    expect(saved).toEqual(['succeeded', 'succeeded']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Map maximum size exceeded');
  });

  it('stores outcomes in batches, and a record that fails to store fails only its own delivery', async () => {
    const stored: string[][] = [];
    const dispatcher = dispatcherWith({
      // Any batch holding dlv_bad fails, as an append that broke part-way would.
      save: async (deliveries) => {
        if (deliveries.some((delivery) => delivery.id === 'dlv_bad')) throw new Error('disk full');
        stored.push(deliveries.map((delivery) => `${delivery.id}:${delivery.status}`));
      },
    });
    const deliveries = pendingDeliveries(['dlv_1', 'dlv_bad', 'dlv_2', 'dlv_3']);
    dispatcher.enqueue(deliveries);
    await dispatcher.drain();
    // The batch failed as a whole; each of its deliveries was then stored alone, and only dlv_bad failed.
    expect(stored.flat()).toEqual(expect.arrayContaining(['dlv_1:succeeded', 'dlv_2:succeeded', 'dlv_3:succeeded']));
    expect(stored.flat().filter((entry) => entry.startsWith('dlv_bad'))).toEqual([]);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['succeeded', 'failed', 'succeeded', 'succeeded']);
  });
});
