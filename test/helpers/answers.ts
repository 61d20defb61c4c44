import { expect } from 'vitest';
import { request } from 'undici';
import type { TestCore } from './core.js';

/** A request sent to an inbox; all parts optional. */
export interface Sent {
  method?: string;
  /** After /in/<slug>, with any query string. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Making inboxes with answers and sending them requests, on the core `core()` returns. */
export function inboxAnswers(core: () => TestCore) {
  return {
    async inboxWith(slug: string, settings: Record<string, unknown>) {
      const { status, body } = await core().api('POST', '/api/inboxes', { slug, ...settings });
      expect(status, JSON.stringify(body)).toBe(201);
      return body;
    },

    /** Sends one request to the inbox; returns what it answered and what it recorded. */
    async send(slug: string, { method = 'POST', path = '', headers = {}, body }: Sent = {}) {
      const response = await request(`${core().ingressUrl}/in/${slug}${path}`, { method: method as 'POST', headers, body });
      const text = await response.body.text();
      const { body: capture } = await core().api('GET', `/api/requests/${response.headers['x-hookbench-capture-id'] as string}`);
      return { status: response.statusCode, headers: response.headers, text, capture };
    },
  };
}

export const json = (value: unknown): Sent => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
export const hit = (body: string) => ({ response: { status: 201, body } });
