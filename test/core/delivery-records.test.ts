import { describe, expect, it } from 'vitest';
import {
  createdRecord,
  isDeliveryRecord,
  originOf,
  updatedRecord,
  withState,
  type StoredDelivery,
} from '../../electron/core/store/delivery-records.js';

const request = {
  method: 'POST',
  url: 'http://127.0.0.1:9/hooks',
  headers: [['content-type', 'application/json']] as [string, string][],
  body: '{"type":"ping"}',
};
const signature: [string, string][] = [['webhook-signature', 'v1,abc']];

function delivery(heads: StoredDelivery['attempts'][number]['request'][]): StoredDelivery {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: 'dlv_1',
    eventId: 'evt_1',
    hookId: null,
    provider: 'generic',
    url: request.url,
    status: 'failed',
    attempts: heads.map((head, index) => ({
      n: index + 1,
      startedAt: at,
      durationMs: 1,
      request: head,
      error: { kind: 'refused', message: 'no' },
    })),
    createdAt: at,
    updatedAt: at,
    request,
  };
}

/** Through JSON, as the log stores it. */
const stored = <T>(record: T): T => JSON.parse(JSON.stringify(record)) as T;

describe('delivery records', () => {
  it('read back every attempt head as sent, whether stored as added headers or in full', () => {
    const heads = [
      { method: 'POST', url: request.url, headers: [...request.headers, ...signature] },
      // Not the delivery's request plus headers: kept whole.
      { method: 'POST', url: `${request.url}?other`, headers: signature },
      { method: 'POST', url: request.url, headers: [['content-type', 'text/plain'], ...signature] as [string, string][] },
    ];
    const original = delivery(heads);
    const created = stored(createdRecord('dsn_1', [original]));
    const updated = stored(updatedRecord('dsn_2', 'dsn_1', original));
    expect(isDeliveryRecord(created) && isDeliveryRecord(updated)).toBe(true);
    expect(updated.delivery.attempts[0]!.request).toEqual({ added: signature });
    const origin = originOf(created, 'dlv_1')!;
    expect(origin).toEqual(original);
    expect(withState(origin, updated)).toEqual(original);
  });

  it('store only what an update can change, and read it over the delivery’s origin', () => {
    const created = delivery([]);
    const retried = { ...delivery([{ method: 'POST', url: request.url, headers: [...request.headers, ...signature] }]) };
    const due = { ...retried, status: 'pending' as const, nextAttemptAt: '2026-01-01T00:01:00.000Z' };
    // A copy carried forward by retention is created while it waits for a retry.
    const origin = originOf(
      stored(createdRecord('dsn_1', [{ ...created, status: 'pending', nextAttemptAt: '2026-01-01T00:00:30.000Z' }])),
      'dlv_1',
    )!;
    const waiting = stored(updatedRecord('dsn_2', 'dsn_1', due));
    expect(Object.keys(waiting.delivery).sort()).toEqual(['attempts', 'id', 'nextAttemptAt', 'status', 'updatedAt']);
    expect(withState(origin, waiting)).toEqual(due);
    // A later update without a due time leaves none behind.
    expect(withState(origin, stored(updatedRecord('dsn_3', 'dsn_1', retried)))).toEqual(retried);
  });

  it('still read updated records that hold the whole state, every head in full', () => {
    const original = delivery([{ method: 'POST', url: request.url, headers: [...request.headers, ...signature] }]);
    const { request: _request, ...state } = original;
    const old = stored({ id: 'dsn_2', createdIn: 'dsn_1', delivery: state });
    expect(isDeliveryRecord(old)).toBe(true);
    expect(withState(originOf(stored(createdRecord('dsn_1', [original])), 'dlv_1')!, old)).toEqual(original);
  });
});
