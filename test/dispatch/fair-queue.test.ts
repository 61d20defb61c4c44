import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../electron/core/dispatcher/fair-queue.js';

/** Takes (and starts) everything the queue lets out, in order. */
function takeAll(queue: FairQueue<string>): string[] {
  const taken: string[] = [];
  for (let next = queue.take(); next; next = queue.take()) {
    queue.started(next[1]);
    taken.push(next[0]);
  }
  return taken;
}

describe('a queue where origins take turns', () => {
  it('takes origins in turn, each in the order its items came', () => {
    const queue = new FairQueue<string>(() => 10);
    for (const item of ['a1', 'a2', 'a3', 'a4']) queue.push(item, 'a');
    for (const item of ['b1', 'b2']) queue.push(item, 'b');
    queue.push('c1', 'c');
    expect(takeAll(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.take()).toBeUndefined();
  });

  it('lets no origin have more than its limit under way, and takes its turn again when one ends', () => {
    let limit = 2;
    const queue = new FairQueue<string>(() => limit);
    for (const item of ['a1', 'a2', 'a3', 'a4']) queue.push(item, 'a');
    queue.push('b1', 'b');
    expect(takeAll(queue)).toEqual(['a1', 'b1', 'a2']);
    queue.ended('a');
    expect(takeAll(queue)).toEqual(['a3']);
    // A lower limit holds until enough have ended.
    limit = 1;
    queue.ended('a');
    expect(queue.take()).toBeUndefined();
    queue.ended('a');
    expect(takeAll(queue)).toEqual(['a4']);
    // Items pushed while others are under way keep their turn.
    queue.push('b2', 'b');
    expect(takeAll(queue)).toEqual([]);
    queue.ended('b');
    expect(takeAll(queue)).toEqual(['b2']);
  });

  it('starts an origin again from scratch once its queue ran dry', () => {
    const queue = new FairQueue<string>(() => 10);
    queue.push('a1', 'a');
    expect(takeAll(queue)).toEqual(['a1']);
    queue.push('a2', 'a');
    queue.push('b1', 'b');
    expect(takeAll(queue)).toEqual(['a2', 'b1']);
  });
});
