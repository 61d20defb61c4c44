import { describe, expect, it } from 'vitest';
import { dispatcherWith, pendingDeliveries } from '../helpers/dispatcher.js';

describe('an attempt its sender hands back unsent', () => {
  // A sender hands attempts back when they waited too long, were withdrawn, or its thread died.
  it('is queued again, signed afresh, and only the attempt that went out is recorded', async () => {
    const signed: string[] = [];
    let sends = 0;
    let stored!: (states: string[]) => void;
    const storedOnce = new Promise<string[]>((resolve) => (stored = resolve));
    const dispatcher = dispatcherWith({
      save: async (deliveries) => stored(deliveries.map((delivery) => `${delivery.status}:${delivery.attempts.length}`)),
      signed: (id) => void signed.push(id),
      send: async () => {
        sends += 1;
        return sends === 1 ? undefined : { response: { status: 200, headers: [], body: '', truncated: false }, durationMs: 1 };
      },
    });
    const [delivery] = pendingDeliveries(['dlv_1']);
    dispatcher.enqueue([delivery!]);
    // Nothing is stored for the attempt that never went out: the first state stored is the outcome.
    expect(await storedOnce).toEqual(['succeeded:1']);
    await dispatcher.drain();
    expect(sends).toBe(2);
    expect(signed).toEqual(['dlv_1', 'dlv_1']);
    expect(delivery!.attempts).toHaveLength(1);
  });
});
