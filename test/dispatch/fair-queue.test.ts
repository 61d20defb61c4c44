import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../electron/core/dispatcher/fair-queue.js';

/** Takes everything `mayStart` allows, in order. */
function takeAll(queue: FairQueue<string>, mayStart: (origin: string) => boolean = () => true): string[] {
  const taken: string[] = [];
  for (let next = queue.take(mayStart); next; next = queue.take(mayStart)) taken.push(next[0]);
  return taken;
}

describe('a queue where origins take turns', () => {
  it('takes origins in turn, each in the order its items came', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3', 'a4']) queue.push(item, 'a');
    for (const item of ['b1', 'b2']) queue.push(item, 'b');
    queue.push('c1', 'c');
    expect(queue.length).toBe(7);
    expect(takeAll(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.length).toBe(0);
  });

  it('parks an origin that may not start until it is told one of its attempts ended', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3']) queue.push(item, 'a');
    queue.push('b1', 'b');
    const busy = new Set(['a']);
    const mayStart = (origin: string) => !busy.has(origin);
    expect(queue.take(mayStart)).toEqual(['b1', 'b']);
    expect(queue.take(mayStart)).toBeUndefined();
    // Parked: `mayStart` is not asked about it again until it is unparked.
    busy.delete('a');
    expect(queue.take(mayStart)).toBeUndefined();
    queue.unpark('a');
    expect(queue.take(mayStart)).toEqual(['a1', 'a']);
    // Unparking an origin that is not parked changes nothing; items pushed meanwhile keep their turn.
    queue.unpark('a');
    queue.push('b2', 'b');
    expect(takeAll(queue, mayStart)).toEqual(['a2', 'b2', 'a3']);
  });

  it('starts an origin again from scratch once its queue ran dry', () => {
    const queue = new FairQueue<string>();
    queue.push('a1', 'a');
    expect(takeAll(queue)).toEqual(['a1']);
    queue.push('a2', 'a');
    queue.push('b1', 'b');
    expect(takeAll(queue)).toEqual(['a2', 'b1']);
  });
});
