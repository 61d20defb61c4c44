import { describe, expect, it } from 'vitest';
import { dispatcherWith, pendingDeliveries } from '../helpers/dispatcher.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let round = 0; round < 200 && !done(); round += 1) await sleep(5);
  expect(done()).toBe(true);
}

describe('an attempt its sender hands back unsent', () => {
  // A sender hands attempts back when they waited too long, were withdrawn, or its thread died.
  it('is queued again, signed afresh, and only the attempt that went out is recorded', async () => {
    const signedAt: number[] = [];
    const saved: string[] = [];
    let sends = 0;
    const dispatcher = dispatcherWith({
      save: async (deliveries) => void saved.push(...deliveries.map((delivery) => `${delivery.status}:${delivery.attempts.length}`)),
      signed: (_id, nowMs) => void signedAt.push(nowMs),
      send: async () => {
        sends += 1;
        if (sends > 1) return { response: { status: 200, headers: [], body: '', truncated: false }, durationMs: 1 };
        await sleep(20);
        return undefined;
      },
    });
    const [delivery] = pendingDeliveries(['dlv_1']);
    dispatcher.enqueue([delivery!]);
    await until(() => delivery!.status === 'succeeded');
    await dispatcher.drain();
    expect(sends).toBe(2);
    expect(signedAt).toHaveLength(2);
    expect(signedAt[1]).toBeGreaterThan(signedAt[0]!);
    expect(delivery!.attempts).toHaveLength(1);
    expect(saved).toEqual(['succeeded:1']);
  });
});
