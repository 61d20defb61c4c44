import { describe, expect, it } from 'vitest';
import type { Capture, CaptureSummary, Inbox } from '../../electron/shared/schemas.js';
import { EventBus } from '../../electron/core/events.js';
import { waitForCaptures, type WaitSources } from '../../electron/core/inboxes/wait.js';

/** An inbox cleared while the wait's first read of the store is under way. */
describe('a wait whose inbox is cleared during its first read', () => {
  it('does not answer with the captures that read found: they were cleared', async () => {
    const bus = new EventBus();
    const summary = (id: string) => ({ id, inboxId: 'ibx_1' }) as CaptureSummary;
    let answerRead!: (found: CaptureSummary[]) => void;
    const captures = {
      newestId: () => undefined,
      after: () => new Promise<CaptureSummary[]>((resolve) => (answerRead = resolve)),
    } as unknown as WaitSources['captures'];
    const read = async (id: string) => ({ id }) as Capture;
    const waiting = waitForCaptures(
      { bus, captures, read },
      'ibx_1',
      { count: 1, timeoutMs: 60_000, after: '' },
      new AbortController().signal,
    );

    bus.emit({ type: 'inbox.changed', data: { change: 'cleared', inbox: { id: 'ibx_1' } as Inbox } });
    answerRead([summary('req_old')]);
    await new Promise((resolve) => setImmediate(resolve));
    bus.emit({ type: 'request.captured', data: summary('req_new') });

    expect((await waiting).items.map((item) => item.id)).toEqual(['req_new']);
  });
});
