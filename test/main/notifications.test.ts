import { describe, expect, it } from 'vitest';
import { CaptureNotifier, captureNotice, NOTIFY_INTERVAL_MS, type Notice, type NotifierClock } from '../../electron/main/notifications.js';

/** A clock the test moves by hand; due timers fire as it passes them. */
function manualClock() {
  let now = 1_000_000;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: NotifierClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (id) => (timers = timers.filter((timer) => timer.id !== id)),
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((timer) => timer.at <= now);
    timers = timers.filter((timer) => timer.at > now);
    for (const timer of due) timer.callback();
  };
  return { clock, advance, pending: () => timers.length };
}

const post = (path: string) => ({ method: 'POST', path });

describe('capture notifications', () => {
  it('are off by default', () => {
    const shown: Notice[] = [];
    const { clock } = manualClock();
    new CaptureNotifier((notice) => shown.push(notice), clock).captured(post('/in/default'));
    expect(shown).toEqual([]);
  });

  it('show the first capture at once and sum a burst into one notification', () => {
    const shown: Notice[] = [];
    const { clock, advance } = manualClock();
    const notifier = new CaptureNotifier((notice) => shown.push(notice), clock);
    notifier.setEnabled(true);
    notifier.captured(post('/in/default/a'));
    expect(shown).toEqual([{ title: 'Request captured', body: 'POST /in/default/a' }]);
    for (let i = 0; i < 250; i += 1) notifier.captured(post(`/in/default/${i}`));
    expect(shown).toHaveLength(1);
    advance(NOTIFY_INTERVAL_MS);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toEqual({ title: '250 requests captured', body: 'Latest: POST /in/default/249' });
    advance(NOTIFY_INTERVAL_MS * 3);
    notifier.captured(post('/in/default/later'));
    expect(shown.at(-1)).toEqual({ title: 'Request captured', body: 'POST /in/default/later' });
  });

  it('drop what is waiting when turned off', () => {
    const shown: Notice[] = [];
    const { clock, advance, pending } = manualClock();
    const notifier = new CaptureNotifier((notice) => shown.push(notice), clock);
    notifier.setEnabled(true);
    notifier.captured(post('/a'));
    notifier.captured(post('/b'));
    notifier.setEnabled(false);
    expect(pending()).toBe(0);
    advance(NOTIFY_INTERVAL_MS);
    notifier.captured(post('/c'));
    expect(shown).toHaveLength(1);
  });

  it('keep a long request line to one line', () => {
    const { body } = captureNotice(1, { method: 'GET', path: `/in/default/${'x'.repeat(5000)}` });
    expect(body.length).toBeLessThanOrEqual(120);
    expect(body.endsWith('…')).toBe(true);
  });
});
